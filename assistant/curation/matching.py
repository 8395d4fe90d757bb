"""Whether an officer's question is one a standard answer was written for.

A question matches a curated question or variant when their words (punctuation, spacing and modal
particles aside) are nearly the same string and they agree on every number and on negation: "逾期60天"
is not "逾期90天", and "不需要" is not "需要"; and on the domain terms they name: "关注类贷款多久检查一次" is
one character from "次级类贷款多久检查一次" but asks about another loan class. Curators widen the reach with variants, not the matcher with
looser thresholds: a curated answer served to the wrong question is worse than the generated one.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from assistant.answering.checks import numbers_of
from assistant.knowledge.lexicon import domain_terms

MATCH_RATIO = 0.86  # set when the matcher was written, before any question was tried on it
_NOT_WORDS = re.compile(r"[^\w]|_")
_PARTICLES = re.compile(r"[呢吗啊呀吧哈嘛哦]+$|^(?:请问|想问一下|想问|问一下|请教一下|请教)")
_NEGATIONS = "不未没无非否免禁勿别"


def normalised(text: str) -> str:
    text = _NOT_WORDS.sub("", text.lower())
    previous = None
    while previous != text:
        previous, text = text, _PARTICLES.sub("", text)
    return text


def _negations(text: str) -> str:
    return "".join(sorted(ch for ch in text if ch in _NEGATIONS))


def _terms(text: str) -> frozenset[str]:
    """The domain terms a phrasing names, a term inside a longer one named not counted twice."""
    found = {term for term in domain_terms() if term in text}
    return frozenset(t for t in found if not any(t != other and t in other for other in found))


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


class Phrasing:
    """One curated question or variant, prepared once."""

    __slots__ = ("text", "numbers", "negations", "terms", "grams")

    def __init__(self, question: str) -> None:
        self.text = normalised(question)
        self.numbers = numbers_of(question)
        self.negations = _negations(self.text)
        self.terms = _terms(self.text)
        self.grams = _bigrams(self.text)


def similarity(asked: Phrasing, curated: Phrasing) -> float:
    """0…1; 0 when numbers, negation or domain terms differ."""
    if not asked.text or not curated.text:
        return 0.0
    if (asked.numbers != curated.numbers or asked.negations != curated.negations
            or asked.terms != curated.terms):
        return 0.0
    if 2 * len(asked.grams & curated.grams) / (len(asked.grams) + len(curated.grams)) < MATCH_RATIO - 0.2:
        return 0.0  # cheap bound first: far-apart strings never reach the ratio
    return SequenceMatcher(None, asked.text, curated.text, autojunk=False).ratio()


def best_match(question: str, phrasings: list[tuple[int, Phrasing]]) -> tuple[int, float] | None:
    """(key, score) of the closest phrasing at or above MATCH_RATIO."""
    asked = Phrasing(question)
    score, key = max(((similarity(asked, phrasing), key) for key, phrasing in phrasings), default=(0.0, -1))
    return (key, score) if score >= MATCH_RATIO else None
