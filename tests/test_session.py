"""The project session without Qt: open (with the lock question as an outcome), save, save-as, restore, close."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gov_report_desktop.storage.lock import ProjectLock, lock_path, read_lock
from gov_report_desktop.storage.projectfile import ProjectFileError, load_report
from gov_report_desktop.storage.recovery import RecoveryStore
from gov_report_desktop.storage.session import LockChoice, OpenState, ProjectSession, ReadOnlyError
from tests.conftest import PUTUO, ROOT

pytestmark = pytest.mark.usefixtures("private_data_dir")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "putuo.govreport"
    shutil.copy(PUTUO, path)
    return path


def held_by_someone_else(project: Path) -> ProjectLock:
    """A lock held by another window of this process (as good as another clerk's for the session)."""
    other = ProjectLock()
    other.try_acquire(project)
    assert other.held
    return other


def test_open_locks_and_close_releases(project: Path) -> None:
    session = ProjectSession()
    outcome = session.open(project)
    assert outcome.opened
    assert session.path == project
    assert session.holds_lock
    assert session.lock_file == lock_path(project)
    assert lock_path(project).exists()
    session.close()
    assert not lock_path(project).exists()
    assert not session.holds_lock


def test_held_elsewhere_is_an_outcome_that_changes_nothing(project: Path) -> None:
    other = held_by_someone_else(project)
    session = ProjectSession()
    outcome = session.open(project)
    assert outcome.state is OpenState.HELD_ELSEWHERE
    assert "已被" in outcome.message
    assert session.path is None
    assert not session.holds_lock
    # The clerk chose read-only: open without the lock; 保存 says why.
    outcome = session.open(project, LockChoice.READ_ONLY)
    assert outcome.opened
    assert session.read_only
    assert not session.holds_lock
    with pytest.raises(ReadOnlyError, match=r"(?s)已被.*只读方式打开.*不能保存到原文件"):
        session.save(load_report(project))
    other.release()


def test_take_over_overrides_the_other_lock(project: Path) -> None:
    held_by_someone_else(project)
    session = ProjectSession()
    assert session.open(project, LockChoice.TAKE_OVER).opened
    assert session.holds_lock
    assert not session.read_only
    holder = read_lock(lock_path(project))
    assert holder is not None
    assert holder.pid == os.getpid()


def test_reopening_the_same_file_hands_the_lock_over(project: Path) -> None:
    first = ProjectSession()
    first.open(project)
    second = ProjectSession()
    assert second.open(project, current=first).opened
    assert not second.read_only
    assert second.holds_lock
    first.close()  # the window drops the old session: the handed-over lock stays
    assert lock_path(project).exists()
    second.close()
    assert not lock_path(project).exists()


def test_cancelling_keeps_the_current_sessions_lock(project: Path, tmp_path: Path) -> None:
    current = ProjectSession()
    current.open(project)
    other_file = tmp_path / "other.govreport"
    shutil.copy(PUTUO, other_file)
    other = held_by_someone_else(other_file)
    attempt = ProjectSession()
    assert attempt.open(other_file, current=current).state is OpenState.HELD_ELSEWHERE
    assert current.holds_lock  # nothing was released while the clerk is asked
    other.release()


def test_save_as_takes_the_new_lock_writes_and_releases_the_old(project: Path, tmp_path: Path) -> None:
    session = ProjectSession()
    session.open(project)
    report = load_report(project)
    report.set_value("t3.open.research", 9)
    target = tmp_path / "copy.govreport"
    assert session.save_as(report, target).opened
    assert session.path == target
    assert load_report(target).get("t3.open.research") == 9
    assert lock_path(target).exists()
    assert not lock_path(project).exists()


def test_save_as_onto_a_file_someone_holds_writes_nothing(project: Path, tmp_path: Path) -> None:
    session = ProjectSession()
    session.open(project)
    target = tmp_path / "held.govreport"
    shutil.copy(PUTUO, target)
    other = held_by_someone_else(target)
    before = target.read_bytes()
    outcome = session.save_as(load_report(project), target)
    assert outcome.state is OpenState.HELD_ELSEWHERE
    assert "换一个文件名" in outcome.message
    assert target.read_bytes() == before
    assert session.path == project
    assert session.holds_lock
    other.release()


def test_read_only_session_can_save_as_and_becomes_writable(project: Path, tmp_path: Path) -> None:
    other = held_by_someone_else(project)
    session = ProjectSession()
    session.open(project, LockChoice.READ_ONLY)
    # 另存为 onto the same file someone else holds is refused too: it would overwrite their work.
    assert session.save_as(load_report(project), project).state is OpenState.HELD_ELSEWHERE
    target = tmp_path / "mine.govreport"
    assert session.save_as(load_report(project), target).opened
    assert not session.read_only
    session.save(load_report(project))
    other.release()


def test_save_discards_the_recovery_file(project: Path) -> None:
    session = ProjectSession()
    session.open(project)
    report = load_report(project)
    autosaved = session.autosave(report)
    assert autosaved.exists()
    session.save(report)
    assert not autosaved.exists()


def test_a_never_saved_session_cannot_save_without_a_path() -> None:
    with pytest.raises(ProjectFileError, match="还没有保存过"):
        ProjectSession().save(load_report(PUTUO))


CRASHED_WINDOW = """
import os, sys
from pathlib import Path
from gov_report_desktop.storage.projectfile import load_report
from gov_report_desktop.storage.session import ProjectSession
path = Path(sys.argv[1])
session = ProjectSession()
assert session.open(path).opened
report = load_report(path)
report.set_value("t3.open.research", 7)
session.autosave(report)
os._exit(0)  # as kill -9: no clean-up runs, the lock file and the recovery file stay
"""


def crash_with_unsaved_work(project: Path, data_dir: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), GOV_REPORT_DATA_DIR=str(data_dir))
    subprocess.run([sys.executable, "-c", CRASHED_WINDOW, str(project)], env=env, cwd=ROOT, check=True, timeout=60)
    assert lock_path(project).exists()


def test_recovery_when_started_with_the_same_file_is_writable(project: Path, private_data_dir: Path) -> None:
    """Start with the file (double-click), answer 是 to 恢复: the work is editable and saves (issue 10)."""
    crash_with_unsaved_work(project, private_data_dir)
    started = ProjectSession(project)  # the window shows the file, then claims it after the first paint
    assert started.open(project).opened  # the crashed process's lock is stale: taken over
    [entry] = started.pending_recoveries()
    restored = ProjectSession(recovery=RecoveryStore())
    report, outcome = restored.restore(entry, current=started)
    assert outcome.opened
    assert not restored.read_only
    assert restored.holds_lock
    assert report.get("t3.open.research") == 7
    started.close()  # the window replaces the document
    assert lock_path(project).exists()  # the lock went to the restored work, not away
    assert restored.pending_recoveries() == []  # its recovery file is this session's now
    restored.save(report)
    assert load_report(project).get("t3.open.research") == 7
    assert list((private_data_dir / "recovery").glob("*.govrecover")) == []
    restored.close()
    assert not lock_path(project).exists()


def test_restoring_without_the_current_session_sees_its_lock_as_someone_elses(
    project: Path, private_data_dir: Path
) -> None:
    """Why `current` exists: the window's own lock on the file is not another clerk's."""
    crash_with_unsaved_work(project, private_data_dir)
    started = ProjectSession(project)
    started.open(project)
    [entry] = started.pending_recoveries()
    _, outcome = ProjectSession().restore(entry)
    assert outcome.state is OpenState.HELD_ELSEWHERE


def test_restoring_work_whose_file_is_gone_asks_where_to_save(project: Path, private_data_dir: Path) -> None:
    crash_with_unsaved_work(project, private_data_dir)
    lock_path(project).unlink()
    project.unlink()
    [entry] = ProjectSession().pending_recoveries()
    restored = ProjectSession()
    report, outcome = restored.restore(entry)
    assert outcome.opened
    assert restored.path is None
    assert report.get("t3.open.research") == 7
