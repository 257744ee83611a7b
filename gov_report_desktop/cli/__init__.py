"""The `gov-report` command line: create and check reports without a window (never imports Qt).

Each subcommand is one module of this package named in `COMMANDS`; a module exposes
`register(subparsers)`, which adds its parser and sets `handler` (a function taking the parsed
arguments and returning an `ExitCode`, or calling `common.fail(message)`). Adding a command is one
name here and one module. Exit codes are one scheme for all subcommands (`common.ExitCode`).
Heavy imports (pydantic, the rules) happen inside the handlers, so `--help` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable

from .. import __version__
from ..console import use_utf8_output
from .common import ChineseArgumentParser, CommandFailed, ExitCode, print_error

COMMANDS: tuple[str, ...] = ("new", "check", "import_", "export", "review", "sum_")
PROG = "gov-report"

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog=PROG,
        description="政府信息公开年报助手（命令行）：新建年报项目文件，按国务院办公厅统一格式检查年报。",
        epilog="运行“gov-report 子命令 --help”查看各子命令的用法。",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}", help="显示版本号并退出")
    subparsers = parser.add_subparsers(title="子命令", dest="command")
    for name in COMMANDS:
        module = importlib.import_module(f"{__name__}.{name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # a frozen build's `review` workers start here
    use_utf8_output()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version and usage errors end here
        return exit_.code if isinstance(exit_.code, int) else 0 if exit_.code is None else ExitCode.FAILED
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return ExitCode.FAILED
    from ..storage.applog import setup_logging

    setup_logging("cli")
    try:
        return int(handler(args))
    except CommandFailed as failure:
        print_error(str(failure))
        return ExitCode.FAILED
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:  # `gov-report check … | head`: the reader left, nothing more to say
        return ExitCode.OK


__all__ = ["COMMANDS", "build_parser", "main"]
