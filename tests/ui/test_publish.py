"""文件 → 导出网页…, 复制网页内容, 导出PDF…, 打印预览…, 打印…: from the window, never blocking on a dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QMenu, QMessageBox

from gov_report_desktop.documents.importing import import_report
from gov_report_desktop.storage.projectfile import load_report
from gov_report_desktop.ui.main_window import MainWindow
from tests.conftest import PUTUO

Button = QMessageBox.StandardButton


def file_menu_texts(window: MainWindow) -> list[str]:
    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "文件(&F)")
    return [a.text() for a in menu.actions()]


def test_file_menu_offers_the_page_the_pdf_and_printing_after_word(window: MainWindow) -> None:
    texts = file_menu_texts(window)
    start = texts.index("导出Word(&W)…")
    assert texts[start + 1 : start + 6] == [
        "导出网页(&H)…",
        "复制网页内容(&C)",
        "导出PDF(&D)…",
        "打印预览(&V)…",
        "打印(&P)…",
    ]


def test_export_html_writes_a_page_the_importer_reads_back(window: MainWindow, tmp_path: Path, dialogs) -> None:
    target = tmp_path / "年报"  # no suffix typed: .html is added
    dialogs.file_answers.append(str(target))
    assert window.publishing.export_html()
    page = tmp_path / "年报.html"
    assert import_report(page).report.values == load_report(PUTUO).values
    assert window.settings.value("exportFolder") == str(tmp_path)
    assert "已导出" in window.statusBar().currentMessage()


def test_copy_puts_rich_text_and_plain_text_on_the_clipboard(window: MainWindow) -> None:
    window.publishing.copy_html()
    data = QGuiApplication.clipboard().mimeData()
    assert data.hasHtml()
    assert 'rowspan="' in data.html()
    assert "<table" in data.html()
    assert "<script" not in data.html()
    assert data.text().startswith("上海市普陀区民政局2020年政府信息公开工作年度报告")


def test_export_pdf(window: MainWindow, tmp_path: Path, dialogs) -> None:
    target = tmp_path / "年报.pdf"
    dialogs.file_answers.append(str(target))
    assert window.publishing.export_pdf()
    assert target.read_bytes().startswith(b"%PDF-")


def test_cancelled_dialog_writes_nothing(window: MainWindow, tmp_path: Path) -> None:
    assert not window.publishing.export_pdf()
    assert not window.publishing.export_html()
    assert list(tmp_path.glob("*.pdf")) == []


def test_publishing_with_errors_asks_first(window: MainWindow, dialogs) -> None:
    model = window.table_view("t3").report_model
    model.setData(model.index_of("t3.new.natural"), "9")
    dialogs.message_answers += [Button.No, Button.No]
    assert not window.publishing.export_pdf()
    assert not window.publishing.export_html()
    assert "［R1］" in dialogs.shown[-1][1]


def test_unwritable_target_is_explained(window: MainWindow, tmp_path: Path, dialogs) -> None:
    dialogs.file_answers.append(str(tmp_path / "没有" / "年报.pdf"))
    assert not window.publishing.export_pdf()
    assert "不存在" in dialogs.shown[-1][1]


def test_print_preview_draws_the_pages_of_the_pdf(window: MainWindow, qtbot) -> None:
    dialog = window.publishing.make_preview()
    preview = dialog.findChild(QPrintPreviewWidget)
    preview.updatePreview()
    assert preview.pageCount() >= 5  # the Putuo report: title and prose, 表二, 表三 over two pages, …
    dialog.deleteLater()


def test_print_draws_every_page_on_the_printer(window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    """打印…: the clerk accepts the print dialog; a print-to-file printer stands in for the real one."""
    from PySide6.QtPrintSupport import QPrintDialog

    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Accepted)
    target = tmp_path / "打印到文件.pdf"
    make_printer = window.publishing.make_printer

    def printer_to_file():
        printer = make_printer()
        printer.setOutputFileName(str(target))
        return printer

    monkeypatch.setattr(window.publishing, "make_printer", printer_to_file)
    assert window.publishing.print_report()
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"/Count 6" in data  # the Putuo report's six pages
    assert b"<6C11>" in data  # the text map says 民 …
    assert b"<2EA0>" not in data  # … not the radical ⺠ that shares its glyph


def test_cancelled_print_dialog_prints_nothing(window: MainWindow, monkeypatch) -> None:
    from PySide6.QtPrintSupport import QPrintDialog

    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Rejected)
    assert not window.publishing.print_report()
