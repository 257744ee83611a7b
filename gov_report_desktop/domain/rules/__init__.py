"""The one rule catalogue: every check the app runs, with stable ids.

`evaluate(report, previous)` runs them all; the UI, the CLI and exports read the same findings.

Only `Finding` and `Severity` are imported with the package; the rules themselves (and their large
regexes) load when first used, so a window can show a report before anything has been checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..editions import SectionKey
from .findings import Finding, Severity

if TYPE_CHECKING:
    from ..model import PreviousYear, Report
    from .catalogue import CATALOGUE, RULES_BY_ID, Rule
    from .catalogue import RuleFunction as RuleFunction
    from .context import RuleContext

_LAZY = {
    "CATALOGUE": "catalogue",
    "RULES_BY_ID": "catalogue",
    "Rule": "catalogue",
    "RuleFunction": "catalogue",
    "RuleContext": "context",
}


_SUBMODULES = {"arithmetic", "catalogue", "context", "numerals", "plausibility", "prose"}


def __getattr__(name: str) -> object:
    """The catalogue's names and the rule modules, imported on first use (PEP 562)."""
    from importlib import import_module

    if name in _LAZY:
        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    if name in _SUBMODULES:
        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def evaluate(report: Report, previous: PreviousYear | None = None, *, quiet_blanks: bool = False) -> list[Finding]:
    """Run every rule; `previous` defaults to the last-year data stored in the report. `quiet_blanks`:
    blank cells are a note per table (a report being filled in), not R6 warnings (one being published)."""
    from .catalogue import CATALOGUE
    from .context import RuleContext

    ctx = RuleContext(report, previous if previous is not None else report.previous, quiet_blanks)
    return [finding for rule in CATALOGUE for finding in rule.check(ctx)]


def count_by_severity(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def previous_from(report: Report) -> PreviousYear:
    """What the year-over-year rules need of a report, to check next year's against it."""
    from ..model import PreviousYear

    return PreviousYear(
        agency=report.meta.agency,
        year=report.meta.year,
        edition=report.meta.edition,
        values=dict(report.values),
        problems=report.texts.get(SectionKey.PROBLEMS, ""),
    )


__all__ = [
    "CATALOGUE",
    "RULES_BY_ID",
    "Finding",
    "Rule",
    "RuleContext",
    "Severity",
    "count_by_severity",
    "evaluate",
    "previous_from",
]
