"""The review table's model: one row per report (and per 未报送 unit), sortable by number columns."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ..domain.rules import Severity
from ..review.assemble import MISSING, UNREADABLE, ReviewRow

COLUMNS = ("单位", "年度", "版本", "文件", "错误", "警告", "状态")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex


class ReviewTableModel(QAbstractTableModel):
    def __init__(self, rows: list[ReviewRow] | None = None) -> None:
        super().__init__()
        self.rows: list[ReviewRow] = rows or []

    def set_rows(self, rows: list[ReviewRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 — Qt's own default
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            value = self._value(row, column)
            if role == SORT_ROLE:
                return -1 if value == "" else value
            return str(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 4, 5):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _value(row: ReviewRow, column: int) -> object:
        readable = row.report is not None
        values: tuple[object, ...] = (
            row.unit,
            row.year or "",
            f"{row.edition}版" if row.edition else "",
            row.path.name if row.path else "",
            row.count(Severity.ERROR) if readable else "",
            row.count(Severity.WARNING) if readable else "",
            row.status_text,
        )
        return values[column] if 0 <= column < len(values) else ""

    @staticmethod
    def _tooltip(row: ReviewRow, column: int) -> str | None:
        if column == 3 and row.path is not None:
            return str(row.path)
        if column == 0 and row.roster_name and row.roster_name != row.unit:
            return f"名单中的名称：{row.roster_name}"
        if column == 6:
            if row.status == UNREADABLE:
                return row.detail
            if row.status == MISSING:
                return "名单中有这个单位，但没有收到它的年报。"
            return row.status_text
        return None

    def row_at(self, index: int) -> ReviewRow:
        return self.rows[index]
