"""How Word and WPS see the exported file: parts, fonts, settings, properties, table sizes (issue 14)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from lxml import etree

from gov_report_desktop import APP_NAME, __version__
from gov_report_desktop.documents.docx_layout import (
    CELL_MARGIN,
    LABEL_SHARES,
    NARROW_CELL_MARGIN,
    column_widths,
    fit_values,
    rows_kept_with_next,
    table_layout,
    text_lines,
    text_width,
)
from gov_report_desktop.documents.docx_package import FONTS, PROPERTY_LIMIT
from gov_report_desktop.documents.export_docx import TABLE_PT, TEXT_WIDTH, export_report
from gov_report_desktop.domain.model import Report
from gov_report_desktop.storage.projectfile import load_report
from tests.conftest import HUAIAN, PUTUO
from tests.documents.test_export_helpers import read_table
from tests.support.ooxml_audit import audit_docx

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


@pytest.fixture(scope="module", params=["putuo", "huaian"])
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("package") / f"{request.param}.docx"
    export_report(load_report(PUTUO if request.param == "putuo" else HUAIAN), path)
    return path


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def test_validator_finds_no_error_and_predicts_a_clean_opening(exported: Path) -> None:
    assert audit_docx(exported) == []


def test_validator_would_catch_the_template_leftovers(tmp_path: Path) -> None:
    """The check is real: python-docx's untouched template fails it because of stylesWithEffects."""
    import docx

    path = tmp_path / "template.docx"
    docx.Document().save(str(path))
    assert any("stylesWithEffects" in problem for problem in audit_docx(path))


def test_no_leftover_parts_relationships_or_content_types(exported: Path) -> None:
    parts = names(exported)
    for leftover in ("stylesWithEffects", "customXml", "thumbnail", "numbering"):
        assert not [name for name in parts if leftover in name], leftover
    with zipfile.ZipFile(exported) as archive:
        packaging = b"".join(archive.read(n) for n in parts if n.endswith(".rels") or n == "[Content_Types].xml")
    for leftover in (b"stylesWithEffects", b"customXml", b"thumbnail", b"numbering"):
        assert leftover not in packaging


def test_current_compatibility_mode_and_a_fresh_document_id(exported: Path, tmp_path: Path) -> None:
    settings = part(exported, "word/settings.xml")
    modes = [
        s.get(qn("w:val")) for s in settings.iter(qn("w:compatSetting")) if s.get(qn("w:name")) == "compatibilityMode"
    ]
    assert modes == ["15"]
    assert settings.find(qn("w:rsids")) is None  # the template's editing sessions
    assert settings.find(qn("w:proofState")) is None  # "spell-checked" would be untrue
    again = tmp_path / "again.docx"
    export_report(load_report(PUTUO), again)
    ids = {part(path, "word/settings.xml").find(f"{{{W14}}}docId").get(f"{{{W14}}}val") for path in (exported, again)}
    assert len(ids) == 2
    assert all(re.fullmatch(r"[0-9A-F]{8}", value) for value in ids)


def used_fonts(path: Path) -> set[str]:
    fonts = set()
    for name in names(path):
        if name.startswith("word/") and name.endswith(".xml") and "fontTable" not in name:
            for element in part(path, name).iter(qn("w:rFonts")):
                fonts |= {
                    v
                    for k, v in element.attrib.items()
                    if etree.QName(k).localname in {"ascii", "hAnsi", "eastAsia", "cs"}
                }
    return fonts


def test_font_table_declares_exactly_the_fonts_used_with_substitution_data(exported: Path) -> None:
    table = part(exported, "word/fontTable.xml")
    declared = {font.get(qn("w:name")): font for font in table.iter(qn("w:font"))}
    assert set(declared) == used_fonts(exported)
    assert {"方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体", "Times New Roman"} <= set(declared)
    alternatives = {name: font.find(qn("w:altName")) for name, font in declared.items()}
    assert alternatives["仿宋_GB2312"].get(qn("w:val")) == "仿宋"
    assert alternatives["楷体_GB2312"].get(qn("w:val")) == "楷体"
    assert alternatives["方正小标宋简体"].get(qn("w:val")) == "宋体"
    for name, font in declared.items():
        assert font.find(qn("w:panose1")) is not None, name
        charset = font.find(qn("w:charset")).get(qn("w:val"))
        assert charset == ("00" if name == "Times New Roman" else "86"), name  # 86 = GB2312
        assert font.find(qn("w:family")) is not None, name


def test_every_font_of_the_exporter_has_substitution_data() -> None:
    from gov_report_desktop.documents import export_docx

    fonts = {export_docx.LATIN, export_docx.FANGSONG, export_docx.HEITI, export_docx.KAITI, export_docx.TITLE_FONT}
    assert fonts | {export_docx.SONGTI} <= set(FONTS)


def test_app_properties_name_this_program_the_agency_and_real_counts(exported: Path) -> None:
    app = part(exported, "docProps/app.xml")
    value = {child.tag.removeprefix(EP): child.text for child in app}
    assert value["Application"] == APP_NAME
    major, minor, patch = (int(p) for p in __version__.split(".")[:3])
    assert value["AppVersion"] == f"{major:02d}.{minor:02d}{patch:02d}"
    assert value["Company"] in {"上海市普陀区民政局", "淮安市人民政府"}
    assert int(value["Words"]) > 1000
    assert int(value["Characters"]) >= int(value["Words"])
    assert "Template" not in value  # nothing that would be untrue
    assert "Pages" not in value
    core = part(exported, "docProps/core.xml")
    title = core.find("{http://purl.org/dc/elements/1.1/}title").text
    assert title.endswith("政府信息公开工作年度报告")


def test_very_long_agency_name_stays_within_the_property_limit(tmp_path: Path) -> None:
    report = Report.new(2024, "某某" * 200 + "人民政府")
    path = tmp_path / "long.docx"
    export_report(report, path)
    core = part(path, "docProps/core.xml")
    for tag in ("{http://purl.org/dc/elements/1.1/}title", "{http://purl.org/dc/elements/1.1/}creator"):
        assert len(core.find(tag).text) <= PROPERTY_LIMIT
    assert len(part(path, "docProps/app.xml").find(f"{EP}Company").text) <= PROPERTY_LIMIT


# --- tables as the template sets them ------------------------------------------------------------


def requests_table(report: Report):
    return next(t for t in report.edition.tables if t.label_depth == 3)


@pytest.mark.parametrize("source", [PUTUO, HUAIAN])
def test_table3_side_column_has_the_template_proportion_and_three_characters_a_line(source: Path) -> None:
    layout = table_layout(requests_table(load_report(source)))
    widths = column_widths(layout, TEXT_WIDTH)
    assert sum(widths) == TEXT_WIDTH
    assert widths[0] / TEXT_WIDTH == pytest.approx(754 / 9741, abs=0.002)
    assert text_lines("三、本年度办理结果", widths[0], TABLE_PT, margin=0) == 3
    assert text_lines("商业企业", widths[-1], TABLE_PT) == 2  # 商业/企业, as in the template
    assert LABEL_SHARES[3][0] == 754 / 9741


def test_six_digit_numbers_fit_table3_and_five_digit_numbers_table4() -> None:
    report = load_report(HUAIAN)
    t3 = table_layout(requests_table(report))
    t3_value = column_widths(t3, TEXT_WIDTH)[-1]
    t4 = table_layout(next(t for t in report.edition.tables if t.corner is None))
    t4_value = column_widths(t4, TEXT_WIDTH)[-1]
    for text, width in (("999999", t3_value), ("99999", t4_value)):
        fit = fit_values([(text, width)], TABLE_PT)
        assert fit.size_pt == TABLE_PT
        assert text_width(text, fit.size_pt) + 2 * fit.margin <= width
    assert fit_values([("12", t4_value)], TABLE_PT).margin == CELL_MARGIN
    assert fit_values([("99999", t4_value)], TABLE_PT).margin == NARROW_CELL_MARGIN
    huge = fit_values([("12345678", t4_value)], TABLE_PT)  # eight digits: a smaller size
    assert huge.size_pt < TABLE_PT
    assert text_width("12345678", huge.size_pt) + 2 * huge.margin <= t4_value


def test_big_numbers_are_written_with_narrow_margins_or_a_smaller_size(tmp_path: Path) -> None:
    report = load_report(HUAIAN)
    t4 = next(t for t in report.edition.tables if t.corner is None)
    for column in t4.columns:
        cell = t4.cell_id(t4.rows[0].key, column.key)
        if cell not in report.edition.derived_cells:
            report.set_value(cell, 12345678)
    path = tmp_path / "big.docx"
    export_report(report, path)
    body = part(path, "word/document.xml").find(qn("w:body"))
    table4 = body.findall(qn("w:tbl"))[-1]
    sizes = {int(sz.get(qn("w:val"))) for sz in table4.iter(qn("w:sz"))}
    assert sizes
    assert max(sizes) < TABLE_PT * 2  # the numbers are set smaller than 5号
    margins = {int(m.get(qn("w:w"))) for m in table4.iter(qn("w:left")) if m.getparent().tag == qn("w:tcMar")}
    assert margins == {NARROW_CELL_MARGIN}


def test_row_labels_are_left_aligned_and_group_labels_centred(exported: Path) -> None:
    body = part(exported, "word/document.xml").find(qn("w:body"))
    table3 = read_table(body.findall(qn("w:tbl"))[-2])
    aligned = {}
    for tc in body.findall(qn("w:tbl"))[-2].iter(qn("w:tc")):
        text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
        jc = tc.find(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:jc')}")
        aligned[text] = jc.get(qn("w:val")) if jc is not None else "center"
    assert aligned["一、本年新收政府信息公开申请数量"] == "left"
    assert aligned["（一）予以公开"] == "left"
    assert aligned["1.属于国家秘密"] == "left"
    assert aligned["（三）不予公开"] == "center"
    assert table3.rows > 20


@pytest.mark.parametrize("source", [PUTUO, HUAIAN])
def test_rows_kept_with_next_hold_groups_header_and_side_label(source: Path) -> None:
    layout = table_layout(requests_table(load_report(source)))
    widths = column_widths(layout, TEXT_WIDTH)
    kept = rows_kept_with_next(layout, widths, TABLE_PT)
    header = layout.header_rows
    assert set(range(header + 2)) <= kept  # the header and the first three data rows
    groups = [c for c in layout.cells if c.role == "label" and c.column == 1 and c.height > 1]
    for group in groups:
        assert set(range(group.row, group.row + group.height - 1)) <= kept, group.text
    side = next(c for c in layout.cells if c.role == "label" and c.column == 0 and c.height > 1)
    assert side.row in kept  # （一） stays with （二）: the side label's three lines fit into them
    assert layout.rows - 1 not in kept


def test_level_two_headings_keep_with_next_and_headings_after_tables_have_space(exported: Path) -> None:
    styles = part(exported, "word/styles.xml")
    heading2 = next(s for s in styles.iter(qn("w:style")) if s.get(qn("w:styleId")) == "GovHeading2")
    assert heading2.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
    body = part(exported, "word/document.xml").find(qn("w:body"))
    after_tables = [
        p for p in body.findall(qn("w:p")) if p.getprevious() is not None and p.getprevious().tag == qn("w:tbl")
    ]
    texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in after_tables]
    assert any(text.startswith("四、") for text in texts)
    assert any(text.startswith("五、") for text in texts)
    for paragraph in after_tables:
        spacing = paragraph.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
        assert spacing is not None
        assert int(spacing.get(qn("w:before"))) > 0


def test_hostile_text_exports_are_valid_too(tmp_path: Path) -> None:
    """Markup characters, control codes, astral-plane and right-to-left text, very long prose."""
    report = Report.new(2024, '某市<人民政府>&"局"\x07' + "\U0001f600" * 3)
    hostile = "<w:p>&amp;</w:p> \u202e右到左\u202c \x0b第二行\x00 \U00020000𠀀" + "很长的一段话。" * 400
    for section in report.edition.sections:
        report.set_text(section.key, hostile)
    report.meta.preamble = "（一）" + hostile
    path = tmp_path / "hostile.docx"
    export_report(report, path)  # the session-wide check audits it as it is written
    assert audit_docx(path) == []
    assert "<人民政府>" in part(path, "docProps/core.xml").find("{http://purl.org/dc/elements/1.1/}title").text
