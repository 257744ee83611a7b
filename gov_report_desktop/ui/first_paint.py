"""Start-up plumbing: run things once the window has painted, not before."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

# After the first paint of the tab area the rest of the window (table viewports, dock) still paints;
# services and hidden tabs start a little later so they never delay what the clerk is about to see.
AFTER_PAINT_DELAY_MS = 100


class FirstPaintHook(QObject):
    """Calls `callback` once, as the watched widget starts its first paint."""

    def __init__(self, watched: QWidget, callback: Callable[[], object]) -> None:
        super().__init__(watched)
        self._callback = callback
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._callback()
        return False


def move_first_paint_hook(source: QWidget, target: QWidget) -> None:
    """A first paint still awaited on `source` (hidden now) is awaited on `target` instead."""
    for hook in source.findChildren(FirstPaintHook, options=Qt.FindChildOption.FindDirectChildrenOnly):
        source.removeEventFilter(hook)
        FirstPaintHook(target, hook._callback)
        hook.deleteLater()


def in_two_turns(receiver: QObject, callback: Callable[[], object]) -> None:
    """Run `callback` from the event loop after everything already queued, and what that queues at once
    (the rest of the window's first paint, the start-up benchmark's timestamp)."""
    QTimer.singleShot(0, receiver, lambda: QTimer.singleShot(0, receiver, callback))
