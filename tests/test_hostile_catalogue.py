"""The hostile-file catalogue: every file a hostile or careless user may hand to `gov-report check`.

Each file is generated here (the repository stays small). An unreadable file gives its exact Chinese
message, exit status 2, within the time budget, and the good file checked with it is still
reported. Files that only look odd (XHTML, a UTF-8 page declared GBK, a DOCTYPE with an internal
subset, a highly compressible Word file) must be read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from gov_report_desktop.cli import main
from gov_report_desktop.documents.importing import import_report
from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.domain.model import Report
from gov_report_desktop.domain.values import Unreadable
from gov_report_desktop.storage.projectfile import dumps_report, save_report
from tests.conftest import ROOT

SECONDS = 10.0  # the budget for any single input (the machine is shared: never tuned to noise)
MEMORY_KB = 500 * 1024
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TITLE = "某局2021年政府信息公开工作年度报告"


def _report_json(**values: object) -> dict[str, object]:
    document: dict[str, object] = json.loads(dumps_report(Report.new(2021, "某局")))
    report = document["report"]
    assert isinstance(report, dict)
    report["values"].update(values)
    return document


def _write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _docx(path: Path, document_xml: bytes | str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
    return path


def _body(inner: str) -> str:
    return f"<w:document {W_NS}><w:body>{inner}</w:body></w:document>"


# -- the files -------------------------------------------------------------------------------------


def duplicate_report_key(folder: Path) -> Path:
    text = json.dumps(_report_json(), ensure_ascii=False)
    return _write(folder / "重复键.govreport", text.replace('"report":', '"report": {}, "report":', 1))


def count_of_5001_digits(folder: Path) -> Path:
    text = json.dumps(_report_json(**{"t3.new.natural": 0}))
    return _write(folder / "长数字.govreport", text.replace('"t3.new.natural": 0', '"t3.new.natural": ' + "9" * 5001))


def name_of_300_bytes(folder: Path) -> Path:
    return folder / ("年" * 100 + ".govreport")  # cannot even exist: the name is over 255 bytes


def span_amplification(folder: Path) -> Path:
    row = "<tr>" + '<td colspan="200" rowspan="200">x</td>' * 500 + "</tr>"
    return _write(folder / "跨行跨列.html", "<table>" + row * 200 + "</table>")


def many_wide_tables(folder: Path) -> Path:
    table = "<table>" + '<tr><td colspan="200">x</td></tr>' * 200 + "</table>"
    return _write(folder / "宽表格.html", table * 20)


def punycode_charset(folder: Path) -> Path:
    """Not UTF-8 (a stray byte), declared as punycode: a codec that took minutes on 2 MB."""
    page = b'<html><head><meta charset="punycode"></head><body>' + b"<p>abc\xff</p>" * 180_000 + b"</body></html>"
    return _write(folder / "punycode.html", page)


def a_million_elements(folder: Path) -> Path:
    return _write(folder / "百万元素.html", "<html><body>" + "<b></b>" * 1_000_000 + "</body></html>")


def utf16_docx_with_dtd(folder: Path) -> Path:
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document [<!ENTITY e "x">]>' + _body("")
    return _docx(folder / "utf16.docx", xml.encode("utf-16"))


def docx_span_amplification(folder: Path) -> Path:
    row = '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="200"/></w:tcPr></w:tc></w:tr>'
    return _docx(folder / "gridspan.docx", _body(("<w:tbl>" + row * 1000 + "</w:tbl>") * 12))


def docx_too_many_elements(folder: Path) -> Path:
    return _docx(folder / "元素.docx", _body("<w:p/>" * 700_000))


def zip_bomb(folder: Path) -> Path:
    return _docx(folder / "炸弹.docx", _body(" " * (40 * 1024 * 1024)))


def broken_xml(folder: Path) -> Path:
    return _docx(folder / "损坏.docx", f"<w:document {W_NS}><w:body><w:p>")


def crc_error(folder: Path) -> Path:
    path = _docx(folder / "校验.docx", _body("<w:p><w:r><w:t>" + "正文" * 2000 + "</w:t></w:r></w:p>"))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
    data[info.header_offset + 14] ^= 0xFF  # the local header's CRC-32
    central = data.rfind(b"PK\x01\x02")  # the last entry written: word/document.xml
    data[central + 16] ^= 0xFF  # and the central directory's, so only the content check fails
    return _write(path, bytes(data))


UNREADABLE: list[tuple[Callable[[Path], Path], str]] = [
    (
        duplicate_report_key,
        "文件“重复键.govreport”中同一位置的“report”出现了不止一次，无法确定以哪一个为准"
        "（文件可能被手工改动过或已损坏），已拒绝读取；文件未作任何改动。",
    ),
    (
        count_of_5001_digits,
        "文件“长数字.govreport”中有位数多得不合理的数字（超过 4300 位），无法读取，文件可能已损坏。",
    ),
    (name_of_300_bytes, f"无法读取文件“{'年' * 100}.govreport”：文件名或路径过长。"),
    (span_amplification, "「跨行跨列.html」中没有找到政府信息公开工作年度报告的章节或统计表格，无法导入。"),
    (many_wide_tables, "网页「宽表格.html」的表格合并单元格多得异常，不像是年度报告，已拒绝读取。"),
    (punycode_charset, "「punycode.html」中没有找到政府信息公开工作年度报告的章节或统计表格，无法导入。"),
    (a_million_elements, "网页「百万元素.html」的标记多得异常（超过 400000 个），不像是年度报告，已拒绝读取。"),
    (
        utf16_docx_with_dtd,
        "Word 文档「utf16.docx」含有 DTD 或实体声明（Word 从不这样写），可能是恶意文件，已拒绝读取。",
    ),
    (docx_span_amplification, "Word 文档「gridspan.docx」的表格合并单元格多得异常，不像是年度报告，已拒绝读取。"),
    (docx_too_many_elements, "Word 文档「元素.docx」的正文元素多得异常，不像是年度报告，已拒绝读取。"),
    (
        zip_bomb,
        "Word 文档「炸弹.docx」的正文解压后有 40 MB，超过上限，可能是恶意文件（压缩炸弹），已拒绝读取。",
    ),
    (broken_xml, "Word 文档「损坏.docx」的正文已损坏，无法解析（第 1 行附近）。"),
    (crc_error, "Word 文档「校验.docx」已损坏或不完整（校验和不符），无法读取。"),
]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.govreport"
    save_report(Report.new(2021, "正常局"), path)
    return path


@pytest.mark.parametrize(("make", "message"), UNREADABLE, ids=[make.__name__ for make, _ in UNREADABLE])
def test_unreadable_file_is_reported_and_the_others_still_checked(
    make: Callable[[Path], Path], message: str, good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = make(good.parent)
    started = time.perf_counter()
    code = main(["check", str(hostile), str(good)])
    elapsed = time.perf_counter() - started
    out, err = capsys.readouterr()
    assert code == 2
    assert err == f"gov-report：{message}\n"
    assert f"  无法读取：{message}\n" in out
    assert f"== {good}：正常局 2021年度" in out  # the other file is still checked
    assert elapsed < SECONDS, f"took {elapsed:.1f} s"


# -- files that only look odd: they must be read -----------------------------------------------------

REPORT_PAGE = f"<p>{TITLE}</p><p>一、总体情况</p><p>按规定公开。</p>"


def xhtml_with_declaration(folder: Path) -> Path:
    page = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
        '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
        f"<head><title>x</title></head><body>{REPORT_PAGE}</body></html>"
    )
    return _write(folder / "libreoffice.xhtml", page)


def utf8_declared_gbk(folder: Path) -> Path:
    return _write(folder / "声明gbk.html", f'<html><head><meta charset="gbk"></head><body>{REPORT_PAGE}</body></html>')


def gbk_declared_gbk(folder: Path) -> Path:
    page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>{REPORT_PAGE}'
    return _write(folder / "gbk.html", page.encode("gbk"))


def doctype_internal_subset(folder: Path) -> Path:
    page = f'<!DOCTYPE html [ <!ENTITY x "y"> ]><html><body>{REPORT_PAGE}</body></html>'
    return _write(folder / "doctype.html", page)


def utf8_declared_punycode(folder: Path) -> Path:
    return _write(folder / "puny.html", f'<meta charset="punycode"><body>{REPORT_PAGE}</body>')


READABLE = [
    xhtml_with_declaration,
    utf8_declared_gbk,
    gbk_declared_gbk,
    doctype_internal_subset,
    utf8_declared_punycode,
]


@pytest.mark.parametrize("make", READABLE, ids=[make.__name__ for make in READABLE])
def test_odd_but_legitimate_page_is_read(make: Callable[[Path], Path], tmp_path: Path) -> None:
    report = import_report(make(tmp_path)).report
    assert report.meta.agency == "某局"  # no "]>" or mojibake in front of it
    assert report.meta.year == 2021
    assert report.texts[SectionKey.OVERVIEW] == "按规定公开。"


# -- project files: plausible ceiling, control characters -------------------------------------------


def test_count_past_the_ceiling_is_an_r4_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "大数.govreport"
    text = json.dumps(_report_json(**{"t3.new.natural": 0}), ensure_ascii=False)
    path.write_text(text.replace('"t3.new.natural": 0', '"t3.new.natural": 1' + "0" * 400), encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert (
        "错误 R4   表三「一、本年新收政府信息公开申请数量」行「自然人」列为 100000000000…（共 401 位），"
        "超出合理范围（最大 999999），请核对。"
    ) in out
    assert "R1" not in out  # the absurd value stops the arithmetic instead of producing absurd sums


def test_control_characters_are_escaped_in_every_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "控制\x1b字符.govreport"
    report = Report.new(2021, "某局\x1b[2J\x07\u202e")
    report.values["t3.new.natural"] = Unreadable(raw="1\x1b]0;标题\x07\x9b")
    save_report(report, path)
    assert main(["check", str(path), str(tmp_path / "无\x1b此.govreport")]) == 2
    out, err = capsys.readouterr()
    for text in (out, err):
        assert not set(text) & {"\x1b", "\x07", "\x9b", "\u202e"}
    assert "某局\\x1b[2J\\x07\\u202e 2021年度" in out
    assert "填写的「1\\x1b]0;标题\\x07\\x9b」不是有效数字" in out
    assert "找不到文件“无\\x1b此.govreport”" in err
    assert main(["check", "--format", "json", str(path)]) == 1
    out = capsys.readouterr().out
    assert not set(out) & {"\x1b", "\x07", "\x9b", "\u202e"}
    assert any("1\x1b]0;标题\x07\x9b" in row["message"] for row in json.loads(out))  # still the text itself


# -- memory: a page just under the element cap, in its own process ----------------------------------


def test_largest_accepted_page_stays_within_memory(tmp_path: Path) -> None:
    page = _write(tmp_path / "大网页.html", "<html><body>" + "<p>x</p>" * 199_000 + "</body></html>")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "gov_report_desktop.cli", "check", str(page)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    assert child.stderr is not None
    assert "没有找到政府信息公开工作年度报告" in child.stderr.read().decode("utf-8")
    child.stderr.close()
    assert os.waitstatus_to_exitcode(status) == 2
    assert usage.ru_maxrss < MEMORY_KB, f"peak {usage.ru_maxrss // 1024} MB"
    assert elapsed < SECONDS, f"took {elapsed:.1f} s"
