"""What every published form of the report prints, whatever the medium (Word, web page, PDF).

The title lines, the clerk's paragraphs with their 公文 heading levels, the text of a value cell and
the tables of a section as merged-cell grids (from `docx_layout`, i.e. the edition data; their
column widths are `docx_layout.column_widths(layout, TEXT_WIDTH)`). The Word,
web and PDF writers only decide how each piece looks, so the three can never disagree on content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..domain.editions import Edition, SectionKey
from ..domain.model import Report
from ..domain.printed import printed_number
from ..domain.values import format_value
from .docx_layout import TableLayout, combined_layout, table_layout

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297  # A4 (GB/T 9704)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]
TEXT_WIDTH = round(TEXT_WIDTH_MM * 1440 / 25.4)  # twips (Word's unit) of the 156 mm type area: the table width

TITLE_MAX_LINE = 20
# Where an agency name may be broken: after the administrative-level words.
_NAME_BREAKS = re.compile(
    r"(?:自治区|自治州|自治县|特别行政区|新区|省|市|区|县|旗|盟|州|镇|乡|街道|政府|委员会|局|厅|办公室)"
)
_LEVEL2 = re.compile(r"^（[一二三四五六七八九十]{1,3}）")
_LEVEL3 = re.compile(r"^\d{1,2}[.．](?!\d)")
_HEADING_END = re.compile(r"[。：]")
_LEADING_SPACE = re.compile(r"^[ \t\u3000\u00a0]+")

ProseKind = Literal["body", "heading2", "heading3", "inline2"]


@dataclass(frozen=True)
class Prose:
    """One paragraph of the clerk's text. `inline2`: a （一） heading run into its paragraph —
    `head` is the heading part (楷体), `text` the rest (仿宋)."""

    kind: ProseKind
    text: str
    head: str = ""


def title_lines(agency: str, year: int | str) -> list[str]:
    """机关名称 + 年度 on the first line(s), 政府信息公开工作年度报告 on the last; balanced, ≤ 20 characters.
    A name that fits a line but not with its year keeps the line to itself and the year starts the next
    (福建省平潭综合实验区管理委员会办公室 / 2026年政府信息公开工作年度报告): a name is broken only when
    it alone exceeds a line. An unknown year (`printed_year`) is left as a blank to write in."""
    name = agency.strip()
    head = f"{name}{year}年"
    tail = "政府信息公开工作年度报告"
    if not name:
        return [head + tail]
    if len(head) <= TITLE_MAX_LINE:
        return [head, tail]
    if len(name) <= TITLE_MAX_LINE:
        return [name, f"{year}年{tail}"]
    return [*_split_name(head), tail]


def printed_year(report: Report) -> int | str:
    return report.meta.year if report.meta.year_stated else "    "


def report_title_lines(report: Report) -> list[str]:
    return title_lines(report.meta.agency, printed_year(report))


def _split_name(text: str) -> list[str]:
    """Break a long agency line at the most balanced sensible point (after 市, 局, 委员会 …).

    A name of any length is wrapped line by line; beyond four lines the breaks are simply the last
    sensible point of each line, so a pasted novel costs linear time, not a recursion per line."""
    lines: list[str] = []
    start = 0
    while len(text) - start > 4 * TITLE_MAX_LINE:
        window = text[start : start + TITLE_MAX_LINE + 1]
        breaks = [m.end() for m in _NAME_BREAKS.finditer(window) if 0 < m.end() <= TITLE_MAX_LINE]
        cut = max(breaks, default=TITLE_MAX_LINE)
        lines.append(window[:cut])
        start += cut
    return lines + _split_balanced(text[start:])


def _split_balanced(text: str) -> list[str]:
    if len(text) <= TITLE_MAX_LINE:
        return [text]
    candidates = [m.end() for m in _NAME_BREAKS.finditer(text) if 0 < m.end() < len(text)]
    fits = [c for c in candidates if len(text) - c <= TITLE_MAX_LINE and c <= TITLE_MAX_LINE]
    if fits:
        cut = min(fits, key=lambda c: abs(len(text) - 2 * c))
    else:
        cut = min(candidates, key=lambda c: abs(len(text) - 2 * c), default=(len(text) + 1) // 2)
        cut = min(cut, TITLE_MAX_LINE)
    return [text[:cut], *_split_balanced(text[cut:])]


def paragraphs(text: str) -> list[str]:
    """The clerk's paragraphs: one per line; blank lines dropped; leading indentation left to the style.

    `splitlines` also ends a line at Word's manual line break (\\v) pasted with the text.
    """
    found = []
    for line in text.splitlines():
        line = _LEADING_SPACE.sub("", line).rstrip()
        if line:
            found.append(line)
    return found


def prose(text: str) -> Prose:
    """A paragraph's 公文 level: （一） openings are 二级标题 (楷体), 1. openings 三级标题."""
    if _LEVEL2.match(text):
        end = _HEADING_END.search(text)
        if end is None or end.end() == len(text):
            return Prose("heading2", text)
        # "（一）主动公开情况。2024年，…": the heading in 楷体, the rest of the paragraph in 仿宋.
        return Prose("inline2", text[end.end() :], head=text[: end.end()])
    if _LEVEL3.match(text):
        return Prose("heading3", text)
    return Prose("body", text)


def prose_of(text: str) -> list[Prose]:
    return [prose(p) for p in paragraphs(text)]


def value_text(report: Report, edition: Edition, cell_id: str) -> str:
    """Empty cells print as 0 (never blank), an empty total as the sum of its parts (so no row contradicts
    itself; R3/R5 list it among the errors shown before export); money keeps decimals and a unit."""
    value = report.get(cell_id)
    if value is None:
        return str(printed_number(report, cell_id) or 0)
    return format_value(value, edition.cell(cell_id).column)


def section_layouts(edition: Edition, section: SectionKey) -> list[TableLayout]:
    """表二: one table with the sub-table headings inside it; 表三 and 表四 one table each."""
    tables = edition.tables_of(section)
    if not tables:
        return []
    if all(t.heading for t in tables):
        return [combined_layout(tables)]
    return [table_layout(t) for t in tables]
