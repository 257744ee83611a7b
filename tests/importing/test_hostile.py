"""Hostile and broken files: each is refused with a clear Chinese message, quickly, with bounded
memory, and without any network access."""

from __future__ import annotations

import io
import socket
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from gov_report_desktop.documents.importing import ReportImportError, import_report
from gov_report_desktop.documents.importing.safety import MAX_HTML_BYTES
from gov_report_desktop.domain.editions import SectionKey

SECONDS = 3.0
MEMORY = 64 * 1024 * 1024

MINIMAL_BODY = (
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    "<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the importer tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return


def _refused(path: Path) -> str:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ReportImportError) as caught:
            import_report(path)
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < SECONDS, f"took {elapsed:.1f} s"
    assert peak < MEMORY, f"peak {peak / 1e6:.0f} MB"
    return str(caught.value)


def _docx(path: Path, document_xml: bytes, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
    return path


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "年报.docx"
    path.write_text("这是一个文本文件，不是 Word 文档。", encoding="utf-8")
    assert _refused(path) == "「年报.docx」不是有效的 Word 文档（.docx）：文件格式不对或已损坏。"


def test_binary_junk_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "junk.docx"
    path.write_bytes(bytes(range(256)) * 400)
    assert "不是有效的 Word 文档" in _refused(path)


def test_truncated_docx(tmp_path: Path) -> None:
    whole = _docx(tmp_path / "whole.docx", MINIMAL_BODY.format(text="一、总体情况" * 2000).encode())
    data = whole.read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    message = _refused(path)
    assert "「truncated.docx」" in message
    assert "已损坏" in message


def test_zip_without_a_document_part(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert _refused(path) == "「other.docx」不是 Word 文档（.docx）：缺少正文部分 word/document.xml。"


def test_zip_bomb_by_declared_size(tmp_path: Path) -> None:
    body = b"<w:document>" + b" " * (40 * 1024 * 1024) + b"</w:document>"
    path = _docx(tmp_path / "bomb.docx", body)
    del body
    assert "压缩炸弹" in _refused(path)


def test_highly_compressible_docx_is_imported(tmp_path: Path) -> None:
    """A legitimate report that compresses a thousand times (long repeated cells) is not a zip bomb:
    the inflated size is limited, not the ratio."""
    paragraphs = "".join(
        f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
        for text in ("某局2021年政府信息公开工作年度报告", "一、总体情况", "按规定公开。" * 400_000)
    )
    body = MINIMAL_BODY.replace("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>", paragraphs).encode()
    path = _docx(tmp_path / "compressible.docx", body)
    assert path.stat().st_size * 100 < len(body)
    report = import_report(path).report
    assert report.meta.agency == "某局"
    assert len(report.texts[SectionKey.OVERVIEW]) == 6 * 400_000


def test_zip_that_lies_about_its_size(tmp_path: Path) -> None:
    """A forged header cannot make us read more than the cap: the stream is read with a limit."""
    body = b"<w:document>" + b" " * (40 * 1024 * 1024) + b"</w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", body)
    data = bytearray(buffer.getvalue())
    # Patch the declared uncompressed size (central directory, offset 24) down to 1 KB.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (1024).to_bytes(4, "little")
    path = tmp_path / "liar.docx"
    path.write_bytes(bytes(data))
    message = _refused(path)
    assert "已损坏" in message or "超过" in message


def test_external_entity(tmp_path: Path) -> None:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        '<!ENTITY net SYSTEM "http://example.com/x">]>' + MINIMAL_BODY.format(text="&xxe;&net;")
    ).encode()
    assert "含有 DTD 或实体声明" in _refused(_docx(tmp_path / "xxe.docx", xml))


def test_billion_laughs(tmp_path: Path) -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    xml = f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>{MINIMAL_BODY.format(text="&lol9;")}'
    assert "含有 DTD 或实体声明" in _refused(_docx(tmp_path / "laughs.docx", xml.encode()))


def test_broken_xml_in_a_zip(tmp_path: Path) -> None:
    path = _docx(tmp_path / "broken.docx", b"<w:document><w:body><w:p>")
    assert "正文已损坏" in _refused(path)


def test_html_of_50_mb_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as stream:
        stream.write(b"<html><body>")
        stream.truncate(50 * 1024 * 1024)
    assert path.stat().st_size > MAX_HTML_BYTES
    message = _refused(path)
    assert message == "文件「huge.html」有 50 MB，超过网页导入上限 20 MB，不像是年度报告，已拒绝读取。"


def test_binary_junk_renamed_html(tmp_path: Path) -> None:
    path = tmp_path / "junk.html"
    path.write_bytes(bytes(range(256)) * 100)
    assert _refused(path) == "「junk.html」不是网页文件（含有二进制数据），无法导入。"


def test_html_without_a_report(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text("<html><body><p>欢迎访问</p><img src='http://example.com/a.png'></body></html>", encoding="utf-8")
    assert "没有找到政府信息公开工作年度报告" in _refused(path)


def test_empty_file_and_unknown_kind(tmp_path: Path) -> None:
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    assert _refused(empty) == "文件「empty.docx」是空文件。"
    odt = tmp_path / "年报.odt"
    odt.write_bytes(b"PK\x03\x04")
    assert "只支持 Word 文档（.docx）、网页（.html/.htm）和PDF（.pdf）" in _refused(odt)


def test_html_with_external_references_stays_offline(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(
        '<!DOCTYPE html SYSTEM "http://example.com/x.dtd"><html><head><link rel="stylesheet" href="http://example.com/s.css">'
        "</head><body><p>某局2020年政府信息公开工作年度报告</p><p>一、总体情况</p><p>正文&amp;说明</p>"
        "<iframe src='http://example.com'></iframe></body></html>",
        encoding="utf-8",
    )
    report = import_report(path).report
    assert report.texts[SectionKey.OVERVIEW] == "正文&说明"


def test_deeply_nested_html(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(
        "<html><body>" + "<div>" * 100_000 + "某局2020年政府信息公开工作年度报告" + "</div>" * 100_000, encoding="utf-8"
    )
    assert _refused(path).endswith("无法导入。")  # the parser stops at its depth limit; no crash


def test_implausible_year(tmp_path: Path) -> None:
    path = tmp_path / "old.html"
    path.write_text("<p>某局1905年政府信息公开工作年度报告</p><p>一、总体情况</p><p>正文</p>", encoding="utf-8")
    assert _refused(path) == "「old.html」中识别出的报告年度 1905 年不合理，无法导入。"
