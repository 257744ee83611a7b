"""`gov-report check`: run every rule of the official format on report files.

Exit codes (`common.ExitCode`): OK when no file has a 错误, REPORT_ERRORS when any has, FAILED when
a file could not be read (the other files are still checked and reported).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..domain.model import PreviousYear, Report
    from ..domain.rules import Finding

from .common import CommandFailed, ExitCode


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="按统一格式检查年报",
        description="按国务院办公厅统一格式的全部规则检查年报文件。"
        "退出码：0 = 没有错误；1 = 有错误；2 = 有文件无法读取（其余文件照常检查）或参数有误。",
    )
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="要检查的年报：项目文件（.govreport），或已发布的 Word 文档（.docx）、网页（.html）；可多个",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        metavar="FORMAT",
        help="输出格式：text（默认，供阅读）或 json（供程序处理）",
    )
    parser.add_argument(
        "--previous",
        type=Path,
        metavar="LASTYEAR",
        help="上一年度的年报项目文件，用于核对上年结转等衔接数字（P1、P2、T6）",
    )
    parser.set_defaults(handler=run)


@dataclass
class Checked:
    path: Path
    report: Report | None  # None when the file could not be read
    findings: list[Finding]
    reason: str = ""


def run(args: argparse.Namespace) -> ExitCode:
    from ..documents.opening import ReportOpenError, open_report
    from ..domain.rules import evaluate, previous_from
    from .common import fail, print_error, read_report

    previous: PreviousYear | None = None
    if args.previous is not None:
        try:
            previous = previous_from(read_report(args.previous))
        except CommandFailed as failure:
            fail(f"无法读取上年年报：{failure}")

    results: list[Checked] = []
    for path in args.files:
        try:
            report = open_report(path).report
        except ReportOpenError as error:
            logging.getLogger(__name__).info("check: %s unreadable: %s", path, error)
            print_error(str(error))
            results.append(Checked(path, None, [], str(error)))
            continue
        results.append(Checked(path, report, evaluate(report, previous)))

    if args.format == "json":
        _print_json(results)
    else:
        _print_text(results)
    return _exit_code(results)


def _exit_code(results: list[Checked]) -> ExitCode:
    from ..domain.rules import Severity

    if any(r.report is None for r in results):
        return ExitCode.FAILED
    if any(f.severity is Severity.ERROR for r in results for f in r.findings):
        return ExitCode.REPORT_ERRORS
    return ExitCode.OK


def _print_json(results: list[Checked]) -> None:
    from ..domain.acknowledgements import AckState, state_of
    from .terminal_text import printable_json

    rows = []
    for result in results:
        for finding in result.findings:
            row: dict[str, object] = {"file": str(result.path), **finding.as_dict()}
            state = state_of(result.report, finding) if result.report is not None else AckState.NONE
            if state is not AckState.NONE:
                row["acknowledgement"] = state.value  # "current", or "changed" since it was confirmed
            rows.append(row)
    sys.stdout.write(printable_json(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n")


def _print_text(results: list[Checked]) -> None:
    from ..domain.rules import count_by_severity

    lines: list[str] = []
    for result in results:
        if lines:
            lines.append("")
        if result.report is None:
            lines.append(f"== {result.path}")
            lines.append(f"  无法读取：{result.reason}")
            continue
        lines.append(f"== {result.path}：{_title(result.report)}")
        for finding in sorted(result.findings, key=lambda f: f.severity.rank):
            lines.append(
                f"  {finding.severity.label} {finding.rule:<4} {finding.message}{_note(result.report, finding)}"
            )
        lines.append(f"  {_summary(count_by_severity(result.findings))}")
    if len(results) > 1:
        lines += ["", "汇总", *_summary_table(results)]
    from .terminal_text import printable

    sys.stdout.write("\n".join(map(printable, lines)) + "\n")


def _title(report: Report) -> str:
    agency = report.meta.agency or "（未填写机关名称）"
    return f"{agency} {report.meta.year}年度，{report.edition.name}"


def _note(report: Report, finding: Finding) -> str:
    from ..domain.acknowledgements import AckState, changed_note, find_acknowledgement, state_of

    acknowledgement = find_acknowledgement(report, finding)
    if acknowledgement is None:
        return ""
    if state_of(report, finding, acknowledgement) is AckState.CHANGED:
        return f"（{changed_note(acknowledgement)}）"
    return f"（已说明：{acknowledgement.note}）"


def _summary(counts: dict[Any, int]) -> str:
    from ..domain.rules import Severity

    errors, warnings, infos = counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO]
    verdict = "未发现错误" if errors == 0 else "有错误，需修改"
    return f"结果：{errors} 个错误，{warnings} 个警告，{infos} 个提示 —— {verdict}。"


def _summary_table(results: list[Checked]) -> list[str]:
    from ..domain.rules import Severity, count_by_severity
    from .common import format_table

    header = ("文件", "机关名称", "年度", "格式版本", "错误", "警告")
    rows: list[tuple[str, ...]] = []
    for result in results:
        if result.report is None:
            rows.append((result.path.name, "（无法读取）", "", "", "", ""))
            continue
        counts = count_by_severity(result.findings)
        meta = result.report.meta
        rows.append(
            (
                result.path.name,
                meta.agency or "（未填写）",
                str(meta.year),
                f"{meta.edition}版",
                str(counts[Severity.ERROR]),
                str(counts[Severity.WARNING]),
            )
        )
    return format_table(header, rows)
