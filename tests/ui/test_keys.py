"""Keys where Excel and Word put them: section switching from inside a table, menu shortcuts from text
fields, a year field that PageUp/PageDown cannot change, Enter back to where a run of Tabs began, and the
year a new report starts with."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gov_report_desktop.domain.calendar import report_year_for
from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.ui import main_window as main_window_module
from gov_report_desktop.ui.main_window import MainWindow
from gov_report_desktop.ui.meta_tab import MetaTab

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def table_three(qtbot, window: MainWindow):
    window.tabs.setCurrentIndex(window.tab_for_section(SectionKey.REQUESTS))
    view = window.table_view("t3")
    model = view.report_model
    view.setCurrentIndex(model.index_of("t3.new.natural"))
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    return view, model


def test_ctrl_pgdn_pgup_tab_and_alt_digits_switch_sections_from_a_table(qtbot, window: MainWindow) -> None:
    view, _ = table_three(qtbot, window)
    start = window.tabs.currentIndex()
    QTest.keyClick(view, Qt.Key.Key_PageDown, CTRL)
    assert window.tabs.currentIndex() == start + 1
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_PageUp, CTRL)
    assert window.tabs.currentIndex() == start
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Tab, CTRL)
    assert window.tabs.currentIndex() == start + 1
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentIndex() == 0
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentIndex() == 3


def test_every_tab_shows_its_alt_key(window: MainWindow) -> None:
    """Tabs have mnemonics: the digit of Alt+1…7 leads each label (underlined), the rest is the label."""
    tabs = window.tabs
    assert tabs.count() == 7
    for index in range(tabs.count()):
        text = tabs.tabText(index)
        assert text.startswith(f"&{index + 1} ")
        assert QKeySequence.mnemonic(text) == QKeySequence(f"Alt+{index + 1}")
        section = tabs.section_of(index)
        label = text.removeprefix(f"&{index + 1} ")
        if section is None:
            assert label == "基本信息"
        else:  # the section's number as the spec writes it (一、…六、), then the short name
            assert label.startswith(section.heading.split("、", 1)[0] + "、")
            assert tabs.tabToolTip(index).startswith(section.heading)


def test_alt_digits_work_from_a_text_field_and_every_time(qtbot, window: MainWindow) -> None:
    """Only the tab bar owns Alt+1…7: a second owner would make the key ambiguous (Qt warns, which
    fails the test, and the press goes to each owner in turn)."""
    qtbot.waitUntil(lambda: window.field_keys.started)
    window.tabs.setCurrentIndex(0)
    meta = window.tabs.widget(0)
    assert isinstance(meta, MetaTab)
    meta.agency.setFocus()
    qtbot.waitUntil(meta.agency.hasFocus)
    for _ in range(2):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_7, ALT)
        assert window.tabs.currentIndex() == 6
    for _ in range(2):
        QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_4, ALT)
        assert window.tabs.currentIndex() == 3


def test_ctrl_e_exports_while_the_cursor_is_in_the_agency_field(qtbot, window: MainWindow, monkeypatch) -> None:
    asked = []
    monkeypatch.setattr(window, "export_word", lambda *a: asked.append(True))
    window.export_action.triggered.disconnect()
    window.export_action.triggered.connect(window.export_word)
    qtbot.waitUntil(lambda: window.field_keys.started)  # from the first paint on
    window.tabs.setCurrentIndex(0)
    meta = window.tabs.widget(0)
    assert isinstance(meta, MetaTab)
    meta.agency.setFocus()
    qtbot.waitUntil(meta.agency.hasFocus)
    QTest.keyClick(meta.agency, Qt.Key.Key_E, CTRL)
    assert asked == [True]
    text = meta.agency.text()
    QTest.keyClick(meta.agency, Qt.Key.Key_A, CTRL)  # the field's own editing keys stay the field's
    assert meta.agency.selectedText() == text


def test_the_year_field_ignores_page_up_and_page_down(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.field_keys.started)  # from the first paint on
    window.tabs.setCurrentIndex(0)
    meta = window.tabs.widget(0)
    assert isinstance(meta, MetaTab)
    meta.year.setFocus()
    year = meta.year.value()
    QTest.keyClick(meta.year, Qt.Key.Key_PageDown)
    QTest.keyClick(meta.year, Qt.Key.Key_PageUp)
    QTest.keyClick(meta.year, Qt.Key.Key_PageUp)
    assert meta.year.value() == year
    assert window.document.report.meta.year == year
    QTest.keyClick(meta.year, Qt.Key.Key_PageDown, CTRL)  # the section key goes to the window instead
    assert window.tabs.currentIndex() == 1
    assert window.document.report.meta.year == year


def test_enter_after_a_run_of_tabs_returns_to_the_first_column(qtbot, window: MainWindow) -> None:
    view, model = table_three(qtbot, window)
    start = model.index_of("t3.new.natural")
    for text in ("5", "6", "7"):
        QTest.keyClicks(view.focusWidget() or view, text)
        editor = QApplication.focusWidget()
        QTest.keyClick(editor, Qt.Key.Key_Tab)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (start.row() + 1, start.column())
    QTest.keyClick(view, Qt.Key.Key_Tab)  # without editing too
    QTest.keyClick(view, Qt.Key.Key_Tab)
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (start.row() + 2, start.column())


def test_a_new_report_in_december_is_this_years(qtbot, monkeypatch) -> None:
    class December(date):
        @classmethod
        def today(cls) -> date:
            return date(2026, 12, 6)

    monkeypatch.setattr(main_window_module, "date", December)
    window = MainWindow(autosave=3600)
    qtbot.addWidget(window)
    assert window.document.report.meta.year == 2026 == report_year_for(December.today())


def test_typing_into_a_total_says_why_at_the_cell_until_the_next_key(qtbot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QToolTip

    from gov_report_desktop.ui.table_view import TOTAL_REFUSED

    view, model = table_three(qtbot, window)
    messages: list[str] = []
    view.editRejected.connect(messages.append)
    total = model.index_of("t3.new.total")
    view.setCurrentIndex(total)
    before = window.document.report.get("t3.new.total")
    QTest.keyClicks(view, "9")
    assert messages == [TOTAL_REFUSED]
    assert TOTAL_REFUSED in window.statusBar().currentMessage()
    assert QToolTip.isVisible()
    assert QToolTip.text() == TOTAL_REFUSED
    assert window.document.report.get("t3.new.total") == before
    QTest.keyClick(view, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)  # Qt hides it after a short fade
