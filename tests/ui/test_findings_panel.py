"""The findings list leads: errors first, then warnings, then notes (by section within each), one line
per finding with the full text on hover and below the list, 本部分 / 全部, and F8 / Shift+F8."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.domain.rules import Finding, Severity
from gov_report_desktop.ui.findings_dock import FINDING_ROLE
from gov_report_desktop.ui.main_window import MainWindow


def break_r1(window: MainWindow, cell: str = "t3.new.natural", value: str = "9") -> None:
    model = window.table_view("t3").report_model
    assert model.setData(model.index_of(cell), value)
    window.refresh_panels()


def blank_t2_cells(window: MainWindow) -> None:
    """Warnings in 表二 (a section before 表三): they must not push 表三's errors down."""
    model = window.table_view("t2_1").report_model
    for row in range(model.rowCount()):
        for column in range(model.label_columns, model.columnCount()):
            index = model.index(row, column)
            if model.is_editable(index):
                model.setData(index, "")
    window.refresh_panels()


def listed(window: MainWindow) -> list[Finding]:
    return [item.data(0, FINDING_ROLE) for item in window.findings.items()]


def test_errors_come_first_then_warnings_by_section(qtbot, window: MainWindow) -> None:
    window.document.check_for_export()  # blank cells are warnings only once an export was asked for
    blank_t2_cells(window)
    break_r1(window)
    findings = listed(window)
    severities = [f.severity.rank for f in findings]
    assert findings[0].severity is Severity.ERROR
    assert severities == sorted(severities)
    order = [s.key for s in window.document.edition.sections]
    warnings = [window.document.section_of(f) for f in findings if f.severity is Severity.WARNING]
    assert any(s == SectionKey.PROACTIVE for s in warnings)
    assert SectionKey.REQUESTS in warnings
    assert [order.index(s) for s in warnings if s in order] == sorted(order.index(s) for s in warnings if s in order)
    tree = window.findings.tree
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert groups[0].startswith("错误（")
    assert groups[1].startswith("警告（")


def test_one_line_per_finding_full_text_on_hover_and_selection(qtbot, window: MainWindow) -> None:
    break_r1(window)
    window.resizeDocks([window.findings], [200], Qt.Orientation.Horizontal)
    tree = window.findings.tree
    item = next(i for i in window.findings.items() if i.data(0, FINDING_ROLE).rule == "R1")
    finding = item.data(0, FINDING_ROLE)
    line = QFontMetrics(tree.font()).height()
    assert tree.visualItemRect(item).height() < 2 * line  # one line, however long the message
    assert finding.message in item.toolTip(0)
    tree.setCurrentItem(item)
    assert finding.message in window.findings.detail_text


def test_the_list_follows_the_tab_in_section_mode(qtbot, window: MainWindow) -> None:
    blank_t2_cells(window)
    break_r1(window)
    dock = window.findings
    dock.show_all(False)
    window.tabs.setCurrentIndex(window.tab_for_section(SectionKey.REQUESTS))
    assert listed(window)
    assert all(window.document.section_of(f) == SectionKey.REQUESTS for f in listed(window))
    window.tabs.setCurrentIndex(window.tab_for_section(SectionKey.PROACTIVE))
    assert listed(window)
    assert all(window.document.section_of(f) == SectionKey.PROACTIVE for f in listed(window))
    dock.show_all(True)
    assert {window.document.section_of(f) for f in listed(window)} >= {SectionKey.PROACTIVE, SectionKey.REQUESTS}


def test_clicking_an_error_selects_its_cell(qtbot, window: MainWindow) -> None:
    break_r1(window)
    error = next(i for i in window.findings.items() if i.data(0, FINDING_ROLE).severity is Severity.ERROR)
    assert not error.icon(0).isNull()
    window.findings.tree.setCurrentItem(error)
    window.findings.tree.itemClicked.emit(error, 0)
    assert window.tabs.currentIndex() == window.tab_for_section(SectionKey.REQUESTS)
    view = window.table_view("t3")
    assert view.selectionModel().isSelected(view.report_model.index_of("t3.new.natural"))
    assert not window.findings.acknowledge_button.isEnabled()  # errors cannot be acknowledged


def test_f8_and_shift_f8_go_through_the_errors_from_anywhere(qtbot, window: MainWindow) -> None:
    break_r1(window)
    break_r1(window, "t3.new.research", "4")
    errors = [f for f in listed(window) if f.severity is Severity.ERROR]
    assert len(errors) >= 2
    meta = window.tabs.widget(0)
    meta.setFocus()  # 基本信息: the cursor is in a form, not in a table
    QApplication.processEvents()
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F8)
    first = window.findings.current_finding()
    assert first == errors[0]
    view = window.table_view("t3")
    assert view.selectionModel().isSelected(view.report_model.index_of(first.cells[0]))
    assert first.message in window.statusBar().currentMessage()
    QTest.keyClick(view, Qt.Key.Key_F8)  # from inside the table
    assert window.findings.current_finding() == errors[1]
    QTest.keyClick(view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.findings.current_finding() == errors[0]
