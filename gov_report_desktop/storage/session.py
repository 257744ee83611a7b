"""The project a window works on, without Qt: its file, the lock on it, read-only state and recovery id.

One `ProjectSession` per open report. The window only asks the clerk questions; every decision about
locks and recovery files is made here, so it is tested without a window:

    session = ProjectSession()
    outcome = session.open(path, current=window_session)
    if outcome.state is OpenState.HELD_ELSEWHERE:      # ask: read-only, take over, or cancel
        outcome = session.open(path, LockChoice.READ_ONLY, current=window_session)

`current` is the session this one replaces in the same window: a lock it already holds on the same
file is handed over instead of being mistaken for someone else's (reopening the file, or restoring
its autosaved work). Nothing the current session holds is released until the new one succeeds.

Lock and recovery modules are imported when first used: the window builds its first session before
its first paint.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from .projectfile import ProjectFileError, save_report

if TYPE_CHECKING:
    from ..domain.model import Report
    from .lock import ProjectLock
    from .recovery import RecoveryEntry, RecoveryStore


class OpenState(str, Enum):
    OPENED = "opened"  # the session has the file (locked, or unlockable: `message` says why)
    HELD_ELSEWHERE = "held_elsewhere"  # someone else holds it: ask, then open again with a choice


class LockChoice(str, Enum):
    READ_ONLY = "read_only"  # look at it without the lock; 保存 then offers 另存为
    TAKE_OVER = "take_over"  # the clerk is sure the holder is gone: override the lock


@dataclass(frozen=True)
class OpenOutcome:
    state: OpenState
    message: str = ""  # who holds the file, or why no lock could be made (Chinese, for the clerk)

    @property
    def opened(self) -> bool:
        return self.state is OpenState.OPENED


class ReadOnlyError(ProjectFileError):
    """保存 on a session opened read-only: the message says why; the window offers 另存为."""


class ProjectSession:
    """One report's file, lock, read-only state and recovery file."""

    def __init__(self, path: Path | None = None, *, recovery: RecoveryStore | None = None) -> None:
        """`path`: the file the report was read from, not yet locked (the window claims it with `open`
        right after its first paint); None for a report never saved."""
        self._path = path
        self._lock: ProjectLock | None = None
        self._recovery = recovery
        self.read_only = False
        self.read_only_reason = ""
        self.session_id = os.urandom(16).hex()  # as uuid4().hex, without importing uuid at start-up

    # -- state ---------------------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def holds_lock(self) -> bool:
        return self._lock is not None and self._lock.held

    @property
    def lock_file(self) -> Path | None:
        """The lock file this session holds, if any."""
        return self._lock.path if self._lock is not None else None

    @property
    def recovery(self) -> RecoveryStore:
        if self._recovery is None:
            from .recovery import RecoveryStore

            self._recovery = RecoveryStore()
        return self._recovery

    # -- opening ---------------------------------------------------------------------------------

    def open(
        self, path: Path, choice: LockChoice | None = None, *, current: ProjectSession | None = None
    ) -> OpenOutcome:
        """Claim `path` for this session. HELD_ELSEWHERE changes nothing: ask the clerk, then call again
        with a `choice` (or drop this session). `current`: the session this one replaces (see module doc)."""
        from .lock import LockState, ProjectLock

        lock = current._hand_over(path) if current is not None and current is not self else None
        notice = reason = ""
        read_only = False
        if lock is None:
            lock = ProjectLock()
            outcome = lock.try_acquire(path, force=choice is LockChoice.TAKE_OVER)
            if outcome.state is LockState.HELD_ELSEWHERE:
                if choice is not LockChoice.READ_ONLY:
                    return OpenOutcome(OpenState.HELD_ELSEWHERE, outcome.message or "此文件正被其他人打开。")
                read_only, notice = True, outcome.message
                who = outcome.holder.describe() if outcome.holder is not None else "其他人打开"
                reason = f"文件“{path.name}”已被{who}，本窗口以只读方式打开。"
            elif outcome.state is LockState.UNAVAILABLE:
                notice = outcome.message
        self._set_lock(lock if lock.held else None)
        self._path = path
        self.read_only = read_only
        self.read_only_reason = reason
        return OpenOutcome(OpenState.OPENED, notice)

    def restore(
        self, entry: RecoveryEntry, choice: LockChoice | None = None, *, current: ProjectSession | None = None
    ) -> tuple[Report, OpenOutcome]:
        """The autosaved work of `entry`, and its file claimed for this session (HELD_ELSEWHERE: ask,
        then `open(entry.source, choice, current=…)`). This session takes over the entry's recovery id, so
        the recovery file is kept until the work is saved or dropped. Raises ProjectFileError."""
        report = self.recovery.load(entry)
        self.session_id = entry.session_id
        if entry.source is None or not entry.source.exists():
            self._path = None  # the file is gone (or was never saved): 保存 asks where
            return report, OpenOutcome(OpenState.OPENED)
        return report, self.open(entry.source, choice, current=current)

    def _hand_over(self, path: Path) -> ProjectLock | None:
        """Give our lock on `path` to the session replacing this one (None when we hold none on it)."""
        from .lock import lock_path

        lock = self._lock
        if lock is None or not lock.held or lock.path != lock_path(path):
            return None
        self._lock = None
        return lock

    # -- saving ----------------------------------------------------------------------------------

    def save(self, report: Report) -> Path:
        """Write `report` to the session's file. Raises ReadOnlyError (say why, offer 另存为) or
        ProjectFileError (the work stays in memory)."""
        if self._path is None:
            raise ProjectFileError("这份年报还没有保存过，请选择要保存的文件。")
        if self.read_only:
            reason = self.read_only_reason or f"文件“{self._path.name}”以只读方式打开。"
            raise ReadOnlyError(f"{reason}\n为免覆盖他人的修改，不能保存到原文件。")
        save_report(report, self._path)
        self.discard_recovery()
        return self._path

    def save_as(self, report: Report, target: Path) -> OpenOutcome:
        """Lock `target`, write it, then release the old file: the session is on `target` from now on.
        HELD_ELSEWHERE when someone else holds `target` (nothing written). Raises ProjectFileError."""
        if target == self._path and self.holds_lock:
            self.save(report)
            return OpenOutcome(OpenState.OPENED)
        from .lock import LockState, ProjectLock

        lock = ProjectLock()
        outcome = lock.try_acquire(target)
        if outcome.state is LockState.HELD_ELSEWHERE:
            return OpenOutcome(OpenState.HELD_ELSEWHERE, f"{outcome.message}\n请换一个文件名保存。")
        try:
            save_report(report, target)
        except ProjectFileError:
            lock.release()
            raise
        self._set_lock(lock if lock.held else None)
        self._path = target
        self.read_only = False
        self.read_only_reason = ""
        self.discard_recovery()
        return OpenOutcome(OpenState.OPENED, outcome.message if outcome.state is LockState.UNAVAILABLE else "")

    # -- recovery --------------------------------------------------------------------------------

    def autosave(self, report: Report) -> Path:
        """The work in memory to this session's recovery file. Raises ProjectFileError."""
        return self.recovery.save(self.session_id, report, self._path)

    def discard_recovery(self) -> None:
        """The work is in the clerk's file or deliberately dropped: its recovery file goes."""
        if self._recovery is not None:  # no store yet: this session never autosaved
            self._recovery.discard_session(self.session_id)

    def pending_recoveries(self) -> list[RecoveryEntry]:
        """Work other sessions left unsaved (crash, power cut), newest first."""
        return [e for e in self.recovery.pending() if e.session_id != self.session_id]

    # -- closing ---------------------------------------------------------------------------------

    def close(self, *, discard_recovery: bool = True) -> None:
        """The report leaves the window: release the lock (unless handed over) and, by default, drop the
        recovery file."""
        if discard_recovery:
            self.discard_recovery()
        self._set_lock(None)

    def _set_lock(self, lock: ProjectLock | None) -> None:
        if self._lock is not None and self._lock is not lock:
            self._lock.release()
        self._lock = lock
