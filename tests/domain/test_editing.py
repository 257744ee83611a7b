"""Edits as domain operations: typed text, what a paste would change or break, a change of edition."""

from __future__ import annotations

from gov_report_desktop.domain.editing import PastedText, change_edition, check_paste, parse_for_cell
from gov_report_desktop.domain.editions import get_edition
from gov_report_desktop.storage.projectfile import load_report
from tests.conftest import PUTUO
from tests.domain.factories import complete_report


def row(cells: list[tuple[str | None, str]], row_number: int = 1) -> list[PastedText]:
    return [PastedText(row_number, column, text, cell) for column, (cell, text) in enumerate(cells, start=1)]


def test_typed_text_is_read_for_its_cell_and_errors_name_the_cell() -> None:
    edition = get_edition("2021")
    assert parse_for_cell(edition, "t3.new.natural", "1,234").value == 1234
    assert parse_for_cell(edition, "t3.new.natural", "２").value == 2
    error = parse_for_cell(edition, "t3.new.natural", "-1").error
    assert error is not None
    assert error.startswith("表三")
    assert "自然人" in error


def test_a_good_paste_lists_the_cells_it_sets_and_leaves_the_report_alone() -> None:
    report = complete_report(2024)
    before = report.model_copy(deep=True)
    check = check_paste(report, row([("t3.new.natural", "3"), ("t3.new.commercial", "1,000")]))
    assert check.ok
    assert check.values == {"t3.new.natural": 3, "t3.new.commercial": 1000}
    assert report == before


def test_one_bad_value_or_a_cell_past_the_table_refuses_the_block() -> None:
    report = complete_report(2024)
    check = check_paste(report, row([("t3.new.natural", "3"), ("t3.new.commercial", "abc"), (None, "7")]))
    assert not check.ok
    assert len(check.problems) == 2
    assert "不是数字" in check.problems[0] or "数字" in check.problems[0]
    assert check.problems[1] == "第1行第3列「7」：超出表格范围（粘贴区域比表格大）。"


def test_a_pasted_total_must_match_the_pasted_parts() -> None:
    report = complete_report(2024)
    edition = report.edition
    total = next(c for c in edition.derived_cells if c.startswith("t3.new."))
    parts = [c for c in (f"t3.new.{col.key}" for col in edition.table("t3").columns) if c not in edition.derived_cells]
    cells = [(parts[0], "2"), (total, "5")]
    check = check_paste(report, row(cells))
    assert not check.ok
    assert "粘贴的合计 5 与各项之和 2 不一致" in check.problems[0]
    assert check_paste(report, row([(parts[0], "2"), (total, "2")])).ok


def test_pasting_only_totals_is_refused() -> None:
    report = complete_report(2024)
    total = next(c for c in report.edition.derived_cells if c.startswith("t3.new."))
    check = check_paste(report, row([(total, "0")]))
    assert check.problems == [f"{report.edition.cell(total).describe()}：合计为自动计算，不能直接填写。"]


def test_change_of_edition_carries_shared_cells_and_names_the_rest() -> None:
    report = load_report(PUTUO)  # 2019 edition
    change = change_edition(report, "2021")
    assert change.report.meta.edition == "2021"
    assert change.report.meta.edition_explicit
    assert report.meta.edition == "2019"  # the original is unchanged
    assert change.dropped
    assert all(not get_edition("2021").has_cell(c) for c in change.dropped)
    kept = [c for c in report.values if c not in change.dropped and c not in report.edition.derived_cells]
    assert kept
    assert all(change.report.get(c) == report.get(c) for c in kept)
    assert change.report.texts == report.texts
