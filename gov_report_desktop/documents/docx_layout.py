"""The official table layouts as grids of merged cells, derived from the edition data alone.

Row and column `path` tuples carry the template's multi-level labels: consecutive rows (columns)
with an equal prefix share one merged label cell, and the last element of a path shorter than the
deepest one spans the remaining label columns (header rows). Nothing here knows a label by name,
so a new edition of the format needs no change in the exporter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ..domain.editions import TableSpec
from ..domain.editions.layout import merged_blocks

CellRole = Literal["heading", "corner", "header", "label", "value"]


@dataclass(frozen=True)
class GridCell:
    """One visible (merged) cell: its top-left grid position and how far it spans."""

    row: int
    column: int
    role: CellRole
    text: str = ""
    width: int = 1
    height: int = 1
    cell_id: str | None = None  # the report cell a value cell shows
    leaf: bool = False  # a row label on the deepest level (printed left-aligned)


@dataclass(frozen=True)
class TableLayout:
    rows: int
    columns: int
    label_columns: int
    cells: tuple[GridCell, ...]
    header_rows: int = 0  # rows repeated at the top of every page
    group_ends: frozenset[int] = frozenset()  # last row of each sub-table (kept together above it)

    def shifted(self, rows: int) -> tuple[GridCell, ...]:
        return tuple(replace(cell, row=cell.row + rows) for cell in self.cells)


def table_layout(table: TableSpec, value_slots: int | None = None) -> TableLayout:
    """The grid of one table; with `value_slots` the last value column stretches to fill them."""
    labels = table.label_depth
    depth = table.header_depth
    slots = value_slots if value_slots is not None else len(table.columns)
    if slots < len(table.columns):
        raise ValueError(f"{table.title}有{len(table.columns)}列，多于可用的{slots}列")
    widths = [1] * len(table.columns)
    widths[-1] += slots - len(table.columns)
    starts = [labels + sum(widths[:i]) for i in range(len(widths))]
    cells: list[GridCell] = []
    if labels:
        cells.append(GridCell(0, 0, "corner", table.corner or "", width=labels, height=depth))
    cells += _column_headers(table, depth, starts, widths)
    cells += _row_labels(table, depth, labels)
    for r_index, row in enumerate(table.rows):
        for c_index, column in enumerate(table.columns):
            cell_id = table.cell_id(row.key, column.key)
            cells.append(GridCell(depth + r_index, starts[c_index], "value", width=widths[c_index], cell_id=cell_id))
    return TableLayout(
        rows=depth + len(table.rows),
        columns=labels + slots,
        label_columns=labels,
        cells=tuple(cells),
        header_rows=depth,
    )


def _column_headers(table: TableSpec, depth: int, starts: list[int], widths: list[int]) -> list[GridCell]:
    paths = [c.path for c in table.columns]
    return [
        GridCell(
            row=block.level,
            column=starts[block.first],
            role="header",
            text=block.text,
            width=sum(widths[block.first : block.last + 1]),
            height=block.depth,
        )
        for block in merged_blocks(paths, [""] * len(paths), depth)
    ]


def _row_labels(table: TableSpec, top: int, labels: int) -> list[GridCell]:
    paths = [r.path for r in table.rows]
    return [
        GridCell(
            row=top + block.first,
            column=block.level,
            role="label",
            text=block.text,
            width=block.depth,
            height=block.span,
            # Every block on the deepest label level is a leaf label, printed left-aligned.
            leaf=block.level == labels - 1 and labels > 1,
        )
        for block in merged_blocks(paths, [""] * len(paths), labels)
    ]


def combined_layout(tables: Sequence[TableSpec]) -> TableLayout:
    """Several sub-tables as ONE Word table (表二): each starts with its heading across all columns."""
    label_columns = {t.label_depth for t in tables}
    if len(label_columns) != 1:
        raise ValueError("合并排版的各子表必须有相同的行标题列数")
    labels = label_columns.pop()
    columns = max(labels + len(t.columns) for t in tables)
    cells: list[GridCell] = []
    group_ends: set[int] = set()
    row = 0
    for table in tables:
        if table.heading:
            cells.append(GridCell(row, 0, "heading", table.heading, width=columns))
            row += 1
        part = table_layout(table, value_slots=columns - labels)
        cells += part.shifted(row)
        row += part.rows
        group_ends.add(row - 1)
    return TableLayout(
        rows=row,
        columns=columns,
        label_columns=labels,
        cells=tuple(cells),
        header_rows=0,  # every sub-table has its own headings: nothing to repeat on a new page
        group_ends=frozenset(group_ends),
    )


def covered_by(layout: TableLayout) -> dict[tuple[int, int], GridCell]:
    """Every grid position → the merged cell that covers it (for writing and for tests)."""
    grid: dict[tuple[int, int], GridCell] = {}
    for cell in layout.cells:
        for r in range(cell.row, cell.row + cell.height):
            for c in range(cell.column, cell.column + cell.width):
                if (r, c) in grid:
                    raise ValueError(f"单元格重叠：第{r + 1}行第{c + 1}列")
                grid[(r, c)] = cell
    return grid
