"""What every rule is given: the report, its edition, and last year's report when known."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..editions import Edition
from ..model import PreviousYear, Report
from ..printed import printed_number
from ..values import CellValue, Unreadable, numeric


@dataclass(frozen=True)
class RuleContext:
    report: Report
    previous: PreviousYear | None

    @property
    def edition(self) -> Edition:
        return self.report.edition

    @property
    def year(self) -> int:
        return self.report.meta.year

    def value(self, cell_id: str) -> CellValue | None:
        return self.report.values.get(cell_id)

    def number(self, cell_id: str) -> int | Decimal | None:
        return numeric(self.report.values.get(cell_id))

    def number_or_zero(self, cell_id: str) -> int | Decimal | None:
        """What the printed report shows: empty counts as 0 (R6 reports it), an empty total as the sum of
        its parts (R3/R5 report it); unreadable stops the arithmetic (R4 reports it)."""
        value = self.report.values.get(cell_id)
        if value is None:
            return printed_number(self.report, cell_id)
        if type(value) is int:  # the common case, checked first: this runs ~300 times per evaluation
            return value
        if isinstance(value, Unreadable):
            return None
        return numeric(value)

    def has(self, cell_id: str) -> bool:
        return self.edition.has_cell(cell_id)

    def label(self, cell_id: str) -> str:
        return self.edition.cell(cell_id).describe()


def sum_or_none(numbers: list[int | Decimal | None]) -> int | Decimal | None:
    if None in numbers:
        return None
    return sum(numbers, start=0)  # type: ignore[arg-type]  # None was ruled out above
