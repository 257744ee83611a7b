"""Small reports for rule tests: complete, consistent, and easy to break one cell at a time."""

from __future__ import annotations

from decimal import Decimal

from gov_report_desktop.domain.editions import SectionKey, ValueKind, get_edition
from gov_report_desktop.domain.model import Report
from gov_report_desktop.domain.values import Money

PROBLEMS = "一是信息公开的及时性有待提高。二是政策解读形式较为单一。下一步将加强培训，丰富解读形式。"
OTHER_2021 = "本年度未收取信息处理费。"


def complete_report(year: int = 2024, edition: str | None = None) -> Report:
    """Every leaf cell filled with 0, totals derived, prose that passes the text rules."""
    report = Report.new(year, "某某市某某局", edition)
    for ref in report.edition.all_cells():
        if ref.cell_id in report.edition.derived_cells:
            continue
        value = Money(amount=Decimal(0), unit=ref.column.unit or "元") if ref.kind is ValueKind.MONEY else 0  # type: ignore[arg-type]
        report.set_value(ref.cell_id, value)
    report.set_text(SectionKey.OVERVIEW, f"{year}年，本局认真贯彻《条例》，扎实推进政务公开工作。")
    report.set_text(SectionKey.PROBLEMS, PROBLEMS)
    report.set_text(SectionKey.OTHER, OTHER_2021)
    return report


def requests(report: Report, **cells: int) -> Report:
    """Set 表三 cells by `row__column` keyword, re-deriving totals as the editor would."""
    for name, value in cells.items():
        row, column = name.split("__")
        report.set_value(f"t3.{row}.{column}", value)
    return report


def edition_of(key: str) -> object:
    return get_edition(key)
