"""The window on office monitors (1024×768 up to 1920×1080, 100–150 % scaling): the findings panel
narrows on a small screen so the tables and every tab label keep their room."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabWidget

# Below this window width (logical pixels) the panel takes a fixed narrow share; above it, up to WIDE_PANEL.
NARROW_WINDOW = 1280
NARROW_SHARE = 0.18
WIDE_PANEL = 420


def panel_width(window_width: int) -> int:
    """The findings panel's widest allowed size for a window `window_width` wide."""
    if window_width < NARROW_WINDOW:
        return max(160, int(window_width * NARROW_SHARE))
    return min(WIDE_PANEL, int(window_width * 0.25))


class PanelFit(QObject):
    """Keeps `dock` within `panel_width` of its window whenever the window is resized."""

    def __init__(self, window: QMainWindow, dock: QDockWidget) -> None:
        super().__init__(window)
        self._window = window
        self._dock = dock
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self.apply()
        return False

    def apply(self) -> None:
        widest = panel_width(self._window.width())
        self._dock.setMaximumWidth(widest)
        if self._dock.width() > widest or self._window.width() < NARROW_WINDOW:
            self._window.resizeDocks([self._dock], [widest], Qt.Orientation.Horizontal)


def tabs_fit(tabs: QTabWidget) -> bool:
    """Whether every tab of `tabs` shows whole, without scroll arrows."""
    bar = tabs.tabBar()
    return sum(bar.tabSizeHint(i).width() for i in range(bar.count())) <= tabs.width()
