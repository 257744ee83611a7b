"""The window on office monitors (1024×768 up to 1920×1080, 100–150 % scaling): the findings panel
narrows on a small screen so the tables and every tab label keep their room."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar, QWidget

# Below this window width (logical pixels) the panel takes a fixed narrow share; above it, up to WIDE_PANEL.
NARROW_WINDOW = 1280
NARROW_SHARE = 0.18
WIDE_PANEL = 420
# The style gives each tab 24 px around its label (Fusion's PM_TabBarTabHSpace); when the tabs would not
# fit, each gives back up to this much of it before any hides behind the scroll arrows.
TAB_PADDING_GIVEN_BACK = 14


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


class FittingTabBar(QTabBar):
    """Tabs with their natural padding while they fit; in a narrow window (1024×768 beside the findings
    panel) each gives back some of it, so every label — key and counts included — stays visible."""

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        owner.installEventFilter(self)

    def tabSizeHint(self, index: int) -> QSize:
        size = super().tabSizeHint(index)
        excess = self._excess()
        if excess > 0:
            size.setWidth(size.width() - min(TAB_PADDING_GIVEN_BACK, -(-excess // self.count())))
        return size

    def fits(self) -> bool:
        """Whether every tab shows whole once each has given back what padding it may."""
        return self._excess() <= TAB_PADDING_GIVEN_BACK * self.count()

    def _excess(self) -> int:
        owner = self.parentWidget()
        available = owner.width() if owner is not None else self.width()
        return sum(super(FittingTabBar, self).tabSizeHint(i).width() for i in range(self.count())) - available

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            # Lay the tabs out again for the new width before the tab widget places the bar (Qt has no
            # public "invalidate"; setting the elide mode re-lays them out).
            self.setElideMode(self.elideMode())
        return False
