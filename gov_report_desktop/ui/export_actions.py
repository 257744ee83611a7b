"""文件 → 导出: the window's export commands, run off the UI thread (a base class of MainWindow)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QProgressBar

from ..domain.rules import Severity
from ..storage.atomic import suggested_name
from .document import ReportDocument
from .questions import confirm_export_with_errors


class ExportActions(QMainWindow):
    """Export commands; MainWindow provides the attributes declared here."""

    document: ReportDocument
    settings: QSettings
    busy: QProgressBar
    export_action: QAction
    exporting: bool
    importing: bool

    def export_word(self) -> bool:
        if self.exporting:
            return False
        self.document.check_for_export()
        errors = [f for f in self.document.open_findings() if f.severity is Severity.ERROR]
        if errors and not confirm_export_with_errors(self, errors):
            return False
        folder = Path(str(self.settings.value("exportFolder", self.settings.value("lastFolder", str(Path.home())))))
        meta = self.document.report.meta
        year = f"{meta.year}年" if meta.year_stated else ""
        name = suggested_name(f"{meta.agency}{year}政府信息公开工作年度报告", ".docx")
        path, _ = QFileDialog.getSaveFileName(self, "导出Word", str(folder / name), "Word 文档 (*.docx)")
        if not path:
            return False
        target = Path(path)
        if target.suffix.lower() != ".docx":
            target = target.with_name(target.name + ".docx")
        self.settings.setValue("exportFolder", str(target.parent))
        self.start_export(target)
        return True

    def start_export(self, target: Path) -> None:
        from .export_worker import ExportJob

        job = ExportJob(self.document.report.model_copy(deep=True), target)
        job.signals.finished.connect(self._export_finished)
        self.exporting = True
        self.export_action.setEnabled(False)
        self.busy.show()
        self.statusBar().showMessage(f"正在导出 {target.name}……")
        QThreadPool.globalInstance().start(job)

    def _export_finished(self, target: str, error: str) -> None:
        self.exporting = False
        self.export_action.setEnabled(True)
        self.busy.setVisible(self.importing)
        if error:
            self.statusBar().showMessage("导出失败", 10_000)
            QMessageBox.warning(self, "导出失败", error)
        else:
            self.statusBar().showMessage(f"已导出到 {target}", 15_000)
            offer_to_open(self, Path(target))


def offer_to_open(window: QMainWindow, target: Path) -> None:
    """The export is done: say where it is, and open the document or its folder if the clerk asks."""
    box = QMessageBox(QMessageBox.Icon.Information, "导出完成", f"已导出 Word 文档：\n{target}", parent=window)
    open_document = box.addButton("打开文档(&O)", QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton("打开所在文件夹(&F)", QMessageBox.ButtonRole.ActionRole)
    box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_document)
    box.exec()
    clicked = box.clickedButton()
    wanted = target if clicked is open_document else target.parent if clicked is open_folder else None
    from PySide6.QtCore import QUrl  # here, not at start-up: PySide builds QUrl's enums on import
    from PySide6.QtGui import QDesktopServices

    if wanted is not None and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(wanted))):
        # No program for .docx (or no file manager): the clerk still knows where the file is.
        window.statusBar().showMessage(f"无法打开 {wanted}，请在文件管理器中找到它。", 15_000)
