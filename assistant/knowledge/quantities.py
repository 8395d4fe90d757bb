"""Amounts in a question and the bands a rule states: 一百五十万 falls in 100万元至300万元（含）, 逾期二十来天 in
逾期16至30天.

Rules set duties by bands of money (授信1000万元以上, 20万元以下), of time (逾期61至90天, 超过90天) and of
shares (抵押率不超过70%: 七成 is 70 %); an officer asks with the borrower's own figure. A question's quantity
is found in a text stating a band of the same dimension that holds it, or stating the very quantity (a case
note's 授信1500万元). Bounds are read as written: 以上/以下/以内/内/不超过/不低于/满/（含） include the bound,
超过/高于/低于/不足/不满/（不含） do not. Time is counted in days (个月 30, 年 365, 半年 182, 半个月 15, 周 7), 半成 is
5 %; a year of the calendar (2024年) and a day of a month (3月20日) are dates, no durations. A text's bands do
not depend on the question: they are read once per text (cached) and a question's figure is only compared with
them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.numerals import parse_cn

# a whole number (1,000 and 1.5 too; not the 20 of 2024) or a Chinese numeral of at most twelve characters
_NUMBER = r"(?<![0-9.,])([0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]{1,12}(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]{1,12})"
_SCALES = {
    "money": {"亿元": 1e8, "亿": 1e8, "万元": 1e4, "万": 1e4, "元": 1.0},
    "days": {"个工作日": 1.0, "工作日": 1.0, "个自然日": 1.0, "天": 1.0, "日": 1.0, "个月": 30.0, "周": 7.0,
             "年": 365.0},
    "share": {"%": 1.0, "％": 1.0, "成": 10.0},
}
_MAX_YEARS = 50  # 2024年 is a date
_MARK = r"(?:\s*[（(](不?含)[)）])?"  # （含） includes the bound, （不含） leaves it out
# comparison words: (word, at least?, inclusive?)
_COMPARE = {"超过": (True, False), "高于": (True, False), "大于": (True, False), "多于": (True, False),
            "满": (True, True), "不低于": (True, True), "不少于": (True, True), "不小于": (True, True),
            "不超过": (False, True), "不高于": (False, True), "不大于": (False, True), "不多于": (False, True),
            "低于": (False, False), "少于": (False, False), "小于": (False, False), "不足": (False, False),
            "不满": (False, False), "未满": (False, False), "不到": (False, False)}
_COMPARE_WORD = "|".join(sorted(_COMPARE, key=len, reverse=True))
# figures of speech, no figures: 千万别 (by all means), 八成要出事 (most likely), 哪一天, 一年做几次
_IDIOMS = {("money", "千万"): re.compile(r"^(?:别|不|要|得|记)"), ("share", "八成"): re.compile(r"^(?:要|会|是|就|得|可能|没|不)"),
           ("share", "九成"): re.compile(r"^(?:要|会|是|就|得|可能|没|不)"),
           ("share", "半成"): re.compile(r"^品")}  # 半成品: semi-finished goods
_NOT_AN_AMOUNT_BEFORE = re.compile(r"[哪第每这那]$")
_COUNT_AFTER = re.compile(r"^(?:[做查去跑来开]?(?:几|多少|一)次|内?几回)")


def _unit(dimension: str) -> str:
    """The unit, and 人民币 after it (五十万元人民币以下)."""
    return r"\s*(" + "|".join(sorted(_SCALES[dimension], key=len, reverse=True)) + ")(?:人民币)?"


@dataclass(frozen=True)
class _Patterns:
    stated: re.Pattern  # 1500万元, 91天
    asked: re.Pattern  # the officer's rough form too: 二十来天, 一个多月, 半年
    between: re.Pattern  # 100万元（不含）至300万元（含）, 16至30天
    side: re.Pattern  # 1000万元以上, 20万元以下, 30日内
    compare: re.Pattern  # 超过90天, 不超过20万元, 满91天


def _patterns(dimension: str) -> _Patterns:
    unit = _unit(dimension)
    return _Patterns(
        stated=re.compile(_NUMBER + unit),
        asked=re.compile(r"(?:" + _NUMBER + r"(?:来|多|余)?|(半))" + unit),
        between=re.compile(_NUMBER + r"(?:" + unit + r")?" + _MARK + r"\s*(?:至|到|-|—|~|～)\s*" + _NUMBER + unit + _MARK),
        side=re.compile(_NUMBER + unit + _MARK + r"\s*(以上|以下|以内|之内|内)"),
        compare=re.compile(r"(" + _COMPARE_WORD + r")\s*" + _NUMBER + unit),
    )


_PATTERNS = {dimension: _patterns(dimension) for dimension in _SCALES}
_ROUGH_MONTHS = re.compile(_NUMBER + r"个(?:多|来)月")


def _value(dimension: str, number: str, unit: str) -> float | None:
    if re.search("[一二两三四五六七八九]{2}", number):
        return None  # 三四十万: a rough guess, no amount
    try:
        base = float(number.replace(",", ""))
    except ValueError:
        parsed = parse_cn(number)
        if parsed is None:
            return None
        base = float(parsed)
    if unit == "年" and base > _MAX_YEARS:
        return None
    return base * _SCALES[dimension][unit]


def _half(dimension: str, unit: str) -> float | None:
    """半年 is 182 days, 半个月 15, 半成 5 %; 半天 (等了半天: a long while) is no amount."""
    return 182.0 if unit == "年" else _SCALES[dimension][unit] / 2 if unit in ("个月", "成") else None


def _a_date(text: str, start: int, unit: str) -> bool:
    """3月20日, 20号: the day of a month, no duration."""
    return unit == "日" and text[max(start - 1, 0):start] == "月"


# the smallest step past an exclusive bound: a day (超过90天 is 91天 on), else a hair
_STEP = {"days": 1.0, "money": 0.01, "share": 0.001}


@dataclass(frozen=True)
class Quantity:
    text: str  # as the question writes it
    dimension: str  # money | days | share
    value: float  # yuan, days or per cent
    # the officer's own bound (超过90天, 一成以上, 不到20万): "above" or "below" the value, which it may
    # include (满, 以上, 不超过) or not (超过, 不到); "" for a figure of its own (逾期二十来天)
    direction: str = ""
    inclusive: bool = True

    @property
    def point(self) -> float:
        """The figure the question's band starts from: 超过90天 starts at 91天, 不到20万 just under 20万."""
        if not self.direction or self.inclusive:
            return self.value
        return self.value + (_STEP[self.dimension] if self.direction == "above" else -_STEP[self.dimension])


@dataclass(frozen=True)
class _Band:
    low: float | None
    high: float | None
    low_included: bool = True
    high_included: bool = True

    def holds(self, value: float) -> bool:
        if self.low is not None and (value < self.low or (value == self.low and not self.low_included)):
            return False
        return self.high is None or value < self.high or (value == self.high and self.high_included)

    def bounds_like(self, quantity: "Quantity") -> bool:
        """An open band on the question's own bound, in its direction (the rule's 超过10% for 占比超过一成 or 一成
        以上): the rule states the very threshold the officer asks about, whichever side owns the bound."""
        if quantity.direction == "above":
            return self.high is None and self.low is not None and abs(self.low - quantity.value) <= _STEP[quantity.dimension]
        if quantity.direction == "below":
            return self.low is None and self.high is not None and abs(self.high - quantity.value) <= _STEP[quantity.dimension]
        return False


_BOUND_BEFORE = re.compile(r"((?:还|尚)?(?:没有|没|未))?(" + _COMPARE_WORD + r")\s*$")
_BOUND_AFTER = re.compile(r"^\s*(?:[（(](不?含)[)）])?\s*及?(以上|以下|以内|之内|内)")


def _bound(before: str, after: str) -> tuple[str, bool]:
    """The bound the question puts on its own figure: 超过 / 不超过 / 满 … before it (negated: 没超过, 还没满), 以上 /
    以下 / 以内 after it."""
    word = _BOUND_BEFORE.search(before)
    if word:
        at_least, inclusive = _COMPARE[word.group(2)]
        if word.group(1):  # 没超过90天 is at most 90, 还没满90天 under it
            at_least, inclusive = not at_least, not inclusive
        return ("above" if at_least else "below"), inclusive
    side = _BOUND_AFTER.match(after)
    if side:
        return ("above" if side.group(2) == "以上" else "below"), side.group(1) != "不含"
    return "", True


def question_quantities(question: str) -> list[Quantity]:
    """Every amount of money, time or share the question states: 一百五十万 → 1 500 000 yuan, 二十来天 → 20
    days, 七成 → 70 %; not a date (3月20日前), nor a figure of speech (千万别, 八成要出事, 哪一天, 一年做几次)."""
    found = []
    for dimension, patterns in _PATTERNS.items():
        for match in patterns.asked.finditer(question):
            number, unit = match.group(1) or "", match.group(3)
            value = _half(dimension, unit) if match.group(2) else _value(dimension, number, unit) if number else None
            before, after = question[:match.start()], question[match.end():]
            idiom = _IDIOMS.get((dimension, match.group(0)))
            if (not value or _a_date(question, match.start(), unit) or (idiom and idiom.match(after))
                    or _NOT_AN_AMOUNT_BEFORE.search(before) or (dimension == "days" and _COUNT_AFTER.match(after))):
                continue
            found.append(Quantity(match.group(0), dimension, value, *_bound(before, after)))
    for match in _ROUGH_MONTHS.finditer(question):  # 一个多月: a month and more
        value = _value("days", match.group(1), "个月")
        if value:
            found.append(Quantity(match.group(0), "days", value))
    return found


@lru_cache(maxsize=8192)
def _read(dimension: str, text: str) -> tuple[tuple[_Band, ...], tuple[float, ...]]:
    """The bands a text states in one dimension, and the figures it states outside them."""
    patterns = _PATTERNS[dimension]
    bands: list[_Band] = []
    spans: list[tuple[int, int]] = []
    for match in patterns.between.finditer(text):
        spans.append(match.span())
        if _a_date(text, match.start(), match.group(2) or match.group(5)):
            continue  # 3月1日至31日
        high = _value(dimension, match.group(4), match.group(5))
        low = _value(dimension, match.group(1), match.group(2) or match.group(5))
        if low is not None and high is not None:
            bands.append(_Band(low, high, match.group(3) != "不含", match.group(6) != "不含"))
    for match in patterns.side.finditer(text):
        spans.append(match.span())
        bound = _value(dimension, match.group(1), match.group(2))
        if bound is None or _a_date(text, match.start(), match.group(2)):
            continue
        included = match.group(3) != "不含"
        bands.append(_Band(bound, None, included) if match.group(4) == "以上" else _Band(None, bound, True, included))
    for match in patterns.compare.finditer(text):
        if any(a <= match.start() < b for a, b in spans):
            continue  # 不超过 is read once, not again as 超过
        spans.append(match.span())
        bound = _value(dimension, match.group(2), match.group(3))
        if bound is None:
            continue
        at_least, inclusive = _COMPARE[match.group(1)]
        bands.append(_Band(bound, None, inclusive) if at_least else _Band(None, bound, True, inclusive))
    stated = tuple(value for m in patterns.stated.finditer(text)
                   if not any(a <= m.start() < b for a, b in spans) and not _a_date(text, m.start(), m.group(2))
                   for value in (_value(dimension, m.group(1), m.group(2)),) if value is not None)
    return tuple(bands), stated


def fit(quantity: Quantity, text: str) -> float:
    """1 when the text states a band of the quantity's dimension holding it, or the quantity itself (outside
    any band); 0.5 when it states only bands that leave it out (8年期想展4年 against 最长不超过3年: the bound
    answers whether); 0 when it states no band of that dimension (a bare 到期前30日 included: dev4 lost two)."""
    bands, stated = _read(quantity.dimension, text)
    if (any(band.holds(quantity.point) or band.bounds_like(quantity) for band in bands)
            or quantity.value in stated):
        return 1.0
    return 0.5 if bands else 0.0


def holds(quantity: Quantity, text: str) -> bool:
    return fit(quantity, text) == 1.0
