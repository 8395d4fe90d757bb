"""检索测试 (hit test): what the chat would do with a question, laid open for the people who curate the
knowledge base (risk, admin).

It runs the chat's rule steps in the caller's own scope: the standard answer that would be served, the
ranked chunks with their scores and the words each matched, the answer/refuse decision with its signals
and threshold, and the grounded answer or the refusal text, through the same output guard. Nothing is
stored but the audit entry. No LLM is called (the refusal decision is rule-based either way; a configured
model may only reword an answer), and questions naming a borrower, which the chat answers from records,
are tested here as rule questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answering.types import Answer
from assistant.knowledge.types import SearchHit
from assistant.security.scope import Scope

HIT_TEST_ROLES = ("risk", "admin")
MAX_HITS = 30

# Why a question was refused, in the words shown beside the decision (codes from answering/decision.py).
REASON_ZH = {
    "": "证据充分，予以回答",
    "no_evidence": "没有检索到与问题共有词语的条文",
    "not_in_corpus": "问题中的关键词在知识库中没有出现",
    "other_institution": "问题问的是知识库未收录的其他机构的制度",
    "excluded": "所问事项被制度明确排除在适用范围之外",
    "kind_missing": "条文谈到了相关内容，但没有给出所问的那类事实",
    "weak_evidence": "证据不足：最相关的句子只覆盖了问题的一部分",
}


@dataclass
class HitTest:
    question: str
    hits: list[SearchHit]
    used: set[str]  # the chunks the chat composes its answer from (none when a standard answer is served)
    answer: Answer
    probability: float = 0.0
    threshold: float = 0.0
    reason: str = ""
    signals: dict[str, float] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    key_terms: list[str] = field(default_factory=list)
    kind: str = ""
    unanswered: list[str] = field(default_factory=list)  # later questions the answer names as not answered
    standard_answer_id: int | None = None

    def as_json(self) -> dict:
        cited = {c.chunk_id for c in self.answer.citations}
        return {
            "question": self.question,
            "standard_answer_id": self.standard_answer_id,
            "decision": {
                "answer": not self.answer.refused, "probability": round(self.probability, 4),
                "threshold": self.threshold, "reason": self.reason, "reason_zh": REASON_ZH.get(self.reason, self.reason),
                "missing": self.missing, "signals": {k: round(v, 4) for k, v in self.signals.items()},
                "key_terms": self.key_terms, "kind": self.kind, "unanswered": self.unanswered,
            },
            "answer": {"text": self.answer.answer, "refused": self.answer.refused, "backend": self.answer.backend,
                       "citations": [c.as_json() for c in self.answer.citations]},
            "hits": [_hit_json(rank, hit, hit.chunk.chunk_id in self.used, hit.chunk.chunk_id in cited)
                     for rank, hit in enumerate(self.hits, 1)],
        }


def _hit_json(rank: int, hit: SearchHit, used: bool, cited: bool) -> dict:
    chunk = hit.chunk
    return {
        "rank": rank, "chunk_id": chunk.chunk_id, "doc_id": chunk.doc_id, "doc_title": chunk.doc_title,
        "article": chunk.article or chunk.section, "chapter": chunk.chapter, "source_type": chunk.source_type,
        "text": chunk.text, "score": round(hit.score, 4), "lexical_score": round(hit.lexical_score, 4),
        "vector_score": round(hit.vector_score, 4), "matched_terms": list(hit.matched_terms),
        "used": used, "cited": cited,
    }


def run(service, question: str, scope: Scope, k: int = 10) -> HitTest:
    """`service` is the ChatService whose retriever, guard, composer and standard answers are tested."""
    from assistant.answering.input_checks import check_question
    from assistant.answering.service import TOP_K

    text = check_question(question, service.settings.max_question_chars)
    curation = service.curation
    standard = curation.serve(text, scope) if curation is not None else None
    k = max(1, min(k, MAX_HITS))
    found = service.guard.search(service.retriever, text, max(k, TOP_K), scope)  # one search, one generation
    hits, used = found[:k], found[:TOP_K]  # the chat answers from the first TOP_K of the same ranking
    composer = service.generator.composer
    analysis, decision = composer.assess(text, used)
    answer = service.guard.check(standard or composer.compose(text, used), scope)
    return HitTest(text, hits, used=set() if standard else {h.chunk.chunk_id for h in used}, answer=answer,
                   probability=decision.probability, threshold=composer.config.threshold,
                   reason=decision.reason if not decision.answer else "", signals=dict(decision.signals),
                   missing=list(decision.missing), key_terms=list(analysis.key_terms), kind=analysis.kind,
                   unanswered=[] if standard else list(answer.unanswered),
                   standard_answer_id=standard.standard_answer_id if standard else None)
