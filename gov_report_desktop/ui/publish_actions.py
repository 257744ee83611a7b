"""文件 menu items for publishing beyond Word: the web page, the clipboard, the PDF and printing.

Kept out of main_window.py: the window creates `PublishActions(window)` and adds its `actions` to the menu. The
page and the PDF take well under a second, so they are written on the UI thread with a busy cursor;
printing goes through Qt's own print and preview dialogs, drawing the same pages as the PDF.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from ..domain.rules import Severity
from .questions import confirm_export_with_errors

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    from ..domain.model import Report
    from .main_window import MainWindow

# kind → dialog title, file filter, suffixes (the first is added when the clerk typed none of them)
FORMATS = {
    "html": ("导出网页", "网页 (*.html *.htm)", (".html", ".htm")),
    "pdf": ("导出PDF", "PDF 文件 (*.pdf)", (".pdf",)),
}


class PublishActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.export_html_action = self._action(
            "导出网页(&H)…", self.export_html, "", "导出为可直接发布到政府网站的网页"
        )
        self.copy_html_action = self._action(
            "复制网页内容(&C)", self.copy_html, "", "复制整篇年报（含合并单元格的表格），可粘贴到网站编辑器或 WPS"
        )
        self.export_pdf_action = self._action("导出PDF(&D)…", self.export_pdf, "", "按公文格式导出 PDF 文件")
        self.preview_action = self._action("打印预览(&V)…", self.print_preview, "", "查看打印出来的样子")
        self.print_action = self._action(
            "打印(&P)…", self.print_report, QKeySequence(QKeySequence.StandardKey.Print), "按公文格式打印"
        )
        self.preview_printer: QPrinter | None = None
        self.actions = [
            self.export_html_action,
            self.copy_html_action,
            self.export_pdf_action,
            self.preview_action,
            self.print_action,
        ]

    def _action(self, text: str, slot: object, shortcut: QKeySequence | str, tip: str) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    # -- helpers

    def _report(self) -> Report:
        """A copy to publish; asking for one turns blank cells into warnings (as 导出Word does)."""
        self.window.document.check_for_export()
        return self.window.document.report.model_copy(deep=True)

    def _may_publish(self) -> bool:
        self.window.document.check_for_export()
        errors = [f for f in self.window.document.open_findings() if f.severity is Severity.ERROR]
        # The Word export's question, word for word: the same report, the same decision.
        return not errors or confirm_export_with_errors(self.window, errors)

    def _target(self, kind: str) -> Path | None:
        title, file_filter, suffixes = FORMATS[kind]
        settings = self.window.settings
        folder = Path(str(settings.value("exportFolder", settings.value("lastFolder", str(Path.home())))))
        meta = self.window.document.report.meta
        name = f"{meta.agency}{meta.year}年政府信息公开工作年度报告{suffixes[0]}"
        path, _ = QFileDialog.getSaveFileName(self.window, title, str(folder / name), file_filter)
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() not in suffixes:
            target = target.with_name(target.name + suffixes[0])
        settings.setValue("exportFolder", str(target.parent))
        return target

    def _done(self, target: Path, error: str) -> bool:
        if error:
            self.window.statusBar().showMessage("导出失败", 10_000)
            QMessageBox.warning(self.window, "导出失败", error)
            return False
        self.window.statusBar().showMessage(f"已导出到 {target}", 15_000)
        return True

    # -- the web page

    def export_html(self) -> bool:
        from ..documents.export_html import HtmlExportError, export_html

        if not self._may_publish():
            return False
        target = self._target("html")
        if target is None:
            return False
        try:
            export_html(self._report(), target)
        except HtmlExportError as error:
            return self._done(target, str(error))
        return self._done(target, "")

    def copy_html(self) -> None:
        """Rich text (HTML) for website editors and WPS, plain text for everything else."""
        from ..documents.export_html import html_fragment, plain_text

        report = self._report()
        data = _qt_made_mime_data()
        data.setHtml(f'<html><head><meta charset="utf-8"></head><body>{html_fragment(report)}</body></html>')
        data.setText(plain_text(report))
        QGuiApplication.clipboard().setMimeData(data)
        self.window.statusBar().showMessage("已复制网页内容，可粘贴到网站编辑器或 WPS 中（表格保留合并单元格）", 15_000)

    # -- PDF and printing

    def export_pdf(self) -> bool:
        from ..publishing.pdf import PdfExportError, export_pdf

        if not self._may_publish():
            return False
        target = self._target("pdf")
        if target is None:
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            export_pdf(self._report(), target)
        except PdfExportError as error:
            return self._done(target, str(error))
        finally:
            QApplication.restoreOverrideCursor()
        return self._done(target, "")

    def make_printer(self) -> QPrinter:
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)  # the margins are the layout's own (37/35/28/26 mm)
        printer.setDocName(self.window.display_name())
        return printer

    def render(self, printer: QPrinter) -> None:
        from ..publishing.pdf import PdfExportError, render

        try:
            render(self._report(), printer)
        except PdfExportError as error:
            QMessageBox.warning(self.window, "打印失败", str(error))

    def make_preview(self) -> QPrintPreviewDialog:
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        self.window.document.check_for_export()  # asking to print is asking to publish

        # The dialog does not own the printer: keep it alive as long as the dialog may paint on it.
        self.preview_printer = self.make_printer()
        dialog = QPrintPreviewDialog(self.preview_printer, self.window)
        dialog.setWindowTitle("打印预览")
        dialog.paintRequested.connect(self.render)
        return dialog

    def print_preview(self) -> None:
        dialog = self.make_preview()
        dialog.exec()
        dialog.deleteLater()

    def print_report(self) -> bool:
        from PySide6.QtPrintSupport import QPrintDialog

        self.window.document.check_for_export()
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle("打印")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        self.render(printer)
        if printer.outputFileName():  # "print to file" (PDF): searchable text as in 导出PDF
            from ..publishing.pdf import fix_to_unicode

            target = Path(printer.outputFileName())
            if target.is_file():
                target.write_bytes(fix_to_unicode(target.read_bytes()))
        self.window.statusBar().showMessage("已发送到打印机", 10_000)
        return True


def _qt_made_mime_data() -> QMimeData:
    """An empty QMimeData that Qt itself created.

    The clipboard keeps its data until the process ends and deletes it after Python has shut down; a
    QMimeData made in Python is PySide's subclass, whose destructor then calls into the finished
    interpreter and crashes the exit. A model's mimeData() is a plain C++ QMimeData.
    """
    from PySide6.QtGui import QStandardItemModel  # not at start-up: only a copy needs it

    model = QStandardItemModel(1, 1)
    data = model.mimeData([model.index(0, 0)])
    for name in data.formats():
        data.removeFormat(name)
    return data
