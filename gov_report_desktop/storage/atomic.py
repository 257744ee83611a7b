"""Replace a file in one step: a temporary file in the same folder, fsync, os.replace.

Shared by the project file, recovery files and the Word export. A power cut leaves either the old or
the new file, never half of one; on any failure the target is untouched and the temporary file is
removed. Failures are classified so each caller can tell the clerk what happened in its own words.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from enum import Enum, auto
from pathlib import Path


class WriteProblem(Enum):
    MISSING_FOLDER = auto()  # the target's folder does not exist
    IS_FOLDER = auto()  # the target path is a folder
    FOLDER_NOT_WRITABLE = auto()  # no temporary file can be created beside the target
    READ_ONLY = auto()  # the existing target is read-only
    IN_USE = auto()  # replacing was refused: open in Word/WPS (Windows) or read-only
    FAILED_BEFORE_WRITING = auto()  # another error before anything was written
    FAILED = auto()  # another error (disk full, I/O error) while writing or replacing


class AtomicWriteError(Exception):
    def __init__(self, problem: WriteProblem, path: Path, detail: str = "") -> None:
        super().__init__(f"{problem.name}: {path}: {detail}")
        self.problem = problem
        self.path = path
        self.detail = detail


def replace_file(path: Path, data: bytes, *, backup: Path | None = None) -> None:
    """Write `data` to `path` atomically; copy the previous version to `backup` first if given."""
    folder = path.parent
    if not folder.is_dir():
        raise AtomicWriteError(WriteProblem.MISSING_FOLDER, path)
    if path.is_dir():
        raise AtomicWriteError(WriteProblem.IS_FOLDER, path)
    temp, handle = _create_temp(path)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            _take_mode_of(path, temp)
            if not os.access(path, os.W_OK):
                raise AtomicWriteError(WriteProblem.READ_ONLY, path)
            if backup is not None:
                _copy(path, backup)
        os.replace(temp, path)
    except AtomicWriteError:
        _discard(temp)
        raise
    except PermissionError:
        _discard(temp)
        raise AtomicWriteError(WriteProblem.IN_USE, path) from None
    except OSError as error:
        _discard(temp)
        raise AtomicWriteError(WriteProblem.FAILED, path, str(error.strerror or error)) from None
    except BaseException:
        _discard(temp)
        raise
    _fsync_folder(folder)


def _create_temp(path: Path) -> tuple[Path, int]:
    temp = path.with_name(f".~{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        # O_EXCL: never reuse someone else's file; 0o666 lets the umask decide, as for any saved file.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        return temp, os.open(temp, flags, 0o666)
    except PermissionError:
        raise AtomicWriteError(WriteProblem.FOLDER_NOT_WRITABLE, path) from None
    except OSError as error:
        raise AtomicWriteError(WriteProblem.FAILED_BEFORE_WRITING, path, str(error.strerror or error)) from None


def _take_mode_of(target: Path, temp: Path) -> None:
    with contextlib.suppress(OSError):
        os.chmod(temp, target.stat().st_mode & 0o777)


def _copy(source: Path, backup: Path) -> None:
    with contextlib.suppress(OSError):
        # A hard link would share the inode that os.replace is about to detach: copy the bytes.
        backup.write_bytes(source.read_bytes())


def _discard(temp: Path) -> None:
    with contextlib.suppress(OSError):
        temp.unlink()


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
