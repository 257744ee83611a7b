"""`gov-report export`: write a report to publish — Word (.docx), web page (.html) or PDF (.pdf).

The output's suffix chooses the format. Only a PDF needs Qt (it is drawn with Qt's own printing),
so PySide6 is imported for .pdf alone and the other formats start as fast as `check`.

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
    from ..domain.model import Report
    from ..domain.rules import Finding

from .common import EXIT_CODES_HELP, ExitCode, add_output_argument


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="导出为Word文档、网页或PDF（统一格式、公文版式）",
        description="把年报导出为Word文档（.docx）、网页（.html）或PDF（.pdf），按输出文件的扩展名选择格式。"
        "表格与国务院办公厅统一格式一致，Word和PDF的版式按GB/T 9704。"
        "有错误时在标准错误输出列出并照常导出；加 --strict 则有错误时不导出。"
        f"{EXIT_CODES_HELP}",
    )
    parser.add_argument(
        "file", type=Path, metavar="FILE", help="年报项目文件（.govreport），也可以是已发布的 .docx/.html"
    )
    add_output_argument(parser, "OUT", "要写入的文件：Word 文档（.docx）、网页（.html）或 PDF（.pdf）", force=False)
    parser.add_argument("--strict", action="store_true", help="年报有错误时不导出（退出码 1）")
    parser.set_defaults(handler=run)


FORMATS = {".docx": "Word 文档", ".html": "网页", ".htm": "网页", ".pdf": "PDF"}


def run(args: argparse.Namespace) -> ExitCode:
    from ..domain.rules import Severity, evaluate
    from .common import fail, print_error, read_report

    output: Path = args.output
    if output.suffix.lower() not in FORMATS:
        fail(f"输出文件“{output.name}”应以 .docx（Word 文档）、.html（网页）或 .pdf（PDF）结尾。")
    if _same_file(output, Path(args.file)):
        fail("输出文件不能与输入文件相同，否则会覆盖原文件。")
    report = read_report(args.file)
    errors = [f for f in evaluate(report) if f.severity is Severity.ERROR]
    _print_errors(errors)
    if errors and args.strict:
        print_error(f"年报有 {len(errors)} 个错误，按 --strict 要求未导出。请修改后重试。")
        return ExitCode.REPORT_ERRORS
    problem = write(report, output)
    if problem:
        fail(problem)
    note = f"（有 {len(errors)} 个错误，发布前请修改）" if errors else ""
    print(printable(f"已导出：{output}{note}"))
    return ExitCode.OK


def write(report: Report, output: Path) -> str:
    """Write `report` in the format `output`'s suffix names; the clerk's message on failure, else ""."""
    suffix = output.suffix.lower()
    if suffix == ".pdf":
        from ..publishing.pdf import PdfExportError, export_pdf  # the only format that loads Qt

        try:
            export_pdf(report, output)
        except PdfExportError as error:
            return str(error)
        return ""
    if suffix in (".html", ".htm"):
        from ..documents.export_html import HtmlExportError, export_html

        try:
            export_html(report, output)
        except HtmlExportError as error:
            return str(error)
        return ""
    from ..documents.export_docx import ExportError, export_report

    try:
        export_report(report, output)
    except ExportError as error:
        return str(error)
    return ""


def _print_errors(errors: list[Finding]) -> None:
    for finding in errors:
        print(printable(f"{finding.severity.label} {finding.rule:<4} {finding.message}"), file=sys.stderr)


def _same_file(output: Path, source: Path) -> bool:
    try:
        return output.resolve() == source.resolve()
    except (OSError, RuntimeError):  # an over-long or looping path: the writer reports it in Chinese
        return False
