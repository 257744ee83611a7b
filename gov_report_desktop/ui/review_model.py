"""The review table's model: one row per report (and per 未报送 unit), sortable by number columns.

A review of thousands of reports must not hold up the window: each row's texts and sort values are
worked out once (`prepare_rows`, called on the review's thread), so `data()` — which Qt calls tens of
thousands of times to sort and size the columns — only looks them up, and rows arrive in slices
(`append_rows`) rather than in one long model reset.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ..domain.rules import Severity
from ..review.assemble import MISSING, UNREADABLE, ReviewRow

COLUMNS = ("单位", "年度", "版本", "文件", "错误", "警告", "状态")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CENTRED = (1, 4, 5)
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class PreparedRow:
    """What the table shows of one ReviewRow: the texts, the sort values and the tooltips per column."""

    row: ReviewRow
    texts: tuple[str, ...]
    keys: tuple[object, ...]
    tips: tuple[str | None, ...]


def prepare_rows(rows: Sequence[ReviewRow]) -> list[PreparedRow]:
    return [prepare_row(row) for row in rows]


def prepare_row(row: ReviewRow) -> PreparedRow:
    values = _values(row)
    keys = tuple(-1 if value == "" else value for value in values)
    return PreparedRow(row, tuple(map(str, values)), keys, tuple(_tooltip(row, c) for c in range(len(COLUMNS))))


def _values(row: ReviewRow) -> tuple[object, ...]:
    readable = row.report is not None
    return (
        row.unit,
        row.year or "",
        f"{row.edition}版" if row.edition else "",
        row.path.name if row.path else "",
        row.count(Severity.ERROR) if readable else "",
        row.count(Severity.WARNING) if readable else "",
        row.status_text,
    )


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


class ReviewTableModel(QAbstractTableModel):
    def __init__(self, rows: list[ReviewRow] | None = None) -> None:
        super().__init__()
        self.prepared: list[PreparedRow] = prepare_rows(rows or [])

    def set_rows(self, rows: list[ReviewRow]) -> None:
        self.beginResetModel()
        self.prepared = prepare_rows(rows)
        self.endResetModel()

    def append_rows(self, prepared: Sequence[PreparedRow]) -> None:
        """More rows at the end (a slice of a large review), without resetting what is shown."""
        if not prepared:
            return
        first = len(self.prepared)
        self.beginInsertRows(QModelIndex(), first, first + len(prepared) - 1)
        self.prepared.extend(prepared)
        self.endInsertRows()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 — Qt's own default
        return 0 if parent.isValid() else len(self.prepared)

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
        row, column = index.row(), index.column()
        if not (index.isValid() and 0 <= row < len(self.prepared) and 0 <= column < len(COLUMNS)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.prepared[row].texts[column]
        if role == SORT_ROLE:
            return self.prepared[row].keys[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.prepared[row].tips[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in CENTRED:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def row_at(self, index: int) -> ReviewRow:
        return self.prepared[index].row
