"""导入时未能识别的内容: everything an import did not understand, in a window that does not block work."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

TITLE = "导入时未能识别的内容"
COLUMNS = ("位置", "原文", "说明")


class Issue(Protocol):
    """What the dialog needs of an `ImportIssue` (kept structural: the UI need not import the importer)."""

    @property
    def where(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def message(self) -> str: ...


class ImportIssuesDialog(QDialog):
    """Non-modal: the clerk can keep it open beside the window while checking the cells it names."""

    def __init__(self, source_name: str, issues: Sequence[Issue], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        summary = QLabel(
            f"从「{source_name}」导入时，以下 {len(issues)} 处内容未能识别或未按原样采用。"
            "已识别的数字均按原文导入（包括不符合规则的），请对照原文件核对下列各处，并查看检查结果面板。"
        )
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.table = QTableWidget(len(issues), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        for row, issue in enumerate(issues):
            for column, text in enumerate((issue.where, issue.text, issue.message)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 200)
        self.table.setColumnWidth(1, 160)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(820, 420)
        self.table.resizeRowsToContents()

    def rows(self) -> list[tuple[str, str, str]]:
        """(位置, 原文, 说明) of every row, as shown."""
        return [(self._text(row, 0), self._text(row, 1), self._text(row, 2)) for row in range(self.table.rowCount())]

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
