"""Amounts of money in a question and the bands a rule states: 一百五十万 falls in 100万元至300万元（含）.

Rules set duties by amount bands (授信1000万元以上, 20万元以下, 100万元至300万元); an officer asks with the
borrower's own figure. A question's amount is found in a sentence whose band holds it, or which states the
same amount (a case note's 授信1500万元). Bounds are read as written: 以上/以下/以内/不超过/不低于 include the
bound, 超过/高于/低于/不足 do not.
"""

from __future__ import annotations

import re

from assistant.numerals import parse_cn

_NUMBER = r"([0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+)"
_UNIT = r"\s*(亿元|万元|亿|万|元)"
_SCALE = {"亿元": 1e8, "亿": 1e8, "万元": 1e4, "万": 1e4, "元": 1.0}
AMOUNT = re.compile(_NUMBER + _UNIT)
_INCLUDED = r"\s*[（(]含[)）]"
# 100万元至300万元（含）, 100至300万元, 100万元-300万元
_BETWEEN = re.compile(_NUMBER + r"(?:" + _UNIT + r")?(?:" + _INCLUDED + r")?\s*(?:至|到|-|—|~|～)\s*" + _NUMBER + _UNIT)
_ABOVE = re.compile(_NUMBER + _UNIT + r"(?:" + _INCLUDED + r")?\s*(以上)")
_BELOW = re.compile(_NUMBER + _UNIT + r"(?:" + _INCLUDED + r")?\s*(以下|以内)")
_OVER = re.compile(r"(超过|高于|大于|不低于|不少于)\s*" + _NUMBER + _UNIT)
_UNDER = re.compile(r"(低于|不足|小于|少于|不超过|不高于)\s*" + _NUMBER + _UNIT)


def _value(number: str, unit: str) -> float | None:
    if re.search("[一二两三四五六七八九]{2}", number):
        return None  # 三四十万: a rough guess, no amount
    try:
        base = float(number)
    except ValueError:
        parsed = parse_cn(number)
        if parsed is None:
            return None
        base = float(parsed)
    return base * _SCALE[unit]


def question_amounts(question: str) -> list[tuple[str, float]]:
    """(text, yuan) of every amount of money the question states: 一百五十万 → 1 500 000, 1500万 → 15 000 000."""
    found = []
    for match in AMOUNT.finditer(question):
        value = _value(match.group(1), match.group(2))
        if value:
            found.append((match.group(0), value))
    return found


def holds(amount: float, text: str) -> bool:
    """The text states a band holding the amount, or the amount itself (outside any band)."""
    bands: list[tuple[int, int]] = []
    inside = False
    for match in _BETWEEN.finditer(text):
        bands.append(match.span())
        high = _value(match.group(3), match.group(4))
        low = _value(match.group(1), match.group(2) or match.group(4))
        inside |= low is not None and high is not None and low <= amount <= high
    for pattern, at_least in ((_ABOVE, True), (_BELOW, False)):
        for match in pattern.finditer(text):
            bands.append(match.span())
            bound = _value(match.group(1), match.group(2))
            inside |= bound is not None and (amount >= bound if at_least else amount <= bound)
    for pattern, at_least in ((_OVER, True), (_UNDER, False)):
        for match in pattern.finditer(text):
            bands.append(match.span())
            bound = _value(match.group(2), match.group(3))
            if bound is None:
                continue
            inclusive = match.group(1).startswith("不")
            if at_least:
                inside |= amount >= bound if inclusive else amount > bound
            else:
                inside |= amount <= bound if inclusive else amount < bound
    if inside:
        return True
    return any(_value(m.group(1), m.group(2)) == amount for m in AMOUNT.finditer(text)
               if not any(a <= m.start() < b for a, b in bands))
