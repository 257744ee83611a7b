"""The official editions of the report format, and which one a report year uses."""

from __future__ import annotations

from .ed2019 import EDITION_2019
from .ed2021 import EDITION_2021
from .spec import (
    CellRef,
    ColumnSpec,
    Edition,
    RowSpec,
    SectionKey,
    SectionSpec,
    TableSpec,
    TotalSpec,
    ValueKind,
)

EDITIONS: dict[str, Edition] = {e.key: e for e in (EDITION_2019, EDITION_2021)}
FIRST_REPORT_YEAR = 2019  # the first year either edition applies to


def edition_for_year(year: int) -> Edition:
    """≤ 2020 → 2019 edition; ≥ 2021 → 2021 edition (format-spec.md §2.5, R7)."""
    return EDITION_2019 if year <= 2020 else EDITION_2021


def get_edition(key: str) -> Edition:
    try:
        return EDITIONS[key]
    except KeyError:
        raise KeyError(f"未知的格式版本：{key}") from None


__all__ = [
    "EDITIONS",
    "EDITION_2019",
    "EDITION_2021",
    "FIRST_REPORT_YEAR",
    "CellRef",
    "ColumnSpec",
    "Edition",
    "RowSpec",
    "SectionKey",
    "SectionSpec",
    "TableSpec",
    "TotalSpec",
    "ValueKind",
    "edition_for_year",
    "get_edition",
]
