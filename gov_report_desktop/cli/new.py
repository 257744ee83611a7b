"""`gov-report new`: create an empty report project file for a year and an agency."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import EXIT_CODES_HELP, ExitCode, add_output_argument
from .terminal_text import printable


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "new",
        help="新建年报项目文件",
        description="新建一个空白的年报项目文件（.govreport）。格式版本默认按报告年度选择："
        f"2020年度及以前用2019版，2021年度起用2021版。{EXIT_CODES_HELP}",
    )
    parser.add_argument("--year", type=int, required=True, metavar="YEAR", help="报告年度，如 2026")
    parser.add_argument("--agency", default="", metavar="AGENCY", help="机关名称，如 上海市普陀区民政局")
    parser.add_argument(
        "--edition", choices=("2019", "2021"), metavar="EDITION", help="格式版本：2019 或 2021（一般不需要指定）"
    )
    add_output_argument(parser, "FILE", "要创建的项目文件")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> ExitCode:
    from pydantic import ValidationError

    from ..domain.editions import edition_for_year
    from ..domain.model import Report
    from .common import check_new_output, fail, save_project

    check_new_output(args.output, args.force, "创建")
    try:
        report = Report.new(args.year, args.agency.strip(), args.edition)
    except ValidationError:
        fail(f"报告年度“{args.year}”无效，应为 1990 至 2200 之间的年份。")
    save_project(report, args.output)
    edition = report.edition
    agency = report.meta.agency or "（未填写机关名称）"
    print(printable(f"已创建“{args.output}”：{agency} {report.meta.year}年度，{edition.name}。"))
    expected = edition_for_year(report.meta.year)
    if expected.key != edition.key:
        print(
            f"注意：{report.meta.year}年度的年报通常使用{expected.name}；已按要求使用{edition.name}，检查时会提示（R7）。",
            file=sys.stderr,
        )
    return ExitCode.OK
