"""The exported .docx read back from disk: page, styles, footers, and every table cell by cell.

The expected grids below are written down from format-spec.md §1–2 (the official layout), not
computed from the edition data the exporter uses, so a wrong derivation fails here.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from gov_report_desktop.documents.export_docx import export_report
from gov_report_desktop.domain.editions import EDITION_2019, EDITION_2021, Edition
from gov_report_desktop.domain.model import Report
from gov_report_desktop.domain.values import format_value
from gov_report_desktop.storage.projectfile import load_report
from tests.conftest import HUAIAN, PUTUO
from tests.documents.test_export_helpers import ReadTable, body_tables, document_xml

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@pytest.fixture(scope="module")
def putuo() -> Report:
    return load_report(PUTUO)


@pytest.fixture(scope="module")
def huaian() -> Report:
    return load_report(HUAIAN)


@pytest.fixture(scope="module")
def putuo_docx(putuo: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "普陀.docx"
    export_report(putuo, path)
    return path


@pytest.fixture(scope="module")
def huaian_docx(huaian: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "淮安.docx"
    export_report(huaian, path)
    return path


@pytest.fixture(scope="module")
def empty_2021_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "空白.docx"
    export_report(Report.new(2023, "某县人民政府办公室"), path)
    return path


# --- page, styles, footers ----------------------------------------------------------------------


def test_page_is_a4_with_gbt9704_margins(putuo_docx: Path) -> None:
    section = docx.Document(str(putuo_docx)).sections[0]
    for actual, expected in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(actual - Mm(expected)) < Mm(0.1)


def test_line_grid_gives_22_lines(putuo_docx: Path) -> None:
    sect_pr = document_xml(putuo_docx).find(qn("w:body")).find(qn("w:sectPr"))
    grid = sect_pr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    pitch_pt = int(grid.get(qn("w:linePitch"))) / 20
    type_area_pt = (297 - 37 - 35) / 25.4 * 72
    assert int(type_area_pt // pitch_pt) == 22


STYLE_FONTS = {
    "GovTitle": ("方正小标宋简体", 44),
    "GovHeading1": ("黑体", 32),
    "GovHeading2": ("楷体_GB2312", 32),
    "GovHeading3": ("仿宋_GB2312", 32),
    "Normal": ("仿宋_GB2312", 32),
    "GovTable": ("仿宋_GB2312", 21),
    "GovPageNumber": ("宋体", 28),
}


@pytest.mark.parametrize(("style_id", "expected"), STYLE_FONTS.items())
def test_styles_name_east_asian_and_latin_fonts(putuo_docx: Path, style_id: str, expected: tuple[str, int]) -> None:
    styles = document_xml(putuo_docx, "word/styles.xml")
    style = next(s for s in styles.findall(qn("w:style")) if s.get(qn("w:styleId")) == style_id)
    fonts = style.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == expected[0]
    assert fonts.get(qn("w:ascii")) in {"Times New Roman", "宋体"}
    assert style.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val")) == str(expected[1])


def test_no_theme_fonts_left_anywhere_in_styles(putuo_docx: Path) -> None:
    styles = document_xml(putuo_docx, "word/styles.xml")
    theme_attributes = [
        a
        for fonts in styles.iter(qn("w:rFonts"))
        for a in fonts.attrib
        if a.lower().endswith("theme}") or "theme" in a.lower()
    ]
    assert theme_attributes == []
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert defaults.find(qn("w:sz")).get(qn("w:val")) == "32"


def test_body_has_two_character_first_line_indent_in_both_units(putuo_docx: Path) -> None:
    styles = document_xml(putuo_docx, "word/styles.xml")
    normal = next(s for s in styles.findall(qn("w:style")) if s.get(qn("w:styleId")) == "Normal")
    indent = normal.find(qn("w:pPr")).find(qn("w:ind"))
    assert indent.get(qn("w:firstLineChars")) == "200"
    assert 600 <= int(indent.get(qn("w:firstLine"))) <= 660


def test_page_numbers_in_odd_and_even_footers_on_the_outer_side(putuo_docx: Path) -> None:
    document = docx.Document(str(putuo_docx))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]._p
        instructions = "".join(i.text for i in paragraph.iter(qn("w:instrText")))
        assert instructions.strip() == "PAGE"
        kinds = [f.get(qn("w:fldCharType")) for f in paragraph.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        texts = [t.text for t in paragraph.iter(qn("w:t"))]
        assert texts[0] == "— "
        assert texts[-1] == " —"
        ppr = paragraph.find(qn("w:pPr"))
        assert ppr.find(qn("w:jc")).get(qn("w:val")) == side
        assert int(ppr.find(qn("w:ind")).get(qn(f"w:{side}"))) > 0  # 空一字


# --- table grids and merges (format-spec.md §1.2–§2.4) ----------------------------------------


def merged(table: ReadTable) -> set[tuple[int, int, int, int, str]]:
    return {(c.row, c.column, c.height, c.width, c.text) for c in table.cells.values() if c.width > 1 or c.height > 1}


T3_MERGES_COMMON = {
    (0, 0, 3, 3, T3_NOTE),
    (0, 3, 1, 7, "申请人情况"),
    (1, 3, 2, 1, "自然人"),
    (1, 4, 1, 5, "法人或其他组织"),
    (1, 9, 2, 1, "总计"),
    (3, 0, 1, 3, "一、本年新收政府信息公开申请数量"),
    (4, 0, 1, 3, "二、上年结转政府信息公开申请数量"),
    (5, 1, 1, 2, "（一）予以公开"),
    (6, 1, 1, 2, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    (7, 1, 8, 1, "（三）不予公开"),
    (15, 1, 3, 1, "（四）无法提供"),
    (18, 1, 5, 1, "（五）不予处理"),
}
T3_MERGES = {
    "2019": T3_MERGES_COMMON
    | {
        (5, 0, 20, 1, "三、本年度办理结果"),
        (23, 1, 1, 2, "（六）其他处理"),
        (24, 1, 1, 2, "（七）总计"),
        (25, 0, 1, 3, "四、结转下年度继续办理"),
    },
    "2021": T3_MERGES_COMMON
    | {
        (5, 0, 22, 1, "三、本年度办理结果"),
        (23, 1, 3, 1, "（六）其他处理"),
        (26, 1, 1, 2, "（七）总计"),
        (27, 0, 1, 3, "四、结转下年度继续办理"),
    },
}
T4_MERGES = {
    (0, 0, 1, 5, "行政复议"),
    (0, 5, 1, 10, "行政诉讼"),
    (1, 0, 2, 1, "结果维持"),
    (1, 1, 2, 1, "结果纠正"),
    (1, 2, 2, 1, "其他结果"),
    (1, 3, 2, 1, "尚未审结"),
    (1, 4, 2, 1, "总计"),
    (1, 5, 1, 5, "未经复议直接起诉"),
    (1, 10, 1, 5, "复议后起诉"),
}
T2_HEADINGS = {
    "2019": [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
        "第二十条第（九）项",
    ],
    "2021": ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"],
}


@pytest.fixture(scope="module")
def tables_by_edition(putuo_docx: Path, empty_2021_docx: Path) -> dict[str, list[ReadTable]]:
    return {"2019": body_tables(putuo_docx), "2021": body_tables(empty_2021_docx)}


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_three_tables_in_sections_two_to_four(tables_by_edition: dict[str, list[ReadTable]], edition: str) -> None:
    assert len(tables_by_edition[edition]) == 3


@pytest.mark.parametrize(("edition", "rows"), [("2019", 26), ("2021", 28)])
def test_table3_grid_and_merges(tables_by_edition: dict[str, list[ReadTable]], edition: str, rows: int) -> None:
    table = tables_by_edition[edition][1]
    assert (table.rows, table.columns) == (rows, 10)
    assert merged(table) == T3_MERGES[edition]
    assert table.header_rows == [True] * 3 + [False] * (rows - 3)
    assert all(table.cant_split)
    assert [table.at(2, c).text for c in range(4, 9)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_table4_grid_and_merges(tables_by_edition: dict[str, list[ReadTable]], edition: str) -> None:
    table = tables_by_edition[edition][2]
    assert (table.rows, table.columns) == (4, 15)
    assert merged(table) == T4_MERGES
    assert [table.at(2, c).text for c in range(5, 15)] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    assert table.header_rows == [True, True, True, False]
    assert len([c for c in table.cells.values() if c.row == 3]) == 15


def test_table2_2021_is_one_table_of_four_grid_columns(tables_by_edition: dict[str, list[ReadTable]]) -> None:
    table = tables_by_edition["2021"][0]
    assert (table.rows, table.columns) == (14, 4)  # TPL2021.docx: 4 grid columns, 14 rows
    headings = [c for c in table.cells.values() if c.width == 4]
    assert [c.text for c in headings] == T2_HEADINGS["2021"]
    assert [c.row for c in headings] == [0, 4, 7, 11]
    single_value_rows = {5, 6, 8, 9, 10, 12, 13}  # 第（五）（六）（八）项: header + values span 3
    for row in single_value_rows:
        assert table.at(row, 1).width == 3
    assert [table.at(1, c).text for c in range(4)] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert table.at(12, 1).text == "本年收费金额（单位：万元）"
    assert table.at(13, 0).text == "行政事业性收费"


def test_table2_2019_has_five_sub_tables(tables_by_edition: dict[str, list[ReadTable]]) -> None:
    table = tables_by_edition["2019"][0]
    assert (table.rows, table.columns) == (18, 4)
    headings = [c for c in table.cells.values() if c.width == 4]
    assert [c.text for c in headings] == T2_HEADINGS["2019"]
    assert [table.at(5, c).text for c in range(4)] == ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]
    assert [table.at(16, c).text for c in (0, 1, 2)] == ["信息内容", "采购项目数量", "采购总金额"]
    assert table.at(17, 0).text == "政府集中采购"
    assert not any(table.header_rows)  # each sub-table has its own headings; nothing repeats


@pytest.mark.parametrize("edition", [EDITION_2019, EDITION_2021], ids=["2019", "2021"])
def test_every_label_appears_verbatim(tables_by_edition: dict[str, list[ReadTable]], edition: Edition) -> None:
    texts = {t for table in tables_by_edition[edition.key] for t in table.texts()}
    for spec in edition.tables:
        labels = {label for column in spec.columns for label in column.path}
        if spec.corner is not None:
            labels |= {label for row in spec.rows for label in row.path} | {spec.corner}
        if spec.heading:
            labels.add(spec.heading)
        assert labels <= texts, f"{spec.title} 缺少：{sorted(labels - texts)}"


# --- values in the right cells -----------------------------------------------------------------


def value_positions(edition: Edition, tables: list[ReadTable]) -> dict[str, tuple[ReadTable, int, int]]:
    """Where each cell of the edition sits in the Word tables, located by the printed labels."""
    t2, t3, t4 = tables
    positions: dict[str, tuple[ReadTable, int, int]] = {}
    for spec in edition.tables:
        if spec.key == "t3":
            for r, row in enumerate(spec.rows):
                for c, column in enumerate(spec.columns):
                    assert t3.at(3 + r, 2).text == row.label
                    positions[spec.cell_id(row.key, column.key)] = (t3, 3 + r, 3 + c)
        elif spec.key == "t4":
            for c, column in enumerate(spec.columns):
                positions[spec.cell_id("cases", column.key)] = (t4, 3, c)
        else:
            heading = t2.find(spec.heading or "")
            for r, row in enumerate(spec.rows):
                row_index = heading.row + 2 + r
                assert t2.at(row_index, 0).text == row.label
                for c, column in enumerate(spec.columns):
                    assert t2.at(heading.row + 1, 1 + c).text == column.label
                    positions[spec.cell_id(row.key, column.key)] = (t2, row_index, 1 + c)
    return positions


@pytest.mark.parametrize("which", ["putuo", "huaian"])
def test_every_value_is_in_its_cell_and_empty_cells_print_0(which: str, request: pytest.FixtureRequest) -> None:
    report: Report = request.getfixturevalue(which)
    path: Path = request.getfixturevalue(f"{which}_docx")
    edition = report.edition
    positions = value_positions(edition, body_tables(path))
    assert set(positions) == {ref.cell_id for ref in edition.all_cells()}
    for cell_id, (table, row, column) in positions.items():
        value = report.get(cell_id)
        expected = "0" if value is None else format_value(value, edition.cell(cell_id).column)
        assert table.at(row, column).text == expected, cell_id


def test_money_keeps_decimals_and_unit(putuo_docx: Path, huaian_docx: Path) -> None:
    putuo_t2 = body_tables(putuo_docx)[0]
    assert putuo_t2.at(17, 2).text == "287.54万元"  # 2019: 采购总金额 prints no unit in its header
    huaian_t2 = body_tables(huaian_docx)[0]
    assert huaian_t2.at(13, 1).text == "96171.6"  # 2021: the header says （单位：万元）


def test_empty_report_prints_zero_in_every_value_cell(empty_2021_docx: Path) -> None:
    positions = value_positions(EDITION_2021, body_tables(empty_2021_docx))
    assert {table.at(row, column).text for table, row, column in positions.values()} == {"0"}


def test_column_widths_fill_the_type_area(putuo_docx: Path) -> None:
    text_width = round((210 - 28 - 26) / 25.4 * 1440)
    for table in body_tables(putuo_docx):
        assert abs(sum(table.grid_widths) - text_width) <= 2


def test_unreadable_published_values_are_printed_as_published(tmp_path: Path) -> None:
    """A value kept from an import as not-a-number is never dropped or turned into 0."""
    from gov_report_desktop.domain.values import Unreadable

    report = Report.new(2020, "某局")
    report.values["t2_5.license.change"] = Unreadable(raw="约+2")
    report.values["t3.new.natural"] = Unreadable(raw="十二")
    path = tmp_path / "导入.docx"
    export_report(report, path)
    positions = value_positions(report.edition, body_tables(path))
    for cell_id, printed in (("t2_5.license.change", "约+2"), ("t3.new.natural", "十二")):
        table, row, column = positions[cell_id]
        assert table.at(row, column).text == printed


def test_settings_declare_chinese_for_east_asian_text(putuo_docx: Path) -> None:
    settings = document_xml(putuo_docx, "word/settings.xml")
    assert settings.find(qn("w:themeFontLang")).get(qn("w:eastAsia")) == "zh-CN"
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
