"""汇总: the totals of several units' reports as one report the office completes as its own.

Only reports of one year and one edition are summed (their tables have the same cells); the odd ones
are named in the refusal. Input cells are summed and the totals derived from the sums, so the
consolidated report is consistent even when a unit's own totals were wrong (the 明细 workbook shows
each unit's cells as published). Money is summed in its unit; 元 and 万元 mixed are summed in 万元.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..domain.editions import SectionKey
from ..domain.model import Report
from ..domain.values import CellValue, Money, Unreadable

YUAN_PER_WAN = Decimal(10000)


class ConsolidationError(Exception):
    """Reports that cannot be summed together; str() is the Chinese reason."""


@dataclass(frozen=True)
class UnitReport:
    name: str  # the unit as the review table shows it
    report: Report


@dataclass
class Consolidation:
    report: Report
    units: list[UnitReport]
    skipped: list[str] = field(default_factory=list)  # 「unit」cell: values that are not numbers

    def contributors(self, cell_id: str, limit: int = 5) -> list[tuple[str, CellValue]]:
        """The units that contribute most to one summed cell, largest first (the window's tooltip)."""
        found = [(unit.name, value) for unit in self.units if (value := unit.report.values.get(cell_id)) is not None]
        numbers = [(name, value) for name, value in found if not isinstance(value, Unreadable)]
        numbers.sort(key=lambda item: -_amount(item[1]))
        return [item for item in numbers[:limit] if _amount(item[1]) != 0]


def consolidate(units: Sequence[UnitReport], agency: str = "", scope: str = "各单位") -> Consolidation:
    """Sum the units' tables into a new report; raises ConsolidationError for mixed years/editions."""
    if not units:
        raise ConsolidationError("没有选择要汇总的单位。")
    year, edition = _common_year_and_edition(units)
    total = Report.new(year, agency=agency, edition=edition)
    skipped: list[str] = []
    derived = total.edition.derived_cells
    for ref in total.edition.all_cells():
        if ref.cell_id in derived:
            continue
        values = [(unit.name, unit.report.values.get(ref.cell_id)) for unit in units]
        skipped += [f"{name}：{ref.describe()}" for name, value in values if isinstance(value, Unreadable)]
        summed = _sum([value for _, value in values if value is not None and not isinstance(value, Unreadable)])
        if summed is not None:
            total.values[ref.cell_id] = summed
    total.derive_totals()
    total.set_text(SectionKey.OVERVIEW, opening_sentence(total, len(units), scope))
    return Consolidation(total, list(units), skipped)


def _common_year_and_edition(units: Sequence[UnitReport]) -> tuple[int, str]:
    keys = Counter((unit.report.meta.year, unit.report.meta.edition) for unit in units)
    (year, edition), _ = keys.most_common(1)[0]
    odd = [unit for unit in units if (unit.report.meta.year, unit.report.meta.edition) != (year, edition)]
    if odd:
        listed = "、".join(f"“{u.name}”（{u.report.meta.year}年度，{u.report.meta.edition}版）" for u in odd[:10])
        more = f"等 {len(odd)} 个" if len(odd) > 10 else ""
        raise ConsolidationError(
            f"只能汇总同一年度、同一格式版本的年报。多数为{year}年度{edition}版，以下单位不同：{listed}{more}。"
            "请取消选择这些单位后再汇总。"
        )
    return year, edition


def _sum(values: list[CellValue]) -> CellValue | None:
    if not values:
        return None
    if all(type(value) is int for value in values):
        return sum(values, start=0)  # type: ignore[arg-type]  # all ints, checked above
    money = [value for value in values if isinstance(value, Money)]
    units = {value.unit for value in money}
    if len(units) == 1:
        return Money(amount=sum((value.amount for value in money), Decimal(0)), unit=money[0].unit)
    amount = sum((_in_wan(value) for value in money), Decimal(0))
    return Money(amount=amount, unit="万元")


def _in_wan(value: Money) -> Decimal:
    return value.amount / YUAN_PER_WAN if value.unit == "元" else value.amount


def _amount(value: CellValue) -> Decimal:
    if isinstance(value, Money):
        return _in_wan(value)
    return Decimal(value) if isinstance(value, int) else Decimal(0)


def opening_sentence(report: Report, units: int, scope: str) -> str:
    """The one prose sentence a consolidated report starts with: the totals, in the template's terms."""

    def n(cell_id: str) -> int:
        value = report.values.get(cell_id)
        return value if isinstance(value, int) else 0

    review = n("t4.cases.review_total")
    litigation = n("t4.cases.direct_total") + n("t4.cases.after_total")
    return (
        f"{report.meta.year}年，{scope}共收到政府信息公开申请{n('t3.new.total')}件，"
        f"上年结转{n('t3.carried.total')}件，办结{n('t3.result_total.total')}件，"
        f"结转下年度继续办理{n('t3.carry_forward.total')}件；"
        f"因政府信息公开工作被申请行政复议{review}件，被提起行政诉讼{litigation}件。"
        f"（本段由政府信息公开年报助手根据{units}个单位的年报汇总生成，请补充完善。）"
    )
