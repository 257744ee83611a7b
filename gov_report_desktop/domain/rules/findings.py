"""What a rule reports: a finding with a stable rule id, a severity, the cells and a message."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from ..editions import SectionKey


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def rank(self) -> int:
        return _RANKS[self]


_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
_RANKS = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    cells: tuple[str, ...]
    message: str
    section: SectionKey | None = None
    # Where choosing the finding goes when it marks no cell (the quiet blank-cells note: its table's first
    # blank cell), so the clerk lands where to type without every blank cell being outlined.
    focus: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        """What an acknowledgement refers to: the rule and the cells (not the wording)."""
        return (self.rule, self.cells)

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "cells": list(self.cells),
            "message": self.message,
        }


def fmt(number: int | Decimal) -> str:
    return shown_number(number)


def difference(a: int | Decimal, b: int | Decimal) -> str:
    return shown_number(a - b if a >= b else b - a)


def shown_number(number: int | Decimal) -> str:
    """A number for a message; one of absurd length (a hand-edited file) is shortened."""
    if type(number) is int and -(10**24) < number < 10**24:  # the common case, without the checks below
        return str(number)
    try:
        text = str(number)
    except ValueError:  # more digits than Python converts
        return "（位数过多的数字）"
    return text if len(text) <= 24 else f"{text[:12]}…（共 {len(text)} 位）"
