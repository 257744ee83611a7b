"""Published reports as they really come: the other edition's labels in a table, site clutter
around the report, titles in either order, reports without a year, headings worded their own way."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from gov_report_desktop.documents.export_docx import export_report
from gov_report_desktop.documents.importing import ImportResult, import_report
from gov_report_desktop.domain.editions import SectionKey
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
