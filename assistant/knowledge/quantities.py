"""Amounts in a question and the bands a rule states: 一百五十万 falls in 100万元至300万元（含）, 逾期二十来天 in
逾期16至30天.

Rules set duties by bands of money (授信1000万元以上, 20万元以下), of time (逾期61至90天, 超过90天) and of
shares (抵押率不超过70%: 七成 is 70 %); an officer asks with the borrower's own figure. A question's quantity
is found in a text stating a band of the same dimension that holds it, or stating the very quantity (a case
note's 授信1500万元). Bounds are read as written: 以上/以下/以内/内/不超过/不低于/满 include the bound,
超过/高于/低于/不足 do not. Time is counted in days (个月 30, 年 365, 周 7); a four-digit year (2024年) is a
date, no duration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.numerals import parse_cn

_NUMBER = r"([0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+)"
_SCALES = {
    "money": {"亿元": 1e8, "亿": 1e8, "万元": 1e4, "万": 1e4, "元": 1.0},
    "days": {"个工作日": 1.0, "工作日": 1.0, "个自然日": 1.0, "天": 1.0, "日": 1.0, "个月": 30.0, "周": 7.0,
             "年": 365.0},
    "share": {"%": 1.0, "％": 1.0, "成": 10.0},
}
_MAX_YEARS = 50  # 2024年 is a date
_INCLUDED = r"\s*[（(]含[)）]"
_INCLUSIVE = frozenset({"不低于", "不少于", "满", "不超过", "不高于"})  # 超过, 低于, 不足, 未满 leave the bound out


def _unit(dimension: str) -> str:
    """The unit, and 人民币 after it (五十万元人民币以下)."""
    return r"\s*(" + "|".join(sorted(_SCALES[dimension], key=len, reverse=True)) + ")(?:人民币)?"


@dataclass(frozen=True)
class _Patterns:
    stated: re.Pattern  # 1500万元, 91天
    asked: re.Pattern  # the officer's rough form too: 二十来天, 一个多月
    between: re.Pattern  # 100万元至300万元（含）, 16至30天
    above: re.Pattern  # 1000万元以上
    below: re.Pattern  # 20万元以下, 30日内
    over: re.Pattern  # 超过90天, 满91天
    under: re.Pattern  # 不超过20万元


def _patterns(dimension: str) -> _Patterns:
    unit = _unit(dimension)
    bare = r"(?![0-9.])"  # a whole number: not the 20 of 2024
    return _Patterns(
        stated=re.compile(_NUMBER + unit),
        asked=re.compile(_NUMBER + r"(?:来|多|余)?" + unit),
        between=re.compile(_NUMBER + bare + r"(?:" + unit + r")?(?:" + _INCLUDED + r")?\s*(?:至|到|-|—|~|～)\s*"
                           + _NUMBER + unit),
        above=re.compile(_NUMBER + unit + r"(?:" + _INCLUDED + r")?\s*(以上)"),
        below=re.compile(_NUMBER + unit + r"(?:" + _INCLUDED + r")?\s*(以下|以内|之内|内)"),
        over=re.compile(r"(不低于|不少于|(?<![不未])(?:超过|高于|大于|满))\s*" + _NUMBER + unit),
        under=re.compile(r"(不超过|不高于|未满|(?<!不)(?:低于|不足|小于|少于))\s*" + _NUMBER + unit),
    )


_PATTERNS = {dimension: _patterns(dimension) for dimension in _SCALES}
_ROUGH_MONTHS = re.compile(_NUMBER + r"个(?:多|来)月")


def _value(dimension: str, number: str, unit: str) -> float | None:
    if re.search("[一二两三四五六七八九]{2}", number):
        return None  # 三四十万: a rough guess, no amount
    try:
        base = float(number)
    except ValueError:
        parsed = parse_cn(number)
        if parsed is None:
            return None
        base = float(parsed)
    if unit == "年" and base > _MAX_YEARS:
        return None
    return base * _SCALES[dimension][unit]


@dataclass(frozen=True)
class Quantity:
    text: str  # as the question writes it
    dimension: str  # money | days
    value: float  # yuan or days


def question_quantities(question: str) -> list[Quantity]:
    """Every amount of money or time the question states: 一百五十万 → 1 500 000 yuan, 二十来天 → 20 days."""
    found = []
    for dimension, patterns in _PATTERNS.items():
        for match in patterns.asked.finditer(question):
            value = _value(dimension, match.group(1), match.group(2))
            if value:
                found.append(Quantity(match.group(0), dimension, value))
    for match in _ROUGH_MONTHS.finditer(question):  # 一个多月: a month and more
        value = _value("days", match.group(1), "个月")
        if value:
            found.append(Quantity(match.group(0), "days", value))
    return found


def holds(quantity: Quantity, text: str) -> bool:
    return fit(quantity, text) == 1.0


def fit(quantity: Quantity, text: str) -> float:
    """1 when the text states a band of the quantity's dimension holding it, or the quantity itself (outside
    any band); 0.5 when it states only bands that leave it out (8年期想展4年 against 最长不超过3年: the bound
    answers whether); 0 when it states no band of that dimension (a bare 到期前30日 included: dev4 lost two)."""
    patterns, dimension, amount = _PATTERNS[quantity.dimension], quantity.dimension, quantity.value
    bands: list[tuple[int, int]] = []
    inside = False
    for match in patterns.between.finditer(text):
        bands.append(match.span())
        high = _value(dimension, match.group(3), match.group(4))
        low = _value(dimension, match.group(1), match.group(2) or match.group(4))
        inside |= low is not None and high is not None and low <= amount <= high
    for pattern, at_least in ((patterns.above, True), (patterns.below, False)):
        for match in pattern.finditer(text):
            bands.append(match.span())
            bound = _value(dimension, match.group(1), match.group(2))
            inside |= bound is not None and (amount >= bound if at_least else amount <= bound)
    for pattern, at_least in ((patterns.over, True), (patterns.under, False)):
        for match in pattern.finditer(text):
            bands.append(match.span())
            bound = _value(dimension, match.group(2), match.group(3))
            if bound is None:
                continue
            inclusive = match.group(1) in _INCLUSIVE
            if at_least:
                inside |= amount >= bound if inclusive else amount > bound
            else:
                inside |= amount <= bound if inclusive else amount < bound
    stated = [m for m in patterns.stated.finditer(text) if not _a_date(text, m)]
    if inside or any(_value(dimension, m.group(1), m.group(2)) == amount for m in stated
                     if not any(a <= m.start() < b for a, b in bands)):
        return 1.0
    return 0.5 if bands else 0.0


def _a_date(text: str, match: re.Match) -> bool:
    """3月20日: the day of a month, no duration."""
    return match.group(2) == "日" and text[max(match.start() - 1, 0):match.start()] == "月"
