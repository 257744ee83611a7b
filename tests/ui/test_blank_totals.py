"""A published report with blank 总计 cells: the window offers one click, undoable, to fill them."""

from __future__ import annotations

import pytest

from gov_report_desktop.domain.rules import evaluate
from gov_report_desktop.ui.document import ReportDocument
from gov_report_desktop.ui.main_window import MainWindow
from tests.support.shared_reports import REAL_DIR, report_from_shared_json

pytestmark = pytest.mark.skipif(not REAL_DIR.exists(), reason="../shared is not beside the checkout")

ROWS = ("open", "partial", "unavailable_1", "other_3")


def test_blank_totals_are_filled_with_one_click_and_undone(qtbot, window: MainWindow) -> None:
    published = report_from_shared_json(REAL_DIR / "pingtan-2021.json")
    report = published.model_copy(deep=True)
    for row in ROWS:
        del report.values[f"t3.{row}.total"]
    window.set_document(ReportDocument(report))
    window.refresh_panels()
    offer = window.blank_totals
    assert offer.button.isVisibleTo(window)
    assert offer.button.text() == "按各项之和填入空白合计（4 处）"
    assert len([f for f in evaluate(window.document.report) if f.rule == "R3"]) == 4

    offer.button.click()
    values = window.document.report.values
    assert {r: values[f"t3.{r}.total"] for r in ROWS} == {r: published.values[f"t3.{r}.total"] for r in ROWS}
    assert [f for f in window.document.findings if f.rule == "R3"] == []
    assert not offer.button.isVisibleTo(window)
    assert not offer.action.isEnabled()

    window.document.undo_stack.undo()
    window.refresh_panels()
    assert all(f"t3.{r}.total" not in window.document.report.values for r in ROWS)
    assert offer.button.isVisibleTo(window)


def test_no_offer_for_a_report_without_blank_totals(window: MainWindow) -> None:
    window.refresh_panels()
    assert not window.blank_totals.button.isVisibleTo(window)
    assert not window.blank_totals.action.isEnabled()
