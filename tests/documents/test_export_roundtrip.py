"""Export, then read the Word file back with the project's own importer: nothing is lost or changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_report_desktop.documents.export_docx import export_report
from gov_report_desktop.documents.importing import import_report
from gov_report_desktop.domain.model import Report
from gov_report_desktop.storage.projectfile import load_report
from tests.conftest import HUAIAN, PUTUO


@pytest.mark.parametrize("source", [PUTUO, HUAIAN], ids=["putuo", "huaian"])
def test_export_then_import_gives_the_same_report(source: Path, tmp_path: Path) -> None:
    report = load_report(source)
    path = tmp_path / "往返.docx"
    export_report(report, path)
    assert_same_report(import_report(path).report, report)


def assert_same_report(back: Report, report: Report) -> None:
    """What any export read back must keep: agency, year, edition, the opening, every value and text."""
    assert (back.meta.agency, back.meta.year, back.meta.edition) == (
        report.meta.agency,
        report.meta.year,
        report.meta.edition,
    )
    assert back.meta.preamble == report.meta.preamble
    assert back.values == report.values
    for section, text in report.texts.items():
        assert back.texts[section].strip() == text.strip(), section
