"""`--screenshot` (README pictures, visual checks) and `--quit-after-first-paint` (start-up benchmark)."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from .startup_trace import mark

SCREENSHOT_SIZE = (1280, 800)


def take_screenshot(window: QWidget, out: Path, tab: int, size: tuple[int, int] = SCREENSHOT_SIZE) -> int:
    """Save `window` at `size` (logical pixels; the picture is that times the scale factor)."""
    from .main_window import MainWindow

    window.resize(*size)
    if isinstance(window, MainWindow):
        window.tabs.setCurrentIndex(min(max(tab, 0), window.tabs.count() - 1))
    window.show()
    for _ in range(3):
        QApplication.processEvents()
    image = window.grab()
    ok = image.save(str(out))
    if isinstance(window, MainWindow):
        # A picture was asked for, not an editing session: closing must not ask to save (an imported
        # report is unsaved work) — nothing was changed here, and nothing is written but the picture.
        window.document.undo_stack.setClean()
    window.close()
    return 0 if ok else 1


class _FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, _painted)
            watched.removeEventFilter(self)
        return False


def _painted() -> None:
    mark("first paint done (quit after first paint)")
    # The wall-clock moment the first paint was done, for the benchmark (it knows when it started us).
    print(f"first-paint-epoch {time.time():.6f}", flush=True)
    QApplication.quit()


def quit_after_first_paint(window: QWidget) -> None:
    """Quit as soon as the window's first table has painted (the moment a clerk sees the report)."""
    from .app import requests_section
    from .main_window import MainWindow

    target: QWidget = window
    if isinstance(window, MainWindow):
        window.tabs.setCurrentIndex(window.tab_for_section(requests_section()))
        view = window.current_view()
        if view is not None:
            target = view.viewport()
    watcher = _FirstPaint(window)
    target.installEventFilter(watcher)
