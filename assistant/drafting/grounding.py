"""Grounding check: every number, date, identifier and name in a text must trace to a fact of the draft."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from assistant.drafting.facts import Fact

UNITS = {"亿元": Decimal("100000000"), "亿": Decimal("100000000"), "万元": Decimal("10000"),
         "万": Decimal("10000"), "元": Decimal("1")}
ORIGIN_RANK = {"record": 0, "derived": 1, "context": 2, "rule": 3}
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖董袁潘蒋蔡余杜叶程魏苏吕丁"
            "沈姚卢姜崔钟谭陆汪范廖贾夏韦付邹孟熊秦邱尹薛闫段雷侯陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤")
ROLES = "实际控制人|法定代表人|法人代表|保证人|担保人|客户经理|借款人|股东|负责人|检查人"
DATE = re.compile(r"(\d{4})(?:年|-|/)(\d{1,2})(?:月|-|/)(\d{1,2})日?")
PERIOD = re.compile(r"(\d{4})(?:年|-)(\d{1,2})月?(?![\d日])")
YEAR = re.compile(r"(\d{4})年")
IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*\d[A-Za-z0-9_\-]*")
MONEY = re.compile(r"([+-]?\d+(?:,\d{3})*(?:\.\d+)?)\s*(亿元|万元|元|亿|万)")
PERCENT = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*(%|％|个百分点)")
PLAIN = re.compile(r"[+-]?\d+(?:\.\d+)?")
COMPANY = re.compile(r"[\u4e00-\u9fa5]{2,20}?(?:集团(?:股份)?有限公司|有限责任公司|股份有限公司|有限公司|集团|合作社)")
PERSON = re.compile(rf"(?:{ROLES})[：:为是系]?([{SURNAMES}][\u4e00-\u9fa5]{{1,2}})")


@dataclass(frozen=True)
class Mention:
    """A number, date, identifier or name found in a text."""

    kind: str          # money, percent, number, date, period, year, id, name
    text: str
    value: object = None
    tolerance: Decimal = Decimal("0")


@dataclass
class GroundingResult:
    traced: list[tuple[Mention, Fact | None]] = field(default_factory=list)   # None: a verbatim text
    ungrounded: list[Mention] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.ungrounded

    def problems_zh(self) -> list[str]:
        return [f"「{m.text}」无法对应到记录字段" for m in self.ungrounded]


def _decimal(text: str) -> tuple[Decimal, Decimal]:
    """The number and half a unit of its last printed digit (the rounding a faithful writer may apply)."""
    text = text.replace(",", "")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return Decimal(text), Decimal(5) / (Decimal(10) ** (decimals + 1))


class FactChecker:
    """Compares the mentions in a text with the facts (and verbatim texts such as clause quotes)."""

    def __init__(self, facts: Iterable[Fact], verbatim: Iterable[str] = ()) -> None:
        self.quantities: dict[str, list[tuple[Decimal, Fact]]] = {"money": [], "percent": [], "number": []}
        self.dates: dict[date, Fact] = {}
        self.periods: dict[tuple[int, int], Fact] = {}
        self.masks: set[str] = {v for v in verbatim if v}
        self.ids: set[str] = set()
        self.names: set[str] = set()
        for fact in facts:
            self._add(fact)
        self._masks = sorted(self.masks, key=len, reverse=True)

    def _add(self, fact: Fact) -> None:
        for source in fact.sources:
            self.ids.add(source.record_id)
        if fact.missing:
            self.masks.add(fact.text)
            return
        value = fact.value
        if fact.kind in ("text", "name", "id"):
            self.masks.update(v for v in (str(value), fact.text) if len(v) >= 2)
            self.names.update(part for part in re.split(r"[；;、，,\s]+", str(value)) if part)
        elif fact.kind == "date":
            self.dates[value] = fact
            self.periods.setdefault((value.year, value.month), fact)
        elif fact.kind == "period":
            self.periods[(int(value[:4]), int(value[5:7]))] = fact
        else:
            self._add_quantity(fact, Decimal(value))

    def _add_quantity(self, fact: Fact, value: Decimal) -> None:
        q = self.quantities
        if fact.kind == "amount":
            q["money"].append((value, fact))
            q["number"].append((value / UNITS["万"], fact))
        elif fact.kind == "percent":
            q["percent"] += [(value, fact), (abs(value), fact)]
            q["number"] += [(value * 100, fact), (abs(value) * 100, fact)]
        elif fact.kind == "ratio":
            q["number"].append((value, fact))
            q["percent"].append((value, fact))
        else:
            q["number"].append((value, fact))

    def check(self, text: str) -> GroundingResult:
        result = GroundingResult()
        text = self._names(text, result)
        for mask in self._masks:
            if mask in text:
                text = text.replace(mask, "\u3000")
        for pattern, handler in ((DATE, self._date), (PERIOD, self._period), (YEAR, self._year),
                                 (IDENT, self._ident), (MONEY, self._money), (PERCENT, self._percent),
                                 (PLAIN, self._plain)):
            text = pattern.sub(lambda match: handler(match, result), text)
        return result

    def _record(self, result: GroundingResult, mention: Mention, fact: Fact | None, found: bool) -> str:
        (result.traced.append((mention, fact)) if found else result.ungrounded.append(mention))
        return "\u3000"

    def _names(self, text: str, result: GroundingResult) -> str:
        """Company names and role-introduced person names must be names of the facts (checked before masking)."""
        for match in COMPANY.finditer(text):
            found = any(match.group(0).endswith(name) for name in self.names)
            self._record(result, Mention("name", match.group(0)), None, found)
        for match in PERSON.finditer(text):
            person = match.group(1)
            found = any(person.startswith(name) or name.startswith(person) for name in self.names if len(name) >= 2)
            self._record(result, Mention("name", person), None, found)
        return COMPANY.sub("\u3000", text)

    def _date(self, match: re.Match, result: GroundingResult) -> str:
        try:
            value = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return self._record(result, Mention("date", match.group(0)), None, False)
        fact = self.dates.get(value)
        return self._record(result, Mention("date", match.group(0), value), fact, fact is not None)

    def _period(self, match: re.Match, result: GroundingResult) -> str:
        fact = self.periods.get((int(match.group(1)), int(match.group(2))))
        return self._record(result, Mention("period", match.group(0)), fact, fact is not None)

    def _year(self, match: re.Match, result: GroundingResult) -> str:
        year = int(match.group(1))
        fact = next((f for (y, _), f in self.periods.items() if y == year), None)
        return self._record(result, Mention("year", match.group(0)), fact, fact is not None)

    def _ident(self, match: re.Match, result: GroundingResult) -> str:
        return self._record(result, Mention("id", match.group(0)), None, match.group(0) in self.ids)

    def _quantity(self, kind: str, raw: str, scale: Decimal, text: str, result: GroundingResult) -> str:
        try:
            number, tolerance = _decimal(raw)
        except InvalidOperation:
            return self._record(result, Mention(kind, text), None, False)
        value, tolerance = number * scale, tolerance * abs(scale)
        mention = Mention(kind, text, value, tolerance)
        matches = [f for v, f in self.quantities[kind] if abs(v - value) <= tolerance]
        fact = min(matches, key=lambda f: ORIGIN_RANK[f.origin], default=None)  # a record field before a rule
        return self._record(result, mention, fact, fact is not None)

    def _money(self, match: re.Match, result: GroundingResult) -> str:
        return self._quantity("money", match.group(1), UNITS[match.group(2)], match.group(0), result)

    def _percent(self, match: re.Match, result: GroundingResult) -> str:
        return self._quantity("percent", match.group(1), Decimal("0.01"), match.group(0), result)

    def _plain(self, match: re.Match, result: GroundingResult) -> str:
        return self._quantity("number", match.group(0), Decimal(1), match.group(0), result)


def report_checker(report) -> FactChecker:
    """A checker over every fact of `report`, with its clause labels and quotes as verbatim texts."""
    verbatim = [c.label for c in report.clauses()] + [c.quote for c in report.clauses() if c.quote]
    quote_parts = [line.strip() for c in report.clauses() if c.quote
                   for part in c.quote.split("……") for line in part.splitlines()]
    return FactChecker(report.book.facts, verbatim + quote_parts)
