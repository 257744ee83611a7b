"""The toolbar: the everyday commands of the menus (the same QActions), with icons and Chinese tooltips."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QToolBar

from .style import icon

if TYPE_CHECKING:
    from .main_window import MainWindow


def _tip(action: QAction, text: str) -> str:
    """`text` and the action's shortcut, as the clerk would press it: 保存（Ctrl+S）."""
    shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text}（{shortcut}）" if shortcut else text


def _set_icon(window: MainWindow, action: QAction, name: str, placeholder: QIcon) -> None:
    """The icon comes after the first paint: an SVG loads Qt's SVG plugin, a standard icon makes PySide build
    the large QStyle.StandardPixmap enum (~10 ms together). Until then a transparent icon of the same size
    holds its place, so the toolbar does not change height when the icons arrive."""
    action.setIcon(placeholder)
    window.after_first_paint(lambda: action.setIcon(icon(name)))


def _placeholder(size: QSize) -> QIcon:
    blank = QPixmap(size)
    blank.fill(Qt.GlobalColor.transparent)
    return QIcon(blank)


def build_toolbar(window: MainWindow) -> QToolBar:
    bar = QToolBar("常用工具栏", window)
    bar.setObjectName("main-toolbar")  # a name, so QMainWindow.saveState could keep its place
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)  # clerks read words, not pictograms
    placeholder = _placeholder(bar.iconSize())
    groups: list[list[tuple[QAction, str, str, str]]] = [
        [
            (window.new_action, "new", "新建", "新建一份年报"),
            (window.open_action, "open", "打开", "打开年报项目、Word 或网页文件"),
            (window.save_action, "save", "保存", "保存年报"),
        ],
        [
            (window.undo_action, "undo", "撤销", "撤销上一步修改"),
            (window.redo_action, "redo", "重做", "重做撤销的修改"),
        ],
        [
            (window.export_action, "export", "导出Word", "按国办统一格式导出 Word 文件"),
            (window.next_error_action, "error", "下一个错误", "转到下一个错误"),
        ],
    ]
    for number, group in enumerate(groups):
        if number:
            bar.addSeparator()
        for action, icon_name, label, tip in group:
            _set_icon(window, action, icon_name, placeholder)
            action.setIconText(label)  # the menus' text without its (&N) and …
            action.setToolTip(_tip(action, tip))
            bar.addAction(action)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar
