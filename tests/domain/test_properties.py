"""Property tests: derived totals always satisfy R2, R3, R5; breaking one stored total breaks its rule."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gov_report_desktop.domain.editions import EDITIONS, Edition, ValueKind
from gov_report_desktop.domain.editions.common import is_result_row
from gov_report_desktop.domain.model import Report
from gov_report_desktop.domain.rules import evaluate
from gov_report_desktop.domain.values import CellValue, Money

ARITHMETIC = {"R2", "R3", "R5"}


def _leaf_value(edition: Edition, cell_id: str) -> st.SearchStrategy[CellValue]:
    column = edition.cell(cell_id).column
    if column.kind is ValueKind.MONEY:
        amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
        units = st.just(column.unit) if column.unit else st.sampled_from(["", "元", "万元"])
        return st.builds(lambda a, u: Money(amount=Decimal(a), unit=u), amounts, units)
    if column.kind is ValueKind.SIGNED:
        return st.integers(min_value=-10_000, max_value=10_000)
    return st.integers(min_value=0, max_value=5_000)


@st.composite
def filled_reports(draw: st.DrawFn) -> Report:
    edition = draw(st.sampled_from(list(EDITIONS.values())))
    year = draw(st.integers(min_value=2019, max_value=2030))
    report = Report.new(year, "某局", edition.key)
    for ref in edition.all_cells():
        if ref.cell_id not in edition.derived_cells:
            report.values[ref.cell_id] = draw(_leaf_value(edition, ref.cell_id))
    report.derive_totals()
    return report


@settings(max_examples=40, deadline=None)
@given(filled_reports())
def test_derived_totals_pass_r2_r3_r5(report: Report) -> None:
    assert [f for f in evaluate(report) if f.rule in ARITHMETIC] == []
    assert all(cell in report.values for cell in report.edition.derived_cells)


def _expected_rule(cell_id: str) -> set[str]:
    table, row, column = cell_id.split(".")
    if table == "t4":
        return {"R5"}
    rules = {"R3"}  # every stored total of 表三 is a row total or a part of the （七）总计 row
    if row == "result_total" or (column == "total" and is_result_row(row)):
        # A result row's 总计 is also a part of the 总计 column's （七）总计.
        rules.add("R2")
    return rules


@settings(max_examples=50, deadline=None)
@given(filled_reports(), st.data())
def test_changing_one_stored_total_breaks_exactly_its_rules(report: Report, data: st.DataObject) -> None:
    derived = sorted(report.edition.derived_cells)
    target = data.draw(st.sampled_from(derived))
    current = report.values[target]
    assert isinstance(current, int)
    report.values[target] = current + data.draw(st.integers(min_value=1, max_value=50))
    broken = {f.rule for f in evaluate(report) if f.rule in ARITHMETIC and target in f.cells}
    assert broken == _expected_rule(target)
    # Nothing else of R2/R3/R5 fires on cells that were not touched.
    assert all(target in f.cells for f in evaluate(report) if f.rule in ARITHMETIC)


@settings(max_examples=25, deadline=None)
@given(filled_reports(), st.data())
def test_set_value_keeps_totals_consistent_while_editing(report: Report, data: st.DataObject) -> None:
    leaves = [r.cell_id for r in report.edition.all_cells() if r.cell_id not in report.edition.derived_cells]
    for _ in range(5):
        cell = data.draw(st.sampled_from(leaves))
        report.set_value(cell, data.draw(st.none() | _leaf_value(report.edition, cell)))
    assert [f for f in evaluate(report) if f.rule in ARITHMETIC] == []
