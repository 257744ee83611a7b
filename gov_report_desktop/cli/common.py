"""What every subcommand shares: report loading, Chinese argparse, aligned columns."""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from ..domain.model import Report

# Formats that are published but cannot be read (a report must be saved as .docx or .html first).
_NOT_READABLE = {".doc", ".pdf", ".wps"}


def load_any(path: Path) -> Report:
    """Read a report from any file the CLI accepts: .govreport, or a published .docx/.html/.htm
    (imported on the fly). Raises ProjectFileError (Chinese message)."""
    from ..storage.projectfile import FILE_SUFFIX, ProjectFileError, load_report

    suffix = path.suffix.lower()
    if suffix == FILE_SUFFIX:  # the common case: skip importing the Word/HTML readers (~30 ms)
        return load_report(path)
    from ..documents.importing import ReportImportError, import_report, source_kind

    if suffix in _NOT_READABLE:
        raise ProjectFileError(
            f"暂不支持直接检查 {suffix} 文件（“{path.name}”）。请另存为 Word 文档（.docx）或网页（.html）后再检查。"
        )
    if source_kind(path) is not None:
        try:
            return import_report(path).report
        except ReportImportError as error:
            raise ProjectFileError(str(error)) from error
    return load_report(path)


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned columns that line up with Chinese text in a terminal."""
    widths = [max(display_width(row[i]) for row in (header, *rows)) for i in range(len(header))]
    return ["  ".join(pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in (header, *rows)]


def print_error(message: str, stream: IO[str] | None = None) -> None:
    print(f"{ChineseArgumentParser.PROG_FOR_MESSAGES}：{message}", file=stream or sys.stderr)


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


_ARGPARSE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^the following arguments are required: (.*)$"), r"缺少必需的参数：\1"),
    (re.compile(r"^unrecognized arguments: (.*)$"), r"无法识别的参数：\1"),
    (re.compile(r"^argument (.*?): invalid choice: (.*?) \(choose from (.*)\)$"), r"参数 \1 的值 \2 无效（可选：\3）"),
    (re.compile(r"^argument (.*?): invalid int value: (.*)$"), r"参数 \1 应为整数，收到 \2"),
    (re.compile(r"^argument (.*?): expected one argument$"), r"参数 \1 后面需要一个值"),
    (re.compile(r"^argument (.*?): (.*)$"), r"参数 \1：\2"),
)


def translate_argparse_message(message: str) -> str:
    for pattern, replacement in _ARGPARSE_MESSAGES:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


_HEADING_COLON = re.compile(r"(?m)^([^\s:][^\n:]*):$")


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with Chinese headings, help flag and error messages."""

    PROG_FOR_MESSAGES = "gov-report"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def format_help(self) -> str:
        # argparse ends section headings with an ASCII colon; Chinese text takes the full-width one.
        return _HEADING_COLON.sub(r"\1：", super().format_help())

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate_argparse_message(message)}\n")
