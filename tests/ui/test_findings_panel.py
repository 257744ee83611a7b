"""The findings panel shows every message in full: wrapped to the panel's width, rows as tall as needed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QTreeWidgetItem

from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.domain.rules import Severity
from gov_report_desktop.ui.findings_dock import FINDING_ROLE
from gov_report_desktop.ui.findings_view import WrappingDelegate
from gov_report_desktop.ui.main_window import MainWindow


def break_r1(window: MainWindow) -> None:
    model = window.table_view("t3").report_model
    assert model.setData(model.index_of("t3.new.natural"), "9")
    window.refresh_panels()


def longest_item(window: MainWindow) -> QTreeWidgetItem:
    return max(window.findings.items(), key=lambda item: len(item.text(0)))


def test_long_messages_wrap_instead_of_being_cut(qtbot, window: MainWindow) -> None:
    break_r1(window)
    window.findings.setMinimumWidth(260)
    window.resizeDocks([window.findings], [260], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: window.findings.tree.viewport().width() < 300)
    tree = window.findings.tree
    item = longest_item(window)
    finding = item.data(0, FINDING_ROLE)
    assert finding.message in item.text(0)  # the whole message, never shortened
    line = QFontMetrics(tree.font()).height()
    rect = tree.visualItemRect(item)
    assert rect.height() >= 3 * line  # several lines, not one line ending in "…"
    assert rect.right() <= tree.viewport().width()
    assert not tree.horizontalScrollBar().isVisible()
    assert isinstance(tree.itemDelegate(), WrappingDelegate)


def test_rows_are_measured_again_when_the_panel_widens(qtbot, window: MainWindow) -> None:
    break_r1(window)
    tree = window.findings.tree
    item = longest_item(window)
    tree.resize(260, 600)
    qtbot.waitUntil(lambda: tree.viewport().width() <= 260)
    narrow = tree.visualItemRect(item).height()
    tree.resize(900, 600)
    qtbot.waitUntil(lambda: tree.visualItemRect(item).height() < narrow)


def test_grouping_icons_click_and_acknowledge_still_work(qtbot, window: MainWindow) -> None:
    break_r1(window)
    tree = window.findings.tree
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert any(g.startswith("三、") for g in groups)
    error = next(i for i in window.findings.items() if i.data(0, FINDING_ROLE).severity is Severity.ERROR)
    assert not error.icon(0).isNull()
    tree.setCurrentItem(error)
    tree.itemClicked.emit(error, 0)
    assert window.tabs.currentIndex() == window.tab_for_section(SectionKey.REQUESTS)
    view = window.table_view("t3")
    assert view.selectionModel().isSelected(view.report_model.index_of("t3.new.natural"))
    assert not window.findings.acknowledge_button.isEnabled()  # errors cannot be acknowledged
