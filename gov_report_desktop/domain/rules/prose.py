"""P4: numbers quoted in the prose against the tables, and the text rules T1–T6.

The prose patterns are deliberately narrow (a keyword, a short gap, a number, 件): a 警告 that
fires on the wrong sentence teaches clerks to ignore warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from functools import cache

from ..editions import Edition, SectionKey, get_edition
from .context import RuleContext
from .findings import Finding, Severity, difference, fmt
from .prose_claims import QUANTITIES_BY_KEY, Claim, read_claims

OVERVIEW = SectionKey.OVERVIEW

CellGroups = list[tuple[str, ...]]


@cache
def _regex(source: str) -> re.Pattern[str]:
    """Compiled on first use: a window that opens a report should not pay for it before it paints."""
    return re.compile(source)


def _t3_rows(edition: Edition, prefix: str) -> tuple[str, ...]:
    """The 总计 cells of the 表三 rows whose key starts with `prefix` (a result and its sub-items)."""
    return tuple(f"t3.{r.key}.total" for r in edition.table("t3").rows if r.key.startswith(prefix))


def _t4(*columns: str) -> tuple[str, ...]:
    return tuple(f"t4.cases.{c}" for c in columns)


def _t2_1(row: str, column: str) -> tuple[str, ...] | None:
    """表二 第（一）项's cell; None when the edition names no such column (2019 has no 废止/现行有效)."""
    return (f"t2_1.{row}.{column}",) if column else None


def _table_cells(ctx: RuleContext, key: str) -> CellGroups:
    return _cells_of(ctx.edition.key, key)  # the same for every report of the edition: worked out once


@cache
def _cells_of(edition_key: str, key: str) -> CellGroups:
    """The cells whose sum a claim of quantity `key` states; the first group is the one named in the
    message, any others are readings reports also use (“受理” often counts the carried-over requests)."""
    edition = get_edition(edition_key)

    def t3(row: str) -> tuple[str, ...]:
        return (f"t3.{row}.total",)

    groups: dict[str, CellGroups] = {
        "new": [t3("new"), (*t3("new"), *t3("carried"))],
        "carried": [t3("carried")],
        "carry_forward": [t3("carry_forward")],
        "result_total": [t3("result_total")],
        "open_partial": [(*t3("open"), *t3("partial"))],
        "open": [t3("open")],
        "partial": [t3("partial")],
        "withheld": [_t3_rows(edition, "withheld")],
        "unavailable": [_t3_rows(edition, "unavailable")],
        "not_held": [t3("unavailable_1")],
        "unprocessed": [_t3_rows(edition, "unprocessed")],
        "other": [_t3_rows(edition, "other")],
        "review": [_t4("review_total")],
        "litigation": [_t4("direct_total", "after_total")],
        "review_corrected": [_t4("review_corrected")],
        "review_upheld": [_t4("review_upheld")],
        "litigation_corrected": [_t4("direct_corrected", "after_corrected")],
        "litigation_upheld": [_t4("direct_upheld", "after_upheld")],
        "license": [("t2_5.license.decisions",)],
        "penalty": [("t2_6.penalty.decisions",)],
        "enforcement": [("t2_6.enforcement.decisions",)],
    }
    t2_1 = {
        "normative_issued": _t2_1("normative", edition.issued_column),
        "normative_repealed": _t2_1("normative", edition.repealed_column),
        "normative_in_force": _t2_1("normative", "in_force"),
        "rules_issued": _t2_1("rules", edition.issued_column),
        "fees": ("t2_8.fees.amount",),
    }
    found = groups.get(key) or ([cells] if (cells := t2_1.get(key)) else [])
    return [cells for cells in found if cells and all(edition.has_cell(c) for c in cells)]


def rule_p4(ctx: RuleContext) -> Iterator[Finding]:
    """Numbers the clerk quotes in 一、总体情况 equal the tables (blank cells read as the 0 the printed
    report shows)."""
    text = ctx.report.text(OVERVIEW)
    if not text:
        return
    for claim in read_claims(text):
        groups = _table_cells(ctx, claim.key)
        if not groups:
            continue
        values = [_sum(ctx, cells) for cells in groups]
        if values[0] is None:
            continue
        name = QUANTITIES_BY_KEY[claim.key].name
        if claim.number not in values:
            yield Finding(
                "P4",
                Severity.WARNING,
                groups[0],
                f"一、总体情况写“{_quote(text, claim)}”（{name} {fmt(claim.number)}{_unit(claim)}），"
                f"但{_where(ctx, groups[0])}为 {fmt(values[0])}，相差 {difference(claim.number, values[0])}。",
                OVERVIEW,
            )
        elif claim.percent is not None:
            yield from _check_share(ctx, text, claim, name)


def _unit(claim: Claim) -> str:
    return " 万元" if claim.key == "fees" else " 件"


def _check_share(ctx: RuleContext, text: str, claim: Claim, name: str) -> Iterator[Finding]:
    """“予以公开258件，占51.85%”: the share of some total the tables hold (办结, 新收, or both)."""
    assert claim.percent is not None
    bases = [("t3.result_total.total",), ("t3.new.total",), ("t3.new.total", "t3.carried.total")]
    totals = [v for cells in bases if (v := _sum(ctx, cells))]
    if not totals or any(_rounds_to(claim.number, total, claim.percent) for total in totals):
        return
    share = Decimal(claim.number) * 100 / totals[0]
    yield Finding(
        "P4",
        Severity.WARNING,
        ("t3.result_total.total",),
        f"一、总体情况写“{_quote(text, claim)}占{claim.percent}%”，但{name} {fmt(claim.number)} 件占表三"
        f"（七）总计 {fmt(totals[0])} 件的 {share:.2f}%。",
        OVERVIEW,
    )


def _rounds_to(part: int | Decimal, total: int | Decimal, percent: Decimal) -> bool:
    """The stated percentage is part/total rounded (or cut) to the places it was written with."""
    exact = Decimal(part) * 100 / Decimal(total)
    places = Decimal(1).scaleb(percent.as_tuple().exponent)  # type: ignore[arg-type]  # finite Decimal
    return any(exact.quantize(places, rounding=mode) == percent for mode in (ROUND_HALF_UP, ROUND_DOWN, ROUND_UP))


def _sum(ctx: RuleContext, cells: tuple[str, ...]) -> int | Decimal | None:
    """The cells' sum as printed: a blank is printed as 0; an unreadable cell stops the comparison."""
    numbers = [ctx.number_or_zero(c) for c in cells]
    if any(n is None for n in numbers):
        return None
    return sum((n for n in numbers if n is not None), start=0)


def _where(ctx: RuleContext, cells: tuple[str, ...]) -> str:
    """The cells as the clerk finds them; a result's sub-items by the result's name (“（四）无法提供”)."""
    rows = [ctx.edition.cell(c).row for c in cells]
    if len(cells) > 2 and all(c.startswith("t3.") for c in cells) and len({r.path[:-1] for r in rows}) == 1:
        return f"表三「{rows[0].path[-2]}」各项「总计」列之和"
    return " + ".join(ctx.label(c) for c in cells)


def _quote(text: str, claim: Claim) -> str:
    """The clause the number was read from, so the clerk can find it in the text."""
    start = claim.start
    window_start = max(0, start - 24)
    boundary = max(text.rfind(mark, window_start, start) for mark in "，。；：\n")
    start = boundary + 1 if boundary >= 0 else window_start
    return ("…" if start and boundary < 0 else "") + text[start : claim.end].strip()


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


# How reports say what was charged: “本年度未收取信息处理费”“无收取信息处理费情况”“未收取信息公开处理费”
# “政府信息公开未发生收费情况”“均未收取任何费用”“全年收取政府信息公开信息处理费 3940 元”.
_FEE = r"(?:信息处理费|处理费|收费|费用)"
_FEE_STATEMENTS = (
    rf"(?:未|无|没有|不|均未|均不|未曾)(?:收取|产生|发生|涉及|存在)[^。；]{{0,14}}?{_FEE}",
    rf"{_FEE}[^。；]{{0,10}}?(?:为\s*0|为零|0\s*元|零元)",
    r"收取[^。；]{0,20}?处理费[^。；]{0,6}?\d",
    r"(?:未|无|没有)(?:发生|产生)?(?:收费|缴费)(?:情况|行为|事项)",
)
# A sentence about the rules on fees (“要求各单位依法落实信息处理费有关规定”) reports nothing charged.
_FEE_CONTEXT = r"(?:信息公开|处理费|依申请|申请)"


def reports_fees(text: str) -> bool:
    """Whether the text says how much 信息处理费 was charged (none included)."""
    for sentence in _regex(_SENTENCE_END).split(text):
        if not _regex(_FEE_CONTEXT).search(sentence):
            continue
        if any(_regex(source).search(sentence) for source in _FEE_STATEMENTS):
            return True
    return False


def rule_t3(ctx: RuleContext) -> Iterator[Finding]:
    """2021 edition: 六 must report 信息处理费 (收取情况, even if none was charged)."""
    if not ctx.edition.requires_fee_report:
        return
    if reports_fees(ctx.report.text(SectionKey.OTHER)):
        return
    yield Finding(
        "T3",
        Severity.WARNING,
        (),
        "六、其他需要报告的事项未写明信息处理费的收取情况。国办公开办函〔2021〕30号要求收取信息处理费的情况在此处专门报告"
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
    allowed = {ctx.year, ctx.year + 1}
    sources = [(None, "开头段落", ctx.report.meta.preamble)] + [
        (s.key, s.heading, ctx.report.text(s.key)) for s in ctx.edition.sections if s.is_prose
    ]
    for section, name, text in sources:
        years = sorted(
            {int(m.group(1)) for m in _regex(_YEAR).finditer(text) if not _last_years_accounts(ctx, m)} - allowed
        )
        if years:
            listed = "、".join(f"{y}年" for y in years)
            yield Finding(
                "T5",
                Severity.INFO,
                (),
                f"{name}提到了{listed}，本报告为{ctx.year}年度。请确认不是沿用往年的文字。",
                section,
            )


# “公开2020年政府预算、2019年政府决算”: the accounts published in a year are those of the year before.
_ACCOUNTS = r"度?(?:政府|部门|财政|本级)?(?:预算执行情况和)?决算"


def _last_years_accounts(ctx: RuleContext, match: re.Match[str]) -> bool:
    return int(match.group(1)) == ctx.year - 1 and _regex(_ACCOUNTS).match(match.string, match.end()) is not None


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
