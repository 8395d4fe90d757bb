"""Decide whether the retrieved evidence covers the question well enough to answer from it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answering.terms import QuestionTerms, coverage, term_found
from assistant.knowledge.types import SearchHit

MIN_CHUNK_COVERAGE = 0.3  # weighted share of key terms the best chunk must contain
WEAK_COVERAGE = 0.5  # below this, most specific terms must also be present
MAX_MISSING_ANCHORS = 0.6  # share of specific terms that may be absent from weakly matching evidence
SEARCH_DEPTH = 5  # how many hits are looked at for the decision
EXCLUSIONS = ("不含", "不包括", "除外", "不适用", "不属于")  # "本办法…不含信用卡透支业务" excludes, not covers


@dataclass
class EvidenceVerdict:
    covered: bool
    reason: str  # why it was refused ("" when covered)
    best_coverage: float = 0.0
    missing_terms: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # titles looked at, best first


def _titles(hits: list[SearchHit]) -> list[str]:
    return list(dict.fromkeys(h.chunk.doc_title for h in hits))


def _topic_covered(topic: str, terms: QuestionTerms, hits: list[SearchHit]) -> bool:
    """A banking topic outside post-loan rules is covered only by a chunk that names it (not to exclude
    it) and holds every specific term of the question."""
    for hit in hits:
        sentences = [s for s in re.split(r"[。；\n]", hit.chunk.text) if topic in s]
        if not sentences or all(any(x in s for x in EXCLUSIONS) for s in sentences):
            continue
        if all(term_found(a, hit.chunk.text, terms.expansions) for a in terms.anchors):
            return True
    return False


def assess(terms: QuestionTerms, hits: list[SearchHit]) -> EvidenceVerdict:
    """Covered when some chunk shares enough key terms and the question's specific terms all occur."""
    top = hits[:SEARCH_DEPTH]
    if not top or not terms.key:
        return EvidenceVerdict(False, "no_evidence" if not top else "no_terms", documents=_titles(top))
    best = max(coverage(terms, h.chunk.text) for h in top)
    joined = "\n".join(h.chunk.text for h in top)
    missing = [a for a in terms.anchors if not term_found(a, joined, terms.expansions)]
    missing_topics = [t for t in terms.topics if not _topic_covered(t, terms, top)]
    verdict = EvidenceVerdict(True, "", best, missing_topics or missing, _titles(top))
    missing_share = len(missing) / len(terms.anchors) if terms.anchors else 0.0
    if all(h.lexical_score <= 0 for h in top):
        verdict.covered, verdict.reason = False, "no_lexical_match"
    elif missing_topics:
        verdict.covered, verdict.reason = False, "topic_not_covered"
    elif best < MIN_CHUNK_COVERAGE:
        verdict.covered, verdict.reason = False, "low_coverage"
    elif best < WEAK_COVERAGE and len(missing) >= 2 and missing_share > MAX_MISSING_ANCHORS:
        verdict.covered, verdict.reason = False, "key_terms_missing"
    return verdict
