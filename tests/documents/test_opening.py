"""One entry for reading any report file: project files, published reports, refused formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_report_desktop.documents.export_docx import export_report
from gov_report_desktop.documents.importing import SUFFIXES
from gov_report_desktop.documents.opening import (
    FORMATS,
    PROJECT,
    ReportOpenError,
    format_of,
    is_imported,
    open_report,
    published_patterns,
)
from gov_report_desktop.storage.projectfile import ProjectFileError, load_report
from tests.conftest import PUTUO


def test_a_project_file_opens_without_import_issues() -> None:
    opened = open_report(PUTUO)
    assert opened.is_project
    assert opened.kind == PROJECT
    assert opened.issues == []
    assert opened.report == load_report(PUTUO)


def test_a_published_word_file_is_imported(tmp_path: Path) -> None:
    target = tmp_path / "年报.docx"
    export_report(load_report(PUTUO), target)
    opened = open_report(target)
    assert opened.kind == "docx"
    assert not opened.is_project
    assert opened.report.meta.agency == "上海市普陀区民政局"
    assert opened.report.values == load_report(PUTUO).values


@pytest.mark.parametrize("name", ["年报.doc", "年报.DOC", "年报.wps"])
def test_refused_formats_say_why_and_what_to_do(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0 or anything")
    with pytest.raises(ReportOpenError, match=r"暂不支持直接读取 \.\w+ 文件.*另存为 Word 文档") as raised:
        open_report(path)
    assert name in str(raised.value)
    assert isinstance(raised.value, ProjectFileError)  # callers that know only project files still catch it


def test_an_unknown_name_is_read_as_a_project_file_and_explained(tmp_path: Path) -> None:
    path = tmp_path / "年报.txt"
    path.write_text("不是年报", encoding="utf-8")
    with pytest.raises(ReportOpenError, match=r"年报\.txt"):
        open_report(path)


@pytest.mark.parametrize(("name", "content"), [("坏.docx", b"PK\x03\x04 not really a zip"), ("坏.PDF", b"%PDF-1.7")])
def test_a_broken_published_file_gives_a_chinese_reason(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReportOpenError, match=name.replace(".", r"\.")):
        open_report(path)


def test_the_formats_list_is_the_one_the_importer_and_the_dialogs_use() -> None:
    readable = {s for f in FORMATS if f.imported for s in f.suffixes}
    assert set(SUFFIXES) == readable
    assert SUFFIXES[".pdf"] == "pdf"  # read since the PDF reader (documents/importing/pdf_reader.py)
    assert format_of(Path("a.PDF")) is not None
    assert not format_of(Path("a.doc")).readable  # type: ignore[union-attr]
    assert is_imported(Path("a.HTM"))
    assert not is_imported(Path("a.govreport"))
    assert is_imported(Path("a.pdf"))
    assert published_patterns().split() == [f"*{s}" for f in FORMATS if f.imported for s in f.suffixes]
    suffixes = [s for f in FORMATS for s in f.suffixes]
    assert len(suffixes) == len(set(suffixes))
