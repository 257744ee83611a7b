"""P4: numbers quoted in the prose against the tables, and the text rules T1–T6.

The prose patterns are deliberately narrow (a keyword, a short gap, a number, 件): a 警告 that
fires on the wrong sentence teaches clerks to ignore warnings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from ..editions import SectionKey
from .context import RuleContext
from .findings import Finding, Severity, difference, fmt
from .numerals import NUMBER_PATTERN, parse_number

OVERVIEW = SectionKey.OVERVIEW
N = NUMBER_PATTERN
GAP = r"[^，。；、：0-9０-９]{0,16}?"  # a short stretch of words, not crossing a clause


@dataclass(frozen=True)
class ProseClaim:
    """A kind of statement clerks write about a table value, and how to read it."""

    name: str  # what the sentence is about, for the message
    sources: tuple[str, ...]  # regexes; group "n" is the number; no group means "none" (0)
    cells: Callable[[RuleContext], tuple[str, ...] | None]  # cells whose sum the number states
    alternatives: Callable[[RuleContext], list[tuple[str, ...]]] = lambda ctx: []

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(_regex(source) for source in self.sources)


@cache
def _regex(source: str) -> re.Pattern[str]:
    """Compiled on first use: these patterns are large, and a window that opens a report should not
    pay for compiling them before it has shown the report (the rules run right after the first paint)."""
    return re.compile(source)


def _rx(*patterns: str) -> tuple[str, ...]:
    """A claim's patterns, kept as text until the rule first reads them."""
    return patterns


def _t2_first(role: str, row: str) -> Callable[[RuleContext], tuple[str, ...] | None]:
    """表二 第（一）项's cell of `row` in the column the edition names for `role` ("issued"/"repealed")."""

    def cells(ctx: RuleContext) -> tuple[str, ...] | None:
        column = ctx.edition.issued_column if role == "issued" else ctx.edition.repealed_column
        return (f"t2_1.{row}.{column}",) if column else None

    return cells


CLAIMS: tuple[ProseClaim, ...] = (
    ProseClaim(
        "本年新收政府信息公开申请",
        _rx(
            rf"(?:收到|受理|接收|新收|接到){GAP}申请\s*(?:共|合计)?\s*(?P<n>{N})\s*件",
            rf"(?:收到|受理|接收|新收|接到){GAP}(?P<n>{N})\s*件(?:政府信息公开|依申请公开)?申请",
        ),
        lambda ctx: ("t3.new.total",),
        # Many reports count carried-over requests in what they "受理" this year.
        lambda ctx: [("t3.new.total", "t3.carried.total")],
    ),
    ProseClaim(
        "上年结转申请",
        _rx(rf"上一?年度?结转(?:的|政府信息公开|依申请公开)*(?:申请)?(?:件数|数量)?\s*(?P<n>{N})\s*件"),
        lambda ctx: ("t3.carried.total",),
    ),
    ProseClaim(
        "结转下年度办理的申请",
        _rx(
            rf"(?P<n>{N})\s*件(?:申请)?{GAP}(?:结转|顺延|转入)(?:到|至)?下一?年度",
            rf"结转下一?年度(?:继续办理)?(?:的)?(?:申请)?\s*(?P<n>{N})\s*件",
        ),
        lambda ctx: ("t3.carry_forward.total",),
    ),
    ProseClaim(
        "政府信息公开行政复议案件",
        _rx(
            rf"行政复议(?:案件|申请)?\s*(?:共|合计)?\s*(?P<n>{N})\s*(?:件|起|宗)",
            r"(?:未发生|没有发生|未出现|未有|无)[^。；，]{0,12}?行政复议",
        ),
        lambda ctx: ("t4.cases.review_total",),
    ),
    ProseClaim(
        "政府信息公开行政诉讼案件",
        _rx(
            rf"行政诉讼(?:案件)?\s*(?:共|合计)?\s*(?P<n>{N})\s*(?:件|起|宗)",
            r"(?:未发生|没有发生|未出现|未有|无)[^。；，]{0,12}?行政诉讼",
        ),
        lambda ctx: ("t4.cases.direct_total", "t4.cases.after_total"),
    ),
    ProseClaim(
        "本年制发的规范性文件",
        _rx(
            rf"(?:制发|出台|印发|制定|新增|新制作){GAP}(?<!政策性)规范性文件\s*(?P<n>{N})\s*件",
            r"未(?:新增|制发|出台|印发|制定|新制作)(?:行政)?规范性文件",
        ),
        _t2_first("issued", "normative"),
    ),
    ProseClaim(
        "本年废止的规范性文件",
        _rx(rf"废止{GAP}(?:行政)?规范性文件\s*(?P<n>{N})\s*件"),
        _t2_first("repealed", "normative"),
    ),
    ProseClaim(
        "本年制发的规章",
        _rx(rf"(?:制发|出台|印发|制定|新增|新制作){GAP}规章\s*(?P<n>{N})\s*件"),
        _t2_first("issued", "rules"),
    ),
)


def rule_p4(ctx: RuleContext) -> Iterator[Finding]:
    """Numbers the clerk quotes in 一、总体情况 equal the tables."""
    text = ctx.report.text(OVERVIEW)
    if not text:
        return
    for claim in CLAIMS:
        cells = claim.cells(ctx)
        if cells is None or not all(ctx.has(c) for c in cells):
            continue
        table_value = _sum(ctx, cells)
        if table_value is None:
            continue
        accepted = {table_value} | {v for alt in claim.alternatives(ctx) if (v := _sum(ctx, alt)) is not None}
        for pattern in claim.patterns:
            for match in pattern.finditer(text):
                stated = parse_number(match.group("n")) if "n" in pattern.groupindex else 0
                if stated is None or stated in accepted:
                    continue
                yield Finding(
                    "P4",
                    Severity.WARNING,
                    cells,
                    f"一、总体情况写“{_quote(text, match)}”（{claim.name} {stated} 件），"
                    f"但{_where(ctx, cells)}为 {fmt(table_value)}，相差 {difference(stated, table_value)}。",
                    OVERVIEW,
                )


def _sum(ctx: RuleContext, cells: tuple[str, ...]) -> int | None:
    numbers = [ctx.number(c) for c in cells]
    if any(n is None for n in numbers):
        return None
    return int(sum(n for n in numbers if n is not None))


def _where(ctx: RuleContext, cells: tuple[str, ...]) -> str:
    return " + ".join(ctx.label(c) for c in cells)


def _quote(text: str, match: re.Match[str]) -> str:
    """The clause the number was read from, so the clerk can find it in the text."""
    start = match.start()
    window_start = max(0, start - 24)
    boundary = max(text.rfind(mark, window_start, start) for mark in "，。；：\n")
    start = boundary + 1 if boundary >= 0 else window_start
    return ("…" if start and boundary < 0 else "") + text[start : match.end()].strip()


# ---------------------------------------------------------------------------------------------
# Text rules of our own (T1–T6).

_SENTENCE_END = r"[。！？!?；;]"
_YEAR = r"(?<![\d〔\[（(])((?:19|20)\d{2})\s*年(?!度?[\d]{1,2}号)"
_NOTHING = {"", "无", "无。", "暂无", "暂无。", "没有", "无其他需要报告的事项", "无其他需要报告的事项。"}


def _visible_length(text: str) -> int:
    return len(re.sub(r"\s", "", text))


def rule_t1(ctx: RuleContext) -> Iterator[Finding]:
    """一、总体情况 over the 2021 edition's “篇幅原则上不超过一千字”."""
    limit = ctx.edition.overview_char_limit
    length = _visible_length(ctx.report.text(OVERVIEW))
    if limit is not None and length > limit:
        yield Finding(
            "T1",
            Severity.WARNING,
            (),
            f"一、总体情况共 {length} 字，超过通知要求的“篇幅原则上不超过一千字”{length - limit} 字。",
            OVERVIEW,
        )


def rule_t2(ctx: RuleContext) -> Iterator[Finding]:
    """五、存在的主要问题及改进情况 must be specific: not empty, not “无”, not a single sentence."""
    text = ctx.report.text(SectionKey.PROBLEMS).strip()
    if text in _NOTHING:
        what = "未填写" if not text else f"只写了“{text}”"
    elif len([s for s in _regex(_SENTENCE_END).split(text) if s.strip()]) <= 1:
        what = "只有一句话"
    else:
        return
    yield Finding(
        "T2",
        Severity.WARNING,
        (),
        f"五、存在的主要问题及改进情况{what}。通知要求“实事求是、明确具体，避免笼统模糊、泛泛而谈”，"
        "请写明存在的问题和改进举措。",
        SectionKey.PROBLEMS,
    )


def rule_t3(ctx: RuleContext) -> Iterator[Finding]:
    """2021 edition: 六 must report 信息处理费 (收取情况, even if none was charged)."""
    if not ctx.edition.requires_fee_report:
        return
    if "信息处理费" in ctx.report.text(SectionKey.OTHER):
        return
    yield Finding(
        "T3",
        Severity.WARNING,
        (),
        "六、其他需要报告的事项未提及信息处理费。国办公开办函〔2021〕30号要求收取信息处理费的情况在此处专门报告"
        "（未收取也请写明，如“本年度未收取信息处理费”）。",
        SectionKey.OTHER,
    )


OTHER_SHARE_LIMIT = 0.2


def rule_t4(ctx: RuleContext) -> Iterator[Finding]:
    """（六）其他处理 a large share of （七）总计 — the 2019 notice asks supervisors to watch it."""
    rows = [r.key for r in ctx.edition.table("t3").rows if r.key.startswith("other")]
    cells = tuple(f"t3.{r}.total" for r in rows)
    numbers = [ctx.number(c) for c in cells]
    total = ctx.number("t3.result_total.total")
    if any(n is None for n in numbers) or not total:
        return
    other = sum(n for n in numbers if n is not None)
    if other and other / total > OTHER_SHARE_LIMIT:
        yield Finding(
            "T4",
            Severity.WARNING,
            (*cells, "t3.result_total.total"),
            f"表三（六）其他处理共 {fmt(other)} 件，占（七）总计 {fmt(total)} 件的 {other / total:.0%}。"
            "通知要求原则上所有申请都按法定方式处理，“其他处理”数量偏高会被重点关注，请核对或在正文中说明。",
            SectionKey.REQUESTS,
        )


def rule_t5(ctx: RuleContext) -> Iterator[Finding]:
    """Years in the prose other than the report year and the next (a sentence left from last year?)."""
    if not ctx.year_known:
        return
    allowed = {ctx.year, ctx.year + 1}
    sources = [(None, "开头段落", ctx.report.meta.preamble)] + [
        (s.key, s.heading, ctx.report.text(s.key)) for s in ctx.edition.sections if s.is_prose
    ]
    for section, name, text in sources:
        years = sorted({int(y) for y in _regex(_YEAR).findall(text)} - allowed)
        if years:
            listed = "、".join(f"{y}年" for y in years)
            yield Finding(
                "T5",
                Severity.INFO,
                (),
                f"{name}提到了{listed}，本报告为{ctx.year}年度。请确认不是沿用往年的文字。",
                section,
            )


def rule_t6(ctx: RuleContext) -> Iterator[Finding]:
    """五 copied from last year's report (“年年雷同”)."""
    previous = ctx.previous
    this_text = re.sub(r"\s", "", ctx.report.text(SectionKey.PROBLEMS))
    if previous is None or not this_text or this_text in _NOTHING:
        return
    if this_text == re.sub(r"\s", "", previous.problems):
        yield Finding(
            "T6",
            Severity.WARNING,
            (),
            f"五、存在的主要问题及改进情况与{previous.year}年度报告完全相同。通知要求“不得出现敷衍了事甚至年年雷同现象”。",
            SectionKey.PROBLEMS,
        )
