"""Start-up: the window is built once for the file it starts with, hidden tabs are built after the first
paint, and the lock, autosave and recovery offer start right after it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.domain.rules import evaluate
from gov_report_desktop.storage.projectfile import load_report
from gov_report_desktop.ui.app import open_first_window
from gov_report_desktop.ui.main_window import MainWindow
from gov_report_desktop.ui.meta_tab import MetaTab
from gov_report_desktop.ui.section_tabs import PendingMetaTab, PendingTab
from gov_report_desktop.ui.table_tab import TableSectionTab
from tests.conftest import ROOT


def pending_count(window: MainWindow) -> int:
    return sum(isinstance(window.tabs.widget(i), PendingTab) for i in range(window.tabs.count()))


def test_only_the_visible_tab_is_built_before_the_first_paint(qtbot, putuo_copy: Path) -> None:
    window, opened = open_first_window(putuo_copy, 3600)
    qtbot.addWidget(window)
    assert opened
    assert window.document.path == putuo_copy
    assert window.document.report == load_report(putuo_copy)
    assert pending_count(window) == window.tabs.count() - 1  # only 基本信息
    assert window._autosaver is None
    assert not window.session.holds_lock
    # Tab titles already count the findings of tabs not yet built.
    requests = next(i for i in range(window.tabs.count()) if getattr(window.tabs.widget(i), "key", None) == "requests")
    assert "三、" in window.tabs.tabText(requests)
    window.show()
    qtbot.waitUntil(lambda: pending_count(window) == 0, timeout=5000)
    assert window._autosaver is not None
    assert window.session.holds_lock
    assert window.session.lock_file.name == ".~putuo.govreport.lock"
    assert "putuo.govreport" in window._recent_files()[0]
    window.close()


def test_switching_to_a_pending_tab_builds_it(qtbot, putuo_copy: Path) -> None:
    window = MainWindow(load_report(putuo_copy), path=putuo_copy, autosave=3600)
    qtbot.addWidget(window)
    index = next(i for i in range(window.tabs.count()) if getattr(window.tabs.widget(i), "key", None) == "requests")
    assert isinstance(window.tabs.widget(index), PendingTab)
    window.tabs.setCurrentIndex(index)
    assert isinstance(window.tabs.widget(index), TableSectionTab)
    assert window.tabs.currentIndex() == index
    assert window.current_view() is window.table_view("t3")
    assert window.tab_for_section(SectionKey.OVERVIEW) >= 0
    assert not isinstance(window.tabs.currentWidget(), PendingTab)


def test_lock_held_elsewhere_is_asked_after_the_first_paint(qtbot, putuo_copy: Path, dialogs) -> None:
    first = MainWindow(autosave=3600)
    qtbot.addWidget(first)
    assert first.open_path(putuo_copy)
    window, _ = open_first_window(putuo_copy, 3600)
    qtbot.addWidget(window)
    dialogs.message_answers.append("以只读方式打开")
    window.show()
    qtbot.waitUntil(lambda: window.document.read_only, timeout=5000)
    assert "已被打开" in dialogs.shown[-1][0]
    assert "（只读）" in window.windowTitle()
    model = window.table_view("t3").report_model
    assert not model.setData(model.index_of("t3.open.research"), "4")
    first.document.undo_stack.setClean()


def test_declining_a_locked_start_up_file_closes_it(qtbot, putuo_copy: Path, dialogs) -> None:
    from PySide6.QtWidgets import QMessageBox

    first = MainWindow(autosave=3600)
    qtbot.addWidget(first)
    assert first.open_path(putuo_copy)
    window, _ = open_first_window(putuo_copy, 3600)
    qtbot.addWidget(window)
    dialogs.message_answers.append(QMessageBox.StandardButton.Cancel)
    window.show()
    qtbot.waitUntil(lambda: window.document.path is None, timeout=5000)
    assert window.document.report.values == {}
    assert first.session.holds_lock
    assert first.session.lock_file.exists()
    from gov_report_desktop.ui.start_page import StartPage

    page = window.findChild(StartPage)
    assert page is not None
    assert page.showing  # new, open, recent files — not an empty report


def test_a_broken_start_up_file_is_explained_then_the_start_page_shows(qtbot, tmp_path: Path, dialogs) -> None:
    from gov_report_desktop.ui.start_page import StartPage

    broken = tmp_path / "坏.govreport"
    broken.write_text("{not json", encoding="utf-8")
    window, opened = open_first_window(broken, 3600)
    qtbot.addWidget(window)
    assert not opened
    assert dialogs.shown[-1][0] == "无法打开"
    assert window.document.path is None
    page = window.findChild(StartPage)
    assert page is not None
    assert page.showing  # not an empty report with a wall of warnings


def test_startup_trace_prints_the_timeline_up_to_the_first_paint(putuo_copy: Path, tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), GOV_REPORT_DATA_DIR=str(tmp_path / "d"))
    env["GOV_REPORT_STARTUP_TRACE"] = "1"
    command = [sys.executable, "-m", "gov_report_desktop.ui.app", str(putuo_copy), "--quit-after-first-paint"]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    steps = [line.split("ms", 2)[-1].strip() for line in done.stderr.splitlines() if line.startswith("[start-up]")]
    assert steps[0] == "arguments read"
    assert "QApplication created" in steps
    assert "window built" in steps
    # The deferred services may log their step before the quit lands on a loaded machine: the first
    # paint must come after the window was built, not necessarily last.
    painted = next(i for i, step in enumerate(steps) if step.startswith("first paint done"))
    assert painted > steps.index("window built")
    assert "first-paint-epoch" in done.stdout


def test_startup_trace_is_silent_when_off(putuo_copy: Path, tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), GOV_REPORT_DATA_DIR=str(tmp_path / "d"))
    env.pop("GOV_REPORT_STARTUP_TRACE", None)
    command = [sys.executable, "-m", "gov_report_desktop.ui.app", str(putuo_copy), "--quit-after-first-paint"]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "[start-up]" not in done.stderr


def test_rules_run_right_after_the_first_paint_and_their_markers_follow(qtbot, putuo_copy: Path) -> None:
    window, _ = open_first_window(putuo_copy, 3600)
    qtbot.addWidget(window)
    assert not window.document.checked  # the report shows without waiting for the rules
    assert window.findings.summary.text() == "正在检查……"
    window.show()
    qtbot.waitUntil(lambda: window.document.checked, timeout=5000)
    expected = evaluate(load_report(putuo_copy))
    assert window.document.findings == expected
    assert len(window.findings.items()) == len(expected)
    cell = next(c for f in expected for c in f.cells)
    assert window.document.cell_state(cell)[1]  # the cell's marker is there


def test_reading_the_findings_before_the_first_paint_runs_the_rules(qtbot, putuo_copy: Path) -> None:
    window, _ = open_first_window(putuo_copy, 3600)
    qtbot.addWidget(window)
    assert window.document.open_findings() == [
        f for f in evaluate(load_report(putuo_copy)) if not window.document.is_acknowledged(f)
    ]
    assert window.document.checked


def test_a_window_can_start_on_another_tab_and_builds_only_that_one(qtbot, putuo_copy: Path) -> None:
    window, _ = open_first_window(putuo_copy, 3600, SectionKey.REQUESTS)
    qtbot.addWidget(window)
    assert isinstance(window.tabs.currentWidget(), TableSectionTab)
    assert window.tabs.currentWidget().key == SectionKey.REQUESTS
    assert isinstance(window.tabs.widget(0), PendingMetaTab)
    assert pending_count(window) == window.tabs.count() - 2  # 基本信息 and the sections but 三
    window.show()
    qtbot.waitUntil(lambda: isinstance(window.tabs.widget(0), MetaTab), timeout=5000)
    assert window.tabs.widget(0).agency.text() == window.document.report.meta.agency
    assert window.tabs.tabText(0) == "&1 基本信息"  # its key (Alt+1) first, as every tab's
    assert window.tabs.currentWidget().key == SectionKey.REQUESTS


LOADED_AT_FIRST_PAINT = """
import json, sys
from gov_report_desktop.ui import app, screenshot
real = screenshot._painted
def painted():
    print("loaded " + json.dumps(sorted(sys.modules)), flush=True)
    real()
screenshot._painted = painted
sys.exit(app.main([sys.argv[1], "--quit-after-first-paint"]))
"""


def test_what_is_not_loaded_before_the_first_paint(putuo_copy: Path, tmp_path: Path) -> None:
    """Issue 10's start-up cuts stay cut: the rules, pydantic's plugin discovery (importlib.metadata) and
    the tabs not on screen load after the first paint of 表三."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), GOV_REPORT_DATA_DIR=str(tmp_path / "d"))
    command = [sys.executable, "-c", LOADED_AT_FIRST_PAINT, str(putuo_copy)]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(next(line for line in done.stdout.splitlines() if line.startswith("loaded "))[7:]))
    assert "gov_report_desktop.ui.table_tab" in loaded  # the probe saw the window
    for late in (
        "gov_report_desktop.domain.rules.catalogue",
        "importlib.metadata",
        "gov_report_desktop.ui.meta_tab",
        "gov_report_desktop.ui.text_tab",
        "gov_report_desktop.ui.findings_view",
        "gov_report_desktop.storage.lock",
        "gov_report_desktop.documents.importing",
        "gov_report_desktop.ui.start_page",  # a start with a file never shows it
        "gov_report_desktop.storage.applog",  # the log file is opened after the first paint
        "logging.handlers",
        "multiprocessing",  # needed only by a frozen build's review workers, and by the review itself
        "gov_report_desktop.domain.editing",  # the first paste, edit or edition change imports it
        "gov_report_desktop.domain.tsv",  # the first copy or paste
        "csv",
        "gov_report_desktop.domain.calendar",  # a new report, the start page
    ):
        assert late not in loaded, late


GC_AFTER_FIRST_PAINT = """
import gc, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from gov_report_desktop.ui import app
real = app.open_first_window
def probed(*args, **kwargs):
    window, opened = real(*args, **kwargs)
    print("gc before first paint", gc.isenabled(), flush=True)
    def report():
        print("gc after first paint", gc.isenabled(), gc.get_freeze_count() > 0, flush=True)
        QApplication.quit()
    window.after_first_paint(lambda: QTimer.singleShot(0, report))
    return window, opened
app.open_first_window = probed
sys.exit(app.main([sys.argv[1], "--no-recovery-prompt"]))
"""


def test_garbage_collection_pauses_only_until_the_first_paint(putuo_copy: Path, tmp_path: Path) -> None:
    """Also: a start with its own data folder keeps its settings (the recent files) there, not in the
    user's configuration folder."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
        GOV_REPORT_DATA_DIR=str(tmp_path / "d"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    command = [sys.executable, "-c", GC_AFTER_FIRST_PAINT, str(putuo_copy)]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "gc before first paint False" in done.stdout
    assert "gc after first paint True True" in done.stdout
    settings = list((tmp_path / "d" / "settings").rglob("*.ini")) + list((tmp_path / "d" / "settings").rglob("*.conf"))
    assert any(str(putuo_copy) in path.read_text(encoding="utf-8") for path in settings), settings
    assert not (tmp_path / "config").exists() or not any((tmp_path / "config").rglob("gov-report-desktop*"))
