from decimal import Decimal

import pytest

from gov_report_desktop.domain.editions import EDITION_2019, EDITION_2021
from gov_report_desktop.domain.values import Money, Unreadable, format_value, numeric, parse_cell_text

COUNT = EDITION_2021.cell("t3.new.natural").column
SIGNED = EDITION_2019.cell("t2_5.license.change").column
MONEY_2019 = EDITION_2019.cell("t2_9.procurement.amount").column
MONEY_2021 = EDITION_2021.cell("t2_8.fees.amount").column
T2_COUNT = EDITION_2021.cell("t2_6.penalty.decisions").column


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6", 6),
        (" 0 ", 0),
        ("０", 0),
        ("１２", 12),
        ("+2", 2),
        ("3,119", 3119),
        ("3，119", 3119),
        ("12\u3000", 12),
        ("\u00a07", 7),
    ],
)
def test_counts_accept_what_clerks_paste(text: str, expected: int) -> None:
    assert parse_cell_text(text, COUNT).value == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "「abc」不是数字。请输入不小于0的整数。"),
        ("-5", "「自然人」不能为负数。请输入不小于0的整数。"),
        ("2.5", "「自然人」只能填整数，不能有小数。请输入不小于0的整数。"),
        ("1,2", "「1,2」不是数字。请输入不小于0的整数。"),
        ("5件", "「5件」不是数字。请输入不小于0的整数。"),
        ("1000000", "1000000 超出合理范围（最大 999999），请核对。"),
    ],
)
def test_counts_refuse_with_a_chinese_message(text: str, message: str) -> None:
    result = parse_cell_text(text, COUNT)
    assert not result.ok
    assert result.value is None
    assert result.error == message


def test_large_table_two_counts_are_plausible() -> None:
    assert parse_cell_text("3,985,758", T2_COUNT).value == 3985758


def test_blank_clears_the_cell() -> None:
    result = parse_cell_text("  ", COUNT)
    assert result.ok
    assert result.value is None


@pytest.mark.parametrize(("text", "expected"), [("-3", -3), ("+2", 2), ("－1", -1), ("−18", -18), ("0", 0)])
def test_signed_change_keeps_its_sign(text: str, expected: int) -> None:
    assert parse_cell_text(text, SIGNED).value == expected


def test_signed_refuses_decimals() -> None:
    assert (
        parse_cell_text("1.5", SIGNED).error
        == "「本年增/减」只能填整数，不能有小数。请输入整数（可为负数，如 -3 或 +2）。"
    )


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("287.54万元", "287.54", "万元"),
        ("251000元", "251000", "元"),
        ("73802895.90元", "73802895.90", "元"),
        ("75,394,432.52 元", "75394432.52", "元"),
        ("96171.6", "96171.6", ""),
    ],
)
def test_money_keeps_decimals_and_unit(text: str, amount: str, unit: str) -> None:
    value = parse_cell_text(text, MONEY_2019).value
    assert value == Money(amount=Decimal(amount), unit=unit)  # type: ignore[arg-type]
    assert str(value) == f"{amount}{unit}"


def test_money_in_a_wan_yuan_column_is_stored_in_wan_yuan() -> None:
    value = parse_cell_text("24252.311082", MONEY_2021).value
    assert value == Money(amount=Decimal("24252.311082"), unit="万元")
    assert format_value(value, MONEY_2021) == "24252.311082"


def test_money_refuses_another_unit_than_the_header_prints() -> None:
    assert parse_cell_text("251000元", MONEY_2021).error == "本栏单位为万元，请换算为万元后填写（不带单位）。"


@pytest.mark.parametrize("text", ["-1", "+5", "abc", "1.2.3", "1.1234567"])
def test_money_refuses_invalid_amounts(text: str) -> None:
    assert not parse_cell_text(text, MONEY_2019).ok


def test_numeric_and_format() -> None:
    assert numeric(5) == 5
    assert numeric(Money(amount=Decimal("1.5"), unit="元")) == Decimal("1.5")
    assert numeric(Unreadable(raw="—")) is None
    assert numeric(None) is None
    assert format_value(Unreadable(raw="—")) == "—"
    assert format_value(None) == ""


def test_a_number_of_thousands_of_digits_is_refused_not_raised() -> None:
    """int() refuses more than 4300 digits with a ValueError; the parser must answer in Chinese first."""
    from gov_report_desktop.domain.editions import get_edition

    column = get_edition("2021").cell("t3.new.natural").column
    result = parse_cell_text("9" * 5001, column)
    assert result.error == f"{'9' * 12}…（共 5001 位） 超出合理范围（最大 {column.maximum}），请核对。"
