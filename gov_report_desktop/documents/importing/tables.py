"""A neutral model of what a document contains: paragraphs and tables as resolved grids.

Both readers (Word and web page) produce the same blocks, so the table and prose readers never
know where a table came from. Merged cells are resolved here: every grid position points at the
cell that covers it, so a label merged over eight rows is seen by each of those rows, while a value
is read once, at its origin.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

# A hostile table cannot make the grid explode: spans and sizes are clamped before any expansion,
# and the positions a whole document may fill are counted (a real report fills a few thousand).
MAX_SPAN = 200
MAX_GRID_COLUMNS = 200
MAX_GRID_ROWS = 5000
MAX_DOCUMENT_POSITIONS = 500_000  # a real report fills ~5 000; this costs ~1 s at worst


class TooManyCells(Exception):
    """The document's tables would fill more grid positions than any report has; the reader
    turns this into a message naming the file."""


@dataclass
class CellBudget:
    """Grid positions a document may still fill; shared by all its tables."""

    remaining: int = MAX_DOCUMENT_POSITIONS

    def spend(self, positions: int) -> None:
        self.remaining -= positions
        if self.remaining < 0:
            raise TooManyCells


@dataclass(frozen=True)
class RawCell:
    """A cell as the source wrote it. `continues_above` is Word's vMerge="continue"."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    continues_above: bool = False


@dataclass(frozen=True)
class GridCell:
    text: str
    origin: tuple[int, int]  # (row, column) of the cell that covers this position

    def is_origin_at(self, row: int, column: int) -> bool:
        return self.origin == (row, column)


@dataclass
class Grid:
    """Rows of equal length after spans are resolved; `number` is the table's place in the document."""

    rows: list[list[GridCell]]
    number: int = 0
    truncated: bool = False

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class PageTitle:
    """A web page's <title>: not report text, but the report's title when the page shows none."""

    text: str


Block = Paragraph | Grid | PageTitle


def _clamp(span: int) -> int:
    return max(1, min(span, MAX_SPAN))


def build_grid(
    raw_rows: list[list[RawCell]], number: int = 0, budget: CellBudget | None = None, *, truncated: bool = False
) -> Grid:
    """Resolve colspan/rowspan (HTML) and vertical continuation (Word) into a rectangular grid.

    Spans are clamped to the grid (MAX_GRID_COLUMNS wide, the table's remaining rows high) before
    they are expanded; raises TooManyCells when `budget` runs out."""
    budget = budget or CellBudget()
    truncated = truncated or len(raw_rows) > MAX_GRID_ROWS
    raw_rows = raw_rows[:MAX_GRID_ROWS]
    cells: dict[tuple[int, int], GridCell] = {}
    width = 0
    for r, raw_row in enumerate(raw_rows):
        column = 0
        for raw in raw_row:
            while (r, column) in cells:  # skip positions taken by rowspans from above
                column += 1
            if column >= MAX_GRID_COLUMNS:
                break  # the rest of the row lies outside the grid
            colspan = min(_clamp(raw.colspan), MAX_GRID_COLUMNS - column)
            above = cells.get((r - 1, column)) if raw.continues_above and r > 0 else None
            cell = above if above is not None else GridCell(raw.text, (r, column))
            rowspan = 1 if raw.continues_above else min(_clamp(raw.rowspan), len(raw_rows) - r)
            budget.spend(rowspan * colspan)
            for row in range(r, r + rowspan):
                for position in zip(itertools.repeat(row), range(column, column + colspan)):
                    cells.setdefault(position, cell)  # the first cell to claim a position keeps it
            column += colspan
            width = max(width, column)
    budget.spend(len(raw_rows) * width)
    rows = [[cells.get((r, c)) or GridCell("", (r, c)) for c in range(width)] for r in range(len(raw_rows))]
    return Grid(rows, number, truncated)
