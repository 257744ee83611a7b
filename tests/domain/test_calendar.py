from __future__ import annotations

from datetime import date

import pytest

from gov_report_desktop.domain.calendar import due_date, report_year_for


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
