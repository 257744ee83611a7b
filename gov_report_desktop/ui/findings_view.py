"""The findings list's widgets: one line per finding (the full text on hover and below the list), and the
本部分 / 全部 switch.

Imported when the panel first shows findings (right after the window's first paint): PySide builds each
Python type, with all its enums, the first time it is touched."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QHeaderView, QToolButton, QTreeWidget, QWidget

SCOPE_SECTION = "本部分"
SCOPE_ALL = "全部"


class FindingsTree(QTreeWidget):
    """Groups (错误, 警告, 提示, 已确认) with one elided line per finding, so the errors stay in view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setIndentation(12)
        self.setWordWrap(False)
        self.setUniformRowHeights(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setStretchLastSection(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


class ScopeSwitch(QWidget):
    """本部分 (the findings of the tab in front) or 全部; `changed(bool)` says whether all are shown."""

    changed = Signal(bool)

    def __init__(self, show_all: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(self)
        self.section_button = self._button(f"{SCOPE_SECTION}(&B)", "只列出当前标签页的问题", group, layout)
        self.all_button = self._button(f"{SCOPE_ALL}(&Q)", "列出全部问题", group, layout)
        layout.addStretch(1)
        (self.all_button if show_all else self.section_button).setChecked(True)
        self.all_button.toggled.connect(self.changed)

    @staticmethod
    def _button(text: str, tip: str, group: QButtonGroup, layout: QHBoxLayout) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(True)
        button.setAutoRaise(True)
        group.addButton(button)
        layout.addWidget(button)
        return button

    @property
    def shows_all(self) -> bool:
        return self.all_button.isChecked()
