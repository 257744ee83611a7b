"""The official table layouts as grids of merged cells, derived from the edition data alone.

Row and column `path` tuples carry the template's multi-level labels: consecutive rows (columns)
with an equal prefix share one merged label cell, and the last element of a path shorter than the
deepest one spans the remaining label columns (header rows). Nothing here knows a label by name,
so a new edition of the format needs no change in the exporter.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
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
    leaf: bool = False  # a row label that names one row (printed left-aligned, as in the template)


@dataclass(frozen=True)
class TableLayout:
    rows: int
    columns: int
    label_columns: int
    cells: tuple[GridCell, ...]
    header_rows: int = 0  # rows repeated at the top of every page
    keep_with_next: frozenset[int] = frozenset()  # rows that stay on the page of the row below

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
            # A label reaching the last level names one row (一、本年新收…, （一）予以公开, 1.属于…);
            # the template left-aligns these and centres the group labels that span several rows.
            leaf=block.level + block.depth == labels and labels > 1,
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
    keep: set[int] = set()
    row = 0
    for table in tables:
        start = row
        if table.heading:
            cells.append(GridCell(row, 0, "heading", table.heading, width=columns))
            row += 1
        part = table_layout(table, value_slots=columns - labels)
        cells += part.shifted(row)
        keep |= set(range(start, row + part.rows - 1))  # the heading and every row but the last
        row += part.rows
    return TableLayout(
        rows=row,
        columns=columns,
        label_columns=labels,
        cells=tuple(cells),
        header_rows=0,  # every sub-table has its own headings: nothing to repeat on a new page
        keep_with_next=frozenset(keep),  # each sub-table stays on one page
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


# --- sizes and paging (any paged output: Word now, PDF later) ----------------------------------

TWIPS_PER_PT = 20
CELL_MARGIN = 57  # twips left and right of a cell's text (1 mm)
NARROW_CELL_MARGIN = 28  # when the widest number would otherwise wrap
SMALLEST_VALUE_PT = 6.5
SIDE_LABEL_MARGIN = 0  # the template's narrow side column takes three characters only without margins
MIN_ROWS_UNDER_HEADER = 3  # a header never sits at a page foot with fewer data rows under it
# Label columns as shares of the table width, by how many label levels a table has. 表三's first
# column is the official template's 754 of 9741: three characters a line of "三、本年度办理结果";
# its value columns then take two characters a line of 商业/企业 and, with narrow margins (see
# `fit_values`), a six-digit number.
LABEL_SHARES: dict[int, tuple[float, ...]] = {
    0: (),
    1: (0.271,),
    2: (0.136, 0.226),
    3: (754 / 9741, 0.113, 0.26),
}


def column_widths(layout: TableLayout, total: int) -> list[int]:
    """Twips of every grid column: label columns by share, value columns equal, summing to `total`."""
    shares = LABEL_SHARES.get(layout.label_columns, (0.15,) * layout.label_columns)
    labels = [round(total * share) for share in shares]
    remaining = total - sum(labels)
    values = layout.columns - layout.label_columns
    widths = [remaining // values] * values
    widths[-1] += remaining - sum(widths)
    return labels + widths


def text_width(text: str, size_pt: float) -> float:
    """Printed width in twips: CJK characters one em, digits half an em (Times New Roman), etc."""
    ems = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            ems += 1.0
        elif char in ".,:;'|!":
            ems += 0.25
        elif char.isdigit() or char in "+-$ ":
            ems += 0.5
        else:
            ems += 0.6
    return ems * size_pt * TWIPS_PER_PT


def text_lines(text: str, width: int, size_pt: float, margin: int = CELL_MARGIN) -> int:
    """Lines `text` takes in a cell `width` twips wide (characters wrap one by one, as in Chinese)."""
    usable = max(width - 2 * margin, 1)
    em = size_pt * TWIPS_PER_PT
    lines, used = 1, 0.0
    for char in text:
        step = text_width(char, size_pt)
        if used + step > usable + 0.01 * em and used > 0:
            lines, used = lines + 1, 0.0
        used += step
    return lines


@dataclass(frozen=True)
class ValueFit:
    """Cell margin and font size with which every value of a table stays on one line."""

    margin: int
    size_pt: float


def fit_values(values: Iterable[tuple[str, int]], size_pt: float) -> ValueFit:
    """The widest margin, then the largest size (down to 6.5 pt), at which each (text, width) fits."""
    values = list(values)

    def fits(margin: int, size: float) -> bool:
        return all(text_width(text, size) + 2 * margin <= width for text, width in values)

    for margin in (CELL_MARGIN, NARROW_CELL_MARGIN):
        if fits(margin, size_pt):
            return ValueFit(margin, size_pt)
    size = size_pt
    while size > SMALLEST_VALUE_PT and not fits(NARROW_CELL_MARGIN, size):
        size -= 0.5
    return ValueFit(NARROW_CELL_MARGIN, size)


def rows_kept_with_next(layout: TableLayout, widths: Sequence[int], size_pt: float) -> frozenset[int]:
    """Rows that must share a page with the row below, so a page break falls only where it may.

    - the header and the first three data rows (never a header alone at a page foot);
    - every row of a group but the last (（三）1–8, （四）1–3 …: a group is never split);
    - a side label's first rows until they are tall enough for its text, which is set at their top
      (三、本年度办理结果 is never cut in two by a page break);
    - whatever the layout itself keeps together (表二's sub-tables).
    """
    keep = set(layout.keep_with_next)
    if layout.header_rows:
        keep |= set(range(min(layout.header_rows + MIN_ROWS_UNDER_HEADER - 1, layout.rows - 1)))
    labels = [cell for cell in layout.cells if cell.role == "label"]
    lines = _row_lines(layout, labels, widths, size_pt)
    for cell in labels:
        if cell.height == 1:
            continue
        last = cell.row + cell.height - 1
        if not is_side_label(cell):
            keep |= set(range(cell.row, last))
            continue
        width = sum(widths[: cell.width])
        needed = text_lines(cell.text, width, size_pt, SIDE_LABEL_MARGIN)
        row, covered = cell.row, lines[cell.row]
        # No row to spare (measured): with one more, the chain ran from （一） into group （三）, and
        # where that did not fit the page LibreOffice 7.4 dropped the rest of the table from the PDF.
        while covered < needed and row < last:
            keep.add(row)
            row += 1
            covered += lines[row]
    keep.discard(layout.rows - 1)
    return frozenset(keep)


def is_side_label(cell: GridCell) -> bool:
    """The outermost row label spanning several rows (三、本年度办理结果), printed from the top."""
    return cell.role == "label" and cell.column == 0 and cell.height > 1


def _row_lines(layout: TableLayout, labels: list[GridCell], widths: Sequence[int], size_pt: float) -> list[int]:
    """Lines of text each row is at least tall: its one-row labels wrap in their columns."""
    lines = [1] * layout.rows
    for cell in labels:
        if cell.height == 1:
            width = sum(widths[cell.column : cell.column + cell.width])
            lines[cell.row] = max(lines[cell.row], text_lines(cell.text, width, size_pt))
    return lines
