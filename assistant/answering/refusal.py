"""Decide whether the retrieved evidence covers the question well enough to answer from it."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answering.terms import QuestionTerms, coverage, term_found
from assistant.knowledge.types import SearchHit

MIN_CHUNK_COVERAGE = 0.45  # weighted share of key terms the best chunk must contain
MIN_ANCHOR_SHARE = 0.67  # share of the question's specific terms that must appear in the evidence
SEARCH_DEPTH = 5  # how many hits are looked at for the decision


@dataclass
class EvidenceVerdict:
    covered: bool
    reason: str  # why it was refused ("" when covered)
    best_coverage: float = 0.0
    missing_terms: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # titles looked at, best first


def _titles(hits: list[SearchHit]) -> list[str]:
    return list(dict.fromkeys(h.chunk.doc_title for h in hits))


def assess(terms: QuestionTerms, hits: list[SearchHit]) -> EvidenceVerdict:
    """Covered when some chunk shares enough key terms and the question's specific terms all occur."""
    top = hits[:SEARCH_DEPTH]
    if not top or not terms.key:
        return EvidenceVerdict(False, "no_evidence" if not top else "no_terms", documents=_titles(top))
    best = max(coverage(terms, h.chunk.text) for h in top)
    joined = "\n".join(h.chunk.text for h in top)
    missing = [a for a in terms.anchors if not term_found(a, joined, terms.expansions)]
    verdict = EvidenceVerdict(True, "", best, missing, _titles(top))
    if all(h.lexical_score <= 0 for h in top):
        verdict.covered, verdict.reason = False, "no_lexical_match"
    elif terms.anchors and len(missing) / len(terms.anchors) > 1 - MIN_ANCHOR_SHARE:
        verdict.covered, verdict.reason = False, "key_terms_missing"
    elif best < MIN_CHUNK_COVERAGE:
        verdict.covered, verdict.reason = False, "low_coverage"
    return verdict
