"""`gov-report import`: read a published report (.docx, .html/.htm, .pdf) into a project file.

The numbers land exactly as published (totals are not recomputed); everything the importer did not
understand is listed on stderr (information, not failure).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .common import EXIT_CODES_HELP, ExitCode, add_output_argument
from .terminal_text import printable


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import",
        help="把已发布的年报（Word、网页或PDF）导入为项目文件",
        description="读取已发布的年报（Word 文档 .docx、保存下来的网页 .html/.htm，或带文字的PDF .pdf），"
        "按原样导入数字和正文，保存为年报项目文件（.govreport）。未能识别的内容列在标准错误输出中。"
        f"{EXIT_CODES_HELP}",
    )
    parser.add_argument("input", type=Path, metavar="IN", help="要导入的 .docx、.html、.htm 或 .pdf 文件")
    add_output_argument(parser, "OUT", "要保存的项目文件（.govreport）")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> ExitCode:
    from ..documents.opening import ReportOpenError, open_report
    from .common import check_new_output, fail, save_project

    check_new_output(args.output, args.force, "保存")
    try:
        opened = open_report(args.input)
    except ReportOpenError as error:
        fail(str(error))
    if opened.is_project:
        fail(f"“{args.input}”已经是年报项目文件，不需要导入。")
    save_project(opened.report, args.output)
    report = opened.report
    agency = report.meta.agency or "（未识别机关名称）"
    print(
        printable(
            f"已导入“{args.input}” → “{args.output}”：{agency} {report.meta.year}年度，{report.edition.name}，"
            f"{len(report.values)} 个数值。"
        )
    )
    if opened.issues:
        print(f"以下 {len(opened.issues)} 处内容未能按原样识别，请在年报助手中核对：", file=sys.stderr)
        for issue in opened.issues:
            print(f"  {printable(str(issue))}", file=sys.stderr)
    return ExitCode.OK
