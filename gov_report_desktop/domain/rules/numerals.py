"""Numbers as they appear in report prose: 21, 3,119, ２１, 六, 二十一, 一百零五, 两千."""

from __future__ import annotations

import unicodedata

CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMERAL_CHARS = "".join(CHINESE_DIGITS) + "".join(CHINESE_UNITS) + "万"

# A regex fragment matching one number in prose (Arabic with optional separators, or Chinese).
NUMBER_PATTERN = r"(?:\d[\d,，]*\d|\d|[" + CHINESE_NUMERAL_CHARS + r"]+)"


def parse_number(token: str) -> int | None:
    """The integer a prose token stands for, or None when it is not a whole number."""
    token = unicodedata.normalize("NFKC", token).replace(",", "").replace("，", "")
    if token.isdigit():
        return int(token)
    return _parse_chinese(token)


def _parse_chinese(token: str) -> int | None:
    if not token or any(ch not in CHINESE_DIGITS and ch not in CHINESE_UNITS and ch != "万" for ch in token):
        return None
    if "万" in token:
        high, _, low = token.partition("万")
        high_value = _parse_below_10000(high) if high else 1
        low_value = _parse_below_10000(low) if low else 0
        if high_value is None or low_value is None:
            return None
        return high_value * 10000 + low_value
    return _parse_below_10000(token)


def _parse_below_10000(token: str) -> int | None:
    if all(ch in CHINESE_DIGITS for ch in token) and len(token) > 1:
        # Digit-by-digit form: 二〇二〇 → 2020.
        return int("".join(str(CHINESE_DIGITS[ch]) for ch in token))
    total = 0
    pending: int | None = None
    for ch in token:
        if ch in CHINESE_DIGITS:
            if pending is not None and CHINESE_DIGITS[ch] != 0:
                return None  # two digits in a row without a unit: not a numeral we understand
            pending = CHINESE_DIGITS[ch] if CHINESE_DIGITS[ch] != 0 else None
        else:
            unit = CHINESE_UNITS[ch]
            total += (pending if pending is not None else 1) * unit
            pending = None
    return total + (pending or 0)
