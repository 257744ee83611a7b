"""What every rule is given: the report, its edition, and last year's report when known."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..editions import Edition
from ..model import PreviousYear, Report
from ..values import CellValue, Unreadable, numeric

# Far beyond any column's plausible maximum: a value past it (only a hand-edited file holds one) is
# reported by R4 and stops the arithmetic like an unreadable value, so no sum grows absurd.
ARITHMETIC_CEILING = 10**15


def _within_ceiling(number: int | Decimal | None) -> int | Decimal | None:
    if number is None or -ARITHMETIC_CEILING <= number <= ARITHMETIC_CEILING:
        return number
    return None


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
        return _within_ceiling(numeric(self.report.values.get(cell_id)))

    def number_or_zero(self, cell_id: str) -> int | Decimal | None:
        """Empty counts as 0 (R6 reports it); unreadable stops the arithmetic (R4 reports it)."""
        value = self.report.values.get(cell_id)
        if value is None:
            return 0
        if type(value) is int:  # the common case, checked first: this runs ~300 times per evaluation
            return value if -ARITHMETIC_CEILING <= value <= ARITHMETIC_CEILING else None
        if isinstance(value, Unreadable):
            return None
        return _within_ceiling(numeric(value))

    def has(self, cell_id: str) -> bool:
        return self.edition.has_cell(cell_id)

    def label(self, cell_id: str) -> str:
        return self.edition.cell(cell_id).describe()


def sum_or_none(numbers: list[int | Decimal | None]) -> int | Decimal | None:
    if None in numbers:
        return None
    return sum(numbers, start=0)  # type: ignore[arg-type]  # None was ruled out above
