"""新建下一年度报告: next year's report started from this year's (no Qt, easy to test)."""

from __future__ import annotations

from ..domain.editions import edition_for_year
from ..domain.model import Report
from ..domain.rules import previous_from


def next_year_report(current: Report) -> Report:
    """Agency and opening paragraph carried; 二、上年结转 = this year's 四、结转下年度继续办理 for every
    column; the edition follows the new year; prose and all other numbers left empty; this year's
    report remembered as `previous` so the year-over-year checks (P1, P2, T6) run."""
    year = current.meta.year + 1
    report = Report.new(year, current.meta.agency, edition=None)
    report.meta.preamble = current.meta.preamble
    report.previous = previous_from(current)
    new_table = edition_for_year(year).table("t3")
    for column in new_table.columns:
        if f"t3.carried.{column.key}" in report.edition.derived_cells:
            continue
        carried = current.values.get(f"t3.carry_forward.{column.key}")
        if carried is not None and isinstance(carried, int):
            report.set_value(f"t3.carried.{column.key}", carried)
    return report
