"""The start page (issue 13): shown when the window starts without a file, never with one; 新建年报 with the
year of the season, the report type's due date (settable, remembered) and the days left; recent files with
机关名称 and 报告年度 that survive missing and broken files; the example; keys; 1024×768."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QStackedWidget, QWidget

from gov_report_desktop.domain.model import Report
from gov_report_desktop.resources import example_path
from gov_report_desktop.storage.projectfile import save_report
from gov_report_desktop.ui import meta_tab as meta_tab_module
from gov_report_desktop.ui import start_page as start_page_module
from gov_report_desktop.ui.app import open_first_window
from gov_report_desktop.ui.deadline import DeadlineSettings
from gov_report_desktop.ui.main_window import MainWindow
from gov_report_desktop.ui.meta_tab import MetaTab
from gov_report_desktop.ui.recent_files import MISSING, UNREADABLE
from gov_report_desktop.ui.start_page import GREY, TITLE, StartPage
from tests.ui.test_app import run_app

DECEMBER = date(2026, 12, 6)
ALT = Qt.KeyboardModifier.AltModifier


def start_page(window: MainWindow) -> StartPage:
    page = window.findChild(StartPage)
    assert page is not None
    return page


def on_start_page(window: MainWindow) -> bool:
    page = window.findChild(StartPage)
    return page is not None and page.showing and page.stack.currentWidget() is page


@pytest.fixture
def blank_window(qtbot) -> MainWindow:
    """A window as a start without a file builds it, on the start page on 6 December 2026."""
    window = MainWindow(autosave=3600)
    qtbot.addWidget(window)
    window.show_start_page(today=DECEMBER)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def saved(tmp_path: Path, name: str, agency: str, year: int) -> Path:
    path = tmp_path / name
    save_report(Report.new(year, agency), path)
    return path


# -- when it shows ------------------------------------------------------------------------------------


def test_a_start_without_a_file_shows_the_start_page_and_hides_the_empty_reports_warnings(qtbot) -> None:
    window, opened = open_first_window(None, 3600)
    qtbot.addWidget(window)
    assert opened
    assert on_start_page(window)
    assert window.windowTitle().startswith(TITLE)
    window.show()
    qtbot.waitUntil(lambda: window._autosaver is not None, timeout=5000)  # the first paint was the page's
    assert window.findings.isHidden()  # no wall of warnings about a report nobody has begun
    assert not window.save_action.isEnabled()
    assert not window.export_action.isEnabled()
    assert not window.next_error_action.isEnabled()
    assert window.new_action.isEnabled()
    assert window.open_action.isEnabled()
    assert start_page(window).new_button.hasFocus()
    assert not start_page(window).back_button.isVisible()  # nothing to go back to


def test_a_start_with_a_file_or_a_window_built_in_code_has_no_start_page(qtbot, putuo_copy: Path) -> None:
    window, opened = open_first_window(putuo_copy, 3600)
    qtbot.addWidget(window)
    assert opened
    assert window.findChild(StartPage) is None
    assert window.centralWidget() is window.tabs
    plain = MainWindow(autosave=3600)
    qtbot.addWidget(plain)
    assert plain.findChild(StartPage) is None
    assert plain.centralWidget() is plain.tabs


def test_screenshot_without_a_file_shows_the_start_page(tmp_path: Path) -> None:
    out = tmp_path / "起始页.png"
    done = run_app(["--screenshot", str(out), "--size", "1024x768"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# -- 新建年报 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "year", "edition"),
    [
        (date(2026, 12, 6), 2026, "2021版"),  # December: this year's report, due next January
        (date(2027, 1, 20), 2026, "2021版"),  # January: still last year's
        (date(2026, 6, 15), 2025, "2021版"),  # June: last year's (late or corrected)
    ],
)
def test_the_year_is_the_seasons(qtbot, today: date, year: int, edition: str) -> None:
    window = MainWindow(autosave=3600)
    qtbot.addWidget(window)
    window.show_start_page(today=today)
    page = start_page(window)
    assert page.year.value() == year
    assert page.edition_note.text().startswith(edition)


def test_new_creates_a_report_of_the_chosen_year_and_its_edition(qtbot, blank_window: MainWindow) -> None:
    page = start_page(blank_window)
    page.year.setValue(2020)
    assert page.edition_note.text().startswith("2019版")  # the edition follows the year, as everywhere
    blank_window.importing = True  # as 文件 → 新建: not while a published report is being read in
    assert not page.new_report()
    blank_window.importing = False
    QTest.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    meta = blank_window.document.report.meta
    assert (meta.year, meta.edition) == (2020, "2019")
    assert not on_start_page(blank_window)
    assert blank_window.tabs.isVisible()
    assert not blank_window.findings.isHidden()
    assert blank_window.save_action.isEnabled()
    assert blank_window.export_action.isEnabled()
    assert TITLE not in blank_window.windowTitle()
    page.year.setValue(2026)  # and a year of the 2021 format, from 文件 → 起始页
    blank_window.start_page_action.trigger()
    assert on_start_page(blank_window)
    QTest.keyClick(page.new_button, Qt.Key.Key_Return)
    assert (blank_window.document.report.meta.year, blank_window.document.report.meta.edition) == (2026, "2021")


def test_file_new_from_the_start_page_goes_to_the_report(qtbot, blank_window: MainWindow, dialogs) -> None:
    dialogs.int_answers.append((2025, True))
    blank_window.new_action.trigger()
    assert blank_window.document.report.meta.year == 2025
    assert not on_start_page(blank_window)


def test_new_from_the_start_page_asks_about_unsaved_work(qtbot, window: MainWindow, dialogs) -> None:
    model = window.table_view("t3").report_model
    assert model.setData(model.index_of("t3.open.research"), "4")
    window.show_start_page(today=DECEMBER)
    page = start_page(window)
    assert page.back_button.isVisible()
    dialogs.message_answers.append("取消")
    assert not page.new_report()
    assert on_start_page(window)
    assert window.document.is_modified  # the work is still there
    dialogs.message_answers.append("不保存")
    assert page.new_report()
    assert window.document.report.meta.year == 2026
    assert window.document.report.meta.agency == "上海市普陀区民政局"  # as 文件 → 新建 keeps it
    assert "是否保存？" in dialogs.texts()


def test_the_start_page_and_back_with_escape(qtbot, window: MainWindow) -> None:
    title = window.windowTitle()
    window.start_page_action.trigger()
    page = start_page(window)
    assert on_start_page(window)
    assert window.windowTitle() == f"{TITLE} — 政府信息公开年报助手"
    assert window.findings.isHidden()
    QTest.keyClick(page.new_button, Qt.Key.Key_Escape)
    assert not on_start_page(window)
    assert window.windowTitle() == title
    assert not window.findings.isHidden()
    assert window.save_action.isEnabled()


# -- due date -----------------------------------------------------------------------------------------


def test_the_due_date_of_an_agencys_report_and_the_days_left(qtbot, blank_window: MainWindow) -> None:
    page = start_page(blank_window)
    assert page.kind.currentText() == "本机关年报：次年1月31日"
    assert page.due.date() == QDate(2027, 1, 31)
    assert page.days_left.text() == "距报送期限还有 56 天"
    assert not page.reset_due.isVisible()
    page.kind.setCurrentIndex(1)
    page.kind.activated.emit(1)
    assert page.due.date() == QDate(2027, 2, 20)
    assert DeadlineSettings(QSettings()).kind().key == "county"  # remembered


def test_a_local_due_date_is_set_remembered_and_kept_for_other_years(qtbot, blank_window: MainWindow) -> None:
    page = start_page(blank_window)
    page.due.setDate(QDate(2027, 1, 15))
    assert page.days_left.text() == "距报送期限还有 40 天（本地规定的期限）"
    assert page.reset_due.isVisible()
    page.year.setValue(2027)
    assert page.due.date() == QDate(2028, 1, 15)  # the local day, next year too
    other = MainWindow(autosave=3600)  # another window, as after a restart: read from the settings
    qtbot.addWidget(other)
    other.show_start_page(today=DECEMBER)
    assert start_page(other).due.date() == QDate(2027, 1, 15)
    QTest.mouseClick(page.reset_due, Qt.MouseButton.LeftButton)
    assert page.due.date() == QDate(2028, 1, 31)
    assert DeadlineSettings(QSettings()).local_due(page.current_kind()) is None


def test_a_hand_edited_due_setting_falls_back_to_the_statutory_day(qtbot) -> None:
    settings = QSettings()
    settings.setValue("deadline/kind", "no-such-kind")
    settings.setValue("deadline/agency", "2-30")
    deadline = DeadlineSettings(settings)
    assert deadline.kind().key == "agency"
    assert deadline.due(deadline.kind()) == (1, 31)


# -- recent files and the example ---------------------------------------------------------------------


def test_recent_files_show_agency_and_year_and_survive_missing_and_broken_files(qtbot, tmp_path: Path, dialogs) -> None:
    good = saved(tmp_path, "普陀.govreport", "上海市普陀区民政局", 2020)
    broken = tmp_path / "坏.govreport"
    broken.write_text("{not json", encoding="utf-8")
    published = tmp_path / "2024年报.docx"
    published.write_bytes(b"PK")
    gone = tmp_path / "已删除.govreport"
    QSettings().setValue("recentFiles", [str(good), str(gone), str(broken), str(published)])
    window = MainWindow(autosave=3600)
    qtbot.addWidget(window)
    window.show_start_page(today=DECEMBER)
    tree = start_page(window).recent
    rows = [[tree.topLevelItem(r).text(c) for c in range(2)] for r in range(tree.topLevelItemCount())]
    assert rows == [
        ["上海市普陀区民政局", "2020年度"],
        ["已删除.govreport", MISSING],
        ["坏.govreport", UNREADABLE],
        ["2024年报", "已发布的年报（Word 文档）"],
    ]
    assert not tree.topLevelItem(1).flags() & Qt.ItemFlag.ItemIsEnabled  # greyed, skipped
    assert tree.topLevelItem(2).foreground(0).color() == GREY
    assert tree.currentItem() is tree.topLevelItem(0)
    tree.itemActivated.emit(tree.topLevelItem(2), 0)  # a broken file says why and the page stays
    assert dialogs.shown[-1][0] == "无法打开"
    assert on_start_page(window)
    tree.setFocus()
    QTest.keyClick(tree, Qt.Key.Key_Return)  # the first row, current: opened
    assert window.document.path == good
    assert not on_start_page(window)


def test_an_empty_recent_list_says_so(qtbot, blank_window: MainWindow) -> None:
    QSettings().setValue("recentFiles", [])
    page = start_page(blank_window)
    page.refresh()
    assert page.recent.topLevelItem(0).text(0) == start_page_module.EMPTY_RECENT


def test_the_example_opens_from_the_start_page(qtbot, putuo_copy: Path, monkeypatch) -> None:
    assert example_path().is_file()
    monkeypatch.setattr(start_page_module, "example_path", lambda: putuo_copy)  # no lock file in the checkout
    window = MainWindow(autosave=3600)
    qtbot.addWidget(window)
    window.show_start_page(today=DECEMBER)
    page = start_page(window)
    assert "上海市普陀区民政局2020年度" in page.example_button.toolTip()
    QTest.mouseClick(page.example_button, Qt.MouseButton.LeftButton)
    assert window.document.path == putuo_copy
    assert not on_start_page(window)
    window.close()


def test_open_and_next_year_use_the_windows_commands(qtbot, blank_window: MainWindow, tmp_path: Path, dialogs) -> None:
    last_year = saved(tmp_path, "上年.govreport", "测试局", 2025)
    page = start_page(blank_window)
    dialogs.file_answers.append(str(last_year))
    QTest.mouseClick(page.next_year_button, Qt.MouseButton.LeftButton)
    assert blank_window.document.report.meta.year == 2026
    assert blank_window.document.report.meta.agency == "测试局"
    assert not on_start_page(blank_window)
    blank_window.document.undo_stack.setClean()
    blank_window.show_start_page()
    dialogs.file_answers.append(str(last_year))
    QTest.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert blank_window.document.path == last_year


# -- keys and size ------------------------------------------------------------------------------------


def test_keyboard_mnemonics_and_tab_order(qtbot, blank_window: MainWindow) -> None:
    page = start_page(blank_window)
    qtbot.waitUntil(lambda: blank_window._painted, timeout=5000)
    QTest.keyClick(blank_window, Qt.Key.Key_Y, ALT)
    assert page.year.hasFocus()
    QTest.keyClick(page.year, Qt.Key.Key_PageDown)  # as in 基本信息: only typing and arrows change a year
    assert page.year.value() == 2026
    QTest.keyClick(page.year, Qt.Key.Key_Down)
    assert page.year.value() == 2025
    QTest.keyClick(blank_window, Qt.Key.Key_R, ALT)
    assert page.recent.hasFocus()
    QTest.keyClick(blank_window, Qt.Key.Key_D, ALT)
    assert page.due.hasFocus()
    page.new_button.setFocus()
    order = []
    for _ in range(4):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [page.open_button, page.next_year_button, page.example_button, page.recent]
    QTest.keyClick(blank_window, Qt.Key.Key_N, ALT)  # a button's mnemonic clicks it after a short flash
    qtbot.waitUntil(lambda: not on_start_page(blank_window), timeout=3000)
    assert blank_window.document.report.meta.year == 2025
    meta = blank_window.tabs.ensure_built(0)
    assert isinstance(meta, MetaTab)
    qtbot.waitUntil(meta.year.isVisible)
    QTest.keyClick(blank_window, Qt.Key.Key_Y, ALT)  # the hidden start page's Alt+Y does not compete
    assert meta.year.hasFocus()


def test_everything_fits_at_1024_by_768(qtbot, blank_window: MainWindow) -> None:
    page = start_page(blank_window)
    for _ in range(3):
        QApplication.processEvents()
    assert (blank_window.width(), blank_window.height()) == (1024, 768)
    assert page.minimumSizeHint().height() <= page.height()
    assert page.minimumSizeHint().width() <= page.width()
    visible = page.rect()
    shown: list[QWidget] = [w for w in page.findChildren(QWidget) if w.isVisible()]
    assert any(isinstance(w, QPushButton) for w in shown)
    for widget in shown:
        box = widget.rect().translated(widget.mapTo(page, widget.rect().topLeft()))
        assert visible.contains(box), widget.objectName() or type(widget).__name__
    for button in page.findChildren(QPushButton):
        if button.isVisible():  # the whole label: no cut-off Chinese
            assert button.width() >= button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
    header = page.recent.header()
    assert header.sectionViewportPosition(1) + header.sectionSize(1) <= page.recent.viewport().width()
    assert isinstance(page.parentWidget(), QStackedWidget)


def test_basic_info_shows_the_due_date_set_on_the_start_page(qtbot, blank_window: MainWindow, monkeypatch) -> None:
    class December(date):
        @classmethod
        def today(cls) -> date:
            return DECEMBER

    monkeypatch.setattr(meta_tab_module, "date", December)
    page = start_page(blank_window)
    page.due.setDate(QDate(2027, 1, 15))
    QTest.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    tab = blank_window.tabs.ensure_built(0)
    assert isinstance(tab, MetaTab)
    assert tab.due.text() == "2027年1月15日（本机关年报，本地规定），距报送期限还有 40 天"
    blank_window.start_page_action.trigger()
    assert page.back_button.isVisible()  # the new report is there to go back to
    QTest.mouseClick(page.reset_due, Qt.MouseButton.LeftButton)
    QTest.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert not on_start_page(blank_window)
    assert tab.due.text() == "2027年1月31日（本机关年报），距报送期限还有 56 天"


def test_an_old_report_shows_its_due_date_without_counting_the_days(qtbot, window: MainWindow) -> None:
    tab = window.tabs.ensure_built(0)
    assert isinstance(tab, MetaTab)
    assert tab.due.text() == "2021年1月31日（本机关年报）"  # 上海市普陀区民政局 2020年度
