"""Read the statistics tables of a document into observations: a printed value with every
(edition, table, row, column) its labels can stand for.

Rows and columns are found by their labels, never by position: a header band (the rows above the
data) gives each grid column its chain of header labels, and each data row's innermost label names
the row. A table split across pages keeps the previous header when it does not repeat it, and a
repeated header simply rebuilds the same mapping. Which edition the tables follow is decided later
(`choose_edition`) from the observations that only one edition can explain.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from gov_report_desktop.domain.editions import EDITIONS
from gov_report_desktop.domain.values import normalise_number_text

from .labels import (
    ColumnMatch,
    RowMatch,
    is_known_header,
    is_row_parent,
    match_column_label,
    match_row_label,
    normalise_label,
)
from .tables import Grid, GridCell

# Printed instead of a number when there is nothing to report. They become empty cells (never 0)
# and are listed as import issues.
BLANK_MARKERS = frozenset({"-", "--", "—", "——", "/", "无", "\\", "–", "─", "―", "-/-", "空"})
_NUMERIC = re.compile(r"^[+-]?[\d.,]+(万元|元|件|项|个)?$")


def cell_key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().replace(" ", "").replace("\u3000", "")


def is_blank_marker(text: str) -> bool:
    return cell_key(text) in BLANK_MARKERS


def looks_like_value(text: str) -> bool:
    cleaned = normalise_number_text(text)
    return bool(cleaned) and (_NUMERIC.match(cleaned) is not None or is_blank_marker(text))


@dataclass(frozen=True)
class Counterpart:
    """A cell reached through a label of another edition (`label_edition`), on its `kind` (row/column)."""

    cell_id: str
    label_edition: str
    kind: str


@dataclass(frozen=True)
class Observation:
    """One printed value cell and what it can be."""

    text: str
    rows: tuple[RowMatch, ...]
    columns: tuple[ColumnMatch, ...]
    table_number: int
    row_index: int
    row_label: str

    def combos(self, edition: str | None = None) -> list[tuple[str, str, str, str]]:
        """(edition, table, row, column) explanations, optionally for one edition only."""
        return [
            (r.edition, r.table, r.row, c.column)
            for r in self.rows
            for c in self.columns
            if r.edition == c.edition and r.table == c.table and (edition is None or r.edition == edition)
        ]

    def editions(self) -> frozenset[str]:
        return frozenset(combo[0] for combo in self.combos())

    def counterparts(self, edition: str) -> list[Counterpart]:
        """Cells of `edition` this value belongs to when its row or column label is the other
        edition's name for the same row/column (2021's 行政规范性文件 printed as 2019's 规范性文件):
        same table, same row and column keys, the label the document used recorded."""
        found: list[Counterpart] = []
        for r in self.rows:
            for c in self.columns:
                if r.table != c.table or r.edition == c.edition or edition not in (r.edition, c.edition):
                    continue
                cell_id = f"{r.table}.{r.row}.{c.column}"
                if EDITIONS[edition].has_cell(cell_id):
                    borrowed = (r.edition, "row") if r.edition != edition else (c.edition, "column")
                    found.append(Counterpart(cell_id, *borrowed))
        return list(dict.fromkeys(found))

    @property
    def where(self) -> str:
        label = f"「{self.row_label}」行" if self.row_label else ""
        return f"第{self.table_number}个表格第{self.row_index + 1}行{label}"


@dataclass(frozen=True)
class SkippedRow:
    """A row with values that no label explains: reported, never silently dropped."""

    where: str
    text: str
    reason: str


@dataclass
class TableReading:
    observations: list[Observation] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    # (edition, table) whose rows or (表四) header were recognised, even when every cell is empty
    tables_seen: set[tuple[str, str]] = field(default_factory=set)
    # Row labels only one edition prints (规范性文件 / 行政规范性文件 …): the edition of a blank template.
    label_votes: Counter[str] = field(default_factory=Counter)


@dataclass
class _ColumnMap:
    columns: dict[int, tuple[ColumnMatch, ...]]
    width: int

    def at(self, column: int, grid_width: int) -> tuple[ColumnMatch, ...]:
        # A continuation table with a different number of label columns keeps its value columns
        # aligned at the right edge.
        return self.columns.get(column - (grid_width - self.width), ())


def _distinct_cells(row: list[GridCell]) -> list[tuple[int, GridCell]]:
    """(first grid column, cell) for each distinct cell of the row, left to right."""
    seen: set[tuple[int, int]] = set()
    cells: list[tuple[int, GridCell]] = []
    for column, cell in enumerate(row):
        if cell.origin not in seen:
            seen.add(cell.origin)
            cells.append((column, cell))
    return cells


def _covered_columns(row: list[GridCell], cell: GridCell) -> list[int]:
    return [c for c, other in enumerate(row) if other.origin == cell.origin]


def _row_label(row: list[GridCell]) -> tuple[str, tuple[RowMatch, ...]]:
    """The innermost printed row label that names a template row, with its matches."""
    found: tuple[str, tuple[RowMatch, ...]] = ("", ())
    for _, cell in _distinct_cells(row):
        text = cell.text.strip()
        if not text or looks_like_value(text):
            continue
        matches = match_row_label(text)
        if matches:
            found = (text, matches)
    return found


def _is_header_row(row: list[GridCell]) -> bool:
    texts = [cell.text for _, cell in _distinct_cells(row) if cell.text.strip()]
    return any(match_column_label(t) or is_known_header(t) for t in texts)


def _header_chain(band: list[list[GridCell]], column: int) -> list[str]:
    chain: list[str] = []
    for row in band:
        if column >= len(row):
            continue
        text = row[column].text.strip()
        if text and (not chain or chain[-1] != text):
            chain.append(text)
    return chain


def _column_candidates(chain: list[str]) -> tuple[ColumnMatch, ...]:
    leaf = next((t for t in reversed(chain) if match_column_label(t)), None)
    if leaf is None:
        return ()
    candidates = match_column_label(leaf)
    context = {normalise_label(t) for t in chain}
    scores = [sum(p in context for p in c.path) for c in candidates]
    best = max(scores)
    return tuple(c for c, s in zip(candidates, scores, strict=True) if s == best)


def _column_map(band: list[list[GridCell]]) -> _ColumnMap | None:
    width = max(len(r) for r in band)
    columns = {c: found for c in range(width) if (found := _column_candidates(_header_chain(band, c)))}
    return _ColumnMap(columns, width) if columns else None


def _table_four_rows(columns: tuple[ColumnMatch, ...]) -> tuple[RowMatch, ...]:
    editions = sorted({c.edition for c in columns if c.table == "t4"})
    return tuple(RowMatch(e, "t4", "cases") for e in editions)


class _Reader:
    def __init__(self) -> None:
        self.reading = TableReading()
        self.band: list[list[GridCell]] = []
        self.map: _ColumnMap | None = None

    def read(self, grid: Grid) -> None:
        self.note_pending_header()
        if grid.truncated:
            self.reading.skipped.append(SkippedRow(f"第{grid.number}个表格", "", "表格行数过多，只读取了前面部分"))
        for index, row in enumerate(grid.rows):
            self._row(grid, index, row)

    def _row(self, grid: Grid, index: int, row: list[GridCell]) -> None:
        label, rows = _row_label(row)
        values = [
            (c, cell)
            for c, cell in _distinct_cells(row)
            if cell.origin[0] == index and cell.text.strip() and cell.text.strip() != label
        ]
        has_values = any(looks_like_value(cell.text) for _, cell in values)
        if not rows and not has_values:
            if _is_header_row(row):
                self.band.append(row)
            return
        if self.band:
            self.map = _column_map(self.band) or self.map
            self.band = []
            self._note_table_four()
        where = f"第{grid.number}个表格第{index + 1}行"
        if self.map is None:
            self._skip(where, row, "未找到能识别的表头，无法确定各列含义，该行未导入")
            return
        self.reading.tables_seen.update((r.edition, r.table) for r in rows)
        if len({r.edition for r in rows}) == 1:
            self.reading.label_votes[rows[0].edition] += 1
        observations = self._observations(grid, index, row, label, rows, values)
        if not observations and has_values:
            self._skip(where, row, "无法识别该行的行标签，该行数值未导入")
        self.reading.observations.extend(observations)

    def _observations(
        self,
        grid: Grid,
        index: int,
        row: list[GridCell],
        label: str,
        rows: tuple[RowMatch, ...],
        values: list[tuple[int, GridCell]],
    ) -> list[Observation]:
        assert self.map is not None
        found: list[Observation] = []
        for _, cell in values:
            columns = tuple(dict.fromkeys(m for c in _covered_columns(row, cell) for m in self.map.at(c, grid.width)))
            if not columns:
                continue
            row_matches = rows or _table_four_rows(columns)
            observation = Observation(cell.text, row_matches, columns, grid.number, index, label)
            if observation.combos() or any(observation.counterparts(e) for e in EDITIONS):
                found.append(observation)
        return found

    def _note_table_four(self, column_map: _ColumnMap | None = None) -> None:
        column_map = column_map or self.map
        if column_map is not None:
            matches = (m for found in column_map.columns.values() for m in found if m.table == "t4")
            self.reading.tables_seen.update((m.edition, m.table) for m in matches)

    def note_pending_header(self) -> None:
        """A header with no value below it (a blank 表四) still shows the table is there. The band
        is kept: the data may follow in the next table, after a page break."""
        if self.band:
            self._note_table_four(_column_map(self.band))

    def _skip(self, where: str, row: list[GridCell], reason: str) -> None:
        text = " | ".join(cell.text.strip() for _, cell in _distinct_cells(row) if cell.text.strip())
        if text:
            self.reading.skipped.append(SkippedRow(where, text[:200], reason))


def read_tables(grids: list[Grid]) -> TableReading:
    reader = _Reader()
    for grid in grids:
        reader.read(grid)
    reader.note_pending_header()
    return reader.reading


def choose_edition(reading: TableReading, year_edition: str) -> tuple[str, Counter[str]]:
    """The edition most observations can only be explained by; the year's edition on a tie."""
    votes: Counter[str] = Counter()
    for observation in reading.observations:
        editions = observation.editions()
        if len(editions) == 1:
            votes[next(iter(editions))] += 1
    votes = votes or reading.label_votes  # no value says it: the printed labels do
    if not votes:
        return year_edition, votes
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return year_edition, votes
    return ranked[0][0], votes


__all__ = [
    "BLANK_MARKERS",
    "Counterpart",
    "Observation",
    "SkippedRow",
    "TableReading",
    "choose_edition",
    "is_blank_marker",
    "is_row_parent",
    "read_tables",
]
