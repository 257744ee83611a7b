"""A thin QAbstractTableModel over one official table (TableSpec) of the open report.

Columns: first the row-label columns the template needs (三、本年度办理结果 → （三）不予公开 → 1.…; the
view merges them with setSpan), then one column per value column. The model parses what is typed
with `parse_cell_text` and turns every accepted edit into a QUndoCommand; it never stores bad input.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from ..domain.acknowledgements import CHANGED_MARK
from ..domain.editions import CellRef, ColumnSpec, TableSpec
from ..domain.editions.layout import Block
from ..domain.rules import Severity
from ..domain.values import ParseResult, format_value
from .commands import SetCellsCommand
from .document import CellValues, ReportDocument
from .layout import column_header_blocks, row_label_blocks
from .style import (
    DERIVED_BACKGROUND,
    DERIVED_FOREGROUND,
    LABEL_BACKGROUND,
    SEVERITY_BACKGROUND,
    icon,
    severity_icon,
)

CELL_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 2  # the worst open finding's Severity, or None
ACKNOWLEDGED_ROLE = Qt.ItemDataRole.UserRole + 3
HELP_ROLE = Qt.ItemDataRole.UserRole + 4  # row + column help for F1

AnyIndex = QModelIndex | QPersistentModelIndex
# Combined once: Qt's flag enums are Python enums, and or-ing them on every paint of every cell adds up.
_VALUE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE_FLAGS = _VALUE_FLAGS | Qt.ItemFlag.ItemIsEditable
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_CENTRED = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# Every role this model answers for some cell; Qt asks each cell for more on every paint (check
# state, size hint, …), and those are answered None before any other work.
_ANSWERED_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.DecorationRole,
        CELL_ID_ROLE,
        SEVERITY_ROLE,
        ACKNOWLEDGED_ROLE,
        HELP_ROLE,
    )
)


class ReportTableModel(QAbstractTableModel):
    editRejected = Signal(str)  # Chinese message: what was refused and what is allowed

    def __init__(self, document: ReportDocument, table: TableSpec, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.table = table
        self.label_columns = table.label_depth
        self._labels: dict[tuple[int, int], Block] = {}
        for block in row_label_blocks(table):
            for row in range(block.first, block.last + 1):
                self._labels[(row, block.level)] = block
        self.header_blocks = column_header_blocks(table)
        self._positions = {
            table.cell_id(row.key, column.key): (r, c + self.label_columns)
            for r, row in enumerate(table.rows)
            for c, column in enumerate(table.columns)
        }
        self._cell_ids = {position: cell_id for cell_id, position in self._positions.items()}
        self._derived = document.edition.derived_cells
        document.cellsChanged.connect(self._cells_changed)

    # -- geometry -----------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.label_columns + len(self.table.columns)

    def is_label(self, index: AnyIndex) -> bool:
        return index.column() < self.label_columns

    def column_spec(self, column: int) -> ColumnSpec | None:
        value_column = column - self.label_columns
        return self.table.columns[value_column] if 0 <= value_column < len(self.table.columns) else None

    def cell_id(self, index: AnyIndex) -> str | None:
        """The value cell at `index` (None for labels); looked up, as it is asked on every paint."""
        return self._cell_ids.get((index.row(), index.column())) if index.isValid() else None

    def cell_ref(self, index: AnyIndex) -> CellRef | None:
        cell_id = self.cell_id(index)
        return self.document.edition.cell(cell_id) if cell_id else None

    def index_of(self, cell_id: str) -> QModelIndex:
        position = self._positions.get(cell_id)
        return self.index(*position) if position else QModelIndex()

    def is_derived(self, index: AnyIndex) -> bool:
        return self.cell_id(index) in self._derived

    def is_editable(self, index: AnyIndex) -> bool:
        return not self.is_label(index) and not self.is_derived(index) and not self.document.read_only

    def label_spans(self) -> list[Block]:
        return row_label_blocks(self.table)

    # -- Qt model API -------------------------------------------------------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.is_label(index):
            return Qt.ItemFlag.ItemIsEnabled
        return _EDITABLE_FLAGS if self.is_editable(index) else _VALUE_FLAGS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        if self.is_label(index):
            return self._label_data(index, role)
        return self._value_data(index, role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.table.rows):
                return self.table.rows[section].label
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = self.column_spec(section)
        if column is None:
            return self.table.corner if 0 <= section < self.label_columns else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{'／'.join(column.path)}\n{column.help}"
        return column.label

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.is_editable(index):
            return False
        return self.set_parsed(index, self.validate(index, "" if value is None else str(value)))

    def set_parsed(self, index: AnyIndex, result: ParseResult) -> bool:
        """Store text already read by `validate` (the editor checks it before committing: read once)."""
        cell_id = self.cell_id(index)
        if cell_id is None or not self.is_editable(index):
            return False
        if result.error is not None:
            self.editRejected.emit(result.error)
            return False
        if self.document.report.get(cell_id) == result.value:
            return True
        ref = self.document.edition.cell(cell_id)
        self.push_values({cell_id: result.value}, f"填写{ref.describe()}")
        return True

    # -- editing helpers ----------------------------------------------------------------------------

    def validate(self, index: AnyIndex, text: str) -> ParseResult:
        cell_id = self.cell_id(index)
        if cell_id is None:
            return ParseResult(error="此处为表格标签，不能填写。")
        from ..domain.editing import parse_for_cell  # at the first edit: start-up does not need it

        return parse_for_cell(self.document.edition, cell_id, text)

    def push_values(self, values: CellValues, description: str) -> None:
        self.document.undo_stack.push(SetCellsCommand(self.document, values, description))

    # -- roles --------------------------------------------------------------------------------------

    def _label_data(self, index: AnyIndex, role: int) -> Any:
        block = self._labels.get((index.row(), index.column()))
        if role == Qt.ItemDataRole.DisplayRole:
            return block.text if block and block.first == index.row() else ""
        if role in (Qt.ItemDataRole.ToolTipRole, HELP_ROLE):
            row = self.table.rows[index.row()]
            return f"{'　'.join(row.path)}\n{row.help}" if block and block.help else (block.text if block else None)
        if role == Qt.ItemDataRole.BackgroundRole:
            return LABEL_BACKGROUND
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTRED if block is not None and block.span > 1 else _LEFT
        return None

    def _value_data(self, index: AnyIndex, role: int) -> Any:
        cell_id = self.cell_id(index)
        assert cell_id is not None
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(self.document.report.get(cell_id), self.column_spec(index.column()))
        if role == Qt.ItemDataRole.EditRole:
            return format_value(self.document.report.get(cell_id), self.column_spec(index.column()))
        if role == CELL_ID_ROLE:
            return cell_id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.DecorationRole, SEVERITY_ROLE):
            return self._finding_data(cell_id, role)
        if role == ACKNOWLEDGED_ROLE:
            worst, has_findings = self.document.cell_state(cell_id)
            return has_findings and worst is None
        if role == Qt.ItemDataRole.ForegroundRole and cell_id in self._derived:
            return DERIVED_FOREGROUND
        if role == Qt.ItemDataRole.FontRole and cell_id in self._derived:
            return _bold_font()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(cell_id)
        if role == HELP_ROLE:
            return self._help(cell_id)
        return None

    def markers(self) -> list[tuple[int, int, Severity | None]]:
        """The cells the view outlines: (row, column, worst open severity — None when every finding of
        the cell is acknowledged). Read once per paint, from the document's cached cell states."""
        marked = []
        for cell_id, (worst, has_findings) in self.document.cell_states().items():
            position = self._positions.get(cell_id)
            if position is not None and has_findings:
                marked.append((*position, worst))
        return marked

    def _finding_data(self, cell_id: str, role: int) -> Any:
        worst, has_findings = self.document.cell_state(cell_id)
        if role == SEVERITY_ROLE:
            return worst
        if role == Qt.ItemDataRole.DecorationRole:
            if worst is not None:
                return severity_icon(worst)
            return icon("acknowledged") if has_findings else None
        if worst is not None:
            return SEVERITY_BACKGROUND[worst]
        return DERIVED_BACKGROUND if cell_id in self._derived else None

    def _tooltip(self, cell_id: str) -> str:
        ref = self.document.edition.cell(cell_id)
        lines = [ref.describe()]
        if cell_id in self._derived:
            lines.append("自动计算的合计，不能直接填写。")
        for finding in self.document.findings_for(cell_id):
            state = (
                "（已确认）"
                if self.document.is_acknowledged(finding)
                else f"（{CHANGED_MARK}）"
                if self.document.acknowledgement_for(finding)
                else ""
            )
            lines.append(f"{finding.severity.label}{state}［{finding.rule}］{finding.message}")
        return "\n".join(lines)

    def _help(self, cell_id: str) -> str:
        ref = self.document.edition.cell(cell_id)
        parts = [f"【{ref.describe()}】"]
        if self.label_columns:
            parts.append(f"行「{'　'.join(ref.row.path)}」：{ref.row.help}")
        parts.append(f"列「{'／'.join(ref.column.path)}」：{ref.column.help}")
        if self.table.corner is None:
            parts.append(ref.row.help)
        return "\n\n".join(parts)

    # -- document signals ---------------------------------------------------------------------------

    def _cells_changed(self, cell_ids: list[str]) -> None:
        for cell_id in cell_ids:
            position = self._positions.get(cell_id)
            if position is not None:
                index = self.index(*position)
                self.dataChanged.emit(index, index)


_BOLD: list[QFont] = []


def _bold_font() -> QFont:
    if not _BOLD:
        font = QFont()
        font.setBold(True)
        _BOLD.append(font)
    return _BOLD[0]
