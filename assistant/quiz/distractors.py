"""Wrong options of the same kind as a fact: other frequencies, categories, roles, terms, nearby thresholds."""

from __future__ import annotations

import re
from collections import defaultdict

from assistant.quiz.facts import CONTRASTS, MODAL_FLIPS, Fact
from assistant.knowledge.chunking import int_to_cn

CATEGORIES = ("正常类", "关注类", "次级类", "可疑类", "损失类")  # ordered by severity
PERIODS = {"月": 12, "季度": 4, "季": 4, "半年": 2, "年": 1}
COUNTS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4}
PAYMENTS = (("贷款人受托支付", "借款人自主支付"), ("受托支付", "自主支付"))
PRINCIPLES = ("真实性原则", "及时性原则", "审慎性原则", "独立性原则")
ROLE_GROUPS = (("董事会", "高级管理层", "监事会", "总行"),
               ("借款人交易对象", "项目发起人", "保证人", "借款人"))
TERM_EXTRA = ("个人贷款", "固定资产贷款", "流动资金贷款", "项目融资")
SYNTHETIC_FACTORS = (0.5, 2, 3, 1.5, 1 / 3)


class DistractorPool:
    """Same-kind values seen in the corpus, used to build wrong options that are never also correct."""

    def __init__(self, facts: list[Fact]) -> None:
        self.numbers: dict[str, set[float]] = defaultdict(set)
        self.terms: set[str] = set(TERM_EXTRA)
        for fact in facts:
            if fact.kind == "number" and fact.number is not None:
                self.numbers[fact.unit].add(fact.number)
            elif fact.kind == "term":
                self.terms.add(fact.value)

    def candidates(self, fact: Fact, clause_facts: list[Fact], *, strict: bool) -> list[str]:
        """Wrong values for `fact`, nearest first; `strict` keeps only those that make the statement false."""
        if fact.kind == "number":  # no value the clause states for the same unit, in any sentence
            return self._numbers(fact, clause_facts, strict)
        # other kinds: nothing already in this statement; the checks also refuse any option whose sentence
        # occurs in the clause, so a value stated elsewhere in the clause for another case stays wrong here
        statement = fact.statement.text + fact.statement.lead + "".join(fact.statement.examples)
        taken = {f.value for f in clause_facts if f.kind == fact.kind and f.statement.index == fact.statement.index}
        values = {"frequency": _frequencies, "category": _categories, "payment": _payments,
                  "role": _roles, "term": self._terms, "principle": lambda f, s: list(PRINCIPLES),
                  "contrast": lambda f, s: [CONTRASTS[f.value]], "modal": lambda f, s: [MODAL_FLIPS[f.value]]}[fact.kind](fact, strict)
        return [v for v in values if v != fact.value and v not in taken and v not in statement]

    def _numbers(self, fact: Fact, clause_facts: list[Fact], strict: bool) -> list[str]:
        stated = {f.number for f in clause_facts if f.kind == "number" and f.unit == fact.unit}
        key = fact.number or 0
        corpus = sorted(self.numbers[fact.unit], key=lambda v: abs(v - key))
        if key <= 10 and key == int(key) and fact.unit != "%":  # small counts: neighbours (四类, 六类), not multiples
            synthetic = [key + step for step in (-1, 1, 2, -2, 3)]
        else:
            synthetic = [_round(key * factor) for factor in SYNTHETIC_FACTORS]
        out: list[str] = []
        for value in corpus + synthetic:
            if value in stated or value <= 0 or (fact.unit == "%" and value >= 100):
                continue
            if strict and (fact.stricter == "none" or
                           not ((value < key) if fact.stricter == "lower" else (value > key))):
                continue
            text = _render_number(fact, value)
            if text and text not in out:
                out.append(text)
        return out

    def _terms(self, fact: Fact, strict: bool) -> list[str]:
        if strict:  # a swapped term gives a nonsense statement, not a useful false one
            return []
        loan = fact.value.endswith(("贷款", "融资"))
        return sorted(t for t in self.terms if t.endswith(("贷款", "融资")) == loan)


def _round(value: float) -> float:
    if value >= 10:
        return float(round(value / 10) * 10 if value < 100 else round(value / 50) * 50)
    return float(max(1, round(value)))


def _render_number(fact: Fact, value: float) -> str:
    if value != int(value) or not 0 < value < 10000:
        return ""
    digits = str(int(value)) if fact.numeral[0].isdigit() else int_to_cn(int(value))
    if digits == "二" and fact.suffix.startswith("个"):
        digits = "两"
    return fact.prefix + digits + fact.suffix


def _frequency_rate(text: str) -> float:
    period = re.search("季度|半年|月|年|季", text)
    count = re.search("([一两二三四])次", text)
    return PERIODS[period.group(0)] * (COUNTS[count.group(1)] if count else 1) if period else 0


def _frequencies(fact: Fact, strict: bool) -> list[str]:
    head = "按" if fact.value.startswith("按") else "每"
    count = re.search("[一两二三四]次", fact.value)
    shapes = [f"{head}{p}{c}" for p in ("月", "季度", "半年", "年")
              for c in ((["一次", "两次"] if count else [""]))]
    key_rate = _frequency_rate(fact.value)
    ranked = sorted(shapes, key=lambda s: abs(_frequency_rate(s) - key_rate))
    if strict and fact.stricter == "higher":
        ranked = [s for s in ranked if _frequency_rate(s) > key_rate]
    return [s for s in ranked if _frequency_rate(s) != key_rate]


def _categories(fact: Fact, strict: bool) -> list[str]:
    """Strict (a surely false statement) only for "至少归为X类" and for a class's own definition ("X类："):
    in "可上调为关注类" a nearer class may be allowed too."""
    index = CATEGORIES.index(fact.value)
    ranked = sorted(CATEGORIES, key=lambda c: abs(CATEGORIES.index(c) - index))
    heading = fact.start == 0 and fact.statement.text[fact.end:fact.end + 1] == "："
    if strict and fact.stricter != "higher" and not heading:
        return []
    if strict and fact.stricter == "higher":
        ranked = [c for c in ranked if CATEGORIES.index(c) > index]
    return ranked


def _payments(fact: Fact, strict: bool) -> list[str]:
    """Swapped payment modes make a useful false statement only where the mode is the rule's choice."""
    if strict and not re.search("采用|采取|通过", fact.statement.text[max(0, fact.start - 3):fact.start]):
        return []
    return [v for pair in PAYMENTS if fact.value in pair for v in pair]


def _roles(fact: Fact, strict: bool) -> list[str]:
    return [v for group in ROLE_GROUPS if fact.value in group for v in group]
