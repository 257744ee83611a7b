"""`gov-report import`: read a published report (.docx, .html/.htm, .pdf) into a project file.

The numbers land exactly as published (totals are not recomputed); everything the importer did not
understand is listed on stderr (information, not failure). Exit status: 0 imported; 1 when the file
could not be imported or the output could not be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED = 0, 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import",
        help="把已发布的年报（Word、网页或PDF）导入为项目文件",
        description="读取已发布的年报（Word 文档 .docx、保存下来的网页 .html/.htm，或带文字的PDF .pdf），"
        "按原样导入数字和正文，保存为年报项目文件（.govreport）。未能识别的内容列在标准错误输出中。"
        "退出码：0 = 已导入；1 = 无法导入或无法保存。",
    )
    parser.add_argument("input", type=Path, metavar="IN", help="要导入的 .docx、.html、.htm 或 .pdf 文件")
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT", help="要保存的项目文件（.govreport）"
    )
    parser.add_argument("--force", action="store_true", help="输出文件已存在时覆盖（原文件保留为 .bak 备份）")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..documents.importing import ReportImportError, import_report
    from ..storage.projectfile import ProjectFileError, save_report
    from .common import print_error

    output: Path = args.output
    if output.is_dir():
        print_error(f"“{output}”是一个文件夹，请给出要保存的文件名。")
        return EXIT_FAILED
    if output.exists() and not args.force:
        print_error(f"文件“{output}”已存在，未作任何改动。如确需覆盖，请加上 --force。")
        return EXIT_FAILED
    try:
        result = import_report(args.input)
    except ReportImportError as error:
        print_error(str(error))
        return EXIT_FAILED
    try:
        save_report(result.report, output)
    except ProjectFileError as error:
        print_error(str(error))
        return EXIT_FAILED
    report = result.report
    agency = report.meta.agency or "（未识别机关名称）"
    print(
        f"已导入“{args.input}” → “{output}”：{agency} {report.meta.year}年度，{report.edition.name}，"
        f"{len(report.values)} 个数值。"
    )
    if result.issues:
        print(f"以下 {len(result.issues)} 处内容未能按原样识别，请在年报助手中核对：", file=sys.stderr)
        for issue in result.issues:
            print(f"  {issue}", file=sys.stderr)
    return EXIT_OK
