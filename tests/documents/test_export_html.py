"""The web page export: well-formed HTML5, self-contained, the official merged cells, escaped text, and
the project's own importer reads it back to the same report."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gov_report_desktop.cli import main
from gov_report_desktop.documents.docx_layout import covered_by
from gov_report_desktop.documents.export_html import build_html, export_html, html_fragment, plain_text
from gov_report_desktop.documents.importing import import_report
from gov_report_desktop.documents.printed import section_layouts, value_text
from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.domain.model import Report
from gov_report_desktop.domain.values import Unreadable, parse_cell_text
from gov_report_desktop.storage.projectfile import load_report
from tests.conftest import HUAIAN, PUTUO
from tests.documents.test_export_roundtrip import assert_same_report
from tests.support.shared_reports import real_report_files, report_from_shared_json

NS = "{http://www.w3.org/1999/xhtml}"
HOSTILE = [
    "<b>加粗</b> & <i>斜体</i>",
    "</td></tr></table><table><tr><td>伪造的表格",
    "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "收费 < 100 元 & “引号” ‘单引号’ \"双引号\" 'apostrophe'",
    "表情 😀👍🏽 和 𠀀（扩展B）",
    "\u202e右到左覆盖\u202c 与 \u200f标记\u200e &amp; &lt;实体&gt;",
    "<!-- 注释 --> <![CDATA[ x ]]> <?php echo 1; ?>",
]


def parse_strictly(page: str) -> object:
    """A conforming HTML5 parser (html5lib, the WHATWG algorithm) in strict mode: any parse error fails."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return parser.parse(page)


def export(report: Report, tmp_path: Path, name: str = "年报.html") -> Path:
    path = tmp_path / name
    export_html(report, path)
    return path


@pytest.mark.parametrize("source", [PUTUO, HUAIAN], ids=["putuo", "huaian"])
def test_export_then_import_gives_the_same_report(source: Path, tmp_path: Path) -> None:
    report = load_report(source)
    result = import_report(export(report, tmp_path))
    assert result.issues == []
    assert_same_report(result.report, report)


REAL = real_report_files()


@pytest.mark.skipif(not REAL, reason="../shared/examples/real is not available")
@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
def test_every_shared_real_report_survives_the_round_trip(path: Path, tmp_path: Path) -> None:
    report = report_from_shared_json(path)
    report.set_text(SectionKey.OVERVIEW, "本年度政府信息公开工作总体情况。")
    report.set_text(SectionKey.PROBLEMS, "（一）存在的问题：公开内容还不够全面。")
    report.set_text(SectionKey.OTHER, "无。")
    page = export(report, tmp_path)
    parse_strictly(page.read_text(encoding="utf-8"))
    back = import_report(page).report
    # Blank cells print as 0 (never blank), so they come back as 0; everything else as published.
    edition = report.edition
    printed = {
        ref.cell_id: parse_cell_text(value_text(report, edition, ref.cell_id), ref.column).value
        for ref in edition.all_cells()
    }
    for cell_id, value in report.values.items():
        if isinstance(value, Unreadable):
            printed[cell_id] = value  # printed as published, read back as the same raw text
    assert back.values == printed
    report.values = printed
    assert_same_report(back, report)


@pytest.mark.parametrize("source", [PUTUO, HUAIAN], ids=["putuo", "huaian"])
def test_page_parses_without_errors_and_is_self_contained(source: Path) -> None:
    page = build_html(load_report(source))
    document = parse_strictly(page)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    tags = {element.tag.removeprefix(NS) for element in document.iter()}  # type: ignore[attr-defined]
    assert not tags & {"script", "style", "link", "img", "iframe", "object", "embed", "svg", "base"}
    for element in document.iter():  # type: ignore[attr-defined]
        for name, value in element.attrib.items():
            assert not name.startswith("on"), name
            assert name not in ("src", "href", "srcset"), name
            assert "url(" not in value, value
            assert "://" not in value, value
    report = load_report(source)
    assert f"<title>{report.meta.agency}{report.meta.year}年政府信息公开工作年度报告</title>" in page


def _grids(document: object) -> list[dict[tuple[int, int], tuple[int, int, int, int, str, str]]]:
    """Each table of the parsed page as grid position → (row, column, rowspan, colspan, text, align)."""
    grids = []
    for table in document.iter(f"{NS}table"):  # type: ignore[attr-defined]
        grid: dict[tuple[int, int], tuple[int, int, int, int, str, str]] = {}
        for r, tr in enumerate(table.iter(f"{NS}tr")):
            c = 0
            for cell in tr:
                while (r, c) in grid:
                    c += 1
                rows, cols = int(cell.get("rowspan", "1")), int(cell.get("colspan", "1"))
                align = re.search(r"text-align:(\w+)", cell.get("style", "")).group(1)
                entry = (r, c, rows, cols, "".join(cell.itertext()), align)
                for dr in range(rows):
                    for dc in range(cols):
                        grid[(r + dr, c + dc)] = entry
                c += cols
        grids.append(grid)
    return grids


@pytest.mark.parametrize("source", [PUTUO, HUAIAN], ids=["putuo", "huaian"])
def test_tables_have_exactly_the_merged_cells_of_the_edition_layout(source: Path) -> None:
    """The page's rowspan/colspan, resolved by the HTML5 table model, cover the grid exactly as the
    layout derived from the edition data (the Word export's source) does."""
    report = load_report(source)
    layouts = [lay for s in report.edition.sections for lay in section_layouts(report.edition, s.key)]
    grids = _grids(parse_strictly(build_html(report)))
    assert len(grids) == len(layouts) == 3  # 表二, 表三, 表四
    for layout, grid in zip(layouts, grids, strict=True):
        expected = covered_by(layout)
        assert set(grid) == set(expected)
        for position, cell in expected.items():
            row, column, rows, cols, text, align = grid[position]
            assert (row, column, rows, cols) == (cell.row, cell.column, cell.height, cell.width)
            if cell.cell_id is None:
                assert text == cell.text
            else:
                assert align == "right"  # numbers right-aligned
                assert re.fullmatch(r"-?[\d.]+(万?元)?", text), text


def test_values_and_the_merged_header_of_table_three_are_printed() -> None:
    report = load_report(PUTUO)
    page = build_html(report)
    assert '<th colspan="7" style=' in page  # 申请人情况 over the seven applicant columns
    assert ">287.54万元</td>" in page
    assert ">274094</td>" in page


def test_tables_scroll_sideways_on_narrow_screens() -> None:
    page = build_html(load_report(HUAIAN))
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert page.count('<div style="overflow-x:auto;') == 3
    assert page.count("min-width:640px") == 3


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_text_never_markup(text: str, tmp_path: Path) -> None:
    report = Report.new(2024, text[:12] + "局")
    report.set_text(SectionKey.OTHER, text)
    report.meta.preamble = text
    page = build_html(report)
    document = parse_strictly(page)
    tags = {element.tag.removeprefix(NS) for element in document.iter()}  # type: ignore[attr-defined]
    assert not tags & {"script", "img", "b", "i"}
    paragraphs = ["".join(p.itertext()) for p in document.iter(f"{NS}p")]  # type: ignore[attr-defined]
    assert text in paragraphs
    path = tmp_path / "恶意.html"
    path.write_text(page, encoding="utf-8")
    back = import_report(path).report
    assert back.texts[SectionKey.OTHER] == text


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_a_page_without_parse_errors(text: str) -> None:
    report = Report.new(2022, "某县人民政府")
    report.set_text(SectionKey.PROBLEMS, text)
    parse_strictly(build_html(report))


def test_control_characters_are_dropped_not_written() -> None:
    report = Report.new(2024, "某市\x07人民政府")
    report.set_text(SectionKey.OVERVIEW, "第一行\x00。\ud800\ufffe\x85")
    page = build_html(report)
    parse_strictly(page)
    assert "<p" in page
    assert "第一行。" in page
    assert "某市人民政府2024年" in page


def test_clipboard_fragment_and_plain_text() -> None:
    report = load_report(PUTUO)
    fragment = html_fragment(report)
    assert fragment.startswith("<h1")
    assert "<html" not in fragment
    assert "<body" not in fragment
    assert fragment in build_html(report)
    plain = plain_text(report)
    assert plain.startswith("上海市普陀区民政局2020年政府信息公开工作年度报告\n")
    assert "采购总金额" in plain
    assert "287.54万元" in plain
    assert "<" not in plain.replace("< ", "")
    assert all(s.heading in plain for s in report.edition.sections)


def test_command_line_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "年报.html"
    assert main(["export", str(HUAIAN), "-o", str(out)]) == 0
    assert "已导出" in capsys.readouterr().out
    assert import_report(out).report.values == load_report(HUAIAN).values


def test_command_line_refuses_an_unknown_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(HUAIAN), "-o", str(tmp_path / "年报.txt")]) == 2
    assert ".html" in capsys.readouterr().err
