"""Keys where Excel and Word put them: Ctrl+Tab / Ctrl+PgDn / Ctrl+PgUp and Alt+1…7 switch sections from
anywhere (inside a table too); the menus' shortcuts work while the cursor is in a text field (Ctrl+E in
机关名称: Linux line edits take Ctrl+E as "end of line"); the 报告年度 field ignores PageUp/PageDown, so a
year never jumps by four on a stray key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from .main_window import MainWindow

# A text field's own editing keys stay the field's (undo of typing, copy of the selected words).
_FIELD_KEYS = (
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.SelectAll,
)


def section_actions(window: MainWindow) -> list[QAction]:
    """Next / previous section, added to the window so they work from any widget in it. Alt+1…7 are the
    tabs' own mnemonics (基本信息(&1) …, see `section_tabs.mnemonic_label`): an action on the same keys
    would make them ambiguous, and neither would fire."""
    tabs = window.tabs

    def step(by: int) -> None:
        tabs.setCurrentIndex((tabs.currentIndex() + by) % tabs.count())

    actions = []
    for keys, by in ((("Ctrl+Tab", "Ctrl+PgDown"), 1), (("Ctrl+Shift+Tab", "Ctrl+PgUp"), -1)):
        action = QAction("下一部分" if by > 0 else "上一部分", window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(lambda _=False, by=by: step(by))
        actions.append(action)
    for action in actions:
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        window.addAction(action)
    return actions


class FieldKeys(QObject):
    """Installed on the window's text fields: menu shortcuts win over a field's own use of the key (not
    its editing keys), and spin boxes ignore PageUp/PageDown."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._started = False

    @property
    def started(self) -> bool:
        return self._started

    def start(self, root: QWidget) -> None:
        """Watch from now on (right after the first paint: the text fields' types stay unbuilt before it)."""
        self._started = True
        self.watch(root)

    def watch(self, root: QWidget) -> None:
        if not self._started:
            return
        from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPlainTextEdit, QTextEdit

        for widget in root.findChildren(QWidget):
            if isinstance(widget, (QLineEdit, QAbstractSpinBox, QPlainTextEdit, QTextEdit)):
                widget.installEventFilter(self)

    def _is_window_shortcut(self, event: QKeyEvent) -> bool:
        if any(event.matches(k) for k in _FIELD_KEYS):
            return False
        pressed = QKeySequence(event.keyCombination())
        return any(
            shortcut.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
            for action in self._window.findChildren(QAction)
            if action.isEnabled()
            for shortcut in action.shortcuts()
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self._is_window_shortcut(event):
            event.ignore()  # not claimed by the field: the window's shortcut runs
            return True
        if kind != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        from PySide6.QtWidgets import QAbstractSpinBox

        # Swallowed before the spin box sees it: only typing and the arrows change a year.
        return isinstance(watched, QAbstractSpinBox) and event.key() in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
