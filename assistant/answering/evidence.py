"""Sentences of retrieved chunks, scored against the question's key terms (the composer's raw material)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answering.terms import QuestionTerms, has_quantity, term_found
from assistant.knowledge.types import SearchHit

_SENTENCE = re.compile(r"[^。；：！？!?:\n]+[。；：！？!?:]?")
_ITEM = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]")
_ARTICLE_HEAD = re.compile(r"^\s*(?:#+\s*)?(?:第[一二三四五六七八九十百零]+[章节条][\s　]*)+")
_RULE_MARKERS = ("应当", "应", "不得", "须", "必须", "至少", "超过", "以上", "以下", "不超过", "原则上", "可")
_STEP_MARKERS = ("（一）", "（二）", "（三）", "首先", "其次", "然后", "最后", "第一", "第二")


@dataclass(frozen=True)
class Sentence:
    """A verbatim span of one chunk's text."""

    hit_rank: int  # rank of the hit it comes from (0 = best)
    start: int
    end: int
    text: str
    score: float = 0.0
    coverage: float = 0.0
    intro: tuple[int, int] | None = None  # the "…下列情形之一的：" sentence a list item belongs to

    @property
    def states_rule(self) -> bool:
        return any(m in self.text for m in _RULE_MARKERS) or has_quantity(self.text)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of a text, trimmed, headings and tiny fragments left out."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start] in " \t\u3000#":
            start += 1
        while end > start and text[end - 1] in " \t\u3000":
            end -= 1
        head = _ARTICLE_HEAD.match(text, start, end)
        if head and head.end() < end:
            start = head.end()
        if end - start >= 6:
            spans.append((start, end))
    return spans


def score_sentence(text: str, terms: QuestionTerms) -> tuple[float, float]:
    """(score, coverage): key-term overlap first, then quantities, rules and steps as tie-breakers."""
    total = sum(terms.key.values()) or 1.0
    covered = sum(w * term_found(t, text, terms.expansions) for t, w in terms.key.items()) / total
    score = covered
    if terms.wants_quantity and has_quantity(text):
        score += 0.35
    if any(m in text for m in _RULE_MARKERS):
        score += 0.1
    if any(text.lstrip().startswith(m) for m in _STEP_MARKERS):
        score += 0.05
    return score, covered


def _intro_of(text: str, spans: list[tuple[int, int]], index: int) -> tuple[int, int] | None:
    """For a list item （一）…, the nearest earlier sentence ending with a colon."""
    if not _ITEM.match(text, spans[index][0]):
        return None
    for start, end in reversed(spans[:index]):
        if text[end - 1] in "：:":
            return (start, end)
        if not _ITEM.match(text, start):
            return None
    return None


def candidate_sentences(hits: list[SearchHit], terms: QuestionTerms, top_hits: int = 5) -> list[Sentence]:
    """Scored sentences of the best hits, best first; list items are scored with their intro sentence."""
    out = []
    for rank, hit in enumerate(hits[:top_hits]):
        text = hit.chunk.text
        spans = split_sentences(text)
        for index, (start, end) in enumerate(spans):
            intro = _intro_of(text, spans, index)
            context = (text[intro[0]:intro[1]] if intro else "") + text[start:end]
            score, covered = score_sentence(context, terms)
            if text[end - 1] in "：:":
                score -= 0.2  # an intro alone does not answer; its items do
            out.append(Sentence(rank, start, end, text[start:end], score - 0.08 * rank, covered, intro))
    return sorted(out, key=lambda s: (-s.score, s.hit_rank, s.start))
