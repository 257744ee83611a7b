"""Replace a file in one step: a temporary file in the same folder, fsync, os.replace.

Shared by the project file, recovery files and the Word export. A power cut leaves either the old or
the new file, never half of one; on any failure the target is untouched and the temporary file is
removed. The backup (`<name>.bak`) is replaced the same way, so a kill leaves it either the
complete previous backup or the complete previous version; a backup that cannot be written (a full
disk) stops the save before anything is replaced. Failures are classified so each caller can tell
the clerk what happened in its own words.

Temporary names are `.~<name>.<pid>-<random>.tmp`, the name shortened so the temporary name is
never longer than the target's (a target that fits the file system's name limit always has a
temporary name that fits). Temporaries left by a process that no longer runs (a kill, a power cut)
are removed on the next save of the same target.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import sys
import time
from enum import Enum, auto
from pathlib import Path

from .oserrors import os_message

log = logging.getLogger(__name__)

NAME_MAX_BYTES = 255  # ext4, NTFS (in UTF-16 units, always ≥ the UTF-8 bytes / 3), APFS, FAT32 long names
PATH_MAX_BYTES = 4096  # Linux PATH_MAX
_MIN_TEMP_BYTES = 24  # a short target name still gets a temporary name with room for its token
_TEMP_SUFFIX = ".tmp"
# `.~<name part>.<pid hex>-<4 hex>.tmp`; earlier versions wrote `.~<name>.<8 hex>.tmp` (no pid).
_TEMP_NAME = re.compile(r"^\.~(?P<part>.*)\.(?:(?P<pid>[0-9a-f]{1,8})-[0-9a-f]{4}|[0-9a-f]{8})\.tmp$", re.DOTALL)
_OLD_TEMP_AGE_SECONDS = 3600  # a temporary of an earlier version names no process: wait an hour


class WriteProblem(Enum):
    MISSING_FOLDER = auto()  # the target's folder does not exist
    IS_FOLDER = auto()  # the target path is a folder
    NAME_TOO_LONG = auto()  # the file name or the whole path is longer than the system allows
    FOLDER_NOT_WRITABLE = auto()  # no temporary file can be created beside the target
    READ_ONLY = auto()  # the existing target is read-only
    IN_USE = auto()  # replacing was refused: open in Word/WPS (Windows) or read-only
    BACKUP_FAILED = auto()  # the backup could not be written (disk full): nothing was replaced
    FAILED_BEFORE_WRITING = auto()  # another error before anything was written
    FAILED = auto()  # another error (disk full, I/O error) while writing or replacing


class AtomicWriteError(Exception):
    def __init__(self, problem: WriteProblem, path: Path, detail: str = "") -> None:
        super().__init__(f"{problem.name}: {path}: {detail}")
        self.problem = problem
        self.path = path
        self.detail = detail


def name_length(name: str) -> int:
    """A name's length as the file system counts it: UTF-16 units on Windows, bytes elsewhere."""
    return _utf16_length(name) if sys.platform == "win32" else _utf8_length(name)


def name_too_long(path: Path) -> bool:
    """Whether `path` cannot exist on this system because its name or the whole path is too long."""
    if name_length(path.name) > NAME_MAX_BYTES:
        return True
    return sys.platform != "win32" and len(os.fsencode(str(path.absolute()))) >= PATH_MAX_BYTES


def fit_file_name(stem: str, suffix: str, limit: int = NAME_MAX_BYTES) -> str:
    """`stem + suffix`, the stem shortened (whole characters) so the name fits `limit` in UTF-8
    bytes and in UTF-16 units: a name must fit whichever system the folder is shared with."""
    room = limit - len(suffix.encode("utf-8", "surrogateescape"))
    return _shorten(stem, room, room) + suffix


# Characters Windows (and so a shared folder) does not allow in a file name, and control codes.
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


def suggested_name(stem: str, suffix: str) -> str:
    """A file name made from text the clerk typed (an agency name): characters no file name may
    hold replaced, and short enough for any file system."""
    return fit_file_name(_NOT_IN_NAMES.sub("_", stem).strip(" ."), suffix)


def _utf8_length(text: str) -> int:
    return len(text.encode("utf-8", "surrogateescape"))


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _shorten(text: str, max_bytes: int, max_units: int) -> str:
    """The longest prefix of `text` (whole characters) within both limits."""
    while text and (_utf8_length(text) > max_bytes or _utf16_length(text) > max_units):
        text = text[:-1]
    return text


def replace_file(path: Path, data: bytes, *, backup: Path | None = None) -> None:
    """Write `data` to `path` atomically; replace `backup` with the previous version first if given."""
    folder = _check_target(path)
    remove_stale_temps(path)
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
                _replace_backup(path, backup)
        os.replace(temp, path)
    except AtomicWriteError:
        _discard(temp)
        raise
    except PermissionError:
        _discard(temp)
        raise AtomicWriteError(WriteProblem.IN_USE, path) from None
    except OSError as error:
        _discard(temp)
        raise AtomicWriteError(WriteProblem.FAILED, path, os_message(error)) from None
    except BaseException:
        _discard(temp)
        raise
    _fsync_folder(folder)


def _check_target(path: Path) -> Path:
    """The target's folder, after the checks that need no writing. `Path.is_dir()` itself raises
    for an over-long name, hence the length check first."""
    if name_too_long(path):
        raise AtomicWriteError(WriteProblem.NAME_TOO_LONG, path)
    folder = path.parent
    try:
        if not folder.is_dir():
            raise AtomicWriteError(WriteProblem.MISSING_FOLDER, path)
        if path.is_dir():
            raise AtomicWriteError(WriteProblem.IS_FOLDER, path)
    except OSError as error:
        raise AtomicWriteError(WriteProblem.FAILED_BEFORE_WRITING, path, os_message(error)) from None
    return folder


def temp_name_for(path: Path) -> str:
    """A fresh temporary name for `path`, never longer than the target's name (nor 24 bytes)."""
    token = f"{os.getpid():x}-{secrets.token_hex(2)}"
    overhead = len(f".~.{token}{_TEMP_SUFFIX}")
    name = path.name
    max_bytes = max(_utf8_length(name), _MIN_TEMP_BYTES) - overhead
    max_units = max(_utf16_length(name), _MIN_TEMP_BYTES) - overhead
    return f".~{_shorten(name, max_bytes, max_units)}.{token}{_TEMP_SUFFIX}"


def _create_temp(path: Path) -> tuple[Path, int]:
    temp = path.with_name(temp_name_for(path))
    try:
        # O_EXCL: never reuse someone else's file; 0o666 lets the umask decide, as for any saved file.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        return temp, os.open(temp, flags, 0o666)
    except PermissionError:
        raise AtomicWriteError(WriteProblem.FOLDER_NOT_WRITABLE, path) from None
    except OSError as error:
        raise AtomicWriteError(WriteProblem.FAILED_BEFORE_WRITING, path, os_message(error)) from None


def _take_mode_of(target: Path, temp: Path) -> None:
    with contextlib.suppress(OSError):
        os.chmod(temp, target.stat().st_mode & 0o777)


def _replace_backup(source: Path, backup: Path) -> None:
    """Copy `source` to a temporary beside it, fsync, then replace `backup` in one step.

    A hard link would share the inode an editor may later rewrite in place: copy the bytes. Any
    failure (a full disk) leaves the old backup as it was and stops the save."""
    temp, handle = _create_temp(backup)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(source.read_bytes())
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, backup)
    except OSError as error:
        _discard(temp)
        log.warning("backup %s not written: %s", backup, error)
        raise AtomicWriteError(WriteProblem.BACKUP_FAILED, source, os_message(error)) from None
    except BaseException:
        _discard(temp)
        raise


def remove_stale_temps(target: Path) -> int:
    """Remove temporaries of `target` (and of its backup) whose writing process no longer runs;
    returns how many. Never raises: cleaning up is a courtesy, not part of the save."""
    removed = 0
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return 0
    names = (os.fsencode(target.name), os.fsencode(target.name + ".bak"))
    for entry in entries:
        if _is_stale_temp(entry, names):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    if removed:
        log.info("removed %d stale temporary file(s) beside %s", removed, target)
    return removed


def _is_stale_temp(entry: os.DirEntry[str], names: tuple[bytes, ...]) -> bool:
    match = _TEMP_NAME.match(entry.name)
    if match is None:
        return False
    part = os.fsencode(match.group("part"))
    if not part or not any(name.startswith(part) for name in names):
        return False
    try:
        if not entry.is_file(follow_symlinks=False):
            return False
        if match.group("pid") is None:
            return time.time() - entry.stat(follow_symlinks=False).st_mtime > _OLD_TEMP_AGE_SECONDS
    except OSError:
        return False
    from .lock import pid_alive  # imported here: the lock module cleans up through this one

    return not pid_alive(int(match.group("pid"), 16))


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
