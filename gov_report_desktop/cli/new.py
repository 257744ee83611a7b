"""`gov-report new`: create an empty report project file for a year and an agency."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .terminal_text import printable


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "new",
        help="新建年报项目文件",
        description="新建一个空白的年报项目文件（.govreport）。格式版本默认按报告年度选择："
        "2020年度及以前用2019版，2021年度起用2021版。",
    )
    parser.add_argument("--year", type=int, required=True, metavar="YEAR", help="报告年度，如 2026")
    parser.add_argument("--agency", default="", metavar="AGENCY", help="机关名称，如 上海市普陀区民政局")
    parser.add_argument(
        "--edition", choices=("2019", "2021"), metavar="EDITION", help="格式版本：2019 或 2021（一般不需要指定）"
    )
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="要创建的项目文件")
    parser.add_argument("--force", action="store_true", help="文件已存在时覆盖（原文件保留为 .bak 备份）")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from ..domain.editions import edition_for_year
    from ..domain.model import Report
    from ..storage.projectfile import ProjectFileError, save_report
    from .common import new_output_problem, print_error

    output: Path = args.output
    problem = new_output_problem(output, args.force, "创建")
    if problem is not None:
        print_error(problem)
        return 1
    try:
        report = Report.new(args.year, args.agency.strip(), args.edition)
    except ValidationError:
        print_error(f"报告年度“{args.year}”无效，应为 1990 至 2200 之间的年份。")
        return 1
    try:
        save_report(report, output)
    except ProjectFileError as error:
        print_error(str(error))
        return 1
    edition = report.edition
    agency = report.meta.agency or "（未填写机关名称）"
    print(printable(f"已创建“{output}”：{agency} {report.meta.year}年度，{edition.name}。"))
    expected = edition_for_year(report.meta.year)
    if expected.key != edition.key:
        print(
            f"注意：{report.meta.year}年度的年报通常使用{expected.name}；已按要求使用{edition.name}，检查时会提示（R7）。",
            file=sys.stderr,
        )
    return 0
