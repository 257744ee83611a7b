"""Plausibility checks P1–P3 (format-spec.md §3): year-over-year chains and 表二 orderings."""

from __future__ import annotations

from collections.abc import Iterator

from ..editions import SectionKey, TableSpec
from ..values import numeric
from .context import RuleContext
from .findings import Finding, Severity, difference, fmt

T2 = SectionKey.PROACTIVE
T3 = SectionKey.REQUESTS


def rule_p1(ctx: RuleContext) -> Iterator[Finding]:
    """This year's 二、上年结转 = last year's 四、结转下年度继续办理, for every column."""
    previous = ctx.previous
    if previous is None or not ctx.year_known:
        return
    if previous.year != ctx.year - 1:
        yield Finding(
            "P1",
            Severity.INFO,
            (),
            f"作为上年报告提供的是{previous.year}年度报告，不是{ctx.year - 1}年度，未比对上年结转数。",
            T3,
        )
        return
    for column in ctx.edition.table("t3").columns:
        this_id = f"t3.carried.{column.key}"
        this_year = ctx.number(this_id)
        last_year = numeric(previous.values.get(f"t3.carry_forward.{column.key}"))
        if this_year is None or last_year is None or this_year == last_year:
            continue
        yield Finding(
            "P1",
            Severity.WARNING,
            (this_id,),
            f"表三「{column.label}」列：本年“二、上年结转政府信息公开申请数量”为 {fmt(this_year)}，"
            f"但{previous.year}年度报告“四、结转下年度继续办理”为 {fmt(last_year)}，相差 {difference(this_year, last_year)}。",
            T3,
        )


def rule_p2(ctx: RuleContext) -> Iterator[Finding]:
    """表二 counts carried over from last year's report add up."""
    previous = ctx.previous
    if previous is None or not ctx.year_known or previous.year != ctx.year - 1 or previous.edition != ctx.edition.key:
        return
    # Which chain applies is the tables' own columns: 2021's 现行有效件数, 2019's 上一年项目数量.
    yield from _p2_in_force(ctx)
    yield from _p2_items(ctx)


IN_FORCE_COLUMNS = ("issued", "repealed", "in_force")


def _p2_in_force(ctx: RuleContext) -> Iterator[Finding]:
    assert ctx.previous is not None
    for table in ctx.edition.tables:
        if set(IN_FORCE_COLUMNS) <= {c.key for c in table.columns}:
            yield from _p2_in_force_table(ctx, table)


def _p2_in_force_table(ctx: RuleContext, table: TableSpec) -> Iterator[Finding]:
    assert ctx.previous is not None
    for row in table.rows:
        ids = [table.cell_id(row.key, c) for c in IN_FORCE_COLUMNS]
        issued, repealed, in_force = (ctx.number(i) for i in ids)
        last = numeric(ctx.previous.values.get(ids[2]))
        if issued is None or repealed is None or in_force is None or last is None:
            continue
        expected = last + issued - repealed
        if expected != in_force:
            yield Finding(
                "P2",
                Severity.WARNING,
                tuple(ids),
                f"{table.title}「{row.label}」行：上年现行有效件数 {fmt(last)} + 本年制发件数 {fmt(issued)} − "
                f"本年废止件数 {fmt(repealed)} = {fmt(expected)}，但本年现行有效件数为 {fmt(in_force)}，"
                f"相差 {difference(expected, in_force)}（如有修改、失效等情况请在正文说明）。",
                T2,
            )


def _p2_items(ctx: RuleContext) -> Iterator[Finding]:
    assert ctx.previous is not None
    for table in ctx.edition.tables:
        if "prev_items" not in {c.key for c in table.columns}:
            continue
        for row in table.rows:
            this_id = table.cell_id(row.key, "prev_items")
            this_year = ctx.number(this_id)
            last_items = numeric(ctx.previous.values.get(this_id))
            last_change = numeric(ctx.previous.values.get(table.cell_id(row.key, "change")))
            if this_year is None or last_items is None or last_change is None:
                continue
            expected = last_items + last_change
            if expected != this_year:
                yield Finding(
                    "P2",
                    Severity.WARNING,
                    (this_id,),
                    f"{table.title}「{row.label}」行：上年报告上一年项目数量 {fmt(last_items)} + 本年增/减 {fmt(last_change)} = "
                    f"{fmt(expected)}，但本年上一年项目数量为 {fmt(this_year)}，相差 {difference(expected, this_year)}。",
                    T2,
                )


def rule_p3(ctx: RuleContext) -> Iterator[Finding]:
    """Column orderings the edition data declares (TableSpec.orderings): 2021 制发 ≤ 现行有效;
    2019 新公开 ≤ 新制作 and ≤ 对外公开总数量."""
    for table in ctx.edition.tables:
        labels = {c.key: c.label for c in table.columns}
        for row in table.rows:
            for small_key, big_key in table.orderings:
                small_id, big_id = table.cell_id(row.key, small_key), table.cell_id(row.key, big_key)
                small, big = ctx.number(small_id), ctx.number(big_id)
                if small is None or big is None or small <= big:
                    continue
                yield Finding(
                    "P3",
                    Severity.WARNING,
                    (small_id, big_id),
                    f"{table.title}「{row.label}」行：{labels[small_key]} {fmt(small)} 大于{labels[big_key]} {fmt(big)}，"
                    "请核对。",
                    table.section,
                )
