"""新建下一年度报告: next year's report, started from this year's (no Qt; the window and tests use it)."""

from __future__ import annotations

from .editions import edition_for_year
from .model import Report
from .rules import previous_from

CARRY_FORWARD_ROW = "carry_forward"  # 表三 四、结转下年度继续办理 (this year)
CARRIED_ROW = "carried"  # 表三 二、上年结转政府信息公开申请数量 (next year)


def next_year_report(current: Report) -> Report:
    """Next year's report, with `current` left unchanged.

    Carried over: the agency and the opening paragraph (contact details; the clerk checks the years
    in it), and 二、上年结转 = this year's 四、结转下年度继续办理 for every column (the totals follow).
    The edition is the one the new year prescribes; prose and all other numbers start empty. This
    year's report is remembered as `previous`, so the year-over-year checks (P1, P2, T6) run.
    A carry-forward cell that is empty or unreadable (kept as printed by an import) is not carried:
    the new cell stays empty, and P1 reports the difference to the clerk instead of a guessed number.
    """
    year = current.meta.year + 1
    report = Report.new(year, current.meta.agency, edition=None)
    report.meta.preamble = current.meta.preamble
    report.previous = previous_from(current)
    table = edition_for_year(year).table("t3")
    for column in table.columns:
        target = f"t3.{CARRIED_ROW}.{column.key}"
        if target in report.edition.derived_cells:
            continue  # the total is derived from the columns set here
        carried = current.values.get(f"t3.{CARRY_FORWARD_ROW}.{column.key}")
        if isinstance(carried, int):
            report.set_value(target, carried)
    return report


__all__ = ["next_year_report"]
