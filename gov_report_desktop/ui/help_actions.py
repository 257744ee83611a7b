"""帮助: the notice text for the current place, the log folder, 关于 (a base class of MainWindow)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox

from .. import APP_NAME, __version__
from .document import ReportDocument
from .section_tabs import SectionTabs

if TYPE_CHECKING:
    from .table_view import ReportTableView


class HelpActions(QMainWindow):
    """Help commands; MainWindow provides the attributes declared here."""

    document: ReportDocument
    tabs: SectionTabs

    def current_view(self) -> ReportTableView | None:
        return self.tabs.current_view()

    def show_help(self) -> None:
        view = self.current_view()
        if view is not None and view.currentIndex().isValid():
            view.request_help()
            return
        from .table_tab import TableSectionTab
        from .text_tab import TextSectionTab

        widget = self.tabs.currentWidget()
        if isinstance(widget, TextSectionTab | TableSectionTab):
            self.show_help_text(widget.section.heading, widget.section.help or "（无说明）")
        else:
            self.show_help_text("填报说明", f"格式版本：{self.document.edition.name}\n{self.document.edition.notice}")

    def show_help_text(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Close, self)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()

    def open_log_folder(self) -> bool:
        """The folder of the application log, in the system's file manager (for whoever helps the clerk)."""
        from ..storage.applog import log_dir

        folder = log_dir()
        from PySide6.QtCore import QUrl  # here: PySide builds QUrl's type on import (~5 ms of start-up)
        from PySide6.QtGui import QDesktopServices

        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            return True
        QMessageBox.information(self, "日志文件夹", f"日志文件位于：\n{folder}")
        return False

    def show_about(self) -> None:
        from ..storage.applog import log_dir
        from ..storage.recovery import recovery_dir

        QMessageBox.about(
            self,
            f"关于{APP_NAME}",
            f"{APP_NAME}\n版本 {__version__}\n按国务院办公厅统一格式填写、检查、导出政府信息公开工作年度报告。\n\n"
            f"日志文件夹：{log_dir()}\n自动保存的恢复文件：{recovery_dir()}",
        )
