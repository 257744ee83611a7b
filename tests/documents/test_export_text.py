"""Title, section headings and the clerk's prose in the exported document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gov_report_desktop.documents.export_docx import build_document, export_report, title_lines
from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.domain.model import Report
from gov_report_desktop.storage.projectfile import load_report
from tests.conftest import HUAIAN, PUTUO
from tests.documents.test_export_helpers import body_paragraphs, document_xml

WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return WHITESPACE.sub("", text)


def export(report: Report, tmp_path: Path, name: str = "年报.docx") -> Path:
    path = tmp_path / name
    export_report(report, path)
    return path


# --- title ---------------------------------------------------------------------------------------


def test_title_is_agency_and_year_then_the_report_name() -> None:
    assert title_lines("上海市普陀区民政局", 2020) == ["上海市普陀区民政局2020年", "政府信息公开工作年度报告"]


def test_long_agency_names_break_at_a_sensible_point() -> None:
    # 20 characters: the name fills its own line and the year starts the next (issue 13), not cut in two.
    lines = title_lines("中华人民共和国国家发展和改革委员会办公厅", 2024)
    assert lines == ["中华人民共和国国家发展和改革委员会办公厅", "2024年政府信息公开工作年度报告"]
    lines = title_lines("新疆维吾尔自治区伊犁哈萨克自治州人民政府办公室", 2022)
    assert lines[0] == "新疆维吾尔自治区伊犁哈萨克自治州"  # broken after 自治州, not inside a word
    assert all(len(line) <= 20 for line in lines)


def test_a_name_that_fits_a_line_is_not_broken_to_make_room_for_the_year() -> None:
    """福建省平潭综合实验区管理委员会办公室 + 2026年 is 23 characters: the break goes between name and
    year (it used to go inside the name, after 实验区)."""
    assert title_lines("福建省平潭综合实验区管理委员会办公室", 2026) == [
        "福建省平潭综合实验区管理委员会办公室",
        "2026年政府信息公开工作年度报告",
    ]
    assert title_lines("福建省平潭综合实验区管理委员会办公室", "    ") == [
        "福建省平潭综合实验区管理委员会办公室",
        "    年政府信息公开工作年度报告",
    ]


def test_title_without_agency_is_one_line() -> None:
    assert title_lines("", 2021) == ["2021年政府信息公开工作年度报告"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=60))
def test_title_keeps_every_character_and_limits_line_length(agency: str) -> None:
    lines = title_lines(agency, 2023)
    assert "".join(lines) == f"{agency}2023年政府信息公开工作年度报告"
    assert all(0 < len(line) <= 20 for line in lines)


def test_title_paragraph_is_centred_title_style(tmp_path: Path) -> None:
    style, text = body_paragraphs(export(load_report(PUTUO), tmp_path))[0]
    assert style == "GovTitle"
    assert text == "上海市普陀区民政局2020年\n政府信息公开工作年度报告"


# --- headings and prose --------------------------------------------------------------------------


@pytest.mark.parametrize("source", [PUTUO, HUAIAN], ids=["putuo", "huaian"])
def test_six_section_headings_in_order_in_heiti_style(source: Path, tmp_path: Path) -> None:
    report = load_report(source)
    headings = [text for style, text in body_paragraphs(export(report, tmp_path)) if style == "GovHeading1"]
    assert headings == [s.heading for s in report.edition.sections]


@pytest.mark.parametrize("source", [PUTUO, HUAIAN], ids=["putuo", "huaian"])
def test_every_character_of_the_prose_is_printed_in_order(source: Path, tmp_path: Path) -> None:
    report = load_report(source)
    printed = squeeze("".join(text for _, text in body_paragraphs(export(report, tmp_path))))
    for text in [report.meta.preamble, *report.texts.values()]:
        assert squeeze(text) in printed


def test_placeholders_of_the_template_are_not_printed(tmp_path: Path) -> None:
    report = Report.new(2023, "某县人民政府办公室")
    text = "".join(t for _, t in body_paragraphs(export(report, tmp_path)))
    assert "文字描述" not in text
    assert "收取信息处理费情况在此处报告" not in text


def test_level_two_heading_paragraph_uses_kaiti_style(tmp_path: Path) -> None:
    paragraphs = body_paragraphs(export(load_report(PUTUO), tmp_path))
    assert ("GovHeading2", "（一）主动公开政府信息情况") in paragraphs
    assert ("GovHeading3", next(t for s, t in paragraphs if t.startswith("1.加强组织领导"))) in paragraphs


def test_inline_level_two_heading_is_kaiti_and_the_rest_stays_in_the_same_paragraph(tmp_path: Path) -> None:
    report = Report.new(2024, "某市人民政府")
    report.set_text(SectionKey.OVERVIEW, "总述。\n（一）主动公开情况。2024年，主动公开信息5500余条。\n（二）依申请公开")
    path = export(report, tmp_path)
    body = document_xml(path).find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    inline = next(p for p in body.iter(f"{w}p") if "".join(p.itertext()).startswith("（一）"))
    runs = inline.findall(f"{w}r")
    assert [r.find(f"{w}t").text for r in runs] == ["（一）主动公开情况。", "2024年，主动公开信息5500余条。"]
    assert runs[0].find(f"{w}rPr/{w}rStyle").get(f"{w}val") == "GovHeading2Char"
    assert runs[1].find(f"{w}rPr") is None
    assert ("GovHeading2", "（二）依申请公开") in body_paragraphs(path)


def test_blank_lines_and_indentation_spaces_are_not_printed_as_paragraphs(tmp_path: Path) -> None:
    report = Report.new(2024, "某市人民政府")
    report.set_text(SectionKey.PROBLEMS, "\u3000\u3000第一段。\n\n   \n第二段 含 空格。\r\n")
    paragraphs = body_paragraphs(export(report, tmp_path))
    start = paragraphs.index(("GovHeading1", "五、存在的主要问题及改进情况"))
    assert paragraphs[start + 1 : start + 3] == [("Normal", "第一段。"), ("Normal", "第二段 含 空格。")]
    assert paragraphs[start + 3] == ("GovHeading1", "六、其他需要报告的事项")


def test_preamble_comes_after_the_title(tmp_path: Path) -> None:
    report = load_report(HUAIAN)
    paragraphs = body_paragraphs(export(report, tmp_path))
    assert paragraphs[1] == ("Normal", report.meta.preamble)


def test_xml_special_characters_survive(tmp_path: Path) -> None:
    report = Report.new(2024, "A&B <局>")
    report.set_text(SectionKey.OTHER, "收费 < 100 元 & “引号” ‘单引号’ — 完")
    paragraphs = body_paragraphs(export(report, tmp_path))
    assert ("Normal", "收费 < 100 元 & “引号” ‘单引号’ — 完") in paragraphs
    assert paragraphs[0][1].startswith("A&B <局>2024年")


def test_build_document_does_not_change_the_report() -> None:
    report = load_report(PUTUO)
    before = report.model_dump()
    build_document(report)
    assert report.model_dump() == before


def test_pasted_control_characters_do_not_break_the_export(tmp_path: Path) -> None:
    """Word's manual line break (\\v) starts a new paragraph; other control codes XML cannot hold are dropped."""
    report = Report.new(2024, "某市\x07人民政府")
    report.set_text(SectionKey.OVERVIEW, "第一行\x0b第二行\x00。\ud800")
    paragraphs = body_paragraphs(export(report, tmp_path))
    assert paragraphs[0][1].startswith("某市人民政府2024年")
    start = paragraphs.index(("GovHeading1", "一、总体情况"))
    assert paragraphs[start + 1 : start + 3] == [("Normal", "第一行"), ("Normal", "第二行。")]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_exports_and_every_printable_character_is_kept(text: str) -> None:
    report = Report.new(2022, "某县人民政府")
    report.set_text(SectionKey.OTHER, text)
    document = build_document(report)
    printed = "".join(p.text for p in document.paragraphs)
    expected = "".join(ch for ch in text if ch.isprintable() and not ch.isspace())
    assert expected in squeeze("".join(ch for ch in printed if ch.isprintable()))
