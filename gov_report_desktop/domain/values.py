"""Cell values and the one parser every input path uses (editor, paste, importers).

A cell holds an `int` (counts, 2019's signed 本年增/减), a `Money` (Decimal plus unit) or, for a
value read from a published report that is not a number, `Unreadable` with the original text.
An unfilled cell is simply absent from the report — distinct from 0.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Annotated, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, Strict

from .editions.spec import ColumnSpec, ValueKind

MoneyUnit = Literal["", "元", "万元"]
MAX_MONEY_DECIMALS = 6


class Money(BaseModel):
    """An amount with the unit it was written in ('' when the report did not say)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: Annotated[Decimal, Field(allow_inf_nan=False)]
    unit: MoneyUnit = ""

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


class Unreadable(BaseModel):
    """A published cell that is not a valid number, kept exactly as it was printed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    raw: str


StrictInt = Annotated[int, Strict()]
CellValue = StrictInt | Money | Unreadable
Number = int | Decimal


def numeric(value: CellValue | None) -> Number | None:
    """The number a value stands for, or None when empty or unreadable."""
    if isinstance(value, Money):
        return value.amount
    if isinstance(value, int):
        return value
    return None


def format_value(value: CellValue | None, column: ColumnSpec | None = None) -> str:
    """Display text: as the clerk typed it; money shows its unit unless the header prints it."""
    if value is None:
        return ""
    if isinstance(value, Unreadable):
        return value.raw
    if isinstance(value, Money):
        if column is not None and column.unit and value.unit == column.unit:
            return str(value.amount)
        return str(value)
    return str(value)


@dataclass(frozen=True)
class ParseResult:
    """Either a value (None = the cell is cleared) or a Chinese error saying what is allowed."""

    value: CellValue | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


_SPACES = r"[\s\u3000\u00a0\u200b\ufeff]+"
_THOUSANDS = r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?"
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\uff0d": "-", "\ufe63": "-"})
_INTEGER = r"^[+-]?\d+$"
_DECIMAL = r"^[+-]?(\d+(\.\d*)?|\.\d+)$"
_MONEY_UNIT = r"(万元|元)$"


@cache
def _regex(source: str) -> re.Pattern[str]:
    """Compiled on first use, so importing the model (to open a file) does not compile the parser's patterns."""
    return re.compile(source)


def normalise_number_text(text: str) -> str:
    """Full-width digits and signs to ASCII, spaces removed, thousands separators dropped.

    Only separators in proper 3-digit groups are dropped, so "1,2" stays invalid instead of
    silently becoming 12.
    """
    text = unicodedata.normalize("NFKC", text).translate(_MINUS_SIGNS)
    text = _regex(_SPACES).sub("", text).replace("，", ",")
    match = _regex(_THOUSANDS).match(text)
    if match:
        text = match.group(0).replace(",", "") + text[match.end() :]
    return text


def parse_cell_text(text: str, column: ColumnSpec) -> ParseResult:
    """Parse what the clerk typed or pasted, or what a published report printed, for `column`."""
    cleaned = normalise_number_text(text)
    if cleaned == "":
        return ParseResult(None)
    if column.kind is ValueKind.MONEY:
        return _parse_money(cleaned, column)
    return _parse_integer(cleaned, column)


def _allowed(column: ColumnSpec) -> str:
    if column.kind is ValueKind.SIGNED:
        return "请输入整数（可为负数，如 -3 或 +2）"
    if column.kind is ValueKind.MONEY:
        unit = column.unit or "元或万元"
        return f"请输入不小于0的金额（单位：{unit}，最多{MAX_MONEY_DECIMALS}位小数）"
    return "请输入不小于0的整数"


def _parse_integer(cleaned: str, column: ColumnSpec) -> ParseResult:
    allowed = _allowed(column)
    if _regex(_DECIMAL).match(cleaned) and not _regex(_INTEGER).match(cleaned):
        return ParseResult(error=f"「{column.label}」只能填整数，不能有小数。{allowed}。")
    if not _regex(_INTEGER).match(cleaned):
        return ParseResult(error=f"「{cleaned}」不是数字。{allowed}。")
    if cleaned.startswith("+") and column.kind is not ValueKind.SIGNED:
        cleaned = cleaned[1:]
    if len(cleaned.lstrip("+-0")) > len(str(column.maximum)):  # before int(): 5 000 digits raise there
        return ParseResult(error=f"{_shortened(cleaned)} 超出合理范围（最大 {column.maximum}），请核对。")
    number = int(cleaned)
    if column.kind is ValueKind.COUNT and number < 0:
        return ParseResult(error=f"「{column.label}」不能为负数。{allowed}。")
    if abs(number) > column.maximum:
        return ParseResult(error=f"{number} 超出合理范围（最大 {column.maximum}），请核对。")
    return ParseResult(number)


def _parse_money(cleaned: str, column: ColumnSpec) -> ParseResult:
    allowed = _allowed(column)
    unit_match = _regex(_MONEY_UNIT).search(cleaned)
    unit = unit_match.group(1) if unit_match else ""
    digits = cleaned[: unit_match.start()] if unit_match else cleaned
    if column.unit and unit and unit != column.unit:
        return ParseResult(error=f"本栏单位为{column.unit}，请换算为{column.unit}后填写（不带单位）。")
    if not _regex(_DECIMAL).match(digits) or digits.startswith("+"):
        return ParseResult(error=f"「{cleaned}」不是金额。{allowed}。")
    if len(digits.lstrip("0").split(".")[0]) > len(str(column.maximum)):
        return ParseResult(error=f"{_shortened(digits)} 超出合理范围（最大 {column.maximum}），请核对。")
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        return ParseResult(error=f"「{cleaned}」不是金额。{allowed}。")
    if amount < 0:
        return ParseResult(error=f"金额不能为负数。{allowed}。")
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_MONEY_DECIMALS:
        return ParseResult(error=f"小数位数过多。{allowed}。")
    if amount > column.maximum:
        return ParseResult(error=f"{amount} 超出合理范围（最大 {column.maximum}），请核对。")
    return ParseResult(Money(amount=amount, unit=cast(MoneyUnit, column.unit or unit)))


def _shortened(digits: str) -> str:
    return digits if len(digits) <= 24 else f"{digits[:12]}…（共 {len(digits)} 位）"
