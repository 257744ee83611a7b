"""One click to fill the totals a published report left blank with the sums of their parts.

A report imported from a web page or Word file sometimes leaves 表三's 总计 blank while the parts are
filled; R3 reports each such row, and the export prints the sum. This offers the same sums as an edit
(one undo step): a button in the status bar, shown only while such totals exist, and a menu action.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtWidgets import QPushButton

from ..domain.printed import blank_totals

if TYPE_CHECKING:
    from .document import CellValues, ReportDocument
    from .main_window import MainWindow

LABEL = "按各项之和填入空白合计"


class FillBlankTotalsCommand(QUndoCommand):
    """Write the sums into the blank totals; undo leaves them blank again."""

    def __init__(self, document: ReportDocument, sums: CellValues) -> None:
        super().__init__(f"填入 {len(sums)} 个空白合计")
        self._document = document
        self._sums = dict(sums)

    def redo(self) -> None:
        self._document.restore_values(self._sums)

    def undo(self) -> None:
        self._document.restore_values(dict.fromkeys(self._sums))


class BlankTotalsOffer:
    """The status-bar button and the menu action; `refresh()` after each check shows or hides them."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.button = QPushButton(LABEL)
        self.button.setToolTip("部分合计未填写，但其各项已填写：点击后按各项之和填入（可撤销）。")
        self.button.clicked.connect(self.fill)
        self.button.hide()
        window.statusBar().addPermanentWidget(self.button)
        self.action = QAction(f"{LABEL}(&T)", window)
        self.action.triggered.connect(self.fill)
        self.action.setEnabled(False)

    def sums(self) -> dict[str, int]:
        document = self._window.document
        return {cell: int(value) for cell, value in blank_totals(document.report).items()}

    def refresh(self) -> None:
        count = len(self.sums()) if not self._window.document.read_only else 0
        self.button.setText(f"{LABEL}（{count} 处）")
        self.button.setVisible(count > 0)
        self.action.setEnabled(count > 0)

    def fill(self) -> None:
        sums = self.sums()
        document = self._window.document
        if sums and not document.read_only:
            document.undo_stack.push(FillBlankTotalsCommand(document, dict(sums)))
            self._window.refresh_panels()
