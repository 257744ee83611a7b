"""The rules themselves, in catalogue order (imported when the rules first run, not with the package)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from . import arithmetic, plausibility, prose
from .context import RuleContext
from .findings import Finding

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
