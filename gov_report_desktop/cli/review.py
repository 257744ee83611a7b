"""`gov-report review`: the 政务公开办's review of a folder of unit reports, to an Excel workbook (and
审核意见 Word documents). The work is gov_report_desktop/review's; this module is arguments and output.

Exit codes (`common.ExitCode`): OK when every report was read and none has a 错误; REPORT_ERRORS when
a report has 错误 or could not be read; FAILED when the arguments, the roster or an output is wrong.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .common import ExitCode, add_output_argument

if TYPE_CHECKING:
    from ..review.assemble import Review


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "review",
        help="审核一批年报（政务公开办）",
        description="读取文件夹（含子文件夹）中各单位的年报（.govreport、.docx、.html、.pdf），逐一按统一格式检查，"
        "对照名单找出未报送和重复报送的单位，与上年报告核对衔接，找出“五、存在的主要问题及改进情况”雷同的报告，"
        "结果写入 Excel 工作簿，并可为每个单位生成审核意见（Word）。"
        "退出码：0 = 全部读取且没有错误；1 = 有年报有错误或无法读取；2 = 参数、名单或输出文件有误。",
    )
    parser.add_argument("folders", nargs="+", type=Path, metavar="FOLDER", help="年报所在的文件夹或文件；可多个")
    parser.add_argument(
        "--roster", type=Path, metavar="FILE", help="应报送单位名单：.txt（每行一个）、.csv 或 .xlsx（单位名称一列）"
    )
    parser.add_argument(
        "--previous",
        type=Path,
        action="append",
        default=[],
        metavar="FOLDER",
        help="上一年度年报所在的文件夹（也可以与本年度年报放在同一文件夹中）",
    )
    add_output_argument(parser, "审核.xlsx", "要写入的审核结果工作簿（.xlsx）")
    parser.add_argument("--opinions", type=Path, metavar="DIR", help="把每个单位的审核意见（Word）写入此文件夹")
    parser.add_argument("--combined", action="store_true", help="审核意见合为一个 Word 文档（每个单位另起一页）")
    parser.add_argument("--office", default="", metavar="NAME", help="审核意见的落款，如“××区政务公开办”")
    parser.add_argument("--workers", type=int, metavar="N", help="同时读取的进程数（默认为处理器核数）")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> ExitCode:
    from ..review.roster import RosterError, read_roster
    from ..review.runner import ReviewRequest, run_review
    from .common import check_new_output, fail

    output: Path = args.output
    if output.suffix.lower() != ".xlsx":
        fail(f"输出文件“{output.name}”应以 .xlsx 结尾（Excel 工作簿）。")
    check_new_output(output, args.force, "创建")
    for folder in [*args.folders, *args.previous]:
        if not folder.exists():
            fail(f"找不到“{folder}”。")
    roster = None
    if args.roster is not None:
        try:
            roster = read_roster(args.roster)
        except RosterError as error:
            fail(str(error))
    request = ReviewRequest(args.folders, args.previous, roster, args.workers)
    review = run_review(request, progress=_Progress())
    if not review.rows:
        fail("所给的文件夹中没有找到年报文件（.govreport、.docx、.html、.pdf）。")
    _write_outputs(review, args)
    _print_summary(review, output)
    return _exit_code(review)


def _write_outputs(review: Review, args: argparse.Namespace) -> None:
    from ..documents.export_docx import ExportError
    from ..review.opinions import write_opinions
    from ..review.workbook import WorkbookError, review_workbook, save_workbook
    from .common import fail

    try:
        save_workbook(review_workbook(review), args.output)
    except WorkbookError as error:
        fail(str(error))
    if args.opinions is not None:
        try:
            written = write_opinions(review, args.opinions, combined=args.combined, office=args.office)
        except (ExportError, OSError) as error:
            fail(f"无法写入审核意见：{error}")
        print(f"已写入 {len(written)} 份审核意见：{args.opinions}")


class _Progress:
    """“已读取 120/3000 个文件” on stderr, at most once a second (a terminal only)."""

    def __init__(self) -> None:
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not sys.stderr.isatty() or (now - self.last < 1 and done < total):
            return
        self.last = now
        end = "\n" if done == total else ""
        print(f"\r已读取 {done}/{total} 个文件", end=end, file=sys.stderr, flush=True)


def _print_summary(review: Review, output: Path) -> None:
    from ..domain.rules import Severity
    from .common import format_table
    from .terminal_text import printable

    header = ("单位", "年度", "文件", "错误", "警告", "状态")
    rows = [
        (
            row.unit,
            str(row.year or ""),
            row.path.name if row.path else "",
            str(row.count(Severity.ERROR)) if row.report else "",
            str(row.count(Severity.WARNING)) if row.report else "",
            row.status_text,
        )
        for row in review.rows
    ]
    counts = "，".join(f"{status} {count}" for status, count in review.counts().items())
    lines = [*format_table(header, rows), "", f"共 {len(review.rows)} 行：{counts}。", f"已写入：{output}"]
    sys.stdout.write("\n".join(map(printable, lines)) + "\n")


def _exit_code(review: Review) -> ExitCode:
    from ..domain.rules import Severity
    from ..review.assemble import UNREADABLE

    if any(row.status == UNREADABLE or row.count(Severity.ERROR) for row in review.rows):
        return ExitCode.REPORT_ERRORS
    return ExitCode.OK
