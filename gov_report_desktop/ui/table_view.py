"""The view of one official table: merged labels, grouped header, spreadsheet keys, paste and copy."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSizePolicy, QTableView, QWidget

from ..domain.values import CellValue
from .delegates import CellDelegate
from .header_view import GroupedHeaderView
from .layout import header_levels
from .style import ACKNOWLEDGED_BORDER, SEVERITY_BORDER
from .table_model import HELP_ROLE, ReportTableModel

CELL_PADDING = 10
MIN_ROW_HEIGHT = 30
TOTAL_REFUSED = "合计自动计算，请修改各项。"
# How far a narrow window may squeeze the labels (share of their natural width); numbers keep five digits.
LABEL_SQUEEZE = 0.6


_NOT_TAB = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
_CURSOR_KEYS = {
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
}


def _label_widths(depth: int) -> list[int]:
    return {1: [230], 2: [150, 260], 3: [76, 118, 250]}.get(depth, [120] * depth)


class ReportTableView(QTableView):
    editRejected = Signal(str)  # status-bar message (typing)
    pasteRejected = Signal(str)  # dialog message (a whole paste refused)
    helpRequested = Signal(str, str)  # title, help text (F1)

    def __init__(self, model: ReportTableModel, fit_height: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report_model = model
        self._fit_height = fit_height
        self._natural_widths: list[int] = []
        self._minimum_widths: list[int] = []
        self._fitted_to = -1
        self._run_column: int | None = None  # where a run of Tabs started (Enter returns there)
        self.setModel(model)
        header = GroupedHeaderView(model.header_blocks, header_levels(model.table), self)
        self.setHorizontalHeader(header)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setWordWrap(True)
        self.setCornerButtonEnabled(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.delegate = CellDelegate(self)
        self.setItemDelegate(self.delegate)
        self.delegate.editRejected.connect(self.editRejected)
        self.delegate.moveRequested.connect(self._move_from)
        model.editRejected.connect(self.editRejected)
        self.editRejected.connect(self._explain_at_cell)
        self._balloon = False  # a refusal is shown at the cell until the next key
        self._apply_spans()
        self._size_columns()
        self.fit_rows()
        if fit_height:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    # -- layout -------------------------------------------------------------------------------------

    def _apply_spans(self) -> None:
        for block in self.report_model.label_spans():
            if block.span > 1 or block.depth > 1:
                self.setSpan(block.first, block.level, block.span, block.depth)

    def _size_columns(self) -> None:
        model = self.report_model
        for column, width in enumerate(_label_widths(model.label_columns)):
            self.setColumnWidth(column, width)
        metrics = self.fontMetrics()
        for offset, spec in enumerate(model.table.columns):
            label = spec.label
            # Short header words fit on one line; long ones wrap to about four characters a line.
            text_width = metrics.horizontalAdvance(label if len(label) <= 4 else label[:4])
            width = max(64, text_width + 2 * CELL_PADDING, metrics.horizontalAdvance("0000000") + 24)
            if len(model.table.columns) <= 3:
                width = max(width, 130)
            self.setColumnWidth(model.label_columns + offset, width)
        self._natural_widths = [self.columnWidth(c) for c in range(model.columnCount())]
        digits = metrics.horizontalAdvance("00000") + 14
        self._minimum_widths = [
            int(w * LABEL_SQUEEZE) if c < model.label_columns else min(w, digits)
            for c, w in enumerate(self._natural_widths)
        ]

    def fit_width(self, available: int) -> None:
        """Columns for `available` pixels (the view's whole width): their natural widths when those fit,
        else every column gives up the same share of its slack (labels wrap more, numbers keep five
        digits), so an office monitor at 1024×768 shows the whole table, 总计 included."""
        available -= 2 * self.frameWidth()
        if not self._fit_height:
            available -= self.verticalScrollBar().sizeHint().width()
        if available == self._fitted_to or not self._natural_widths:
            return
        self._fitted_to = available
        natural, minimum = self._natural_widths, self._minimum_widths
        excess = sum(natural) - available
        slack = sum(natural) - sum(minimum)
        share = 0.0 if excess <= 0 or slack <= 0 else min(1.0, excess / slack)
        widths = [int(n - (n - m) * share) for n, m in zip(natural, minimum, strict=True)]
        if share and share < 1.0:  # rounding down may leave a few pixels: the widest label gets them back
            widths[0] += max(0, available - sum(widths))
        if widths == [self.columnWidth(c) for c in range(len(widths))]:
            return
        for column, width in enumerate(widths):
            self.setColumnWidth(column, width)
        self.fit_rows()

    def fit_rows(self) -> None:
        """Row heights from the labels' wrapped text (spans included), so no label is cut off."""
        model = self.report_model
        metrics = self.fontMetrics()
        heights = [MIN_ROW_HEIGHT] * model.rowCount()
        for block in model.label_spans():
            if block.span != 1:
                continue
            width = sum(self.columnWidth(c) for c in range(block.level, block.level + block.depth)) - CELL_PADDING
            rect = metrics.boundingRect(QRect(0, 0, max(width, 20), 10_000), int(Qt.TextFlag.TextWordWrap), block.text)
            heights[block.first] = max(heights[block.first], rect.height() + CELL_PADDING)
        for row, height in enumerate(heights):
            self.setRowHeight(row, height)
        self.updateGeometry()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The cells, then the outlines of cells with findings (red, yellow, blue; dashed grey when all
        are acknowledged). Drawn here once per paint rather than by the delegate for every cell: a Python
        delegate paint would run for each visible cell on every repaint."""
        super().paintEvent(event)
        markers = self.report_model.markers()
        if not markers:
            return
        painter = QPainter(self.viewport())
        for row, column, severity in markers:
            rect = self.visualRect(self.report_model.index(row, column))
            if not rect.isValid() or not rect.intersects(event.rect()):
                continue
            if severity is not None:
                painter.setPen(QPen(SEVERITY_BORDER[severity], 2))
                painter.drawRect(rect.adjusted(1, 1, -1, -1))
            else:
                painter.setPen(QPen(ACKNOWLEDGED_BORDER, 1, Qt.PenStyle.DashLine))
                painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.end()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        width = sum(self.columnWidth(c) for c in range(self.report_model.columnCount())) + 2 * self.frameWidth()
        if not self._fit_height:
            return QSize(width + self.verticalScrollBar().sizeHint().width(), hint.height())
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(self.report_model.rowCount()))
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().height()
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint() if self._fit_height else super().minimumSizeHint()

    # -- navigation ---------------------------------------------------------------------------------

    def _move_from(self, index: QModelIndex, rows: int, columns: int) -> None:
        """Enter ↓ and Tab →, as in Excel: Enter after a run of Tabs goes back to the run's first column."""
        model = self.report_model
        row = min(max(index.row() + rows, 0), model.rowCount() - 1)
        column = index.column() + columns
        if columns and not rows:
            self._run_column = index.column() if self._run_column is None else self._run_column
        elif rows and self._run_column is not None:
            column, self._run_column = self._run_column, None
        column = min(max(column, model.label_columns), model.columnCount() - 1)
        target = model.index(row, column)
        self.setCurrentIndex(target)
        self.scrollTo(target)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._run_column = None
        super().mousePressEvent(event)

    def select_cells(self, cell_ids: list[str]) -> bool:
        indexes = [self.report_model.index_of(c) for c in cell_ids]
        indexes = [i for i in indexes if i.isValid()]
        if not indexes:
            return False
        selection = QItemSelection()
        for index in indexes:
            selection.select(index, index)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.selectionModel().setCurrentIndex(indexes[0], QItemSelectionModel.SelectionFlag.NoUpdate)
        self.selectionModel().select(selection, flags)
        self.scrollTo(indexes[0])
        self.setFocus()
        return True

    def _explain_at_cell(self, message: str) -> None:
        """A refused value or key is explained where the eye is: in a balloon at the cell."""
        from PySide6.QtWidgets import QToolTip

        rect = self.visualRect(self.currentIndex())
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), message, self.viewport(), rect, 15_000)
        self._balloon = True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._balloon:
            from PySide6.QtWidgets import QToolTip

            QToolTip.hideText()
            self._balloon = False
        if self.state() != QAbstractItemView.State.EditingState:
            if self._typed_into_total(event):
                self.editRejected.emit(TOTAL_REFUSED)
                return
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste_text(QGuiApplication.clipboard().text())
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_selection()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._move_from(self.currentIndex(), 1, 0)
                return
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not event.modifiers() & _NOT_TAB:
                self._move_from(self.currentIndex(), 0, -1 if event.key() == Qt.Key.Key_Backtab else 1)
                return
            if event.key() in _CURSOR_KEYS:
                self._run_column = None  # moving about ends a run of Tabs (typing continues it)
            if event.key() == Qt.Key.Key_F1:
                self.request_help()
                return
        super().keyPressEvent(event)

    def _typed_into_total(self, event: QKeyEvent) -> bool:
        index = self.currentIndex()
        typed = bool(event.text().strip()) and not event.modifiers() & _NOT_TAB
        return (
            typed
            and index.isValid()
            and self.report_model.is_derived(index)
            and not self.report_model.document.read_only
        )

    def request_help(self) -> None:
        index = self.currentIndex()
        text = index.data(HELP_ROLE) if index.isValid() else None
        if not text:
            text = "\n".join(f"{s.label}：{s.help}" for s in self.report_model.table.columns)
        self.helpRequested.emit(f"填报说明 — {self.report_model.table.title}", str(text))

    # -- clipboard and clearing ---------------------------------------------------------------------

    def _selected_value_indexes(self) -> list[QModelIndex]:
        model = self.report_model
        return [i for i in self.selectionModel().selectedIndexes() if not model.is_label(i)]

    def copy_selection(self) -> None:
        indexes = self._selected_value_indexes() or [self.currentIndex()]
        indexes = [i for i in indexes if i.isValid()]
        if not indexes:
            return
        rows = range(min(i.row() for i in indexes), max(i.row() for i in indexes) + 1)
        columns = range(min(i.column() for i in indexes), max(i.column() for i in indexes) + 1)
        model = self.report_model
        block = [[str(model.index(r, c).data() or "") for c in columns] for r in rows]
        from ..domain.tsv import format_tsv  # csv: only when copying, not at start-up

        QGuiApplication.clipboard().setText(format_tsv(block))

    def clear_selection(self) -> None:
        model = self.report_model
        if model.document.read_only:
            return
        cells = [model.cell_id(i) for i in self._selected_value_indexes() if model.is_editable(i)]
        values: dict[str, CellValue | None] = {c: None for c in cells if c and model.document.report.get(c) is not None}
        if values:
            model.push_values(values, f"清除{len(values)}个单元格")

    def paste_text(self, text: str) -> bool:
        """Fill cells from the current one; any bad value refuses the whole paste and lists why."""
        from ..domain.editing import PastedText, check_paste  # imported at the first paste, not at start-up
        from ..domain.tsv import parse_tsv

        model = self.report_model
        block = parse_tsv(text)
        start = self.currentIndex()
        if not block or not start.isValid() or model.document.read_only:
            return False
        row0, column0 = start.row(), max(start.column(), model.label_columns)
        pasted = [
            PastedText(r + 1, c + 1, text, model.cell_id(model.index(row0 + r, column0 + c)))
            for r, cells in enumerate(block)
            for c, text in enumerate(cells)
        ]
        check = check_paste(model.document.report, pasted)
        if not check.ok:
            problems = check.problems
            shown = problems[:12] + ([f"……另有 {len(problems) - 12} 处"] if len(problems) > 12 else [])
            self.pasteRejected.emit("粘贴未执行，表格没有任何改动。以下单元格有问题：\n" + "\n".join(shown))
            return False
        if check.values:
            model.push_values(check.values, f"粘贴{len(block)}行×{max(len(r) for r in block)}列")
        height, width = len(block), max(len(r) for r in block)
        top_left, bottom_right = model.index(row0, column0), model.index(row0 + height - 1, column0 + width - 1)
        self.selectionModel().select(
            QItemSelection(top_left, bottom_right), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        return True
