"""The one rule catalogue: every check the app runs, with stable ids.

`evaluate(report, previous)` runs them all; the UI, the CLI and exports read the same findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..editions import SectionKey
from ..model import PreviousYear, Report
from . import arithmetic, plausibility, prose
from .context import RuleContext
from .findings import Finding, Severity

RuleFunction = Callable[[RuleContext], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    title: str  # Chinese, for people
    check: RuleFunction


CATALOGUE: tuple[Rule, ...] = (
    Rule("R1", "表三每列：第一项 + 第二项 = 第三项（七）总计 + 第四项", arithmetic.rule_r1),
    Rule("R2", "表三每列：（七）总计 = （一）至（六）之和", arithmetic.rule_r2),
    Rule("R3", "表三每行：总计 = 各类申请人之和", arithmetic.rule_r3),
    Rule("R4", "数值有效：件数为非负整数，金额不为负", arithmetic.rule_r4),
    Rule("R4b", "2019版：上一年项目数量 + 本年增/减 不为负", arithmetic.rule_r4b),
    Rule("R5", "表四：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结", arithmetic.rule_r5),
    Rule("R6", "不留空格（无数据填 0）", arithmetic.rule_r6),
    Rule("R7", "格式版本与报告年度一致", arithmetic.rule_r7),
    Rule("P1", "本年上年结转 = 上年结转下年度", plausibility.rule_p1),
    Rule("P2", "表二数量与上年报告衔接", plausibility.rule_p2),
    Rule("P3", "表二第（一）项数量关系", plausibility.rule_p3),
    Rule("P4", "总体情况中的数字与表格一致", prose.rule_p4),
    Rule("P5", "表三总计列：已办结数 = 各办理结果之和", arithmetic.rule_p5),
    Rule("T1", "总体情况不超过一千字（2021版）", prose.rule_t1),
    Rule("T2", "存在的主要问题及改进情况具体明确", prose.rule_t2),
    Rule("T3", "其他需要报告的事项报告信息处理费（2021版）", prose.rule_t3),
    Rule("T4", "其他处理占比不宜偏高", prose.rule_t4),
    Rule("T5", "正文年份与报告年度一致", prose.rule_t5),
    Rule("T6", "存在的主要问题及改进情况不与上年雷同", prose.rule_t6),
)

RULES_BY_ID = {rule.id: rule for rule in CATALOGUE}


def evaluate(report: Report, previous: PreviousYear | None = None) -> list[Finding]:
    """Run every rule; `previous` defaults to the last-year data stored in the report."""
    ctx = RuleContext(report, previous if previous is not None else report.previous)
    return [finding for rule in CATALOGUE for finding in rule.check(ctx)]


def count_by_severity(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def previous_from(report: Report) -> PreviousYear:
    """What the year-over-year rules need of a report, to check next year's against it."""
    return PreviousYear(
        agency=report.meta.agency,
        year=report.meta.year,
        edition=report.meta.edition,
        values=dict(report.values),
        problems=report.texts.get(SectionKey.PROBLEMS, ""),
    )


__all__ = [
    "CATALOGUE",
    "RULES_BY_ID",
    "Finding",
    "Rule",
    "RuleContext",
    "Severity",
    "count_by_severity",
    "evaluate",
    "previous_from",
]
