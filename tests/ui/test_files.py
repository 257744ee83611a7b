"""Files: save and reopen, the lock warning, 新建下一年度报告, crash recovery, Word export."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from gov_report_desktop.domain.editions import EDITIONS
from gov_report_desktop.storage.projectfile import load_report
from gov_report_desktop.storage.recovery import RecoveryStore
from gov_report_desktop.ui.main_window import MainWindow
from tests.conftest import ROOT

Button = QMessageBox.StandardButton


def test_save_reopen_compare(qtbot, window: MainWindow, tmp_path: Path, dialogs) -> None:
    model = window.table_view("t3").report_model
    assert model.setData(model.index_of("t3.open.research"), "4")
    target = tmp_path / "另存.govreport"
    dialogs.file_answers.append(str(target))
    assert window.save_as()
    assert not window.document.is_modified
    assert "*" not in window.windowTitle()
    assert load_report(target) == window.document.report
    other = MainWindow(autosave=3600)
    qtbot.addWidget(other)
    dialogs.message_answers.append("只读")  # the first window still holds the lock
    assert other.open_path(target)
    assert other.document.report == window.document.report


def test_second_instance_gets_lock_warning_and_can_open_read_only(qtbot, window: MainWindow, dialogs) -> None:
    path = window.document.path
    second = MainWindow(autosave=3600)
    qtbot.addWidget(second)
    dialogs.message_answers.append("以只读方式打开")
    assert second.open_path(path)
    assert "已被打开" in dialogs.shown[-1][0]
    assert second.document.read_only
    assert "（只读）" in second.windowTitle()
    model = second.table_view("t3").report_model
    assert not model.setData(model.index_of("t3.open.research"), "4")
    dialogs.message_answers.append(Button.Cancel)
    third = MainWindow(autosave=3600)
    qtbot.addWidget(third)
    assert not third.open_path(path)


def test_unsaved_changes_ask_before_closing(qtbot, window: MainWindow, dialogs) -> None:
    model = window.table_view("t3").report_model
    model.setData(model.index_of("t3.open.research"), "4")
    dialogs.message_answers.append(Button.Cancel)
    assert not window.close()
    dialogs.message_answers.append(Button.Save)
    assert window.maybe_save()
    assert load_report(window.document.path).get("t3.open.research") == 4


def test_close_prompt_offers_save_dont_save_cancel(qtbot, window: MainWindow, dialogs, monkeypatch) -> None:
    model = window.table_view("t3").report_model
    model.setData(model.index_of("t3.open.research"), "5")
    labels: list[str] = []
    real_exec = QMessageBox.exec

    def record_buttons(box: QMessageBox) -> int:
        labels.extend(b.text() for b in box.buttons())
        return real_exec(box)

    monkeypatch.setattr(QMessageBox, "exec", record_buttons)
    dialogs.message_answers.append("不保存")
    assert window.maybe_save()  # 不保存: the change is dropped, the file keeps its old value
    assert sorted(label.split("(")[0] for label in labels) == sorted(["保存", "不保存", "取消"])
    assert load_report(window.document.path).get("t3.open.research") != 5


def test_next_year_report_carries_every_column(qtbot, window: MainWindow) -> None:
    old = window.document.report
    for column, value in zip(
        ("natural", "commercial", "research", "nonprofit", "legal", "other_org"), range(1, 7), strict=False
    ):
        old.set_value(f"t3.carry_forward.{column}", value)
    window.document.undo_stack.resetClean()
    window.document.undo_stack.setClean()
    assert window.new_next_year()
    new = window.document.report
    assert new.meta.year == 2021
    assert new.meta.edition == "2021"
    assert new.meta.agency == old.meta.agency
    for column in EDITIONS["2021"].table("t3").columns:
        assert new.get(f"t3.carried.{column.key}") == old.get(f"t3.carry_forward.{column.key}"), column.key
    assert new.get("t3.carried.total") == 21
    assert new.previous is not None
    assert new.previous.year == 2020
    assert all(text == "" for text in new.texts.values())
    assert window.document.is_modified
    assert not any(f.rule == "P1" for f in window.document.findings)


def test_export_word_runs_in_background(qtbot, window: MainWindow, tmp_path: Path, dialogs) -> None:
    target = tmp_path / "报告.docx"
    dialogs.file_answers.append(str(target))
    dialogs.message_answers.append("关闭")
    assert window.export_word()
    assert window.busy.isVisibleTo(window)
    qtbot.waitUntil(lambda: not window.exporting, timeout=30_000)
    assert target.exists()
    assert target.stat().st_size > 0
    assert window.settings.value("exportFolder") == str(tmp_path)


def test_export_with_errors_asks_first(qtbot, window: MainWindow, dialogs) -> None:
    model = window.table_view("t3").report_model
    model.setData(model.index_of("t3.new.natural"), "9")
    dialogs.message_answers.append(Button.No)
    assert not window.export_word()
    assert "错误" in dialogs.shown[-1][1]
    assert "［R1］" in dialogs.shown[-1][1]


RECOVERY_CHILD = """
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gov_report_desktop.ui.main_window import MainWindow
window = MainWindow(autosave=0.3)
window.open_path(Path(sys.argv[1]))
model = window.table_view("t3").report_model
model.setData(model.index_of("t3.open.research"), "7")
window.show()
print("edited", flush=True)
app.exec()
"""


def test_recovery_after_killed_process(qtbot, putuo_copy: Path, tmp_path: Path, dialogs) -> None:
    crash_after_autosave(RECOVERY_CHILD, putuo_copy)
    store = RecoveryStore()
    entries = store.pending()
    assert len(entries) == 1
    restarted = MainWindow(autosave=3600)
    qtbot.addWidget(restarted)
    dialogs.message_answers.append(Button.Yes)
    assert restarted.offer_recovery()
    assert f"{entries[0].saved_at:%Y-%m-%d %H:%M}" in dialogs.shown[-1][1]
    assert restarted.document.report.get("t3.open.research") == 7
    assert restarted.document.path == putuo_copy
    assert restarted.document.is_modified
    assert load_report(putuo_copy).get("t3.open.research") == 0  # the clerk's file was never touched
    restarted.document.undo_stack.setClean()


STARTED_WITH_FILE_CHILD = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gov_report_desktop.ui.app import open_first_window
window, _ = open_first_window(Path(sys.argv[1]), 0.3)  # as a double-click on the file starts it
window.show()
model = window.table_view("t3").report_model
model.setData(model.index_of("t3.open.research"), "7")
app.exec()
"""


def crash_after_autosave(script: str, path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", script, str(path)], env=env, cwd=ROOT)
    store = RecoveryStore()
    try:
        deadline = time.monotonic() + 60
        # pending() hides files of live processes, so wait for the file itself.
        while not list(store.folder.glob("*.govrecover")) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()


def test_recovery_when_started_with_the_same_file_is_editable_and_saves(qtbot, putuo_copy: Path, dialogs) -> None:
    """Issue 10: started with the file, killed, started again with it, 是 to 恢复 — not read-only."""
    from gov_report_desktop.storage.lock import lock_path
    from gov_report_desktop.ui.app import open_first_window

    crash_after_autosave(STARTED_WITH_FILE_CHILD, putuo_copy)
    assert lock_path(putuo_copy).exists()  # left behind by the killed process
    restarted, _ = open_first_window(putuo_copy, 3600)
    qtbot.addWidget(restarted)
    restarted.show()
    qtbot.waitUntil(lambda: restarted.session.holds_lock, timeout=5000)
    dialogs.message_answers.append(Button.Yes)
    assert restarted.offer_recovery()
    assert not restarted.document.read_only
    assert "（只读）" not in restarted.windowTitle()
    assert restarted.document.report.get("t3.open.research") == 7
    assert restarted.session.holds_lock
    assert lock_path(putuo_copy).exists()
    restarted.save_action.trigger()  # Ctrl+S
    assert not restarted.document.is_modified
    assert load_report(putuo_copy).get("t3.open.research") == 7
    assert RecoveryStore().pending() == []


def test_save_in_a_read_only_window_says_why_and_offers_save_as(
    qtbot, window: MainWindow, tmp_path: Path, dialogs
) -> None:
    second = MainWindow(autosave=3600)
    qtbot.addWidget(second)
    dialogs.message_answers.append("以只读方式打开")
    assert second.open_path(window.document.path)
    assert second.save_action.isEnabled()
    dialogs.message_answers.append(Button.Cancel)
    assert not second.save()
    title, text = dialogs.shown[-1]
    assert title == "只读文件"
    assert "已被" in text
    assert "另存为" in text
    target = tmp_path / "我的副本.govreport"
    dialogs.message_answers.append(Button.Save)
    dialogs.file_answers.append(str(target))
    assert second.save()
    assert second.document.path == target
    assert not second.document.read_only
    assert "（只读）" not in second.windowTitle()
    model = second.table_view("t3").report_model
    assert model.setData(model.index_of("t3.open.research"), "4")
    second.document.undo_stack.setClean()
