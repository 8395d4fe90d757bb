"""Chinese numerals: 第十一条 ↔ 11, 九十天 → 90, 一万 → 10000 (one implementation for every module)."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
_CN = "零一二三四五六七八九"


def parse_cn(text: str) -> int | None:
    """九十 → 90, 一百零二 → 102, 二百七十 → 270, 一万 → 10000, '12' → 12; None when it is not a numeral."""
    if text.isdigit():
        return int(text)
    if not text:
        return None
    total, section, digit = 0, 0, None
    for char in text:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char in UNITS:
            section += (1 if digit is None else digit) * UNITS[char]
            digit = None
        elif char == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def cn_to_int(numeral: str) -> int:
    """'十一' → 11, '一百零二' → 102, '12' → 12; ValueError on anything else."""
    value = parse_cn(numeral)
    if value is None:
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    return value


def int_to_cn(number: int) -> str:
    """11 → '十一', 102 → '一百零二', 110 → '一百一十', 10 → '十' (1 ≤ number ≤ 9999)."""
    if not 0 < number < 10000:
        raise ValueError(f"out of range: {number}")
    parts, zero = [], False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        parts.append(("" if (unit == 10 and number < 20) else _CN[digit]) + name)
    return "".join(parts)
