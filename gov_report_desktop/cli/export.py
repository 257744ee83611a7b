"""`gov-report export`: write a report as the Word file to publish (official layout, 公文 typography).

The report's 错误 are printed on stderr and the file is exported anyway, as the clerk may need a
draft; `--strict` refuses instead (exit code REPORT_ERRORS).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .terminal_text import printable

if TYPE_CHECKING:
    from ..domain.rules import Finding

from .common import EXIT_CODES_HELP, ExitCode, add_output_argument


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="导出为Word文档（统一格式、公文版式）",
        description="把年报导出为Word文档（.docx），表格与国务院办公厅统一格式一致，版式按GB/T 9704。"
        "有错误时在标准错误输出列出并照常导出；加 --strict 则有错误时不导出。"
        f"{EXIT_CODES_HELP}",
    )
    parser.add_argument(
        "file", type=Path, metavar="FILE", help="年报项目文件（.govreport），也可以是已发布的 .docx/.html"
    )
    add_output_argument(parser, "OUT.docx", "要写入的Word文件（.docx）", force=False)
    parser.add_argument("--strict", action="store_true", help="年报有错误时不导出（退出码 1）")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> ExitCode:
    from ..documents.export_docx import ExportError, export_report
    from ..domain.rules import Severity, evaluate
    from .common import fail, print_error, read_report

    output: Path = args.output
    if output.suffix.lower() != ".docx":
        fail(f"输出文件“{output.name}”应以 .docx 结尾（Word 文档）。")
    if _same_file(output, Path(args.file)):
        fail("输出文件不能与输入文件相同，否则会覆盖原文件。")
    report = read_report(args.file)
    errors = [f for f in evaluate(report) if f.severity is Severity.ERROR]
    _print_errors(errors)
    if errors and args.strict:
        print_error(f"年报有 {len(errors)} 个错误，按 --strict 要求未导出。请修改后重试。")
        return ExitCode.REPORT_ERRORS
    try:
        export_report(report, output)
    except ExportError as error:
        fail(str(error))
    note = f"（有 {len(errors)} 个错误，发布前请修改）" if errors else ""
    print(printable(f"已导出：{output}{note}"))
    return ExitCode.OK


def _print_errors(errors: list[Finding]) -> None:
    for finding in errors:
        print(printable(f"{finding.severity.label} {finding.rule:<4} {finding.message}"), file=sys.stderr)


def _same_file(output: Path, source: Path) -> bool:
    try:
        return output.resolve() == source.resolve()
    except (OSError, RuntimeError):  # an over-long or looping path: the writer reports it in Chinese
        return False
