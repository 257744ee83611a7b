"""A neutral model of what a document contains: paragraphs and tables as resolved grids.

Both readers (Word and web page) produce the same blocks, so the table and prose readers never
know where a table came from. Merged cells are resolved here: every grid position points at the
cell that covers it, so a label merged over eight rows is seen by each of those rows, while a value
is read once, at its origin.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# A hostile table cannot make the grid explode: spans and sizes are clamped.
MAX_SPAN = 200
MAX_GRID_COLUMNS = 200
MAX_GRID_ROWS = 5000


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


@dataclass
class _Builder:
    cells: dict[tuple[int, int], GridCell] = field(default_factory=dict)
    width: int = 0

    def place(self, row: int, column: int, cell: GridCell) -> None:
        if column < MAX_GRID_COLUMNS:
            self.cells.setdefault((row, column), cell)
            self.width = max(self.width, column + 1)


def _clamp(span: int) -> int:
    return max(1, min(span, MAX_SPAN))


def build_grid(raw_rows: list[list[RawCell]], number: int = 0) -> Grid:
    """Resolve colspan/rowspan (HTML) and vertical continuation (Word) into a rectangular grid."""
    truncated = len(raw_rows) > MAX_GRID_ROWS
    raw_rows = raw_rows[:MAX_GRID_ROWS]
    builder = _Builder()
    for r, raw_row in enumerate(raw_rows):
        column = 0
        for raw in raw_row:
            while (r, column) in builder.cells:  # skip positions taken by rowspans from above
                column += 1
            colspan = _clamp(raw.colspan)
            above = builder.cells.get((r - 1, column)) if raw.continues_above and r > 0 else None
            cell = above if above is not None else GridCell(raw.text, (r, column))
            rowspan = 1 if raw.continues_above else min(_clamp(raw.rowspan), len(raw_rows) - r)
            for dr in range(rowspan):
                for dc in range(colspan):
                    builder.place(r + dr, column + dc, cell)
            column += colspan
    rows = [
        [builder.cells.get((r, c), GridCell("", (r, c))) for c in range(builder.width)] for r in range(len(raw_rows))
    ]
    return Grid(rows, number, truncated)
