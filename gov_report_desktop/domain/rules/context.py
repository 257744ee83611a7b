"""What every rule is given: the report, its edition, and last year's report when known."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..editions import Edition
from ..model import PreviousYear, Report
from ..printed import printed_number
from ..values import CellValue, Unreadable, numeric

# Far beyond any column's plausible maximum: a value past it (only a hand-edited file holds one) is
# reported by R4 and stops the arithmetic like an unreadable value, so no sum grows absurd.
ARITHMETIC_CEILING = 10**15


def _within_ceiling(number: int | Decimal | None) -> int | Decimal | None:
    if number is None or -ARITHMETIC_CEILING <= number <= ARITHMETIC_CEILING:
        return number
    return None


class UnknownCellError(KeyError):
    """A rule asked for a cell its edition does not have: a bug in the rule or the edition data."""

    def __init__(self, cell_id: str, edition: str) -> None:
        super().__init__(f"edition {edition} has no cell {cell_id!r}")


@dataclass(frozen=True)
class RuleContext:
    report: Report
    previous: PreviousYear | None
    # While the clerk is still filling in (the window, before any export), blank cells are one quiet
    # note per table, not a warning on every cell; the CLI, the batch review and exports report them.
    quiet_blanks: bool = False

    def __post_init__(self) -> None:
        # Looked up once: every cell access checks its id against the edition.
        object.__setattr__(self, "_edition", self.report.edition)

    @property
    def edition(self) -> Edition:
        edition: Edition = self.__dict__["_edition"]
        return edition

    @property
    def year(self) -> int:
        return self.report.meta.year

    @property
    def year_known(self) -> bool:
        return self.report.meta.year_stated

    def value(self, cell_id: str) -> CellValue | None:
        """The cell's value; raises UnknownCellError for an id the edition has not (a misspelled id
        must fail loudly, not read as empty and pass)."""
        edition = self.edition
        if not edition.has_cell(cell_id):
            raise UnknownCellError(cell_id, edition.key)
        return self.report.values.get(cell_id)

    def number(self, cell_id: str) -> int | Decimal | None:
        return _within_ceiling(numeric(self.value(cell_id)))

    def number_or_zero(self, cell_id: str) -> int | Decimal | None:
        """What the printed report shows: empty counts as 0 (R6 reports it), an empty total as the sum of
        its parts (R3/R5 report it); unreadable stops the arithmetic (R4 reports it)."""
        value = self.value(cell_id)
        if value is None:
            return printed_number(self.report, cell_id)
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
