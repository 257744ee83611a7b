"""The `.govreport` project file: one UTF-8 JSON document with `schema_version` first.

Saving writes a temporary file in the same folder, fsyncs it and replaces the target, keeping the
previous version as `<name>.bak`; a power cut leaves either the old or the new file, never half of
one. Loading never writes: a file that fails to load is left exactly as it is, and the clerk gets
a Chinese message saying what is wrong.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..domain.model import Report
from .atomic import AtomicWriteError, WriteProblem, fit_file_name, name_too_long, replace_file
from .oserrors import os_message

log = logging.getLogger(__name__)
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
    text = json.dumps(document, ensure_ascii=False, indent=1)
    return _escape_lone_surrogates(text).encode("utf-8") + b"\n"


# A lone surrogate (from a `\udc00` escape in a loaded file, or text pasted from a broken source)
# cannot be written as UTF-8; as a JSON escape it survives the round trip unchanged.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_lone_surrogates(text: str) -> str:
    if _LONE_SURROGATE.search(text) is None:
        return text
    return _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def loads_report(data: bytes, source: str = "项目文件") -> Report:
    """Parse a project file's bytes; every failure is a ProjectFileError in Chinese."""
    if not data.strip():
        raise ProjectFileError(f"{source}是空文件，没有可读取的内容。")
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(source, len(data))
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
        return _validate(body)
    except ValidationError as error:
        raise ProjectFileError(f"{source}内容不符合年报格式：{_describe(error)}") from None


# An escaped surrogate that is not part of a pair (matches after an escaped backslash too, which
# only costs the slower path).
_ESCAPED_LONE_SURROGATE = re.compile(
    r"\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}"
)


def _validate(body: dict[str, Any]) -> Report:
    """Strict validation: a year written as "2020" or a count as 5.0 is not what this program saves,
    and converting it quietly would hide a damaged or hand-edited file."""
    text = json.dumps(body)  # ASCII: every non-ASCII character is a \u escape
    if _ESCAPED_LONE_SURROGATE.search(text) is None:
        return Report.model_validate_json(text, strict=True)
    # pydantic's JSON parser refuses lone surrogates, which a saved text may hold: check the types
    # strictly on a copy without them, then build the report from the original body.
    Report.model_validate_json(_ESCAPED_LONE_SURROGATE.sub(r"\\ufffd", text), strict=True)
    return Report.model_validate(body)


def _parse_json(data: bytes, source: str) -> dict[str, Any]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProjectFileError(f"{source}不是文本文件（可能是其他类型的文件或已损坏）。") from None
    if _nesting_depth(text) > MAX_JSON_DEPTH:
        raise ProjectFileError(f"{source}结构异常（嵌套过深），不是本软件保存的年报项目文件。")
    try:
        document = json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
    except DuplicateKeyError as error:
        raise ProjectFileError(
            f"{source}中同一位置的“{error.key}”出现了不止一次，无法确定以哪一个为准"
            "（文件可能被手工改动过或已损坏），已拒绝读取；文件未作任何改动。"
        ) from None
    except json.JSONDecodeError as error:
        raise ProjectFileError(
            f"{source}已损坏或不完整（第 {error.lineno} 行第 {error.colno} 列无法解析）。"
            "可尝试打开同目录下的备份文件（.bak）。"
        ) from None
    except RecursionError:
        raise ProjectFileError(f"{source}结构异常（嵌套过深）。") from None
    except ValueError:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
        raise ProjectFileError(
            f"{source}中有位数多得不合理的数字（超过 {sys.get_int_max_str_digits()} 位），无法读取，文件可能已损坏。"
        ) from None
    if not isinstance(document, dict):
        raise ProjectFileError(f"{source}不是年报项目文件（内容不是 JSON 对象）。")
    return document


class DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json.loads keeps the last of two equal keys: a second "report" would silently replace the
    whole report, so such a file is refused."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKeyError(key if len(key) <= 40 else key[:40] + "…")
            seen.add(key)
    return result


_JSON_STRING = re.compile(r'"[^"]*"')  # once escapes are gone, a string ends at the next quote
_NOT_BRACKET_BYTES = bytes(b for b in range(256) if b not in b"[]{}")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _nesting_depth(text: str) -> int:
    """An upper bound of the bracket depth outside strings (at most twice the real depth),
    measured before json.loads can recurse into a hostile file.

    Everything runs at C speed, so a 20 MB file costs milliseconds rather than seconds: regular
    expressions drop the strings and all but the brackets, then each `replace` peels the innermost
    `[]` or `{}` pairs — one level at most. Unmatched brackets (a truncated file) are left over
    and counted as well.
    """
    unescaped = text.replace("\\\\", "").replace('\\"', "")  # escaped backslashes first, then quotes
    outside_strings = _JSON_STRING.sub("", unescaped).encode("utf-8", "surrogatepass")
    brackets = outside_strings.translate(None, _NOT_BRACKET_BYTES).decode("ascii")
    peeled = 0
    changed = True
    while changed and peeled <= MAX_JSON_DEPTH:
        changed = False
        for pair in ("[]", "{}"):
            shorter = brackets.replace(pair, "")
            if shorter != brackets:
                brackets, peeled, changed = shorter, peeled + 1, True
    leftover = max(accumulate(map(_BRACKET_STEP.__getitem__, brackets[: MAX_JSON_DEPTH + 2])), default=0)
    return peeled + max(leftover, 0)


def _too_large(source: str, size: int) -> ProjectFileError:
    megabytes = max(1, round(size / (1024 * 1024)))
    return ProjectFileError(
        f"{source}过大（约 {megabytes} MB，年报项目文件通常不到 1 MB），不是本软件保存的年报项目文件。"
    )


_FIELD_NAMES = {
    ("meta", "year"): "报告年度",
    ("meta", "agency"): "机关名称",
    ("meta", "edition"): "格式版本",
    ("meta", "preamble"): "开头段落",
    ("meta",): "基本信息",
    ("texts",): "正文",
    ("values",): "表格数值",
    ("acknowledgements",): "已说明的提示",
}

_ERROR_TEXTS = {
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "string_type": "应为文字",
    "bool_type": "应为 true 或 false",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "missing": "缺少此项",
    "extra_forbidden": "是不认识的字段",
    "literal_error": "取值无效",
    "enum": "取值无效",
    "decimal_type": "应为金额数字",
    "decimal_parsing": "应为金额数字",
    "finite_number": "不能是无穷大或非数字",
    "datetime_type": "应为日期时间",
    "datetime_parsing": "应为日期时间",
    "datetime_from_date_parsing": "应为日期时间",
    "greater_than_equal": "超出允许范围",
    "less_than_equal": "超出允许范围",
    "json_invalid": "不是有效的 JSON",
}


def _describe(error: ValidationError) -> str:
    """The first problem in Chinese: where (a cell id or a field name), what was found, what is allowed."""
    problems = error.errors()
    first = problems[0]
    loc = _loc(first)
    places = {_place_key(_loc(p)) for p in problems}
    more = f"（另有 {len(places) - 1} 处问题）" if len(places) > 1 else ""
    if first["type"] == "value_error":  # our own validators already speak Chinese
        return str(first.get("msg", "")).removeprefix("Value error, ") + more
    if len(loc) >= 2 and loc[0] == "values":
        return _describe_cell(loc[1], first, problems) + more
    where = _FIELD_NAMES.get(loc[:2]) or _FIELD_NAMES.get(loc if len(loc) == 1 else ()) or ".".join(loc) or "（根）"
    return f"“{where}”{_what(first)}".rstrip() + more


def _describe_cell(cell_id: str, first: Any, problems: list[Any]) -> str:
    money = [p for p in problems if _loc(p)[:3] == ("values", cell_id, "Money") and len(_loc(p)) > 3]
    if isinstance(first.get("input"), dict) and money:
        part = {"amount": "金额数值", "unit": "金额单位"}.get(_loc(money[0])[3], _loc(money[0])[3])
        return f"单元格「{cell_id}」的{part}{_what(money[0])}".rstrip()
    return f"单元格「{cell_id}」的值{_shown(first.get('input'))}无效，应为整数或金额".replace("  ", " ")


def _what(problem: Any) -> str:
    kind = problem["type"]
    what = _ERROR_TEXTS.get(kind, "格式不对")
    if kind in ("greater_than_equal", "less_than_equal", "literal_error", "enum"):
        what += f"（{_allowed(problem)}）"
    if kind in ("missing", "extra_forbidden"):
        return what
    return f"{what}，实际为{_shown(problem.get('input'))}"


def _loc(problem: Any) -> tuple[str, ...]:
    return tuple(str(part) for part in problem.get("loc", ()))


def _place_key(loc: tuple[str, ...]) -> tuple[str, ...]:
    """A value cell fails once per member of its union type: count it as one problem."""
    return loc[:2] if loc[:1] == ("values",) else loc


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return "（一个对象）"
    if isinstance(value, list):
        return "（一个列表）"
    if isinstance(value, str):
        return f"“{value if len(value) <= 40 else value[:40] + '…'}”"
    return f" {json.dumps(value, ensure_ascii=False)[:40]} "


def _allowed(problem: Any) -> str:
    context = problem.get("ctx") or {}
    if "ge" in context and "le" not in context:
        return f"不小于 {context['ge']}"
    if "le" in context and "ge" not in context:
        return f"不大于 {context['le']}"
    if "expected" in context:
        return f"允许：{str(context['expected']).replace(' or ', '、').replace(', ', '、')}"
    return "取值超出范围"


def load_report(path: Path) -> Report:
    """Read a project file. Never writes to it."""
    name, data = _read_file(path)
    return loads_report(data, name)


@dataclass(frozen=True)
class FileMeta:
    """What a list of files shows of each report: 机关名称 and 报告年度."""

    agency: str
    year: int
    year_stated: bool = True


def read_meta(path: Path) -> FileMeta:
    """机关名称 and 报告年度 of a project file, without validating the whole report: for lists of files
    (the start page's recent files), where reading each report in full would cost time for nothing.
    Raises ProjectFileError when the file cannot be read or names neither."""
    name, data = _read_file(path)
    report = _parse_json(data, name).get("report")
    meta = report.get("meta") if isinstance(report, dict) else None
    agency = meta.get("agency", "") if isinstance(meta, dict) else None
    year = meta.get("year") if isinstance(meta, dict) else None
    if not isinstance(agency, str) or not isinstance(year, int) or isinstance(year, bool):
        raise ProjectFileError(f"{name}缺少机关名称或报告年度，文件可能已损坏。")
    stated = meta.get("year_stated", True) if isinstance(meta, dict) else True
    return FileMeta(agency, year, stated is not False)


def _read_file(path: Path) -> tuple[str, bytes]:
    """(the file's name as messages say it, its bytes); every failure is a ProjectFileError in Chinese."""
    name = f"文件“{path.name}”"
    if name_too_long(path):
        raise ProjectFileError(f"无法读取{name}：文件名或路径过长。")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise _too_large(name, os.fstat(handle.fileno()).st_size)
    except FileNotFoundError:
        raise ProjectFileError(f"找不到{name}（{path}）。") from None
    except IsADirectoryError:
        raise ProjectFileError(f"“{path}”是文件夹，不是年报项目文件。") from None
    except PermissionError:
        raise ProjectFileError(f"没有权限读取{name}。") from None
    except OSError as error:
        raise ProjectFileError(f"无法读取{name}：{os_message(error)}。") from None
    return name, data


def backup_path(path: Path) -> Path:
    """`<name>.bak`; for a name with no room left for ".bak", the name is shortened to make room."""
    return path.with_name(fit_file_name(path.name, ".bak"))


def save_report(report: Report, path: Path, *, keep_backup: bool = True) -> None:
    """Atomically write `report` to `path`, keeping the previous version as `<name>.bak`."""
    write_atomically(path, dumps_report(report), keep_backup=keep_backup)


def write_atomically(path: Path, data: bytes, *, keep_backup: bool = True) -> None:
    """Temp file in the same folder, fsync, replace; the old file becomes the backup.

    On any failure the target is untouched and the temporary file is removed.
    """
    try:
        replace_file(path, data, backup=backup_path(path) if keep_backup else None)
    except AtomicWriteError as error:
        log.warning("saving %s failed: %s", path, error)
        raise ProjectFileError(_save_failure(error)) from None


def _save_failure(error: AtomicWriteError) -> str:
    path, detail = error.path, error.detail
    name = f"文件“{path.name}”"
    messages = {
        WriteProblem.MISSING_FOLDER: f"无法保存{name}：文件夹“{path.parent}”不存在。",
        WriteProblem.IS_FOLDER: f"无法保存：“{path}”是一个文件夹。",
        WriteProblem.NAME_TOO_LONG: f"无法保存{name}：文件名或路径过长，系统不允许。请换一个较短的文件名或文件夹。",
        WriteProblem.BACKUP_FAILED: f"无法保存{name}：备份文件（.bak）写不进去（{detail}）。"
        "原文件和原备份均未改动，请先腾出磁盘空间或另存到其他位置。",
        WriteProblem.FOLDER_NOT_WRITABLE: f"无法保存{name}：没有写入文件夹“{path.parent}”的权限。",
        WriteProblem.READ_ONLY: f"无法保存{name}：文件为只读。请另存为其他文件名；原文件未改动。",
        WriteProblem.IN_USE: f"无法保存{name}：文件被其他程序占用或为只读。原文件未改动。",
        WriteProblem.FAILED_BEFORE_WRITING: f"无法保存{name}：{detail}",
        WriteProblem.FAILED: f"无法保存{name}：{detail}。原文件未改动。",
    }
    return messages[error.problem]
