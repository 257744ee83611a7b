"""Published reports as they really come: the other edition's labels in a table, site clutter
around the report, titles in either order, reports without a year, headings worded their own way."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document

from gov_report_desktop.documents.export_docx import export_report
from gov_report_desktop.documents.importing import ImportResult, import_report
from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.domain.rules import evaluate
from gov_report_desktop.storage.projectfile import dumps_report, loads_report
from tests.importing.builders import (
    SitePage,
    Source,
    Tables,
    Variants,
    build_docx,
    build_html,
    load_source,
    table_blocks,
)
from tests.importing.site_pages import site_page, site_words
from tests.support.shared_reports import REAL_DIR, real_report_files, report_from_shared_json

if not real_report_files():
    pytest.skip("../shared/examples/real is not available", allow_module_level=True)

KINDS = ["docx", "html"]


def _build(source: Source, kind: str, folder: Path, tables: Tables | None = None, **options: object) -> Path:
    path = folder / f"report.{kind}"
    builder = build_docx if kind == "docx" else build_html
    builder(source, path, Variants(), tables=tables, **options)  # type: ignore[operator]
    return path


def _relabel(tables: Tables, section: SectionKey, old: str, new: str) -> int:
    changed = 0
    for table in tables[section]:
        for row in table:
            for cell in row:
                if cell.text == old:
                    cell.text, changed = new, changed + 1
    return changed


# -- 2. old labels in new tables ---------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_2019_row_label_in_a_2021_table_is_read_into_its_row(kind: str, tmp_path: Path) -> None:
    json_path = REAL_DIR / "pingtan-2021.json"
    source = load_source(json_path)
    tables = table_blocks(source, Variants())
    assert _relabel(tables, SectionKey.PROACTIVE, "行政规范性文件", "规范性文件") == 1
    result = import_report(_build(source, kind, tmp_path, tables))
    assert result.report.values == report_from_shared_json(json_path).values
    assert not any("无法识别" in issue.message for issue in result.issues)
    [note] = result.report.structure_notes
    assert "「规范性文件」" in note.message
    assert "「行政规范性文件」" in note.message
    assert any("「规范性文件」是2019版" in issue.message for issue in result.issues)


@pytest.mark.parametrize("kind", KINDS)
def test_2019_column_label_in_a_2021_table_is_read_into_its_column(kind: str, tmp_path: Path) -> None:
    json_path = REAL_DIR / "pingtan-2021.json"
    source = load_source(json_path)
    tables = table_blocks(source, Variants())
    assert _relabel(tables, SectionKey.PROACTIVE, "本年处理决定数量", "处理决定数量") == 2
    result = import_report(_build(source, kind, tmp_path, tables))
    assert result.report.meta.edition == "2021"
    assert result.report.values == report_from_shared_json(json_path).values
    notes = result.report.structure_notes
    assert len(notes) == 2
    assert all("「处理决定数量」" in n.message for n in notes)


def test_2021_row_label_in_a_2019_table_is_read_too(tmp_path: Path) -> None:
    json_path = REAL_DIR / "pingtan-2019.json"
    source = load_source(json_path)
    tables = table_blocks(source, Variants())
    assert _relabel(tables, SectionKey.PROACTIVE, "规范性文件", "行政规范性文件") == 1
    result = import_report(_build(source, "html", tmp_path, tables))
    assert result.report.meta.edition == "2019"
    assert result.report.values == report_from_shared_json(json_path).values
    [note] = result.report.structure_notes
    assert "2021版" in note.message
    assert "「规范性文件」" in note.message


# -- 1. the report, not the web page around it -------------------------------------------------


def _import_site(json_path: Path, kind: str, folder: Path, site: SitePage) -> ImportResult:
    source = load_source(json_path)
    path = folder / f"page.{kind}"
    if kind == "docx":
        build_docx(source, path, Variants(), site=site)
    else:
        build_html(source, path, Variants(), site=site)
    return import_report(path)


def _report_lines(result: ImportResult) -> list[str]:
    report = result.report
    texts = [report.meta.preamble, report.meta.agency, *report.texts.values()]
    return [line.strip() for text in texts for line in text.split("\n") if line.strip()]


def _assert_no_site_text(result: ImportResult, site: SitePage) -> None:
    lines = _report_lines(result)
    for word in site_words(site):
        if len(word) >= 6:
            assert not any(word in line for line in lines), word
        else:
            assert word not in lines, word


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("json_path", real_report_files(), ids=[p.stem for p in real_report_files()])
def test_site_around_a_real_report_is_left_out(json_path: Path, kind: str, seed: int, tmp_path: Path) -> None:
    source = load_source(json_path)
    site = site_page(source, seed, year_first=seed % 2 == 1)
    result = _import_site(json_path, kind, tmp_path, site)
    report = result.report
    assert report.values == report_from_shared_json(json_path).values
    assert (report.meta.agency, report.meta.year) == (source.agency, source.year)
    assert report.meta.preamble == "\n".join(source.preamble)
    for key, lines in source.texts.items():
        expected = [*lines, *site.closing] if key == SectionKey.OTHER else lines
        assert report.texts[key] == "\n".join(expected), key
    _assert_no_site_text(result, site)
    [ignored] = [i for i in result.issues if "已忽略网页导航、页脚等" in i.message]
    assert int(ignored.message.split("等 ")[1].split(" 行")[0]) >= len(site.header) + len(site.footer)
    assert not any("标题" in i.where for i in result.issues), [str(i) for i in result.issues]


@pytest.mark.parametrize("kind", KINDS)
def test_re_export_of_a_site_page_has_no_site_text(kind: str, tmp_path: Path) -> None:
    json_path = REAL_DIR / "pingtan-2021.json"
    source = load_source(json_path)
    site = site_page(source, 3)
    result = _import_site(json_path, kind, tmp_path, site)
    exported = tmp_path / "out.docx"
    export_report(result.report, exported)
    text = "\n".join(p.text for p in Document(str(exported)).paragraphs)
    for word in site_words(site):
        if len(word) >= 6:
            assert word not in text, word
    assert "六、其他需要报告的事项" in text


@pytest.mark.parametrize(
    "title", ["{agency}{year}年度政府信息公开工作年度报告", "{year}年{agency}政府信息公开工作年度报告"]
)
def test_title_in_either_order_after_many_header_lines(title: str, tmp_path: Path) -> None:
    json_path = REAL_DIR / "huaian-city-2024.json"
    source = load_source(json_path)
    printed = title.format(agency=source.agency, year=source.year)
    header = tuple((f"栏目{i}", f"专题{i}", f"服务{i}") for i in range(12))
    site = SitePage(header=header, title=(printed,), meta=("发布时间：2025-01-20",))
    result = _import_site(json_path, "html", tmp_path, site)
    assert (result.report.meta.agency, result.report.meta.year) == (source.agency, source.year)
    assert not any(i.where == "标题" for i in result.issues)


def test_title_only_in_the_page_title(tmp_path: Path) -> None:
    json_path = REAL_DIR / "huaian-city-2024.json"
    source = load_source(json_path)
    printed = f"{source.year}年{source.agency}政府信息公开工作年度报告"
    site = SitePage(
        page_title=f"某某市政府网 - {printed}",
        header=(("首页", "政务公开", "当前位置：首页 > 政务公开"),),
        title=("",),
    )
    result = _import_site(json_path, "html", tmp_path, site)
    assert (result.report.meta.agency, result.report.meta.year) == (source.agency, source.year)
    assert result.report.meta.preamble == "\n".join(source.preamble)


# -- 1. a report without a year: the blank template, a draft ------------------------------------


def _blank_template(json_path: Path) -> Source:
    source = load_source(json_path)
    placeholders = {key: ["（文字描述）"] for key in source.texts}
    return replace(source, values={}, preamble=[], texts=placeholders)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("json_path", "edition"), [(REAL_DIR / "pingtan-2019.json", "2019"), (REAL_DIR / "pingtan-2021.json", "2021")]
)
def test_blank_template_is_read_with_its_year_unknown(json_path: Path, edition: str, kind: str, tmp_path: Path) -> None:
    source = _blank_template(json_path)
    site = SitePage(title=("（机关名称）", "政府信息公开工作年度报告"))
    path = tmp_path / f"template.{kind}"
    (build_docx if kind == "docx" else build_html)(source, path, Variants(), site=site)
    result = import_report(path)
    report = result.report
    assert report.meta.edition == edition
    assert not report.meta.year_stated
    assert report.meta.year_label == "年度未写明"
    assert report.values == {}
    assert any("未写明报告年度" in issue.message for issue in result.issues)
    findings = evaluate(report)
    assert [f for f in findings if f.rule == "R7" and "未写明报告年度" in f.message]
    assert any(f.rule == "R6" for f in findings), "the blank cells are still reported"
    assert not any(f.rule in ("T5", "P1", "P2") for f in findings)
    assert not any("应使用" in f.message for f in findings)


def test_unknown_year_survives_saving_and_exporting(tmp_path: Path) -> None:
    site = SitePage(title=("政府信息公开工作年度报告",))
    path = build_html(_blank_template(REAL_DIR / "pingtan-2021.json"), tmp_path / "t.html", Variants(), site=site)
    report = import_report(path).report
    assert not report.meta.year_stated
    loaded = loads_report(dumps_report(report))
    assert not loaded.meta.year_stated
    exported = tmp_path / "out.docx"
    export_report(loaded, exported)
    text = "".join(p.text for p in Document(str(exported)).paragraphs[:4])
    assert str(report.meta.year) not in text
    assert "政府信息公开工作年度报告" in text


def test_files_saved_before_the_year_flag_read_as_stated() -> None:
    report = report_from_shared_json(REAL_DIR / "huaian-city-2024.json")
    data = json.loads(dumps_report(report))
    data["report"]["meta"].pop("year_stated", None) if "report" in data else data["meta"].pop("year_stated", None)
    assert loads_report(json.dumps(data).encode()).meta.year_stated


# -- 6. published headings -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_replaced_headings_are_listed(kind: str, tmp_path: Path) -> None:
    json_path = REAL_DIR / "huaian-city-2024.json"
    printed = {
        SectionKey.APPEALS: "四、政府信息公开行政法复议、行政诉讼情况",
        SectionKey.PROBLEMS: "五、政府信息公开工作存在的主要问题及改进情况",
        SectionKey.OVERVIEW: "一、 总体情况",  # a space is not a different wording
    }
    result = _import_site(json_path, kind, tmp_path, SitePage(headings=printed))
    listed = [i for i in result.issues if i.where == "章节标题"]
    assert [i.text for i in listed] == [printed[SectionKey.APPEALS], printed[SectionKey.PROBLEMS]]
    assert "「四、政府信息公开行政复议、行政诉讼情况」" in listed[0].message
    assert result.report.texts[SectionKey.PROBLEMS] == "\n".join(load_source(json_path).texts[SectionKey.PROBLEMS])
