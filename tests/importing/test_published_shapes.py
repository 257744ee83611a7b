"""Published reports as they really come: the other edition's labels in a table, site clutter
around the report, titles in either order, reports without a year, headings worded their own way."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_report_desktop.documents.importing import import_report
from gov_report_desktop.domain.editions import SectionKey
from tests.importing.builders import Source, Tables, Variants, build_docx, build_html, load_source, table_blocks
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
