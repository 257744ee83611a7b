"""Rebuild paragraphs and tables from what a PDF page draws: characters with their boxes, and lines.

A PDF has no paragraphs and no tables, only glyphs at positions and strokes. Tables are found from
their ruling lines: the horizontal and vertical rules that touch each other form a table, the
distinct rule positions give its elementary rows and columns, and a missing rule between two
neighbouring elementary cells means they are one merged cell (as Word and WPS draw merged cells).
The result is the same `Grid` the Word and web-page readers produce, so the same label matching
reads it. Text outside tables is cut into lines and lines into paragraphs by indentation, the right
margin and vertical gaps; Chinese lines are joined without any inserted space.

Coordinates here are top-down (y grows downwards), in points.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from .labels import label_index, match_column_label, match_row_label, normalise_label
from .prose import is_page_number, match_heading
from .table_reader import looks_like_value
from .tables import Grid, GridCell, RawCell, build_grid

RULE_MAX_THICKNESS = 3.0  # a stroke or filled bar thinner than this is a rule, not a shaded area
RULE_MIN_LENGTH = 4.0
SNAP = 2.5  # rules closer than this are one rule (double borders, anti-aliasing offsets)
TOUCH = 3.0  # a rule that ends this close to another one touches it
MARGIN_BAND = 0.10  # running heads and feet live in the top and bottom 10 % of the page
_PAGE_MARK = re.compile(r"^(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|[-—–－―\s]*[Pp]age\s*\d+.*)$")
_DIGITS = re.compile(r"\d+")


class Char:
    """One character and its box; the middle is stored, not computed: it is read many times."""

    __slots__ = ("cx", "cy", "height", "text", "x0", "x1", "y0", "y1")

    def __init__(self, text: str, x0: float, y0: float, x1: float, y1: float) -> None:
        self.text, self.x0, self.y0, self.x1, self.y1 = text, x0, y0, x1, y1
        self.cx, self.cy, self.height = (x0 + x1) / 2, (y0 + y1) / 2, y1 - y0

    def __repr__(self) -> str:
        return f"Char({self.text!r}, {self.x0:.1f}, {self.y0:.1f}, {self.x1:.1f}, {self.y1:.1f})"


@dataclass(frozen=True)
class Rule:
    """An axis-parallel rule: `at` is its y (horizontal) or x (vertical); it runs from `start` to `end`."""

    horizontal: bool
    at: float
    start: float
    end: float

    def covers(self, low: float, high: float) -> bool:
        """True when the rule runs along most of [low, high] (a cell edge)."""
        inner_low, inner_high = low + (high - low) * 0.25, high - (high - low) * 0.25
        return self.start <= inner_low + TOUCH and self.end >= inner_high - TOUCH


@dataclass
class PageContent:
    width: float
    height: float
    chars: list[Char]
    rules: list[Rule]
    images: int = 0


@dataclass
class Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    page: int
    size: float  # character height, for indents and gaps

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class TableBox:
    x0: float
    y0: float
    x1: float
    y1: float
    xs: list[float]
    ys: list[float]
    rules: list[Rule]

    def contains(self, char: Char) -> bool:
        return self.x0 <= char.cx <= self.x1 and self.y0 <= char.cy <= self.y1


@dataclass
class PageLayout:
    """One page cut into text lines and tables, each with its top edge for ordering."""

    lines: list[Line] = field(default_factory=list)
    tables: list[tuple[float, list[list[RawCell]]]] = field(default_factory=list)


def thin_rule(x0: float, y0: float, x1: float, y1: float) -> Rule | None:
    """The rule a thin box draws (a stroked segment's or a filled bar's bounds), if it is one."""
    if y1 - y0 <= RULE_MAX_THICKNESS and x1 - x0 >= RULE_MIN_LENGTH:
        return Rule(True, (y0 + y1) / 2, x0, x1)
    if x1 - x0 <= RULE_MAX_THICKNESS and y1 - y0 >= RULE_MIN_LENGTH:
        return Rule(False, (x0 + x1) / 2, y0, y1)
    return None


# --- rules → tables ---------------------------------------------------------------------------


def merge_rules(rules: Iterable[Rule]) -> list[Rule]:
    """Collinear rules that overlap or touch become one (a border drawn cell by cell)."""
    merged: list[Rule] = []
    for horizontal in (True, False):
        group = sorted((r for r in rules if r.horizontal == horizontal), key=lambda r: (r.at, r.start))
        for positioned in _snap_positions(group):
            merged.extend(_join_runs(positioned, horizontal))
    return merged


def _snap_positions(rules: list[Rule]) -> list[list[Rule]]:
    clusters: list[list[Rule]] = []
    for rule in rules:
        if clusters and rule.at - clusters[-1][-1].at <= SNAP:
            clusters[-1].append(rule)
        else:
            clusters.append([rule])
    return clusters


def _join_runs(cluster: list[Rule], horizontal: bool) -> list[Rule]:
    at = sum(r.at for r in cluster) / len(cluster)
    runs: list[Rule] = []
    for rule in sorted(cluster, key=lambda r: r.start):
        if runs and rule.start <= runs[-1].end + TOUCH:
            last = runs[-1]
            runs[-1] = Rule(horizontal, at, last.start, max(last.end, rule.end))
        else:
            runs.append(Rule(horizontal, at, rule.start, rule.end))
    return runs


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.parent[self.root(a)] = self.root(b)


def _touches(h: Rule, v: Rule) -> bool:
    return h.start - TOUCH <= v.at <= h.end + TOUCH and v.start - TOUCH <= h.at <= v.end + TOUCH


def find_tables(rules: list[Rule]) -> list[TableBox]:
    """Groups of touching rules with at least two rules each way, as tables."""
    horizontals = [r for r in rules if r.horizontal]
    verticals = [r for r in rules if not r.horizontal]
    touching = _UnionFind(len(horizontals) + len(verticals))
    for i, h in enumerate(horizontals):
        for j, v in enumerate(verticals):
            if _touches(h, v):
                touching.join(i, len(horizontals) + j)
    groups: dict[int, list[Rule]] = {}
    for i, rule in enumerate(horizontals + verticals):
        groups.setdefault(touching.root(i), []).append(rule)
    boxes = [_table_box(group) for group in groups.values()]
    return sorted((b for b in boxes if b is not None), key=lambda b: b.y0)


def _positions(values: Iterable[float]) -> list[float]:
    positions: list[float] = []
    for value in sorted(values):
        if not positions or value - positions[-1] > SNAP:
            positions.append(value)
    return positions


def _table_box(group: list[Rule]) -> TableBox | None:
    ys = _positions(r.at for r in group if r.horizontal)
    xs = _positions(r.at for r in group if not r.horizontal)
    if len(ys) < 2 or len(xs) < 2 or len(ys) + len(xs) < 5:
        return None  # a single box (a page frame, a boxed note) holds text, not a table
    return TableBox(xs[0], ys[0], xs[-1], ys[-1], xs, ys, group)


def _rules_at(rules: list[Rule], horizontal: bool, edges: list[float]) -> list[list[Rule]]:
    """For each grid edge, the rules running along it."""
    return [[r for r in rules if r.horizontal == horizontal and abs(r.at - at) <= SNAP] for at in edges]


def table_cells(box: TableBox, chars: list[Char]) -> list[list[RawCell]]:
    """The table as rows of raw cells with spans, read from missing rules, and the text inside."""
    rows, columns = len(box.ys) - 1, len(box.xs) - 1
    owner = _merge_elementary_cells(box, rows, columns)
    spans: dict[int, tuple[int, int, int, int]] = {}
    for (r, c), group in owner.items():
        top, left, bottom, right = spans.get(group, (r, c, r, c))
        spans[group] = (min(top, r), min(left, c), max(bottom, r), max(right, c))
    texts = _cell_texts(box, chars, owner)
    raw_rows: list[list[RawCell]] = [[] for _ in range(rows)]
    for group, (top, left, bottom, right) in sorted(spans.items(), key=lambda item: (item[1][0], item[1][1])):
        cell = RawCell(texts.get(group, ""), colspan=right - left + 1, rowspan=bottom - top + 1)
        raw_rows[top].append(cell)
    return raw_rows


def _merge_elementary_cells(box: TableBox, rows: int, columns: int) -> dict[tuple[int, int], int]:
    groups = _UnionFind(rows * columns)
    verticals = _rules_at(box.rules, False, box.xs)
    horizontals = _rules_at(box.rules, True, box.ys)
    for r in range(rows):
        top, bottom = box.ys[r], box.ys[r + 1]
        for c in range(columns):
            left, right = box.xs[c], box.xs[c + 1]
            if c + 1 < columns and not any(rule.covers(top, bottom) for rule in verticals[c + 1]):
                groups.join(r * columns + c, r * columns + c + 1)
            if r + 1 < rows and not any(rule.covers(left, right) for rule in horizontals[r + 1]):
                groups.join(r * columns + c, (r + 1) * columns + c)
    return {(r, c): groups.root(r * columns + c) for r in range(rows) for c in range(columns)}


def _index(edges: list[float], value: float) -> int | None:
    if not edges[0] <= value <= edges[-1]:
        return None
    return min(bisect_right(edges, value) - 1, len(edges) - 2)


def _cell_texts(box: TableBox, chars: list[Char], owner: dict[tuple[int, int], int]) -> dict[int, str]:
    inside: dict[int, list[Char]] = {}
    for char in chars:
        r, c = _index(box.ys, char.cy), _index(box.xs, char.cx)
        if r is not None and c is not None:
            inside.setdefault(owner[(r, c)], []).append(char)
    # A cell's lines are joined without a break: a wrapped label or number reads as one text.
    return {group: _cell_text(found) for group, found in inside.items()}


def _cell_text(chars: list[Char]) -> str:
    if max(ch.cy for ch in chars) - min(ch.cy for ch in chars) < 0.3 * chars[0].height:  # one line
        return _joined(sorted(chars, key=lambda ch: ch.x0))
    return "".join(line.text for line in text_lines(chars, 0))


def _joined(chars: list[Char]) -> str:
    """The text of one line, left to right. A character drawn twice at (almost) the same place
    (fake bold: Word and WPS overprint CJK text with a small offset) is read once."""
    parts: list[str] = []
    last: Char | None = None
    for char in chars:
        near = 0.12 * max(char.height, 1.0)  # an overprint is offset by a point or less; "--" is half an em apart
        if last is not None and char.text == last.text and char.x0 - last.x0 < near and abs(char.cy - last.cy) < near:
            continue
        parts.append(char.text)
        last = char
    return "".join(parts)


# --- characters → lines → paragraphs -------------------------------------------------------------


def text_lines(chars: list[Char], page: int) -> list[Line]:
    """Characters grouped into lines: a character whose middle lies within the running line's
    height belongs to it; each line reads left to right."""
    lines: list[list[Char]] = []
    top = bottom = 0.0
    for char in sorted(chars, key=lambda ch: (ch.cy, ch.x0)):
        middle = char.cy
        if lines and (top <= middle <= bottom or abs(middle - lines[-1][-1].cy) <= char.height * 0.3):
            lines[-1].append(char)
            top, bottom = min(top, char.y0), max(bottom, char.y1)
            continue
        lines.append([char])
        top, bottom = char.y0, char.y1
    return [_line(group, page) for group in lines]


def _line(chars: list[Char], page: int) -> Line:
    chars.sort(key=lambda ch: ch.x0)
    heights = sorted(ch.height for ch in chars)
    top = min(ch.y0 for ch in chars)
    bottom = max(ch.y1 for ch in chars)
    text = _joined(chars)
    return Line(text, chars[0].x0, top, max(ch.x1 for ch in chars), bottom, page, heights[len(heights) // 2])


def page_layout(content: PageContent, page: int) -> PageLayout:
    layout = PageLayout()
    boxes = find_tables(merge_rules(content.rules))
    outside: list[Char] = []
    inside: list[list[Char]] = [[] for _ in boxes]
    for char in content.chars:
        found = next((i for i, box in enumerate(boxes) if box.contains(char)), None)
        (outside if found is None else inside[found]).append(char)
    layout.lines = [line for line in text_lines(outside, page) if line.text.strip()]
    for box, chars in zip(boxes, inside, strict=True):
        layout.tables.append((box.y0, table_cells(box, chars)))
    return layout


def drop_headers_and_footers(pages: list[PageLayout], heights: list[float]) -> None:
    """Page numbers and running heads/feet: a page mark (— 3 —, 第3页, 3/10) as the first or last line
    of a page, and lines in the top or bottom band that repeat, digits aside, on other pages."""
    in_band = [
        [line for line in layout.lines if _in_margin_band(line, height)]
        for layout, height in zip(pages, heights, strict=True)
    ]
    repeated = Counter(key for lines in in_band for key in {_running_key(line) for line in lines})
    for layout, band in zip(pages, in_band, strict=True):
        edges = [id(line) for line in layout.lines[:1] + layout.lines[-1:]]
        drop = {id(line) for line in band if len(pages) > 1 and repeated[_running_key(line)] > 1}
        drop |= {id(line) for line in layout.lines if id(line) in edges and _is_page_mark(line.text)}
        layout.lines = [line for line in layout.lines if id(line) not in drop]


def _running_key(line: Line) -> str:
    return _DIGITS.sub("#", line.text.strip())


def _is_page_mark(text: str) -> bool:
    return is_page_number(text) or _PAGE_MARK.match(text.strip()) is not None


def _in_margin_band(line: Line, height: float) -> bool:
    return line.y1 <= height * MARGIN_BAND or line.y0 >= height * (1 - MARGIN_BAND)


@dataclass
class _Margins:
    left: float
    right: float
    pitch: float  # the usual distance from one line to the next


def _margins(lines: list[Line]) -> _Margins:
    """The body's left and right edges (where lines start, where full lines end) and line pitch."""
    if not lines:
        return _Margins(0.0, 0.0, 0.0)
    # The leftmost start shared by several lines: where most lines start is the first-line indent
    # when most paragraphs are one or two lines long.
    starts = Counter(round(line.x0) for line in lines)
    shared = [x for x, count in starts.items() if count >= max(2, len(lines) // 20)]
    left = min(shared) if shared else min(starts)
    widest = max(line.x1 for line in lines)
    full = [round(line.x1) for line in lines if line.x1 >= widest - 4 * line.size]
    right = Counter(full).most_common(1)[0][0] if full else widest
    steps = Counter(round(b.y0 - a.y0) for a, b in pairwise(lines) if a.page == b.page and 0 < b.y0 - a.y0 < 4 * b.size)
    pitch = steps.most_common(1)[0][0] if steps else 0.0
    return _Margins(float(left), float(right), float(pitch))


def _starts_paragraph(previous: Line | None, line: Line, margins: _Margins) -> bool:
    if previous is None:
        return True
    size = max(line.size, 1.0)
    if line.x0 > margins.left + 0.8 * size:  # first-line indent, centred title
        return True
    if previous.x1 < margins.right - 1.5 * size:  # the previous line stopped short
        return True
    if match_heading(line.text.strip(), -1) is not None:
        return True
    # An empty line between (spacing is fixed by the line grid, not by the font size).
    pitch = margins.pitch or 1.5 * size
    return previous.page == line.page and line.y0 - previous.y0 > 1.6 * pitch


def paragraphs(lines: list[Line], margins: _Margins) -> list[str]:
    """Lines of one stretch of running text (no table between) joined into paragraphs. Wrapped
    lines are joined as they are: Chinese has no spaces between words, so none is inserted."""
    result: list[str] = []
    previous: Line | None = None
    for line in lines:
        if _starts_paragraph(previous, line, margins):
            result.append(line.text.strip())
        else:
            result[-1] += line.text.rstrip()
        previous = line
    return result


def body_margins(pages: list[PageLayout]) -> _Margins:
    return _margins([line for layout in pages for line in layout.lines])


__all__ = [
    "Char",
    "Grid",
    "Line",
    "PageContent",
    "PageLayout",
    "Rule",
    "body_margins",
    "build_grid",
    "drop_headers_and_footers",
    "find_tables",
    "join_split_row",
    "merge_rules",
    "page_layout",
    "paragraphs",
    "table_cells",
    "text_lines",
]


# --- a row broken by a page break -----------------------------------------------------------------


def join_split_row(previous: Grid, following: Grid) -> tuple[Grid, Grid]:
    """Word lets a row break across pages: the end of a wrapped label (“政执法案卷” of
    “7.属于行政执法案卷”) then opens the next page's part of the table. That first row (after a
    repeated header) is moved back onto the previous part's last row when it holds no value, none
    of its texts is a label by itself, and the joined text is one."""
    start = _repeated_header_rows(previous, following)
    if start >= len(following.rows) or not previous.rows:
        return previous, following
    fragment = following.rows[start]
    own = {cell.origin: (column, cell.text.strip()) for column, cell in enumerate(fragment) if cell.origin[0] == start}
    texts = [text for _, text in own.values() if text]
    if not texts or any(looks_like_value(t) or _is_exact_label(t) for t in texts):
        return previous, following
    offset = following.width - previous.width  # label columns may differ; values stay right-aligned
    last = previous.rows[-1]
    appended: dict[tuple[int, int], str] = {}
    for column, text in own.values():
        if text:
            origin = last[min(max(0, column - offset), len(last) - 1)].origin
            appended[origin] = appended.get(origin, "") + text
    joined_texts = {origin: previous.rows[origin[0]][origin[1]].text + more for origin, more in appended.items()}
    if not any(match_row_label(t) or match_column_label(t) for t in joined_texts.values()):
        return previous, following
    joined = [[GridCell(joined_texts.get(c.origin, c.text), c.origin) for c in row] for row in previous.rows]
    rest = [[_shifted(cell, start, set(own)) for cell in row] for i, row in enumerate(following.rows) if i != start]
    return Grid(joined, previous.number, previous.truncated), Grid(rest, following.number, following.truncated)


def _repeated_header_rows(previous: Grid, following: Grid) -> int:
    count = 0
    for old, new in zip(previous.rows, following.rows, strict=False):
        if [c.text for c in old] != [c.text for c in new]:
            break
        count += 1
    return count


def _is_exact_label(text: str) -> bool:
    index = label_index()
    label = normalise_label(text)
    return any(label in known for known in (index.rows, index.columns, index.headers, index.parents))


def _shifted(cell: GridCell, removed: int, emptied: set[tuple[int, int]]) -> GridCell:
    """The cell once row `removed` is gone: later origins move up; a cell that started in that row
    and reaches further down starts there now, its text already moved back."""
    row, column = cell.origin
    text = "" if cell.origin in emptied else cell.text
    return GridCell(text, (row - 1, column) if row > removed else cell.origin)
