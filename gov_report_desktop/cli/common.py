"""What every subcommand shares: exit codes, failing with a message, reading reports, the output file,
Chinese argparse, aligned columns."""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Sequence
from enum import IntEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from ..domain.model import Report


class ExitCode(IntEnum):
    """The one scheme of every subcommand (documented in each --help and the README)."""

    OK = 0  # done; no report has a 错误
    REPORT_ERRORS = 1  # a report has 错误 (check found them; export --strict refused)
    FAILED = 2  # a file could not be read or written, or the arguments were wrong (nothing half-done)
    INTERRUPTED = 130  # Ctrl+C


EXIT_CODES_HELP = "退出码：0 = 完成，没有错误；1 = 年报有错误；2 = 文件无法读取或写入，或参数有误。"


class CommandFailed(Exception):
    """Ends a subcommand: `main` prints the Chinese message on stderr and exits with FAILED."""


def fail(message: str) -> NoReturn:
    raise CommandFailed(message)


def read_report(path: Path) -> Report:
    """Any report file the CLI accepts (documents/opening.py decides); fails with the Chinese reason."""
    from ..documents.opening import ReportOpenError, open_report

    try:
        return open_report(path).report
    except ReportOpenError as error:
        fail(str(error))


def add_output_argument(parser: argparse.ArgumentParser, metavar: str, help: str, *, force: bool = True) -> None:
    parser.add_argument("-o", "--output", type=Path, required=True, metavar=metavar, help=help)
    if force:
        parser.add_argument("--force", action="store_true", help="文件已存在时覆盖（原文件保留为 .bak 备份）")


def check_new_output(output: Path, force: bool, what: str) -> None:
    """A file to create (`what`: 创建 / 保存): fails unless `new_output_problem` finds nothing."""
    problem = new_output_problem(output, force, what)
    if problem is not None:
        fail(problem)


def save_project(report: Report, output: Path) -> None:
    from ..storage.projectfile import ProjectFileError, save_report

    try:
        save_report(report, output)
    except ProjectFileError as error:
        fail(str(error))


def new_output_problem(output: Path, force: bool, what: str) -> str | None:
    """Why `output` cannot be created (None when it can); `what`: 创建 / 保存. Checked before any work,
    and without letting an over-long name raise from `is_dir()`."""
    from ..storage.atomic import name_too_long

    if name_too_long(output):
        shown = output.name if len(output.name) <= 40 else output.name[:40] + "…"
        return f"文件名或路径过长（“{shown}”），系统不允许。请换一个较短的文件名或文件夹。"
    try:
        if output.is_dir():
            return f"“{output}”是一个文件夹，请给出要{what}的文件名。"
        if output.exists() and not force:
            return f"文件“{output}”已存在，未作任何改动。如确需覆盖，请加上 --force。"
    except OSError as error:
        from ..storage.oserrors import os_message

        return f"无法使用“{output}”：{os_message(error)}。"
    return None


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
    from .terminal_text import printable

    print(f"{ChineseArgumentParser.PROG_FOR_MESSAGES}：{printable(message)}", file=stream or sys.stderr)


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
