"""Autosave: recovery files for unsaved work, kept apart from the clerk's own project files.

The window autosaves to `<data dir>/recovery/<session id>.govrecover`, never over the file the
clerk opened; after a crash the next start offers what `pending()` lists. A recovery file wraps
the project document with where it came from and when it was written. A recovery file that
cannot be read is left out of `pending()` but never deleted: `unreadable()` lists it, so the UI
can say so and the work in it is not lost silently.

The base folder is platformdirs' user data dir; `GOV_REPORT_DATA_DIR` overrides it, and a test
run (`GOV_REPORT_TEST_MODE`) without that override uses a folder under the system temp dir.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.model import Report
from .lock import pid_alive
from .oserrors import os_message
from .paths import data_dir
from .projectfile import MAX_FILE_BYTES, ProjectFileError, dumps_report, loads_report, write_atomically

RECOVERY_SUFFIX = ".govrecover"
RECOVERY_FORMAT = "gov-report-desktop-recovery"
RECOVERY_VERSION = 1
_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def recovery_dir() -> Path:
    return data_dir() / "recovery"


def log_dir() -> Path:
    """Where the application log (crashes included) is written: see `applog`."""
    from .applog import log_dir as app_log_dir

    return app_log_dir()


def new_session_id() -> str:
    """A fresh id for one window's autosave: unique, and safe as a file name on every system."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class RecoveryEntry:
    path: Path
    session_id: str
    source: Path | None  # the project file the work belongs to; None for a never-saved report
    saved_at: datetime
    agency: str
    year: int

    def describe(self) -> str:
        """For the recovery dialog: 上海市普陀区民政局 2026年度（普陀.govreport），2026-03-01 09:30 自动保存."""
        title = f"{self.agency or '（未填写机关名称）'} {self.year}年度"
        origin = f"（{self.source.name}）" if self.source is not None else "（尚未保存过的新年报）"
        return f"{title}{origin}，{self.saved_at:%Y-%m-%d %H:%M} 自动保存"


class RecoveryStore:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else recovery_dir()

    def path_for(self, session_id: str) -> Path:
        if not _SESSION_ID.match(session_id):
            raise ValueError(f"invalid recovery session id: {session_id!r}")
        return self.folder / f"{session_id}{RECOVERY_SUFFIX}"

    def save(self, session_id: str, report: Report, source: Path | None) -> Path:
        """Write (or replace) this session's recovery file atomically. Raises ProjectFileError."""
        path = self.path_for(session_id)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ProjectFileError(
                f"无法创建自动保存文件夹“{self.folder}”：{os_message(error)}。请及时手动保存。"
            ) from None
        write_atomically(path, _wrap(session_id, report, source), keep_backup=False)
        return path

    def pending(self) -> list[RecoveryEntry]:
        """Recovery files left by sessions that ended without saving, newest first.

        Files of other processes that are still running (another open window of the app) are
        not offered; this process's own files are, so the caller skips its own session id.
        """
        entries = []
        for path in self._files():
            header = _read_header(path)
            if header is None:
                continue
            entry, host, pid = header
            if host == socket.gethostname() and pid != os.getpid() and pid_alive(pid):
                continue
            entries.append(entry)
        return sorted(entries, key=lambda e: e.saved_at, reverse=True)

    def unreadable(self) -> list[Path]:
        """Recovery files that are damaged: kept on disk, listed so the UI can tell the clerk."""
        return [path for path in self._files() if _read_header(path) is None]

    def load(self, entry: RecoveryEntry) -> Report:
        """The report saved in a recovery file. Raises ProjectFileError with a Chinese message."""
        document = _read_document(entry.path)
        if document is None:
            raise ProjectFileError(
                f"自动保存文件“{entry.path.name}”已损坏，无法恢复。文件已保留在“{entry.path.parent}”。"
            )
        project = json.dumps(document["project"]).encode("ascii")  # \u escapes keep any lone surrogate
        return loads_report(project, f"自动保存文件“{entry.path.name}”")

    def discard(self, entry: RecoveryEntry) -> None:
        with contextlib.suppress(FileNotFoundError):
            entry.path.unlink()

    def discard_session(self, session_id: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_for(session_id).unlink()

    def _files(self) -> list[Path]:
        try:
            return sorted(p for p in self.folder.iterdir() if p.suffix == RECOVERY_SUFFIX and p.is_file())
        except OSError:
            return []


def _wrap(session_id: str, report: Report, source: Path | None) -> bytes:
    document = {
        "schema_version": RECOVERY_VERSION,
        "format": RECOVERY_FORMAT,
        "session_id": session_id,
        "source": str(source) if source is not None else None,
        "saved_at": datetime.now().astimezone().isoformat(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "agency": report.meta.agency,
        "year": report.meta.year,
        "project": json.loads(dumps_report(report)),
    }
    return json.dumps(document).encode("ascii")  # \u escapes: text with a lone surrogate is written too


def _read_document(path: Path) -> dict[str, Any] | None:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return None
        document = json.loads(data.decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(document, dict) or document.get("format") != RECOVERY_FORMAT:
        return None
    version = document.get("schema_version")
    if not isinstance(version, int) or version > RECOVERY_VERSION or not isinstance(document.get("project"), dict):
        return None
    return document


def _read_header(path: Path) -> tuple[RecoveryEntry, str, int] | None:
    document = _read_document(path)
    if document is None:
        return None
    try:
        source = document.get("source")
        saved_at = datetime.fromisoformat(str(document["saved_at"]))
        entry = RecoveryEntry(
            path=path,
            session_id=str(document["session_id"]),
            source=Path(source) if isinstance(source, str) and source else None,
            saved_at=saved_at if saved_at.tzinfo else saved_at.astimezone(),
            agency=str(document.get("agency", "")),
            year=int(document["year"]),
        )
        return entry, str(document.get("host", "")), int(document.get("pid", 0))
    except (KeyError, ValueError, TypeError):
        return None
