"""The geometry of PDF reading on hand-placed characters and rules (no PDF, no LibreOffice needed)."""

from __future__ import annotations

from gov_report_desktop.documents.importing.pdf_layout import (
    Char,
    Line,
    PageContent,
    PageLayout,
    Rule,
    body_margins,
    drop_headers_and_footers,
    join_split_row,
    page_layout,
    paragraphs,
    text_lines,
)
from gov_report_desktop.documents.importing.tables import Grid, build_grid

SIZE = 16.0


def chars(text: str, x: float, y: float, advance: float = SIZE) -> list[Char]:
    return [Char(ch, x + i * advance, y, x + (i + 1) * advance, y + SIZE) for i, ch in enumerate(text)]


def grid_rules(xs: list[float], ys: list[float], missing: set[tuple[str, int, int]] = frozenset()) -> list[Rule]:
    """Rules of a full grid, cell edge by cell edge, less the edges in `missing` (("v", row, x index) …)."""
    rules = []
    for r in range(len(ys) - 1):
        for i, x in enumerate(xs):
            if ("v", r, i) not in missing:
                rules.append(Rule(False, x, ys[r], ys[r + 1]))
    for i, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if ("h", i, c) not in missing:
                rules.append(Rule(True, y, xs[c], xs[c + 1]))
    return rules


def test_merged_cells_come_from_missing_rules_and_text_wraps_inside_a_cell() -> None:
    xs, ys = [0, 100, 200, 300], [0, 30, 60, 90]
    # Row 0: one header cell over columns 1–2 (no rule at x=200); column 0: one label over rows 1–2.
    missing = {("v", 0, 2), ("h", 2, 0)}
    page = PageContent(600, 800, [], grid_rules(xs, ys, missing))
    page.chars += chars("申请人", 110, 8) + chars("情况", 110 + 3 * SIZE, 8)
    page.chars += chars("本年新收", 5, 32) + chars("申请", 5, 50)  # wrapped onto a second line
    page.chars += chars("3", 150, 38) + chars("１２", 250, 38) + chars("5", 150, 68)  # 1,2 full-width; one blank
    layout = page_layout(page, 1)
    assert layout.lines == []
    grid = build_grid(layout.tables[0][1])
    texts = [[cell.text for cell in row] for row in grid.rows]
    assert texts == [
        ["", "申请人情况", "申请人情况"],
        ["本年新收申请", "3", "１２"],
        ["本年新收申请", "5", ""],
    ]
    assert grid.rows[0][1].origin == grid.rows[0][2].origin
    assert grid.rows[2][2].text == ""  # blank stays blank


def test_a_page_frame_is_not_a_table() -> None:
    frame = grid_rules([20, 580], [20, 780])
    page = PageContent(600, 800, chars("正文一行", 100, 100), frame)
    layout = page_layout(page, 1)
    assert layout.tables == []
    assert [line.text for line in layout.lines] == ["正文一行"]


def test_overprinted_characters_are_read_once_but_double_hyphens_are_kept() -> None:
    bold = chars("总计", 0, 0) + chars("总计", 0.4, 0.2)
    assert [line.text for line in text_lines(bold, 1)] == ["总计"]
    arrows = chars("-->", 0, 0, advance=SIZE / 3)
    assert [line.text for line in text_lines(arrows, 1)] == ["-->"]


def _line(text: str, x0: float, x1: float, y: float, page: int = 1) -> Line:
    return Line(text, x0, y, x1, y + SIZE, page, SIZE)


def test_paragraphs_join_wrapped_lines_without_spaces_and_break_at_indent_short_line_and_heading() -> None:
    lines = [
        _line("二〇二四年，我市坚持以习近平新时代", 112, 520, 100),  # first line, indented
        _line("中国特色社会主义思想为指导。", 80, 300, 129),  # stops short: paragraph ends
        _line("（一）主动公开情况。全年主动公开", 112, 520, 158),
        _line("信息5500余条，", 80, 520, 187),  # reaches the right margin: the paragraph goes on
        _line("通过政府网站发布。", 80, 230, 216),
        _line("二、主动公开政府信息情况", 112, 300, 245),
    ]
    pages = [PageLayout(lines=lines)]
    assert paragraphs(lines, body_margins(pages)) == [
        "二〇二四年，我市坚持以习近平新时代中国特色社会主义思想为指导。",
        "（一）主动公开情况。全年主动公开信息5500余条，通过政府网站发布。",
        "二、主动公开政府信息情况",
    ]


def test_page_numbers_and_running_heads_are_dropped_and_the_paragraph_goes_on() -> None:
    first = [
        _line("某某县人民政府办公室", 250, 350, 20),  # running head
        _line("全年主动公开政府信息五千余条，其中", 112, 520, 100),
        _line("规章一件、行政规范性文件十一", 80, 520, 129),
        _line("— 1 —", 280, 320, 780),
    ]
    second = [
        _line("某某县人民政府办公室", 250, 350, 20),
        _line("件，均已在政府网站公开。", 80, 250, 100),
        _line("— 2 —", 280, 320, 780),
    ]
    pages = [PageLayout(lines=first), PageLayout(lines=second, tables=[])]
    drop_headers_and_footers(pages, [842.0, 842.0])
    remaining = [line for page in pages for line in page.lines]
    assert paragraphs(remaining, body_margins(pages)) == [
        "全年主动公开政府信息五千余条，其中规章一件、行政规范性文件十一件，均已在政府网站公开。"
    ]


def _grid(rows: list[list[str]]) -> Grid:
    from gov_report_desktop.documents.importing.tables import RawCell

    return build_grid([[RawCell(text) for text in row] for row in rows])


def test_a_row_broken_by_the_page_is_joined_back() -> None:
    before = _grid([["（三）不予公开", "6.属于四类过程性信息", "12"], ["（三）不予公开", "7.属于行", "9"]])
    after = _grid([["", "政执法案卷", ""], ["", "8.属于行政查询事项", "105"]])
    joined, rest = join_split_row(before, after)
    assert joined.rows[-1][1].text == "7.属于行政执法案卷"
    assert [[cell.text for cell in row] for row in rest.rows] == [["", "8.属于行政查询事项", "105"]]


def test_a_row_of_its_own_at_the_top_of_a_page_is_not_joined() -> None:
    before = _grid([["（三）不予公开", "7.属于行政执法案卷", "9"]])
    after = _grid([["", "8.属于行政查询事项", ""], ["", "（四）无法提供", "1"]])  # values blank, label complete
    assert join_split_row(before, after) == (before, after)
