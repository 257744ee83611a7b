"""`gov-report sum`: the totals of several units' reports as one .govreport (and the 明细 workbook).

Exit codes (`common.ExitCode`): OK when written; FAILED when a report cannot be read, the reports are
of different years or editions, or an output cannot be written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .common import EXIT_CODES_HELP, ExitCode, add_output_argument


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sum",
        help="汇总多个单位的年报",
        description="把同一年度、同一格式版本的多个单位年报的表二、表三、表四逐格相加，生成汇总的年报项目文件"
        "（正文只有一句自动生成的总数概述，其余留空待填写），并可输出逐单位的明细工作簿。"
        f"{EXIT_CODES_HELP}",
    )
    parser.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="各单位的年报（.govreport、.docx、.html、.pdf）"
    )
    add_output_argument(parser, "汇总.govreport", "要写入的汇总年报项目文件（.govreport）")
    parser.add_argument("--detail", type=Path, metavar="明细.xlsx", help="逐单位、逐单元格的明细工作簿（.xlsx）")
    parser.add_argument("--agency", default="", metavar="NAME", help="汇总报告的机关名称，如“××市人民政府”")
    parser.add_argument(
        "--scope", default="各单位", metavar="TEXT", help="概述句中的范围，如“全市各单位”（默认“各单位”）"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> ExitCode:
    from ..review.consolidate import ConsolidationError, UnitReport, consolidate
    from ..review.workbook import WorkbookError, detail_workbook, save_workbook
    from ..storage.projectfile import FILE_SUFFIX
    from .common import check_new_output, fail, read_report, save_project
    from .terminal_text import printable

    output: Path = args.output
    if output.suffix.lower() != FILE_SUFFIX:
        fail(f"输出文件“{output.name}”应以 {FILE_SUFFIX} 结尾（年报项目文件）。")
    check_new_output(output, args.force, "创建")
    if args.detail is not None:
        if args.detail.suffix.lower() != ".xlsx":
            fail(f"明细文件“{args.detail.name}”应以 .xlsx 结尾（Excel 工作簿）。")
        check_new_output(args.detail, args.force, "创建")
    units = []
    for path in args.files:
        report = read_report(path)
        units.append(UnitReport(report.meta.agency or path.stem, report))
    try:
        result = consolidate(units, agency=args.agency, scope=args.scope)
    except ConsolidationError as error:
        fail(str(error))
    save_project(result.report, output)
    print(printable(f"已汇总 {len(units)} 个单位：{output}"))
    for skipped in result.skipped:
        print(printable(f"未计入（不是数字）：{skipped}"))
    if args.detail is not None:
        try:
            save_workbook(detail_workbook(result), args.detail)
        except WorkbookError as error:
            fail(str(error))
        print(printable(f"明细：{args.detail}"))
    return ExitCode.OK
