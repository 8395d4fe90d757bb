"""Decide whether the retrieved evidence covers the question well enough to answer from it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answering.support import Support, best_support
from assistant.answering.strength import (ContentTerm, CorpusStats, TextStats, content_terms, in_dictionary,
                                          salience, strength)
from assistant.answering.terms import QuestionTerms, coverage, term_found
from assistant.knowledge.types import SearchHit

MIN_STRENGTH = 0.3  # IDF- and salience-weighted share of the question the best chunk must hold
FOCUS_SALIENCE = 0.85  # a question resting on ≤ FOCUS_TERMS words needs its focus word this salient
FOCUS_TERMS = 1
SEARCH_DEPTH = 5  # how many hits are looked at for the decision
EXCLUSIONS = ("不含", "不包括", "除外", "不适用", "不属于")  # "本办法…不含信用卡透支业务" excludes, not covers


@dataclass
class EvidenceVerdict:
    covered: bool
    reason: str  # why it was refused ("" when covered)
    best_coverage: float = 0.0
    missing_terms: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # titles looked at, best first
    strength: float = 0.0
    support: Support | None = None  # the sentence judged to answer the question (or the nearest miss)


_MEASURE = re.compile(r"^(?:比例|期限|金额|利率|费率|费用|额度|年限|标准|上限|下限)")


def measured(term: str, question: str) -> bool:
    """A dictionary word right before the measured noun (首付 in 首付比例最低多少) is what the question is
    about, even when jieba tags it a verb: unknown to the corpus, it cannot be answered from it."""
    if not in_dictionary(term):
        return False
    at = question.find(term)
    return at >= 0 and bool(_MEASURE.match(question[at + len(term):]))


def _titles(hits: list[SearchHit]) -> list[str]:
    return list(dict.fromkeys(h.chunk.doc_title for h in hits))


def _topic_covered(topic: str, terms: QuestionTerms, hits: list[SearchHit]) -> bool:
    """Secondary net (data/banking_topics.txt): a listed banking topic is covered only by a chunk that
    names it (not to exclude it) and holds every specific term of the question."""
    for hit in hits:
        sentences = [s for s in re.split(r"[。；\n]", hit.chunk.text) if topic in s]
        if not sentences or all(any(x in s for x in EXCLUSIONS) for s in sentences):
            continue
        if all(term_found(a, hit.chunk.text, terms.expansions) for a in terms.anchors):
            return True
    return False


def _focus(terms: QuestionTerms, content: list[ContentTerm]) -> ContentTerm | None:
    """The word a question with at most FOCUS_TERMS specific known words hinges on (its rarest thing, else
    its rarest word); None for questions with more."""
    specific = [t for t in content if t.known and terms.key.get(t.term, 0) >= 1.0]
    if not specific or len(specific) > FOCUS_TERMS:
        return None
    things = [t for t in specific if t.thing]
    return max(things or specific, key=lambda t: t.weight)


def assess(terms: QuestionTerms, hits: list[SearchHit], stats: CorpusStats | None = None,
           question: str = "", check_support: bool = True) -> EvidenceVerdict:
    """Covered when the question names nothing the corpus lacks and one chunk carries enough of it.

    `stats` are the index's document frequencies (assistant.answering.strength.stats_for); without
    them strength falls back to plain weighted coverage, salience is measured against the hits, and the
    unknown-thing gate is off. Last, one sentence of the hits must answer the question (support.py); a
    "还有呢" follow-up skips that check (`check_support=False`): the question was already answered and what it
    asks for is further related provisions.
    """
    top = hits[:SEARCH_DEPTH]
    if not top or not terms.key:
        return EvidenceVerdict(False, "no_evidence" if not top else "no_terms", documents=_titles(top))
    corpus_known = stats is not None  # without it, absent from the hits is not absent from the corpus
    stats = stats or TextStats([h.chunk.text for h in top])
    content = content_terms(terms, stats)
    unknown_things = [t.term for t in content if not t.known and (t.thing or measured(t.term, question))
                      ] if corpus_known else []
    best = max(coverage(terms, h.chunk.text) for h in top)
    # no IDF without the corpus: plain weighted coverage stands in for strength
    power = max(strength(content, h.chunk.text, stats) for h in top) if corpus_known else best
    focus = _focus(terms, content)
    verdict = EvidenceVerdict(True, "", best, unknown_things, _titles(top), power)
    if all(h.lexical_score <= 0 for h in top):
        verdict.covered, verdict.reason = False, "no_lexical_match"
    elif unknown_things:
        verdict.covered, verdict.reason = False, "topic_not_in_corpus"
    elif listed := [t for t in terms.topics if not _topic_covered(t, terms, top)]:
        verdict.covered, verdict.reason, verdict.missing_terms = False, "topic_not_covered", listed
    elif power < MIN_STRENGTH:
        verdict.covered, verdict.reason = False, "weak_evidence"
    elif focus and max(salience(focus, h.chunk.text, stats) for h in top) < FOCUS_SALIENCE:
        verdict.covered, verdict.reason = False, "mentioned_in_passing"
        verdict.missing_terms = [focus.term]
    if verdict.covered and check_support:
        verdict.support = best_support(question or " ".join(terms.key), terms, content, top)
        if not verdict.support.answers:
            verdict.covered, verdict.reason = False, "not_answered"
            verdict.missing_terms = verdict.support.missing[:3]
    return verdict
