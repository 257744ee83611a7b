"""Round trip: export each example with the Word exporter, import it back → the same model."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_report_desktop.documents.importing import import_report
from gov_report_desktop.domain.model import Report
from gov_report_desktop.domain.values import numeric
from gov_report_desktop.storage.projectfile import load_report
from tests.conftest import HUAIAN, PUTUO

export_docx = pytest.importorskip("gov_report_desktop.documents.export_docx")


def _round_trip(report: Report, tmp_path: Path) -> Report:
    path = tmp_path / "导出.docx"
    export_docx.export_report(report, path)
    result = import_report(path)
    assert result.source_kind == "docx"
    assert result.issues == []
    return result.report


@pytest.mark.parametrize("example", [PUTUO, HUAIAN], ids=["putuo-2020", "huaian-2024"])
def test_exported_example_imports_back_identically(example: Path, tmp_path: Path) -> None:
    report = load_report(example)
    back = _round_trip(report, tmp_path)
    assert back.values == report.values
    assert back.texts == report.texts
    assert back.meta == report.meta


def test_wrong_published_numbers_survive_the_round_trip(tmp_path: Path) -> None:
    report = load_report(HUAIAN)
    report.values["t3.new.total"] = 1  # breaks R3; must come back as printed, not recomputed
    back = _round_trip(report, tmp_path)
    assert back.values == report.values


def test_blank_report_round_trip(tmp_path: Path) -> None:
    """The exporter prints an unfilled cell as 0 (R6's convention); the import reads what is printed."""
    report = Report.new(2025, "某县人民政府办公室")
    path = tmp_path / "空白.docx"
    export_docx.export_report(report, path)
    back = import_report(path).report
    assert back.meta == report.meta
    assert set(back.values) == {ref.cell_id for ref in report.edition.all_cells()}
    assert {numeric(v) for v in back.values.values()} == {0}
