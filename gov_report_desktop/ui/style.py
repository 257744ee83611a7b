"""Colours, icons and fonts shared by the widgets (one place, so the look stays consistent)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication

from ..domain.rules import Severity
from ..resources import resource_path

DERIVED_BACKGROUND = QColor("#e8eef7")  # totals: computed, read-only
DERIVED_FOREGROUND = QColor("#1f3a68")
LABEL_BACKGROUND = QColor("#f4f4f1")
HEADER_BACKGROUND = QColor("#ecebe6")
GRID_COLOUR = QColor("#9a9a92")
ACKNOWLEDGED_BORDER = QColor("#7a8a7a")

SEVERITY_BACKGROUND = {
    Severity.ERROR: QColor("#fbd9d6"),
    Severity.WARNING: QColor("#fcefc4"),
    Severity.INFO: QColor("#dcecf9"),
}
SEVERITY_BORDER = {
    Severity.ERROR: QColor("#c0261b"),
    Severity.WARNING: QColor("#b07800"),
    Severity.INFO: QColor("#2f6fb0"),
}

_ICON_FILES = {
    "error": "error.svg",
    "warning": "warning.svg",
    "info": "info.svg",
    "acknowledged": "acknowledged.svg",
    "app": "app.svg",
}
# Names in QStyle.StandardPixmap, looked up only when an icon file is missing (the enum is large and
# PySide builds it on first use, which would cost start-up time for nothing).
_FALLBACK = {
    "error": "SP_MessageBoxCritical",
    "warning": "SP_MessageBoxWarning",
    "info": "SP_MessageBoxInformation",
    "acknowledged": "SP_DialogApplyButton",
    "app": "SP_FileDialogDetailedView",
    # The toolbar's commands have no files of their own: the style's icons look native on every desktop.
    "new": "SP_FileIcon",
    "open": "SP_DialogOpenButton",
    "save": "SP_DialogSaveButton",
    "undo": "SP_ArrowBack",
    "redo": "SP_ArrowForward",
    "export": "SP_FileDialogDetailedView",
}


APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


@cache
def icon(name: str) -> QIcon:
    """An SVG icon from resources/icons (crisp at any DPI), or Qt's standard icon if it is missing.
    The app icon, set before the first paint, comes from its PNG sizes: rendering an SVG loads Qt's SVG
    plugin, which nothing else needs before the rules have run."""
    if name == "app":
        pngs = [resource_path("icons", f"app-{size}.png") for size in APP_ICON_SIZES]
        if all(p.exists() for p in pngs):
            app_icon = QIcon()
            for png in pngs:
                app_icon.addFile(str(png))
            return app_icon
    path = resource_path("icons", _ICON_FILES.get(name, f"{name}.svg"))
    if path.exists():
        loaded = QIcon(str(path))
        if not loaded.pixmap(QSize(16, 16)).isNull():
            return loaded
    from PySide6.QtWidgets import QStyle  # PySide creates this big type on first use: only when needed

    return QApplication.style().standardIcon(getattr(QStyle.StandardPixmap, _FALLBACK[name]))


def severity_icon(severity: Severity) -> QIcon:
    return icon(severity.value)
