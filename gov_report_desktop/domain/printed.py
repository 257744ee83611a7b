"""What the printed report shows for a cell the clerk left blank.

A blank cell is printed as 0 — except a total whose parts are filled: printing 0 there would make the
row contradict itself, so the Word export prints the sum of the parts and the rules read the same
number (R3 reports the blank total as an error, naming the sum). Checks and export share this one
reading, so a re-import of the exported file finds what the checks saw.
"""

from __future__ import annotations

from functools import cache

from .editions import get_edition
from .model import Report
from .values import Number, Unreadable, numeric


@cache
def total_parts(edition_key: str) -> dict[str, tuple[str, ...]]:
    """Each derived cell of the edition and the cells it is the sum of."""
    edition = get_edition(edition_key)
    return {spec.target: spec.parts for table in edition.tables for spec in table.totals if spec.derives}


def printed_number(report: Report, cell_id: str) -> Number | None:
    """The number the printed report shows in the cell; None when the cell (or a part of a blank total)
    is unreadable, so arithmetic on it stops (R4 reports it)."""
    value = report.values.get(cell_id)
    if value is not None:
        return None if isinstance(value, Unreadable) else numeric(value)
    parts = total_parts(report.meta.edition).get(cell_id)
    if not parts:
        return 0
    numbers = [printed_number(report, part) for part in parts]
    if any(n is None for n in numbers):
        return None
    return sum((n for n in numbers if n is not None), start=0)


def blank_totals(report: Report) -> dict[str, Number]:
    """Blank totals whose parts add up to more than 0, with the sum the export prints for each."""
    sums: dict[str, Number] = {}
    for target in total_parts(report.meta.edition):
        if target in report.values:
            continue
        number = printed_number(report, target)
        if number:
            sums[target] = number
    return sums
