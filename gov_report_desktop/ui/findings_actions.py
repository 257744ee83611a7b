"""The findings dock's commands: go to a finding's cells, acknowledge a warning (a base class of MainWindow)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMainWindow, QMessageBox

from ..domain.acknowledgements import acknowledgement_of
from ..domain.rules import Finding, Severity
from .commands import SetAcknowledgementsCommand
from .document import ReportDocument
from .findings_dock import FindingsDock
from .section_tabs import SectionTabs


class FindingsActions(QMainWindow):
    """Finding commands; MainWindow provides the attributes declared here."""

    document: ReportDocument
    tabs: SectionTabs
    findings: FindingsDock

    def tab_for_section(self, key: object) -> int:
        return self.tabs.index_of_section(key)

    def go_to_finding(self, finding: Finding) -> None:
        section = self.document.section_of(finding)
        from .table_tab import TableSectionTab
        from .text_tab import TextSectionTab

        index = self.tab_for_section(section)
        if index >= 0:
            self.tabs.setCurrentIndex(index)
        widget = self.tabs.widget(index) if index >= 0 else None
        if isinstance(widget, TableSectionTab):
            first_view = None
            for view in widget.views:
                if view.select_cells(list(finding.cells or finding.focus)) and first_view is None:
                    first_view = view
            if first_view is not None:
                first_view.setFocus()
        elif isinstance(widget, TextSectionTab):
            widget.editor.setFocus()
        self.statusBar().showMessage(f"{finding.severity.label}［{finding.rule}］{finding.message}", 15_000)

    def _dock_request(self, handler: object) -> None:
        finding = self.findings.current_finding()
        if finding is not None and callable(handler):
            handler(finding)

    def acknowledge(self, finding: Finding) -> None:
        if finding.severity is Severity.ERROR or self.document.read_only:
            QMessageBox.information(self, "不能确认", "错误必须改正，不能确认；只有警告和提示可以确认。")
            return
        note, ok = QInputDialog.getText(
            self,
            "确认警告",
            f"{finding.message}\n\n请简要说明为何无需修改（保存在项目文件中，不会印在年报里）：",
        )
        note = note.strip()
        if not ok:
            return
        if not note:
            QMessageBox.information(self, "需要说明", "请写一句说明，便于日后核对为何确认此警告。")
            return
        acknowledgements = [a for a in self.document.report.acknowledgements if a.key != finding.key]
        acknowledgements.append(acknowledgement_of(self.document.report, finding, note))
        self.document.undo_stack.push(
            SetAcknowledgementsCommand(self.document, acknowledgements, f"确认警告［{finding.rule}］")
        )

    def unacknowledge(self, finding: Finding) -> None:
        remaining = [a for a in self.document.report.acknowledgements if a.key != finding.key]
        if len(remaining) != len(self.document.report.acknowledgements):
            self.document.undo_stack.push(
                SetAcknowledgementsCommand(self.document, remaining, f"取消确认［{finding.rule}］")
            )
