"""Grounded extractive answers: verbatim evidence sentences, a direct answer first, numbered citations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.answering.evidence import Sentence, candidate_sentences
from assistant.answering.refusal import EvidenceVerdict, assess
from assistant.answering.strength import CorpusStats
from assistant.answering.terms import QuestionTerms, question_terms
from assistant.answering.types import Answer, Citation
from assistant.knowledge.types import SearchHit
from assistant.prompts import render_prompt

MAX_STATEMENTS = 4
MIN_SCORE = 0.3
RELATIVE_SCORE = 0.5  # a point must score at least this share of the best sentence
LEAD_COVERAGE = 0.4


@dataclass(frozen=True)
class Statement:
    number: int
    text: str


class GroundedComposer:
    """Builds answers only from the sentences of the retrieved chunks (no model needed).

    `stats` gives the index's document frequencies for the refusal judgement (None: the hits stand in).
    """

    def __init__(self, stats: Callable[[], CorpusStats | None] | None = None) -> None:
        self.stats = stats

    def assess(self, question: str, hits: list[SearchHit],
               further: bool = False) -> tuple[QuestionTerms, EvidenceVerdict]:
        terms = question_terms(question)
        stats = self.stats() if self.stats and hits else None
        return terms, assess(terms, hits, stats, question, check_support=not further)

    def compose(self, question: str, hits: list[SearchHit], further: bool = False) -> Answer:
        """`further`: more evidence for a question already answered (the sentence-level check is skipped)."""
        terms, verdict = self.assess(question, hits, further)
        if not verdict.covered:
            return self.refuse(question, hits, terms, verdict)
        chosen = self._choose(hits, terms)
        if not chosen:
            verdict.reason = "no_matching_sentence"
            return self.refuse(question, hits, terms, verdict)
        return self._render(question, hits, chosen)

    def refuse(self, question: str, hits: list[SearchHit], terms: QuestionTerms,
               verdict: EvidenceVerdict) -> Answer:
        text = render_prompt(
            "answer_refusal", missing_terms=verdict.missing_terms,
            documents=verdict.documents[:5], terms=list(terms.key) or [question.strip()[:20]])
        return Answer(text.strip(), [], refused=True, resolved_question=question,
                      evidence_ids=[h.chunk.chunk_id for h in hits])

    def _choose(self, hits: list[SearchHit], terms: QuestionTerms) -> list[Sentence]:
        ranked = [s for s in candidate_sentences(hits, terms) if s.coverage > 0]
        if not ranked or ranked[0].score < MIN_SCORE:
            return []
        floor = max(MIN_SCORE, RELATIVE_SCORE * ranked[0].score)
        min_coverage = RELATIVE_SCORE * ranked[0].coverage
        chosen: list[Sentence] = []
        for sentence in ranked:
            if sentence.score < floor or len(chosen) == MAX_STATEMENTS:
                break
            if sentence.coverage < min_coverage or any(
                    sentence.text in c.text or c.text in sentence.text for c in chosen):
                continue
            chosen.append(sentence)
        return chosen

    def _render(self, question: str, hits: list[SearchHit], chosen: list[Sentence]) -> Answer:
        lead_first = chosen[0].states_rule and chosen[0].coverage >= LEAD_COVERAGE
        ordered = chosen[:1] + sorted(chosen[1:], key=lambda s: (s.hit_rank, s.start))
        citations, statements = [], []
        for number, sentence in enumerate(ordered, start=1):
            chunk = hits[sentence.hit_rank].chunk
            start = sentence.intro[0] if sentence.intro else sentence.start
            citations.append(Citation(number, chunk.chunk_id, chunk.doc_title,
                                      chunk.article or chunk.section, chunk.text[start:sentence.end]))
            if sentence.intro and number == 1:
                statements.append(Statement(number, chunk.text[sentence.intro[0]:sentence.intro[1]]))
            statements.append(Statement(number, sentence.text))
        lead, points = (statements[0], statements[1:]) if lead_first else (None, statements)
        text = render_prompt("answer_grounded", lead=lead, points=points).strip()
        return Answer(text, citations, refused=False, resolved_question=question,
                      evidence_ids=[h.chunk.chunk_id for h in hits])
