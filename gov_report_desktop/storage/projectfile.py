"""The `.govreport` project file: one UTF-8 JSON document with `schema_version` first.

Saving writes a temporary file in the same folder, fsyncs it and replaces the target, keeping the
previous version as `<name>.bak`; a power cut leaves either the old or the new file, never half of
one. Loading never writes: a file that fails to load is left exactly as it is, and the clerk gets
a Chinese message saying what is wrong.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..domain.model import Report

SCHEMA_VERSION = 1
FILE_SUFFIX = ".govreport"
FORMAT_NAME = "gov-report-desktop"
MAX_FILE_BYTES = 20 * 1024 * 1024  # a real report is ~30 KB; anything this large is not ours
MAX_JSON_DEPTH = 32


class ProjectFileError(Exception):
    """A project file could not be read or written; `str()` is the message for the clerk."""


def dumps_report(report: Report) -> bytes:
    document = {
        "schema_version": SCHEMA_VERSION,
        "format": FORMAT_NAME,
        "report": report.model_dump(mode="json"),
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def loads_report(data: bytes, source: str = "项目文件") -> Report:
    """Parse a project file's bytes; every failure is a ProjectFileError in Chinese."""
    if not data.strip():
        raise ProjectFileError(f"{source}是空文件，没有可读取的内容。")
    if len(data) > MAX_FILE_BYTES:
        raise ProjectFileError(f"{source}过大（{len(data) // (1024 * 1024)} MB），不是本软件保存的年报项目文件。")
    document = _parse_json(data, source)
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProjectFileError(f"{source}缺少版本信息（schema_version），不是本软件保存的年报项目文件。")
    if version > SCHEMA_VERSION:
        raise ProjectFileError(
            f"{source}由更新版本的年报助手保存（文件格式版本 {version}，本程序支持到 {SCHEMA_VERSION}）。"
            "请升级软件后再打开；文件未作任何改动。"
        )
    if version < 1:
        raise ProjectFileError(f"{source}的文件格式版本 {version} 无效。")
    body = document.get("report")
    if not isinstance(body, dict):
        raise ProjectFileError(f"{source}缺少年报内容（report），文件可能已损坏。")
    try:
        return Report.model_validate(body)
    except ValidationError as error:
        raise ProjectFileError(f"{source}内容不符合年报格式：{_describe(error)}") from None


def _parse_json(data: bytes, source: str) -> dict[str, Any]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProjectFileError(f"{source}不是文本文件（可能是其他类型的文件或已损坏）。") from None
    if _nesting_depth(text) > MAX_JSON_DEPTH:
        raise ProjectFileError(f"{source}结构异常（嵌套过深），不是本软件保存的年报项目文件。")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ProjectFileError(
            f"{source}已损坏或不完整（第 {error.lineno} 行第 {error.colno} 列无法解析）。"
            "可尝试打开同目录下的备份文件（.bak）。"
        ) from None
    except RecursionError:
        raise ProjectFileError(f"{source}结构异常（嵌套过深）。") from None
    if not isinstance(document, dict):
        raise ProjectFileError(f"{source}不是年报项目文件（内容不是 JSON 对象）。")
    return document


def _nesting_depth(text: str) -> int:
    """Bracket depth outside strings, measured before json.loads can recurse into a hostile file."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "（根）"
    message = first.get("msg", "")
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    more = f"（另有 {error.error_count() - 1} 处问题）" if error.error_count() > 1 else ""
    return f"位置 {where}：{message}{more}"


def load_report(path: Path) -> Report:
    """Read a project file. Never writes to it."""
    name = f"文件“{path.name}”"
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ProjectFileError(f"找不到{name}（{path}）。") from None
    except IsADirectoryError:
        raise ProjectFileError(f"“{path}”是文件夹，不是年报项目文件。") from None
    except PermissionError:
        raise ProjectFileError(f"没有权限读取{name}。") from None
    except OSError as error:
        raise ProjectFileError(f"无法读取{name}：{error.strerror or error}") from None
    return loads_report(data, name)


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def save_report(report: Report, path: Path, *, keep_backup: bool = True) -> None:
    """Atomically write `report` to `path`, keeping the previous version as `<name>.bak`."""
    write_atomically(path, dumps_report(report), keep_backup=keep_backup)


def write_atomically(path: Path, data: bytes, *, keep_backup: bool = True) -> None:
    """Temp file in the same folder, fsync, replace; the old file becomes the backup.

    On any failure the target is untouched and the temporary file is removed.
    """
    folder = path.parent
    name = f"文件“{path.name}”"
    if not folder.is_dir():
        raise ProjectFileError(f"无法保存{name}：文件夹“{folder}”不存在。")
    if path.is_dir():
        raise ProjectFileError(f"无法保存：“{path}”是一个文件夹。")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except PermissionError:
        raise ProjectFileError(f"无法保存{name}：没有写入文件夹“{folder}”的权限。") from None
    except OSError as error:
        raise ProjectFileError(f"无法保存{name}：{error.strerror or error}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        _give_normal_permissions(temp, path)
        if path.exists():
            _check_writable(path, name)
            if keep_backup:
                _copy_to_backup(path)
        os.replace(temp, path)
        _fsync_folder(folder)
    except ProjectFileError:
        temp.unlink(missing_ok=True)
        raise
    except PermissionError:
        temp.unlink(missing_ok=True)
        raise ProjectFileError(f"无法保存{name}：文件被其他程序占用或为只读。原文件未改动。") from None
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise ProjectFileError(f"无法保存{name}：{error.strerror or error}。原文件未改动。") from None


def _give_normal_permissions(temp: Path, target: Path) -> None:
    """mkstemp creates 0600; the saved file should look like any other file the clerk saves."""
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(temp, mode)


def _check_writable(path: Path, name: str) -> None:
    if not os.access(path, os.W_OK):
        raise ProjectFileError(f"无法保存{name}：文件为只读。请另存为其他文件名；原文件未改动。")


def _copy_to_backup(path: Path) -> None:
    backup = backup_path(path)
    with contextlib.suppress(OSError):
        # A hard link would share the inode that os.replace is about to detach: copy the bytes.
        backup.write_bytes(path.read_bytes())


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
