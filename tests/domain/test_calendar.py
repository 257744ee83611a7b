from __future__ import annotations

from datetime import date

import pytest

from gov_report_desktop.domain.calendar import (
    DEFAULT_KIND,
    REPORT_KINDS,
    chinese_date,
    days_left_text,
    due_date,
    report_kind,
    report_year_for,
)


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (date(2026, 12, 6), 2026),  # December: this year's report, due next January
        (date(2026, 10, 1), 2026),
        (date(2026, 9, 30), 2025),
        (date(2027, 1, 15), 2026),  # January: last year's report, due this month
        (date(2027, 4, 1), 2026),
    ],
)
def test_the_report_year_of_a_new_report_follows_the_season(today: date, year: int) -> None:
    assert report_year_for(today) == year


def test_due_date_is_31_january_unless_set_locally() -> None:
    assert due_date(2026) == date(2027, 1, 31)
    assert due_date(2026, (1, 15)) == date(2027, 1, 15)


def test_a_local_29_february_falls_on_the_28th_in_other_years() -> None:
    assert due_date(2027, (2, 29)) == date(2028, 2, 29)
    assert due_date(2026, (2, 29)) == date(2027, 2, 28)


def test_report_kinds_carry_the_deadlines_of_the_notices() -> None:
    assert [kind.due for kind in REPORT_KINDS] == [(1, 31), (2, 20), (3, 10), (3, 31)]
    assert report_kind("agency").due_label == "本机关年报：次年1月31日"
    assert report_kind("unknown") is DEFAULT_KIND


@pytest.mark.parametrize(
    ("today", "text"),
    [
        (date(2026, 12, 6), "距报送期限还有 56 天"),
        (date(2027, 1, 30), "距报送期限还有 1 天"),
        (date(2027, 1, 31), "今天是报送期限"),
        (date(2027, 2, 3), "已超过报送期限 3 天"),
        (date(2027, 5, 1), "已超过报送期限 90 天"),
        (date(2027, 5, 2), ""),  # an old report: no count of days since
    ],
)
def test_days_left_is_one_short_line(today: date, text: str) -> None:
    assert days_left_text(date(2027, 1, 31), today) == text
    assert chinese_date(date(2027, 1, 31)) == "2027年1月31日"
