"""How the export pages in LibreOffice, wherever 表三 falls on a page (issue 14).

Each example is rendered 22 times: with 0–21 extra lines of prose before the tables, so the top of
表三 passes every line of the 22-line page. On every rendering:

- no group of 表三 (（三）1–8, （四）1–3, （五）1–5, （六）1–3) is split across pages;
- the header of 表三 has at least its first three data rows under it on the same page;
- the side label 三、本年度办理结果 is printed whole on one page;
- no heading (一、… or a （一）… heading of its own) is the last line of a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from gov_report_desktop.documents.docx_layout import MIN_ROWS_UNDER_HEADER, table_layout
from gov_report_desktop.documents.export_docx import export_report
from gov_report_desktop.domain.editions import TableSpec
from gov_report_desktop.domain.model import Report
from gov_report_desktop.storage.projectfile import load_report
from tests.conftest import HUAIAN, PUTUO
from tests.documents.libreoffice import RENDERING_TOOLS_MISSING, convert_to_pdf, pdf_text, squeeze

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(RENDERING_TOOLS_MISSING, reason="LibreOffice (soffice) and poppler-utils are needed"),
]

SOURCES = {"putuo": PUTUO, "huaian": HUAIAN}
LINES_PER_PAGE = 22
FIRST_LINE, FULL_LINE = 26, 28  # characters: the first line of a paragraph is indented two
FILLER = "本机关坚持以公开为常态不公开为例外原则扎实推进政务公开各项工作持续提升透明度"
_PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")
_LEVEL2_HEADING = re.compile(r"^（[一二三四五六七八九十]{1,3}）[^。]*$")


def extra_prose(lines: int) -> str:
    """One paragraph of exactly `lines` printed lines (no punctuation to move at a line end)."""
    if lines == 0:
        return ""
    length = FIRST_LINE + FULL_LINE * (lines - 1)
    return (FILLER * (length // len(FILLER) + 1))[:length]


def variant(report: Report, lines: int) -> Report:
    changed = report.model_copy(deep=True)
    if lines:
        changed.meta.preamble = f"{report.meta.preamble}\n{extra_prose(lines)}"
    return changed


@dataclass
class Pages:
    report: Report
    texts: list[str]  # squeezed text of each page, page number removed
    raw: list[str]  # the text of each page line by line, as pdftotext reads it

    def page_of(self, needle: str, start: int = 0) -> tuple[int, int]:
        """(page index, offset after the match) of the first `needle` at or after `start` (global)."""
        offset = 0
        for index, text in enumerate(self.texts):
            found = text.find(needle, max(start - offset, 0))
            if found >= 0:
                return index, offset + found + len(needle)
            offset += len(text)
        raise AssertionError(f"“{needle}” not found after position {start}")


@pytest.fixture(scope="session")
def paged(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], Pages]:
    work = tmp_path_factory.mktemp("paging")
    reports: dict[tuple[str, int], Report] = {}
    paths = []
    for name, source in SOURCES.items():
        base = load_report(source)
        for lines in range(LINES_PER_PAGE):
            reports[(name, lines)] = report = variant(base, lines)
            path = work / f"{name}-{lines:02d}.docx"
            export_report(report, path)
            paths.append(path)
    reports[BIG] = big_numbers(load_report(HUAIAN))
    paths.append(work / "big-numbers.docx")
    export_report(reports[BIG], paths[-1])
    pdfs = convert_to_pdf(paths, work)
    result = {}
    for key, pdf in zip(reports, pdfs, strict=True):
        pages = [page for page in pdf_text(pdf, "-raw").split("\f") if page.strip()]
        result[key] = Pages(reports[key], [squeeze(_PAGE_NUMBER.sub("", page)) for page in pages], pages)
    return result


BIG = ("big-numbers", 0)


def big_numbers(report: Report) -> Report:
    """A province-sized report: six-digit numbers in 表三 (its totals seven), five-digit in 表四."""
    changed = report.model_copy(deep=True)
    edition = changed.edition
    for table in edition.tables:
        if table.corner is not None and table.label_depth < 3:
            continue  # 表一/表二
        value = 123456 if table.corner is not None else 12345
        for row in table.rows:
            for column in table.columns:
                cell = table.cell_id(row.key, column.key)
                if cell not in edition.derived_cells:
                    changed.set_value(cell, value)
    return changed


def test_big_numbers_stay_on_one_line(paged: dict[tuple[str, int], Pages]) -> None:
    """Every number of 表三 and 表四 is one word in the PDF: none wrapped inside its cell."""
    pages = paged[BIG]
    words = {word for page in pages.raw for word in page.split()}
    report = pages.report
    expected = set()
    for table in report.edition.tables:
        if table.corner is None or table.label_depth == 3:
            expected |= {str(report.get(table.cell_id(r.key, c.key))) for r in table.rows for c in table.columns}
    assert max(len(text) for text in expected) >= 7
    assert expected - words == set()


VARIANTS = [(name, lines) for name in SOURCES for lines in range(LINES_PER_PAGE)]


def requests_table(report: Report) -> TableSpec:
    return next(table for table in report.edition.tables if table.label_depth == 3)


def row_key(label: str) -> str:
    """The start of a row label: it wraps inside its cell, so only its first characters are contiguous."""
    return squeeze(label)[:6]


def table_start(pages: Pages) -> int:
    """Position just after the heading above 表三 (prose before it may quote row labels)."""
    edition = pages.report.edition
    table = requests_table(pages.report)
    heading = next(s.heading for s in edition.sections if table in edition.tables_of(s.key))
    return pages.page_of(squeeze(heading))[1]


def row_pages(pages: Pages) -> list[int]:
    """The page of each data row of 表三, found in reading order."""
    table = requests_table(pages.report)
    position = table_start(pages)
    found = []
    for row in table.rows:
        page, position = pages.page_of(row_key(row.path[-1]), position)
        found.append(page)
    return found


@pytest.mark.parametrize(("name", "lines"), VARIANTS)
def test_no_group_of_table_3_is_split_across_pages(paged: dict[tuple[str, int], Pages], name: str, lines: int) -> None:
    pages = paged[(name, lines)]
    table = requests_table(pages.report)
    on_page = row_pages(pages)
    layout = table_layout(table)
    groups = [cell for cell in layout.cells if cell.role == "label" and cell.column == 1 and cell.height > 1]
    assert len(groups) >= 3
    for group in groups:
        rows = range(group.row - layout.header_rows, group.row - layout.header_rows + group.height)
        assert len({on_page[row] for row in rows}) == 1, f"{group.text} split: pages {[on_page[r] for r in rows]}"


@pytest.mark.parametrize(("name", "lines"), VARIANTS)
def test_header_of_table_3_keeps_three_rows_under_it(
    paged: dict[tuple[str, int], Pages], name: str, lines: int
) -> None:
    pages = paged[(name, lines)]
    table = requests_table(pages.report)
    header_page, _ = pages.page_of(squeeze(table.columns[0].path[0]), table_start(pages))
    assert row_pages(pages)[:MIN_ROWS_UNDER_HEADER] == [header_page] * MIN_ROWS_UNDER_HEADER


@pytest.mark.parametrize(("name", "lines"), VARIANTS)
def test_side_label_of_table_3_is_printed_whole(paged: dict[tuple[str, int], Pages], name: str, lines: int) -> None:
    pages = paged[(name, lines)]
    label = squeeze(next(row.path[0] for row in requests_table(pages.report).rows if len(row.path) > 1))
    assert sum(label in text for text in pages.texts) == 1, f"“{label}” is cut or missing"


def headings(report: Report) -> list[str]:
    found = [section.heading for section in report.edition.sections]
    texts = [report.meta.preamble, *report.texts.values()]
    found += [line.strip() for text in texts for line in text.splitlines() if _LEVEL2_HEADING.match(line.strip())]
    return [squeeze(heading) for heading in found]


@pytest.mark.parametrize(("name", "lines"), VARIANTS)
def test_no_heading_is_the_last_line_of_a_page(paged: dict[tuple[str, int], Pages], name: str, lines: int) -> None:
    pages = paged[(name, lines)]
    all_headings = headings(pages.report)
    assert len(all_headings) >= 6
    for number, text in enumerate(pages.texts[:-1], start=1):
        stranded = [heading for heading in all_headings if text.endswith(heading)]
        assert stranded == [], f"page {number} ends with the heading {stranded}"


@pytest.mark.parametrize("name", list(SOURCES))
def test_variants_move_table_3_through_every_line_of_a_page(paged: dict[tuple[str, int], Pages], name: str) -> None:
    """The extra paragraph prints on exactly its number of lines: each variant moves 表三 down one line."""
    repeated = FILLER * 40
    for lines in range(LINES_PER_PAGE):
        raw_lines = [line.strip() for page in paged[(name, lines)].raw for line in page.splitlines()]
        printed = [line for line in raw_lines if len(line) >= 10 and line in repeated]
        assert len(printed) == lines


def test_extra_prose_has_the_requested_length() -> None:
    assert extra_prose(0) == ""
    assert len(extra_prose(1)) == FIRST_LINE
    assert len(extra_prose(3)) == FIRST_LINE + 2 * FULL_LINE


def test_reading_order_helper_finds_rows_after_the_heading() -> None:
    report = load_report(PUTUO)
    texts = ["前言三、本年度办理结果", "三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量"]
    pages = Pages(report, texts, texts)
    assert pages.page_of("一、本年新收", table_start(pages)) == (1, len(pages.texts[0]) + 23)
