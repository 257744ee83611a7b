"""A lock file beside an open project, so two people (or two windows) do not edit it at once.

Like Office's owner files, the lock is `.~<name>.lock` in the project's own folder, so it works on a
shared network folder too. It holds who opened the file (host, pid, user, since). A lock left
behind by a crash on this computer (its process is gone) is taken over silently; a lock from
another computer cannot be checked, so the clerk is told who holds it and may override it
(`force=True`). A folder where no lock can be created (read-only, a CD, a full disk) never stops
the clerk from opening the file: the outcome says the file is open without a lock.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import logging
import os
import socket
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

from .atomic import remove_stale_temps
from .oserrors import os_message

LOCK_PREFIX = ".~"
LOCK_SUFFIX = ".lock"
# A lock file with unreadable content may be one another process is writing at this instant;
# only once it is this old is it treated as debris.
UNREADABLE_LOCK_GRACE_SECONDS = 10.0


def lock_path(project: Path) -> Path:
    return project.with_name(f"{LOCK_PREFIX}{project.name}{LOCK_SUFFIX}")


@dataclass(frozen=True)
class LockInfo:
    """Who holds a lock. `host`/`user` are empty when the lock file could not be read."""

    host: str
    pid: int
    user: str
    since: datetime

    def describe(self) -> str:
        """For the clerk: 用户“张三”（计算机 PC-01）于 2026-03-01 09:30 打开."""
        who = f"用户“{self.user}”" if self.user else "其他用户"
        where = f"（计算机 {self.host}）" if self.host else ""
        return f"{who}{where}于 {self.since:%Y-%m-%d %H:%M} 打开"

    def to_json(self) -> bytes:
        document = {"host": self.host, "pid": self.pid, "user": self.user, "since": self.since.isoformat()}
        return json.dumps(document).encode("ascii")  # \u escapes: even an undecodable user name is written

    @classmethod
    def from_json(cls, data: bytes) -> LockInfo | None:
        try:
            document: Any = json.loads(data.decode("utf-8"))
            info = cls(
                host=str(document["host"]),
                pid=int(document["pid"]),
                user=str(document["user"]),
                since=datetime.fromisoformat(str(document["since"])),
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        return info

    @classmethod
    def for_this_process(cls) -> LockInfo:
        return cls(host=_host_name(), pid=os.getpid(), user=_user_name(), since=datetime.now().replace(microsecond=0))


class LockState(str, Enum):
    ACQUIRED = "acquired"  # we hold the lock
    HELD_ELSEWHERE = "held_elsewhere"  # someone else holds it; `holder` says who
    UNAVAILABLE = "unavailable"  # no lock could be created; the file can still be opened


@dataclass(frozen=True)
class LockOutcome:
    state: LockState
    holder: LockInfo | None = None
    message: str = ""  # Chinese, for the UI; empty when acquired normally
    took_over_stale: bool = False


class ProjectLock:
    """One window's lock on one project file. Reusable: `acquire` a new project after `release`."""

    def __init__(self) -> None:
        self._path: Path | None = None
        self._mine: LockInfo | None = None
        self.outcome: LockOutcome | None = None

    @property
    def held(self) -> bool:
        return self._mine is not None

    @property
    def path(self) -> Path | None:
        return self._path

    def acquire(self, project: Path, *, force: bool = False) -> LockInfo | None:
        """None when nobody else holds the project (see `outcome` for whether a lock was made);
        the holder's LockInfo when another process holds it."""
        outcome = self.try_acquire(project, force=force)
        return outcome.holder if outcome.state is LockState.HELD_ELSEWHERE else None

    def try_acquire(self, project: Path, *, force: bool = False) -> LockOutcome:
        self.release()
        path = lock_path(project)
        mine = LockInfo.for_this_process()
        took_over = False
        for _attempt in range(3):  # a racing process may create or remove the lock between steps
            try:
                _create_exclusively(path, mine.to_json())
            except FileExistsError:
                holder = read_lock(path)
                if force or _is_stale(path, holder):
                    took_over = took_over or not force
                    with contextlib.suppress(FileNotFoundError):
                        _remove(path)
                    continue
                return self._finish(_held_elsewhere(project, holder, path))
            except OSError as error:
                return self._finish(_unavailable(project, error))
            self._path, self._mine = path, mine
            _HELD_BY_THIS_PROCESS.add(_key(path))
            # The file is ours now: temporaries of a save that was killed (a crash, a power cut) go.
            remove_stale_temps(project)
            return self._finish(LockOutcome(LockState.ACQUIRED, took_over_stale=took_over))
        return self._finish(_held_elsewhere(project, read_lock(path), path))

    def release(self) -> None:
        """Remove our lock file, unless someone has since forced their own lock over it."""
        path, mine = self._path, self._mine
        self._path = self._mine = None
        if path is None or mine is None:
            return
        _HELD_BY_THIS_PROCESS.discard(_key(path))
        current = read_lock(path)
        if current is not None and (current.host, current.pid, current.since) == (mine.host, mine.pid, mine.since):
            with contextlib.suppress(OSError):
                _remove(path)

    def _finish(self, outcome: LockOutcome) -> LockOutcome:
        self.outcome = outcome
        return outcome


def read_lock(path: Path) -> LockInfo | None:
    """The lock's holder; None when there is no lock or it cannot be read."""
    try:
        data = path.read_bytes()[:4096]
    except OSError:
        return None
    return LockInfo.from_json(data)


def _held_elsewhere(project: Path, holder: LockInfo | None, path: Path) -> LockOutcome:
    if holder is None:
        holder = LockInfo(host="", pid=0, user="", since=_modified_at(path))
    message = (
        f"文件“{project.name}”已被{holder.describe()}，可能正在编辑。"
        "同时编辑会互相覆盖。可以只读查看，或确认对方已关闭后强制打开。"
    )
    return LockOutcome(LockState.HELD_ELSEWHERE, holder=holder, message=message)


def _unavailable(project: Path, error: OSError) -> LockOutcome:
    logging.getLogger(__name__).warning("no lock for %s: %s", project, error)
    reason = os_message(error)
    message = (
        f"无法在文件夹“{project.parent}”中创建锁定文件（{reason}）。"
        "文件照常打开，但其他人同时打开此文件时将不会收到提示。"
    )
    return LockOutcome(LockState.UNAVAILABLE, message=message)


def _is_stale(path: Path, holder: LockInfo | None) -> bool:
    if holder is None:
        return time.time() - _modified_timestamp(path) > UNREADABLE_LOCK_GRACE_SECONDS
    if holder.host != _host_name():
        return False  # another computer's process cannot be checked from here
    if holder.pid == os.getpid():
        # Another window of this process holds it — unless it is debris of an earlier process
        # that happened to have the same id (after a restart).
        return _key(path) not in _HELD_BY_THIS_PROCESS
    return not pid_alive(holder.pid)


# Lock files this process holds, to tell its own live locks from debris with a recycled pid.
_HELD_BY_THIS_PROCESS: set[str] = set()


def _key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _create_exclusively(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    try:
        os.write(fd, data)
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            _remove(path)
        raise
    os.close(fd)
    _hide(path)


def _remove(path: Path) -> None:
    path.unlink()


def _modified_timestamp(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _modified_at(path: Path) -> datetime:
    return datetime.fromtimestamp(_modified_timestamp(path)).replace(microsecond=0)


def _host_name() -> str:
    return socket.gethostname()


def _user_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (a service, a container): the lock still works without it
        return ""


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer (errs on the side of 'alive')."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0 only checks; on Windows os.kill would terminate, hence the branch
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by another user
    except OSError:
        return True
    return True


if sys.platform == "win32":
    import ctypes

    _FILE_ATTRIBUTE_HIDDEN = 0x2

    def _hide(path: Path) -> None:
        """Explorer hides Office's owner files; ours should not clutter the clerk's folder either."""
        with contextlib.suppress(Exception):
            ctypes.windll.kernel32.SetFileAttributesW(str(path), _FILE_ATTRIBUTE_HIDDEN)

    _PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
    _STILL_ACTIVE = 259

    def _windows_pid_alive(pid: int) -> bool:
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not handle:
            return ctypes.GetLastError() == 5  # ERROR_ACCESS_DENIED: it exists
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == _STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)

else:

    def _hide(path: Path) -> None:
        """The leading dot already hides the lock file on Linux and macOS."""

    def _windows_pid_alive(pid: int) -> bool:
        raise NotImplementedError
