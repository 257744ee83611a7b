"""The toolbar: the everyday commands of the menus (the same QActions), with icons and Chinese tooltips."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from .style import SVG_ICONS, icon

if TYPE_CHECKING:
    from .main_window import MainWindow


def _tip(action: QAction, text: str) -> str:
    """`text` and the action's shortcut, as the clerk would press it: 保存（Ctrl+S）."""
    shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text}（{shortcut}）" if shortcut else text


def _set_icon(window: MainWindow, action: QAction, name: str) -> None:
    if name in SVG_ICONS:  # rendering an SVG loads Qt's SVG plugin: not before the report is on screen
        window.after_first_paint(lambda: action.setIcon(icon(name)))
    else:
        action.setIcon(icon(name))


def build_toolbar(window: MainWindow) -> QToolBar:
    bar = QToolBar("常用工具栏", window)
    bar.setObjectName("main-toolbar")  # a name, so QMainWindow.saveState could keep its place
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)  # clerks read words, not pictograms
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
            _set_icon(window, action, icon_name)
            action.setIconText(label)  # the menus' text without its (&N) and …
            action.setToolTip(_tip(action, tip))
            bar.addAction(action)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar
