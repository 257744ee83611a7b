"""The rest of the window's promises: --screenshot, Qt's own Chinese, the edition-change warning, the crash
handler, and F2."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtGui import QDesktopServices, QImage
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialogButtonBox, QLineEdit, QMessageBox

from gov_report_desktop.domain.editions import SectionKey, get_edition
from gov_report_desktop.storage.applog import log_dir, log_file, setup_logging
from gov_report_desktop.storage.recovery import RecoveryStore, recovery_dir
from gov_report_desktop.ui import crash
from gov_report_desktop.ui import main_window as main_window_module
from gov_report_desktop.ui.i18n import install_translations
from gov_report_desktop.ui.main_window import MainWindow
from gov_report_desktop.ui.meta_tab import MetaTab
from tests.conftest import ROOT

Button = QMessageBox.StandardButton


def run_app(arguments: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), GOV_REPORT_DATA_DIR=str(tmp_path / "d"))
    command = [sys.executable, "-m", "gov_report_desktop.ui.app", *arguments]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


# -- --screenshot ---------------------------------------------------------------------------------


def test_screenshot_writes_a_1280_by_800_png_of_the_chosen_tab(putuo_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "三.png"
    done = run_app([str(putuo_copy), "--screenshot", str(out), "--tab", "3"], tmp_path)
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1280, 800)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list(putuo_copy.parent.glob(".~*"))  # a picture run leaves no lock file behind


def test_screenshot_of_an_unreadable_file_fails_without_a_dialog(tmp_path: Path) -> None:
    broken = tmp_path / "坏.govreport"
    broken.write_text("{", encoding="utf-8")
    out = tmp_path / "x.png"
    done = run_app([str(broken), "--screenshot", str(out)], tmp_path)  # would time out if a dialog waited
    assert done.returncode == 2
    assert "无法打开" in done.stderr
    assert not out.exists()


# -- Qt's own dialogs in Chinese ------------------------------------------------------------------------


@pytest.fixture
def restore_translations(qapp: QApplication):
    locale = QLocale()
    yield
    for translator in qapp.findChildren(QTranslator):
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()
    QLocale.setDefault(locale)


def test_qt_standard_buttons_are_translated(qtbot, qapp: QApplication, restore_translations) -> None:
    loaded = install_translations(qapp)
    assert "qtbase_zh_CN" in loaded
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    texts = {buttons.button(b).text().replace("&", "") for b in (QDialogButtonBox.StandardButton.Ok,)}
    texts |= {buttons.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "")}
    assert any(t.startswith("确定") for t in texts), texts
    assert any(t.startswith("取消") for t in texts), texts


# -- the edition-change warning --------------------------------------------------------------------------


def choose_edition(window: MainWindow, key: str) -> None:
    """As the clerk does: pick the edition in 基本信息's combo box."""
    window.tabs.setCurrentIndex(0)
    meta = window.tabs.widget(0)
    assert isinstance(meta, MetaTab)
    index = meta.edition.findData(key)
    meta.edition.setCurrentIndex(index)
    meta.edition.activated.emit(index)


def test_edition_change_warns_and_cancel_changes_nothing(qtbot, window: MainWindow, dialogs) -> None:
    before = window.document.report.model_dump()
    dialogs.message_answers.append(Button.Cancel)
    choose_edition(window, "2021")
    title, text = dialogs.shown[-1]
    assert title == "更改格式版本"
    assert "2021" in text
    assert "确定要更改吗" in text
    assert window.document.report.model_dump() == before
    meta = window.tabs.widget(0)
    assert isinstance(meta, MetaTab)
    assert meta.edition.currentData() == "2019"  # the combo shows the edition still in force


def test_edition_change_accepted_rebuilds_and_undoes(qtbot, window: MainWindow, dialogs) -> None:
    old = window.document.report.model_copy(deep=True)
    dialogs.message_answers.append(Button.Yes)
    choose_edition(window, "2021")
    report = window.document.report
    assert report.meta.edition == "2021"
    assert report.meta.edition_explicit
    assert all(report.edition.has_cell(c) for c in report.values)
    assert window.tab_for_section(SectionKey.REQUESTS) >= 0
    assert any(f.rule == "R7" for f in window.document.findings)  # 2020 should use the 2019 edition
    window.document.undo_stack.undo()
    assert window.document.report == old


def test_edition_warning_lists_the_numbers_that_would_go(qtbot, window: MainWindow, dialogs) -> None:
    report = window.document.report
    only_2019 = [c for c in report.values if not get_edition("2021").has_cell(c)]
    dialogs.message_answers.append(Button.Cancel)
    choose_edition(window, "2021")
    text = dialogs.shown[-1][1]
    assert only_2019  # the Putuo report (2019 edition) has numbers the 2021 edition has no cell for
    assert "将被移除" in text
    assert report.edition.cell(only_2019[0]).describe() in text


# -- the crash handler -------------------------------------------------------------------------------


def fabricated_error() -> tuple[type[BaseException], BaseException, object]:
    try:
        raise RuntimeError("测试用的意外错误")
    except RuntimeError as error:
        return type(error), error, error.__traceback__


def test_crash_handler_saves_the_work_first_then_logs_and_tells(qtbot, window: MainWindow, dialogs) -> None:
    model = window.table_view("t3").report_model
    assert model.setData(model.index_of("t3.open.research"), "7")
    order: list[str] = []

    def logged() -> str:
        return log_file().read_text(encoding="utf-8") if log_file().exists() else ""

    def save_first() -> Path | None:
        order.append("save" if "测试用的意外错误" not in logged() else "log-already-written")
        return window.emergency_save()

    kind, error, tb = fabricated_error()
    crash.handle(kind, error, tb, save_first)  # type: ignore[arg-type]
    assert order == ["save"]
    log = logged()  # the one application log, under the log folder
    assert log_file().parent == log_dir()
    assert "CRITICAL gov_report_desktop.ui.crash: uncaught exception" in log
    assert "RuntimeError: 测试用的意外错误" in log
    assert "fabricated_error" in log  # the traceback, for whoever fixes it
    store = RecoveryStore()
    entry = next(e for e in store.pending() if e.session_id == window.document.session_id)
    assert store.load(entry).get("t3.open.research") == 7  # the edit made just before the "crash"
    assert entry.source == window.document.path
    assert "意外错误" in dialogs.shown[-1][0]
    assert "已自动保存" in dialogs.shown[-1][1]
    assert "RuntimeError" in dialogs.shown[-1][1]


def test_crash_hook_is_installed_for_uncaught_exceptions(qtbot, window: MainWindow, monkeypatch, dialogs) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    crash.install(window.emergency_save)
    kind, error, tb = fabricated_error()
    sys.excepthook(kind, error, tb)  # type: ignore[arg-type]
    assert list(RecoveryStore().folder.glob("*.govrecover"))
    assert dialogs.shown[-1][0] == "意外错误"


# -- F2 ---------------------------------------------------------------------------------------------


def test_f2_starts_editing_the_current_cell(qtbot, window: MainWindow) -> None:
    window.tabs.setCurrentIndex(window.tab_for_section(SectionKey.REQUESTS))
    view = window.table_view("t3")
    view.setCurrentIndex(view.report_model.index_of("t3.open.research"))
    view.setFocus()
    assert window.edit_cell_action.shortcut().toString() == "F2"
    window.edit_cell_action.trigger()
    assert view.state() == QAbstractItemView.State.EditingState
    editor = view.focusWidget() if isinstance(view.focusWidget(), QLineEdit) else view.findChild(QLineEdit)
    assert isinstance(editor, QLineEdit)
    editor.setText("5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.document.report.get("t3.open.research") == 5


def test_f2_key_on_the_table_starts_editing(qtbot, window: MainWindow) -> None:
    window.tabs.setCurrentIndex(window.tab_for_section(SectionKey.REQUESTS))
    view = window.table_view("t3")
    view.setCurrentIndex(view.report_model.index_of("t3.new.natural"))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    assert view.state() == QAbstractItemView.State.EditingState


def test_about_shows_the_version(qtbot, window, dialogs) -> None:
    from gov_report_desktop import __version__

    window.show_about()
    title, text = dialogs.shown[-1]
    assert title.startswith("关于")
    assert f"版本 {__version__}" in text
    assert str(log_dir()) in text
    assert f"自动保存的恢复文件：{recovery_dir()}" in text


# -- a report whose year the imported file did not state ----------------------------------------------


def test_unknown_year_is_asked_for_and_settled_by_editing_it(qtbot, window: MainWindow) -> None:
    report = window.document.report.model_copy(deep=True)
    report.meta.year_stated = False
    placeholder = report.meta.year
    window.document.replace_report(report)
    window.tabs.setCurrentIndex(0)
    meta = window.tabs.widget(0)
    assert isinstance(meta, MetaTab)
    assert "未写明报告年度" in meta.edition_note.text()
    assert any("未写明报告年度" in f.message for f in window.document.findings)
    meta.year.setValue(placeholder + 1)
    meta.year.editingFinished.emit()
    assert window.document.report.meta.year_stated
    assert window.document.report.meta.year == placeholder + 1
    assert "未写明报告年度" not in meta.edition_note.text()
    window.document.undo_stack.undo()  # one step undoes both
    assert not window.document.report.meta.year_stated
    assert window.document.report.meta.year == placeholder


def test_help_menu_opens_the_log_folder(qtbot, window: MainWindow, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    help_action = next(a for a in window.menuBar().actions() if a.text() == "帮助(&H)")
    menu = help_action.menu()
    action = next(a for a in menu.actions() if a.text() == "打开日志文件夹(&L)")
    action.trigger()
    assert opened == [str(log_dir())]


def test_a_failed_save_is_logged(qtbot, window: MainWindow, tmp_path: Path, dialogs) -> None:
    setup_logging("ui")
    target = tmp_path / "没有这个文件夹" / "a.govreport"
    dialogs.file_answers.append(str(target))
    assert not window.save_as()
    for handler in logging.getLogger("gov_report_desktop").handlers:
        handler.flush()
    log = log_file().read_text(encoding="utf-8")
    assert f"WARNING gov_report_desktop.storage.projectfile: saving {target} failed: MISSING_FOLDER" in log


def test_start_up_with_an_unreadable_number_tells_instead_of_dying(qtbot, tmp_path: Path, dialogs) -> None:
    """A count of 5 001 digits used to kill the window at start-up without a dialog."""
    from gov_report_desktop.domain.model import Report
    from gov_report_desktop.storage.projectfile import dumps_report
    from gov_report_desktop.ui.app import open_first_window

    path = tmp_path / "长数字.govreport"
    text = dumps_report(Report.new(2021, "某局")).decode().replace('"values": {}', '"values": {"t3.new.natural": 0}')
    path.write_text(text.replace('"t3.new.natural": 0', '"t3.new.natural": ' + "9" * 5001), encoding="utf-8")
    window, opened = open_first_window(path, 3600)
    qtbot.addWidget(window)
    assert not opened
    assert dialogs.shown[-1] == (
        "无法打开",
        "文件“长数字.govreport”中有位数多得不合理的数字（超过 4300 位），无法读取，文件可能已损坏。",
    )


def test_file_dialogs_name_the_project_type() -> None:
    for dialog_filter in (main_window_module.FILE_FILTER, main_window_module.OPEN_FILTER):
        assert "政府信息公开年报项目文件 (*.govreport)" in dialog_filter
