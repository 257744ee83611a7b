"""The project lock: acquire/release, another process holding it, stale locks, force, no folder access."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from gov_report_desktop.storage import lock as lock_module
from gov_report_desktop.storage.lock import LockInfo, LockState, ProjectLock, lock_path, pid_alive, read_lock


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "普陀区 2026.govreport"
    path.write_bytes(b"{}")
    return path


def dead_pid() -> int:
    """The id of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def write_lock(project: Path, **fields: object) -> Path:
    info = {"host": socket.gethostname(), "pid": os.getpid(), "user": "张三", "since": "2026-03-01T09:30:00"}
    info.update(fields)
    path = lock_path(project)
    path.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    return path


def test_lock_path_is_an_office_style_owner_file_beside_the_project(project: Path) -> None:
    assert lock_path(project) == project.parent / ".~普陀区 2026.govreport.lock"


def test_acquire_creates_the_lock_with_who_and_release_removes_it(project: Path) -> None:
    lock = ProjectLock()
    assert lock.acquire(project) is None
    assert lock.held
    assert lock.outcome is not None
    assert lock.outcome.state is LockState.ACQUIRED
    info = read_lock(lock_path(project))
    assert info is not None
    assert (info.host, info.pid) == (socket.gethostname(), os.getpid())
    lock.release()
    assert not lock_path(project).exists()
    assert not lock.held
    lock.release()  # releasing twice is harmless


def test_a_second_lock_in_the_same_process_sees_the_first_holder(project: Path) -> None:
    first, second = ProjectLock(), ProjectLock()
    assert first.acquire(project) is None
    holder = second.acquire(project)
    assert holder is not None
    assert holder.pid == os.getpid()
    assert second.outcome is not None
    assert second.outcome.state is LockState.HELD_ELSEWHERE
    assert "可能正在编辑" in second.outcome.message
    assert not second.held
    second.release()  # must not remove the first window's lock
    assert lock_path(project).exists()
    first.release()
    assert second.acquire(project) is None


HOLD_SCRIPT = """
import sys, time
from pathlib import Path
from gov_report_desktop.storage.lock import ProjectLock
lock = ProjectLock()
holder = lock.acquire(Path(sys.argv[1]))
print("held" if holder is None else "busy", flush=True)
time.sleep(60)
"""


def test_another_process_holding_the_lock_is_reported_then_released_by_its_exit(project: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_SCRIPT, str(project)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "held"
        lock = ProjectLock()
        holder = lock.acquire(project)
        assert holder is not None
        assert holder.pid == child.pid
        assert holder.host == socket.gethostname()
        assert lock.outcome is not None
        assert "已被用户" in lock.outcome.message
        assert f"计算机 {socket.gethostname()}" in lock.outcome.message
    finally:
        child.kill()
        child.wait()
    # The holder died without releasing (killed): its lock is stale and taken over.
    assert lock_path(project).exists()
    lock = ProjectLock()
    assert lock.acquire(project) is None
    assert lock.outcome is not None
    assert lock.outcome.took_over_stale
    info = read_lock(lock_path(project))
    assert info is not None
    assert info.pid == os.getpid()


def test_stale_lock_of_a_dead_process_on_this_host_is_taken_over(project: Path) -> None:
    write_lock(project, pid=dead_pid())
    lock = ProjectLock()
    assert lock.acquire(project) is None
    assert lock.held


def test_lock_with_our_pid_that_no_window_of_ours_holds_is_debris(project: Path) -> None:
    """After a restart the app may get the pid its crashed predecessor had."""
    write_lock(project, pid=os.getpid())
    lock = ProjectLock()
    assert lock.acquire(project) is None
    assert lock.outcome is not None
    assert lock.outcome.took_over_stale


def test_lock_from_another_computer_is_respected_and_described(project: Path) -> None:
    write_lock(project, host="PC-办公室-07", pid=dead_pid(), user="李四")
    lock = ProjectLock()
    holder = lock.acquire(project)
    assert holder is not None
    assert (holder.host, holder.user, holder.since) == ("PC-办公室-07", "李四", datetime(2026, 3, 1, 9, 30))
    assert lock.outcome is not None
    assert lock.outcome.message.startswith(
        "文件“普陀区 2026.govreport”已被用户“李四”（计算机 PC-办公室-07）于 2026-03-01 09:30 打开"
    )
    assert not lock.held


def test_force_takes_over_a_live_lock(project: Path) -> None:
    path = write_lock(project, host="PC-办公室-07", user="李四")
    lock = ProjectLock()
    assert lock.acquire(project, force=True) is None
    info = read_lock(path)
    assert info is not None
    assert (info.host, info.pid) == (socket.gethostname(), os.getpid())


def test_release_leaves_a_lock_someone_forced_over_ours(project: Path) -> None:
    ours = ProjectLock()
    assert ours.acquire(project) is None
    write_lock(project, host="PC-办公室-07", user="李四")  # they forced it
    ours.release()
    info = read_lock(lock_path(project))
    assert info is not None
    assert info.user == "李四"


def test_fresh_unreadable_lock_counts_as_held_and_an_old_one_as_debris(project: Path) -> None:
    path = lock_path(project)
    path.write_bytes(b"\x00\x01 half-written")
    lock = ProjectLock()
    holder = lock.acquire(project)
    assert holder is not None
    assert holder.user == ""
    assert "其他用户" in (lock.outcome.message if lock.outcome else "")
    old = time.time() - lock_module.UNREADABLE_LOCK_GRACE_SECONDS - 5
    os.utime(path, (old, old))
    assert lock.acquire(project) is None
    assert lock.held


def test_folder_without_write_access_does_not_crash(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(lock_module.os, "open", refuse)
    lock = ProjectLock()
    assert lock.acquire(project) is None
    assert lock.outcome is not None
    assert lock.outcome.state is LockState.UNAVAILABLE
    assert not lock.held
    assert "无法在文件夹" in lock.outcome.message
    assert "文件照常打开" in lock.outcome.message
    lock.release()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores directory permissions")
def test_really_read_only_folder_does_not_crash(project: Path) -> None:
    project.parent.chmod(0o555)
    try:
        lock = ProjectLock()
        assert lock.acquire(project) is None
        assert lock.outcome is not None
        assert lock.outcome.state is LockState.UNAVAILABLE
    finally:
        project.parent.chmod(0o755)


def test_missing_folder_is_unavailable_not_a_crash(tmp_path: Path) -> None:
    lock = ProjectLock()
    assert lock.acquire(tmp_path / "不存在" / "a.govreport") is None
    assert lock.outcome is not None
    assert lock.outcome.state is LockState.UNAVAILABLE


def test_pid_alive() -> None:
    assert pid_alive(os.getpid())
    assert not pid_alive(dead_pid())
    assert not pid_alive(0)
    assert not pid_alive(-1)


def test_lock_info_round_trips_and_rejects_junk() -> None:
    info = LockInfo(host="主机", pid=42, user="王五", since=datetime(2026, 1, 2, 3, 4, 5))
    assert LockInfo.from_json(info.to_json()) == info
    odd = LockInfo(host="host\udcff", pid=1, user="\udce4", since=datetime(2026, 1, 2))  # undecodable login names
    assert LockInfo.from_json(odd.to_json()) == odd
    assert LockInfo.from_json(b"[]") is None
    assert LockInfo.from_json(b'{"host": "a"}') is None
    assert LockInfo.from_json(b"\xff\xfe") is None
    assert LockInfo.from_json(b'{"host": "a", "pid": "x", "user": "", "since": "2026-01-01"}') is None
