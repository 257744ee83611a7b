"""The cell editor: a line edit that refuses bad input with the Chinese message, never storing it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ..domain.values import ParseResult
from .table_model import ReportTableModel

AnyIndex = QModelIndex | QPersistentModelIndex
_COMMIT_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab}
INVALID_STYLE = "QLineEdit { border: 2px solid #c0261b; background: #fff1f0; }"


class CellDelegate(QStyledItemDelegate):
    """Commits on Enter/Tab only when `parse_cell_text` accepts the text; then asks the view to move."""

    editRejected = Signal(str)
    moveRequested = Signal(object, int, int)  # index, rows, columns (Excel: Enter ↓, Tab →)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editing: dict[QWidget, QPersistentModelIndex] = {}
        self._checked: dict[QWidget, tuple[str, ParseResult]] = {}  # text accepted on Enter/Tab, read once

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._editing[editor] = QPersistentModelIndex(index)
        editor.destroyed.connect(lambda: (self._editing.pop(editor, None), self._checked.pop(editor, None)))
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: object, index: AnyIndex) -> None:
        # Focus leaving an editor with bad text also ends here: the model refuses it and says why.
        if isinstance(editor, QLineEdit) and isinstance(model, ReportTableModel):
            checked = self._checked.pop(editor, None)
            if checked is not None and checked[0] == editor.text():
                model.set_parsed(index, checked[1])  # read once, when Enter/Tab committed it
            else:
                model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def editor_index(self, editor: QWidget) -> QPersistentModelIndex | None:
        return self._editing.get(editor)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QLineEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _COMMIT_KEYS
        ):
            return self._commit(watched, event.key())
        return super().eventFilter(watched, event)

    def _commit(self, editor: QLineEdit, key: int) -> bool:
        index = self._editing.get(editor)
        model = index.model() if index is not None else None
        if index is None or not isinstance(model, ReportTableModel):
            return False
        result = model.validate(index, editor.text())
        if result.error is not None:
            editor.setStyleSheet(INVALID_STYLE)
            editor.setToolTip(result.error)
            # No popup: a tooltip window would take the focus and so end the edit; the window shows
            # the message in its status bar instead.
            self.editRejected.emit(result.error)
            return True  # the editor stays open with the text, so the clerk can correct it
        self._checked[editor] = (editor.text(), result)
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        rows, columns = {
            Qt.Key.Key_Return: (1, 0),
            Qt.Key.Key_Enter: (1, 0),
            Qt.Key.Key_Tab: (0, 1),
            Qt.Key.Key_Backtab: (0, -1),
        }[Qt.Key(key)]
        self.moveRequested.emit(model.index(index.row(), index.column()), rows, columns)
        return True
