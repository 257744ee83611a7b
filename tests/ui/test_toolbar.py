"""The toolbar: the menus' own everyday actions, with icons and Chinese tooltips."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolBar, QToolButton

from gov_report_desktop.ui.main_window import MainWindow
from gov_report_desktop.ui.style import icon


def test_the_toolbar_offers_the_menus_actions(qtbot, window: MainWindow) -> None:
    bars = window.findChildren(QToolBar)
    assert bars == [window.toolbar]
    shown = [a for a in window.toolbar.actions() if not a.isSeparator()]
    assert shown == [
        window.new_action,
        window.open_action,
        window.save_action,
        window.undo_action,
        window.redo_action,
        window.export_action,
        window.next_error_action,
    ]
    menu_actions = {a for menu in window.menuBar().actions() if menu.menu() for a in menu.menu().actions()}
    assert set(shown) <= menu_actions  # the same QActions, not copies
    # The icons come after the first paint (tests/ui/test_startup.py); a blank of the same size holds the place.
    icons = dict(zip(shown, ["new", "open", "save", "undo", "redo", "export", "error"], strict=True))
    qtbot.waitUntil(lambda: window.next_error_action.icon().cacheKey() == icon("error").cacheKey())
    for action in shown:
        assert action.icon().cacheKey() == icon(icons[action]).cacheKey(), action.text()
        assert not action.icon().isNull(), action.text()
        assert action.toolTip().startswith(("新建", "打开", "保存", "撤销", "重做", "按国办", "转到")), action.toolTip()
    assert window.save_action.toolTip() == "保存年报（Ctrl+S）"
    assert window.next_error_action.toolTip() == "转到下一个错误（F8）"


def test_toolbar_buttons_run_the_commands(qtbot, window: MainWindow) -> None:
    button = window.toolbar.widgetForAction(window.undo_action)
    assert isinstance(button, QToolButton)
    assert not button.isEnabled()  # nothing to undo: greyed, as the menu item is
    model = window.table_view("t3").report_model
    index = model.index_of("t3.new.natural")
    before = model.data(index)
    assert model.setData(index, "987")
    QApplication.processEvents()
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert model.data(index) == before
    redo = window.toolbar.widgetForAction(window.redo_action)
    assert isinstance(redo, QToolButton)
    qtbot.mouseClick(redo, Qt.MouseButton.LeftButton)
    assert model.data(index) == "987"


def test_button_labels_are_short(window: MainWindow) -> None:
    labels = [a.iconText() for a in window.toolbar.actions() if not a.isSeparator()]
    assert labels == ["新建", "打开", "保存", "撤销", "重做", "导出Word", "下一个错误"]
    assert window.new_action.text() == "新建(&N)…"  # the menu keeps its mnemonic


def test_the_toolbar_keeps_its_height_when_the_icons_arrive(qtbot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    size = window.toolbar.iconSize()
    placeholder = window.save_action.icon()
    assert not placeholder.isNull()
    assert placeholder.cacheKey() != icon("save").cacheKey()  # not built before the first paint
    assert placeholder.availableSizes() == [size]
    window.show()
    height = window.toolbar.height()
    qtbot.waitUntil(lambda: window.save_action.icon().cacheKey() == icon("save").cacheKey())
    qtbot.wait(20)
    assert window.toolbar.height() == height
