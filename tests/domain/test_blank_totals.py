"""Blank totals and blanks read as the printed 0 — on the shape a real published 表三 had: the 总计
column left blank on the result rows while each row's parts add up."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_report_desktop.documents.export_docx import export_report
from gov_report_desktop.documents.importing import import_report
from gov_report_desktop.domain.model import Report
from gov_report_desktop.domain.printed import blank_totals
from gov_report_desktop.domain.rules import Finding, evaluate
from tests.support.shared_reports import REAL_DIR, report_from_shared_json

from .factories import complete_report

pytestmark = pytest.mark.skipif(not REAL_DIR.exists(), reason="../shared is not beside the checkout")

RESULT_ROWS = ("open", "partial", "unavailable_1", "other_3")


def only(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def _blank_result_totals() -> Report:
    """pingtan-2021 as published, with the 总计 of the result rows left blank."""
    report = report_from_shared_json(REAL_DIR / "pingtan-2021.json")
    for row in RESULT_ROWS:
        del report.values[f"t3.{row}.total"]
    return report


def test_a_blank_total_with_parts_is_an_r3_error_per_row() -> None:
    findings = evaluate(_blank_result_totals())
    assert [f.message for f in only(findings, "R3")] == [
        "表三「（一）予以公开」行：总计未填写，自然人与法人或其他组织各项之和为 30（导出时按 30 输出，请填写）。",
        "表三「（二）部分公开（区分处理的，只计这一情形，不计其他情形）」行：总计未填写，自然人与法人或其他组织各项之和为 5"
        "（导出时按 5 输出，请填写）。",
        "表三「1.本机关不掌握相关政府信息」行：总计未填写，自然人与法人或其他组织各项之和为 25（导出时按 25 输出，请填写）。",
        "表三「3.其他」行：总计未填写，自然人与法人或其他组织各项之和为 1（导出时按 1 输出，请填写）。",
    ]
    # The column checks read the blank totals as the sums the export prints: no second error for them.
    assert [f.rule for f in findings if f.rule in ("R1", "R2", "P5")] == []


def test_the_export_prints_the_sum_not_a_contradicting_zero(tmp_path: Path) -> None:
    report = _blank_result_totals()
    assert blank_totals(report) == {
        "t3.open.total": 30,
        "t3.partial.total": 5,
        "t3.unavailable_1.total": 25,
        "t3.other_3.total": 1,
    }
    path = tmp_path / "空总计.docx"
    export_report(report, path)
    back = import_report(path).report
    published = report_from_shared_json(REAL_DIR / "pingtan-2021.json")
    assert {f"t3.{r}.total": back.values[f"t3.{r}.total"] for r in RESULT_ROWS} == {
        f"t3.{r}.total": published.values[f"t3.{r}.total"] for r in RESULT_ROWS
    }
    assert only(evaluate(back), "R3") == []


def test_a_blank_total_of_blank_parts_is_only_blank() -> None:
    report = complete_report(2024)
    del report.values["t3.open.total"]
    assert only(evaluate(report), "R3") == []
    assert blank_totals(report) == {}


def test_r4b_reads_a_blank_previous_count_as_the_printed_zero() -> None:
    report = complete_report(2020)
    del report.values["t2_5.license.prev_items"]
    report.set_value("t2_5.license.change", -8)
    assert [f.message for f in only(evaluate(report), "R4b")] == [
        "表二第二十条第（五）项「行政许可」行：上一年项目数量 0 + 本年增/减 -8 = -8，项目数量不能减为负数。"
    ]


def test_the_export_command_lists_each_filled_total(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from gov_report_desktop.cli import main
    from gov_report_desktop.storage.projectfile import save_report

    source = tmp_path / "空总计.govreport"
    save_report(_blank_result_totals(), source)
    main(["export", str(source), "-o", str(tmp_path / "空总计.docx")])
    err = capsys.readouterr().err
    assert "「（一）予以公开」行：总计未填写，自然人与法人或其他组织各项之和为 30（导出时按 30 输出，请填写）" in err
    assert err.count("导出时按") == 4
