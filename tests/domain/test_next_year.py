"""新建下一年度报告 in the domain: what is carried over, what starts empty, and that nothing is invented."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gov_report_desktop.domain.editions import SectionKey, edition_for_year
from gov_report_desktop.domain.model import Acknowledgement
from gov_report_desktop.domain.next_year import next_year_report
from gov_report_desktop.domain.rules import evaluate
from gov_report_desktop.domain.values import Money, Unreadable
from tests.domain.factories import complete_report

COLUMNS = ("natural", "commercial", "research", "nonprofit", "legal", "other_org")


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2024])  # 2020 → 2021 changes the edition
def test_every_column_of_carry_forward_becomes_carried(year: int) -> None:
    current = complete_report(year)
    for number, column in enumerate(COLUMNS, start=1):
        current.set_value(f"t3.carry_forward.{column}", number * 10)
    new = next_year_report(current)
    assert new.meta.year == year + 1
    assert new.meta.edition == edition_for_year(year + 1).key
    assert not new.meta.edition_explicit
    for column in new.edition.table("t3").columns:
        assert new.get(f"t3.carried.{column.key}") == current.get(f"t3.carry_forward.{column.key}"), column.key
    assert new.get("t3.carried.total") == 210  # derived, as the editor would
    assert not [f for f in evaluate(new) if f.rule == "P1"]  # the year-over-year check agrees


def test_agency_and_opening_paragraph_carried_everything_else_empty() -> None:
    current = complete_report(2023)
    current.meta.preamble = "本报告由某某局编制。联系电话：0517-12345678。"
    current.acknowledgements.append(Acknowledgement(rule="T4", cells=("t3.other.total",), note="已说明"))
    new = next_year_report(current)
    assert new.meta.agency == current.meta.agency
    assert new.meta.preamble == current.meta.preamble
    assert all(text == "" for text in new.texts.values())
    assert set(new.values) <= {c for c in new.values if c.startswith("t3.carried.")}
    assert new.acknowledgements == []
    assert new.structure_notes == []


def test_this_year_is_remembered_for_the_year_over_year_checks() -> None:
    current = complete_report(2022)
    current.set_text(SectionKey.PROBLEMS, "一是人员不足。")
    new = next_year_report(current)
    assert new.previous is not None
    assert new.previous.year == 2022
    assert new.previous.agency == current.meta.agency
    assert new.previous.values == current.values
    assert new.previous.problems == "一是人员不足。"


def test_the_current_report_is_not_changed() -> None:
    current = complete_report(2024)
    current.set_value("t3.carry_forward.natural", 5)
    before = current.model_dump()
    next_year_report(current)
    assert current.model_dump() == before


def test_empty_or_unreadable_carry_forward_is_not_invented() -> None:
    current = complete_report(2024)
    del current.values["t3.carry_forward.research"]  # not filled in
    current.values["t3.carry_forward.legal"] = Unreadable(raw="五")  # printed, not a number (an import)
    current.set_value("t3.carry_forward.natural", 3)
    new = next_year_report(current)
    assert new.get("t3.carried.natural") == 3
    assert new.get("t3.carried.research") is None  # not 0: an empty cell stays empty
    assert new.get("t3.carried.legal") is None
    assert new.previous is not None
    assert new.previous.values["t3.carry_forward.legal"] == Unreadable(raw="五")  # kept for the checks


def test_money_and_other_tables_are_not_carried() -> None:
    current = complete_report(2024)
    current.set_value("t2_8.fees.amount", Money(amount=Decimal("12.5"), unit="万元"))
    new = next_year_report(current)
    assert new.get("t2_8.fees.amount") is None
    assert not [c for c in new.values if not c.startswith("t3.carried.")]


@settings(max_examples=40, deadline=None)
@given(year=st.integers(min_value=2019, max_value=2098), counts=st.lists(st.integers(0, 10**6), min_size=6, max_size=6))
def test_carried_equals_carry_forward_for_any_counts(year: int, counts: list[int]) -> None:
    current = complete_report(year)
    for column, value in zip(COLUMNS, counts, strict=True):
        current.set_value(f"t3.carry_forward.{column}", value)
    new = next_year_report(current)
    assert [new.get(f"t3.carried.{column}") for column in COLUMNS] == counts
    assert new.get("t3.carried.total") == sum(counts)
