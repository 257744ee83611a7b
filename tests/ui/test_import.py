"""打开 of published reports (.docx / .html / .pdf) through the real window: a new unsaved project, the import
issues shown without blocking, hostile files refused with a message, 新建下一年度报告 from an imported file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from gov_report_desktop.documents.export_docx import export_report
from gov_report_desktop.domain.editions import EDITIONS
from gov_report_desktop.storage.projectfile import load_report
from gov_report_desktop.ui.app import open_first_window
from gov_report_desktop.ui.import_issues import TITLE as ISSUES_TITLE
from gov_report_desktop.ui.main_window import MainWindow
from tests.conftest import PUTUO
from tests.importing.builders import Variants, build_docx, build_html, load_source
from tests.importing.pdf_making import SOFFICE, convert
from tests.importing.test_pdf_hostile import scanned_pdf
from tests.support.shared_reports import REAL_DIR, report_from_shared_json

HUAIAN_JSON = REAL_DIR / "huaian-city-2024.json"
needs_shared = pytest.mark.skipif(not HUAIAN_JSON.exists(), reason="../shared is not beside the checkout")


def wait_for_import(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.importing, timeout=30_000)


@pytest.fixture
def putuo_docx(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    target = source / "普陀区民政局2020年报.docx"
    export_report(load_report(PUTUO), target)
    return target


def test_open_docx_becomes_a_new_unsaved_project(qtbot, window: MainWindow, putuo_docx: Path, dialogs) -> None:
    before = sorted(os.listdir(putuo_docx.parent))
    assert window.open_path(putuo_docx, ask_to_save=False)
    assert window.importing
    assert window.busy.isVisibleTo(window)
    wait_for_import(qtbot, window)
    expected = load_report(PUTUO)
    document = window.document
    assert document.report.values == expected.values
    assert document.report.meta.agency == expected.meta.agency
    assert document.path is None
    assert document.is_modified
    assert window.windowTitle().startswith(f"未命名（导入自 {putuo_docx.name}）*")
    assert not window.busy.isVisibleTo(window)
    assert sorted(os.listdir(putuo_docx.parent)) == before  # nothing written beside the source
    # 保存 asks where to put the project file; the source stays untouched.
    target = putuo_docx.parent.parent / "导入.govreport"
    dialogs.file_answers.append(str(target))
    assert window.save()
    assert document.path == target
    assert load_report(target).values == expected.values
    assert sorted(os.listdir(putuo_docx.parent)) == before


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) makes the PDF")
def test_open_pdf_becomes_a_new_unsaved_project(qtbot, window: MainWindow, putuo_docx: Path) -> None:
    convert([putuo_docx], putuo_docx.parent, "serif")
    pdf = putuo_docx.with_suffix(".pdf")
    assert window.open_path(pdf, ask_to_save=False)
    wait_for_import(qtbot, window)
    expected = load_report(PUTUO)
    assert window.document.report.values == expected.values
    assert window.document.report.texts == expected.texts
    assert window.document.path is None
    assert window.windowTitle().startswith(f"未命名（导入自 {pdf.name}）*")


@needs_shared
def test_open_html_from_a_real_report_shows_the_import_issues(qtbot, window: MainWindow, tmp_path: Path) -> None:
    source = load_source(HUAIAN_JSON)
    page = build_html(source, tmp_path / "淮安市2024年报.html", Variants(blank_cells={"t3.new.research": "—"}))
    assert window.open_path(page, ask_to_save=False)
    wait_for_import(qtbot, window)
    published = report_from_shared_json(HUAIAN_JSON)
    report = window.document.report
    assert report.meta.year == 2024
    assert report.meta.edition == "2021"
    assert report.get("t3.new.research") is None  # printed as "—": left unfilled, never invented as 0
    for cell_id, value in published.values.items():
        if cell_id != "t3.new.research":
            assert report.get(cell_id) == value, cell_id
    assert window.document.path is None
    assert "导入自 淮安市2024年报.html" in window.windowTitle()
    dialog = window.import_issues_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert not dialog.isModal()
    assert dialog.windowTitle() == ISSUES_TITLE
    rows = dialog.rows()
    assert any(text == "—" and "未填写" in message for _where, text, message in rows)
    assert window.findings.items()  # the checks ran on the imported numbers as usual


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("垃圾.docx", os.urandom(4096)),
        ("截断.docx", b"PK\x03\x04" + b"\x00" * 20),
        ("空白页.html", "<html><body><p>欢迎访问</p></body></html>".encode()),
        ("扫描件.pdf", scanned_pdf()),
        ("损坏.pdf", b"%PDF-1.7\n" + os.urandom(2048)),
    ],
)
def test_unreadable_files_give_a_message_and_change_nothing(
    qtbot, window: MainWindow, tmp_path: Path, dialogs, name: str, content: bytes
) -> None:
    hostile = tmp_path / name
    hostile.write_bytes(content)
    document, title = window.document, window.windowTitle()
    assert window.open_path(hostile, ask_to_save=False)
    wait_for_import(qtbot, window)
    assert dialogs.shown[-1][0] == "无法导入"
    assert name in dialogs.shown[-1][1]
    assert window.document is document
    assert window.windowTitle() == title
    assert window.import_issues_dialog is None
    assert window.open_action.isEnabled()


def test_next_year_from_an_imported_word_file_carries_every_column(qtbot, window: MainWindow, tmp_path: Path, dialogs):
    last_year = load_report(PUTUO)
    columns = ("natural", "commercial", "research", "nonprofit", "legal", "other_org")
    for number, column in enumerate(columns, start=1):
        last_year.set_value(f"t3.carry_forward.{column}", number)
    source = tmp_path / "去年.docx"
    export_report(last_year, source)
    dialogs.file_answers.append(str(source))
    assert window.new_next_year_from_file()
    wait_for_import(qtbot, window)
    new = window.document.report
    assert new.meta.year == 2021
    assert new.meta.agency == last_year.meta.agency
    for column in EDITIONS["2021"].table("t3").columns:
        assert new.get(f"t3.carried.{column.key}") == last_year.get(f"t3.carry_forward.{column.key}"), column.key
    assert new.get("t3.carried.total") == 21
    assert new.previous is not None
    assert new.previous.year == 2020
    assert window.document.path is None
    assert window.document.is_modified


def test_command_line_docx_is_imported(qtbot, putuo_docx: Path) -> None:
    window, opened = open_first_window(putuo_docx, 3600)
    qtbot.addWidget(window)
    assert opened
    wait_for_import(qtbot, window)
    assert window.document.imported_from == putuo_docx.name
    assert window.document.report.values == load_report(PUTUO).values
    window.document.undo_stack.setClean()


def test_edits_made_while_importing_are_not_dropped_silently(qtbot, window: MainWindow, putuo_docx: Path, dialogs):
    assert window.open_path(putuo_docx, ask_to_save=False)
    model = window.table_view("t3").report_model
    assert model.setData(model.index_of("t3.open.research"), "4")  # typed before the import is done
    dialogs.message_answers.append(QMessageBox.StandardButton.Cancel)
    wait_for_import(qtbot, window)
    assert "未保存的修改" in dialogs.shown[-1][1]
    assert window.document.report.get("t3.open.research") == 4
    assert window.document.path is not None


@needs_shared
def test_a_docx_built_with_merged_cells_opens(qtbot, window: MainWindow, tmp_path: Path) -> None:
    source = load_source(HUAIAN_JSON)
    document = build_docx(source, tmp_path / "淮安.docx", Variants(split_t3_at=5, repeat_header=True))
    assert window.open_path(document, ask_to_save=False)
    wait_for_import(qtbot, window)
    published = report_from_shared_json(HUAIAN_JSON)
    assert window.document.report.values == published.values


def test_the_window_and_the_cli_refuse_an_old_word_file_in_the_same_words(qtbot, tmp_path, dialogs, capsys) -> None:
    from gov_report_desktop.cli import main as cli_main
    from gov_report_desktop.ui.main_window import MainWindow

    doc = tmp_path / "年报.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    window = MainWindow(autosave=3600)
    qtbot.addWidget(window)
    assert not window.open_path(doc)
    title, text = dialogs.shown[-1]
    assert title == "无法打开"
    assert "暂不支持直接读取 .doc 文件" in text
    assert cli_main(["check", str(doc)]) == 2
    assert text in capsys.readouterr().err
