"""Which year's report a clerk is writing on a given day, and when it is due (no Qt).

条例第五十条: the annual report is published by 31 January (本机关年报; 1月31日); offices start on it in
the last quarter of the year it covers. So from October the report of the current year is the one being
written, and until the spring it is still last year's (late or corrected reports)."""

from __future__ import annotations

from datetime import date

# From this month on, a new report is about the current year.
CURRENT_YEAR_FROM_MONTH = 10
DEFAULT_DUE = (1, 31)  # month, day of the year after the report year


def report_year_for(today: date) -> int:
    """The report year a new report most likely covers on `today`."""
    return today.year if today.month >= CURRENT_YEAR_FROM_MONTH else today.year - 1


def due_date(report_year: int, due: tuple[int, int] = DEFAULT_DUE) -> date:
    """The day the report of `report_year` must be published (by default 31 January of the next year);
    `due` is a local deadline (month, day) where it differs."""
    month, day = due
    return date(report_year + 1, month, day)
