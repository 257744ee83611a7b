"""The format's arithmetic and value rules: R1–R7 and the derived identity P5 (format-spec.md §3)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..editions import EDITIONS, SectionKey, ValueKind, edition_for_year
from ..editions.common import is_result_row
from ..values import CellValue, Number, Unreadable, numeric
from .context import RuleContext, sum_or_none
from .findings import Finding, Severity, difference, fmt, shown_number

T3 = SectionKey.REQUESTS
T4 = SectionKey.APPEALS


def _t3_result_rows(ctx: RuleContext) -> list[str]:
    return [r.key for r in ctx.edition.table("t3").rows if is_result_row(r.key)]


def _t3_columns(ctx: RuleContext) -> list[tuple[str, str]]:
    return [(c.key, c.label) for c in ctx.edition.table("t3").columns]


def _total_mismatch(ctx: RuleContext, total_id: str, parts: list[str]) -> tuple[Number | None, Number] | None:
    """(stored total, sum of its parts) when they differ; None when equal or not comparable. A blank
    total whose parts add up to more than 0 differs too: (None, sum)."""
    part_sum = sum_or_none([ctx.number_or_zero(p) for p in parts])
    if part_sum is None:
        return None
    if ctx.value(total_id) is None:
        return (None, part_sum) if part_sum else None
    total = ctx.number(total_id)
    if total is None or total == part_sum:
        return None
    return total, part_sum


def _r1_cells(col: str) -> tuple[str, str, str, str]:
    return (f"t3.new.{col}", f"t3.carried.{col}", f"t3.result_total.{col}", f"t3.carry_forward.{col}")


def _r1_mismatch(ctx: RuleContext, col: str) -> tuple[Number, Number, Number, Number] | None:
    """(第一项, 第二项, 第三项（七）总计, 第四项) of column `col` when R1 fails there, else None."""
    cells = _r1_cells(col)
    if not any(c in ctx.report.values for c in cells):
        return None
    # Blank cells count as 0 here so the rule speaks while the clerk is still filling in.
    new, carried, done, forward = (ctx.number_or_zero(c) for c in cells)
    if new is None or carried is None or done is None or forward is None or new + carried == done + forward:
        return None
    return new, carried, done, forward


def _stated(total: Number | None, part_sum: Number, parts_name: str) -> str:
    """How a total and its parts disagree, in words: a figure that differs, or a blank the export fills."""
    if total is None:
        return f"未填写，{parts_name}之和为 {fmt(part_sum)}（导出时按 {fmt(part_sum)} 输出，请填写）。"
    return f"为 {fmt(total)}，但{parts_name}之和为 {fmt(part_sum)}，相差 {difference(total, part_sum)}。"


def rule_r1(ctx: RuleContext) -> Iterator[Finding]:
    """第一项 + 第二项 = 第三项（七）总计 + 第四项, for every column (the note printed in 表三)."""
    for col, label in _t3_columns(ctx):
        mismatch = _r1_mismatch(ctx, col)
        if mismatch is not None:
            new, carried, done, forward = mismatch
            left, right = new + carried, done + forward
            yield Finding(
                "R1",
                Severity.ERROR,
                _r1_cells(col),
                f"表三「{label}」列：第一项 {fmt(new)} + 第二项 {fmt(carried)} = {fmt(left)}，"
                f"但第三项（七）总计 {fmt(done)} + 第四项 {fmt(forward)} = {fmt(right)}，相差 {difference(left, right)}。",
                T3,
            )


def sum_rule(rule_id: str) -> Callable[[RuleContext], Iterator[Finding]]:
    """The check of every total the edition data assigns to `rule_id` (TotalSpec.rule): a stored total
    that differs from the sum of its parts, in the words the TotalSpec gives."""

    def check(ctx: RuleContext) -> Iterator[Finding]:
        for table in ctx.edition.tables:
            for spec in table.totals:
                if spec.rule != rule_id:
                    continue
                mismatch = _total_mismatch(ctx, spec.target, list(spec.parts))
                # A blank total is reported once, by the sum that derives it (the corner cell is R3's).
                if mismatch is None or (mismatch[0] is None and not spec.derives):
                    continue
                total, part_sum = mismatch
                yield Finding(
                    rule_id,
                    Severity.ERROR,
                    (spec.target, *spec.parts),
                    f"{spec.where}：{spec.total_name}{_stated(total, part_sum, spec.parts_name)}",
                    table.section,
                )

    check.__doc__ = f"{rule_id}: the totals the edition data assigns to it equal the sums of their parts."
    return check


rule_r2 = sum_rule("R2")  # 表三 each column: （七）总计 = （一）…（六）
rule_r3 = sum_rule("R3")  # 表三 each row: 总计 = 自然人 + the five 法人或其他组织 columns
rule_r5 = sum_rule("R5")  # 表四: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 for each group


def rule_r4(ctx: RuleContext) -> Iterator[Finding]:
    """Every value is a number of its kind: counts are integers ≥ 0 within the column's plausible
    ceiling, money ≥ 0 (R4, R4a). A value past the ceiling (a hand-edited file) stops the arithmetic
    like an unreadable one (see `RuleContext.number`)."""
    for cell_id, value in ctx.report.values.items():
        ref = ctx.edition.cell(cell_id)
        problem = _r4_problem(value, ref.column.kind, ref.column.maximum)
        if problem is not None:
            yield Finding(problem[0], Severity.ERROR, (cell_id,), f"{ref.describe()}{problem[1]}", ref.table.section)


def _r4_problem(value: CellValue, kind: ValueKind, maximum: int) -> tuple[str, str] | None:
    if isinstance(value, Unreadable):
        return ("R4", f"填写的「{value.raw}」不是有效数字。")
    number = numeric(value)
    if number is None:
        return None
    if number > maximum or number < -maximum:
        return ("R4", f"为 {shown_number(number)}，超出合理范围（最大 {maximum}），请核对。")
    if isinstance(value, int) and value < 0 and kind is ValueKind.COUNT:
        return ("R4", f"为 {value}，件数不能为负数。")
    if not isinstance(value, int) and number < 0:
        return ("R4a", f"金额为 {number}，不能为负数。")
    return None


def rule_r4b(ctx: RuleContext) -> Iterator[Finding]:
    """2019 edition: 上一年项目数量 + 本年增/减 ≥ 0."""
    for table in ctx.edition.tables:
        keys = {c.key for c in table.columns}
        if not {"prev_items", "change"} <= keys:
            continue
        for row in table.rows:
            prev_id, change_id = table.cell_id(row.key, "prev_items"), table.cell_id(row.key, "change")
            # A blank is printed as 0: “上一年项目数量” blank with 本年增/减 −8 prints as 0 − 8.
            prev, change = ctx.number_or_zero(prev_id), ctx.number_or_zero(change_id)
            if prev is None or change is None or prev + change >= 0:
                continue
            yield Finding(
                "R4b",
                Severity.ERROR,
                (prev_id, change_id),
                f"{table.title}「{row.label}」行：上一年项目数量 {fmt(prev)} + 本年增/减 {fmt(change)} = "
                f"{fmt(prev + change)}，项目数量不能减为负数。",
                table.section,
            )


def rule_r6(ctx: RuleContext) -> Iterator[Finding]:
    """No blank cell: the convention is to write 0. One finding per table, listing the cells — or, while
    the report is being filled in (`quiet_blanks`), one note per table naming no cell, so nothing is marked."""
    for table in ctx.edition.tables:
        blanks = [c for c in table.cell_ids() if c not in ctx.report.values]
        if not blanks:
            continue
        if ctx.quiet_blanks:
            yield Finding(
                "R6",
                Severity.INFO,
                (),
                f"{table.title}还有 {len(blanks)} 格未填写（没有数据请填 0）。",
                table.section,
                focus=(blanks[0],),
            )
            continue
        first = ctx.label(blanks[0])
        more = f"等 {len(blanks)} 个单元格" if len(blanks) > 1 else ""
        yield Finding(
            "R6",
            Severity.WARNING,
            tuple(blanks),
            f"{first}{more}未填写；没有数据请填 0（导出时空格按 0 输出）。",
            table.section,
        )


def rule_r7(ctx: RuleContext) -> Iterator[Finding]:
    """The structure matches the edition of the report year."""
    expected = edition_for_year(ctx.year)
    if not ctx.year_known:
        yield Finding(
            "R7",
            Severity.ERROR,
            (),
            f"未写明报告年度：请在报告信息中填写报告年度（表格按{EDITIONS[ctx.edition.key].name}）；"
            "格式版本与年度是否一致、与上年报告的比对和正文年份的检查在填写年度后进行。",
            None,
        )
    elif expected.key != ctx.edition.key:
        # The 2019 notice let first-year reports deviate ("可参照统一格式发布").
        severity = Severity.WARNING if ctx.year == 2019 else Severity.ERROR
        yield Finding(
            "R7",
            severity,
            (),
            f"{ctx.year}年度报告应使用{expected.name}，但本报告使用的是{EDITIONS[ctx.edition.key].name}。",
            None,
        )
    for note in ctx.report.structure_notes:
        yield Finding("R7", Severity.ERROR, (), f"{note.where}：{note.message}", None)


def rule_p5(ctx: RuleContext) -> Iterator[Finding]:
    """一[总计] + 二[总计] − 四[总计] = Σ result rows[总计] (derived from R1 and R2).

    It follows from R1 on the 总计 column and R2 on （七）总计, so it speaks only when both are silent
    (（七）总计 unreadable): one problem, one entry in the findings list."""
    parts = [f"t3.{r}.total" for r in _t3_result_rows(ctx)]
    if _r1_mismatch(ctx, "total") is not None or _total_mismatch(ctx, "t3.result_total.total", parts) is not None:
        return
    new, carried, forward = (ctx.number(f"t3.{r}.total") for r in ("new", "carried", "carry_forward"))
    part_sum = sum_or_none([ctx.number_or_zero(p) for p in parts])
    if new is None or carried is None or forward is None or part_sum is None:
        return
    handled = new + carried - forward
    if handled != part_sum:
        yield Finding(
            "P5",
            Severity.WARNING,
            # Not every result row: the identity is about the totals, and marking 20 cells buries it.
            ("t3.new.total", "t3.carried.total", "t3.carry_forward.total", "t3.result_total.total"),
            f"表三「总计」列：第一项 {fmt(new)} + 第二项 {fmt(carried)} − 第四项 {fmt(forward)} = {fmt(handled)} 件已办结，"
            f"但各办理结果（一）至（六）之和为 {fmt(part_sum)}，相差 {difference(handled, part_sum)}。",
            T3,
        )
