"""Acknowledgements that stay true: what a 警告 said when the clerk confirmed it, and whether it still does.

An acknowledgement records the values of the finding's cells and the text its message quoted. When
either has changed since, the confirmation no longer covers the warning: it is shown again, marked
“确认后数据已改变”, with the old note kept for reference. The window and `gov-report check` ask here,
so they agree on every saved file.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import TYPE_CHECKING

from .model import Acknowledgement, Report
from .values import format_value

if TYPE_CHECKING:
    from .rules.findings import Finding

CHANGED_MARK = "确认后数据已改变"
_QUOTED = re.compile(r"“([^”]*)”")


class AckState(Enum):
    NONE = "none"  # never acknowledged
    CURRENT = "current"  # acknowledged, and the data it quoted is unchanged
    CHANGED = "changed"  # acknowledged, but the values or text it quoted have changed since


def _values(report: Report, finding: Finding) -> tuple[tuple[str, str], ...]:
    return tuple((cell_id, format_value(report.values.get(cell_id))) for cell_id in finding.cells)


def _quoted(finding: Finding) -> tuple[str, ...]:
    return tuple(_QUOTED.findall(finding.message))


def acknowledgement_of(report: Report, finding: Finding, note: str) -> Acknowledgement:
    """An acknowledgement of `finding` as the report stands now, with the clerk's note."""
    return Acknowledgement(
        rule=finding.rule,
        cells=finding.cells,
        note=note,
        values=_values(report, finding),
        quoted=_quoted(finding),
        message=finding.message,
    )


def find_acknowledgement(report: Report, finding: Finding) -> Acknowledgement | None:
    return next((a for a in report.acknowledgements if a.key == finding.key), None)


def state_of(report: Report, finding: Finding, acknowledgement: Acknowledgement | None = None) -> AckState:
    acknowledgement = acknowledgement or find_acknowledgement(report, finding)
    if acknowledgement is None:
        return AckState.NONE
    if acknowledgement.values is None:  # saved before acknowledgements recorded what they covered
        return AckState.CURRENT
    if acknowledgement.values != _values(report, finding) or acknowledgement.quoted != _quoted(finding):
        return AckState.CHANGED
    return AckState.CURRENT


def is_acknowledged(report: Report, finding: Finding) -> bool:
    """Acknowledged, and still about the same data (a changed one needs attention again)."""
    return state_of(report, finding) is AckState.CURRENT


def changed_note(acknowledgement: Acknowledgement) -> str:
    """How a changed acknowledgement is shown: the mark, when, and the old note."""
    return f"{CHANGED_MARK}（{acknowledgement.at:%Y-%m-%d %H:%M} 确认时说明：{acknowledgement.note}）"
