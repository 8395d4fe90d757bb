"""Answer one standalone question from its hits: LLM when configured (checked), else grounded composer."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.answering.checks import check_answer, citations_for
from assistant.answering.composer import GroundedComposer
from assistant.answering.messages import answer_messages
from assistant.llm import ChatModel, LLMUnavailable
from assistant.answering.types import Answer
from assistant.knowledge.types import SearchHit
from assistant.timing import stage

STREAM_PIECE_CHARS = 8


def pieces(text: str, size: int = STREAM_PIECE_CHARS) -> Iterator[str]:
    for start in range(0, len(text), size):
        yield text[start:start + size]


def answer_event(answer: Answer) -> dict:
    return {**answer.as_json(), "backend": answer.backend}


class AnswerGenerator:
    """Produces an Answer and records which backend made it and why a fallback happened."""

    def __init__(self, composer: GroundedComposer | None = None, model: ChatModel | None = None) -> None:
        self.composer = composer or GroundedComposer()
        self.model = model

    def grounded(self, question: str, hits: list[SearchHit], reason: str = "", further: bool = False) -> Answer:
        with stage("compose"):
            answer = self.composer.compose(question, hits, further)
        answer.backend = "grounded"
        answer.fallback_reason = reason
        return answer

    def _should_use_model(self, question: str, hits: list[SearchHit]) -> bool:
        # The refusal decision stays rule-based: a model is only asked when the evidence covers the question,
        # all of it (a message answered in part is answered from the evidence's own sentences)
        if self.model is None:
            return False
        decision = self.composer.assess(question, hits)[1]
        return decision.answer and not decision.unanswered

    def _checked(self, question: str, hits: list[SearchHit], text: str) -> Answer:
        check = check_answer(text, hits)
        if not check.ok:
            return self.grounded(question, hits, f"citation_check_failed:{check.reason}")
        answer = Answer(text.strip(), citations_for(text, hits, check.cited), refused=False,
                        backend="llm", resolved_question=question,
                        evidence_ids=[h.chunk.chunk_id for h in hits])
        return answer

    def answer(self, question: str, hits: list[SearchHit]) -> Answer:
        if not self._should_use_model(question, hits):
            return self.grounded(question, hits)
        try:
            with stage("llm"):
                text = self.model.complete(answer_messages(question, hits))  # type: ignore[union-attr]
        except LLMUnavailable as exc:
            return self.grounded(question, hits, f"llm_unavailable:{exc}")
        return self._checked(question, hits, text)

    def stream(self, question: str, hits: list[SearchHit]) -> Iterator[dict]:
        """delta events, then (if the check failed) a replace event; the final Answer is returned."""
        if not self._should_use_model(question, hits):
            answer = self.grounded(question, hits)
            yield from ({"type": "delta", "text": p} for p in pieces(answer.answer))
            return answer
        streamed: list[str] = []
        try:
            for piece in self.model.stream(answer_messages(question, hits)):  # type: ignore[union-attr]
                streamed.append(piece)
                yield {"type": "delta", "text": piece}
        except LLMUnavailable as exc:
            answer = self.grounded(question, hits, f"llm_unavailable:{exc}")
        else:
            answer = self._checked(question, hits, "".join(streamed))
        if answer.backend == "grounded":
            if streamed:
                yield {"type": "replace", "reason": answer.fallback_reason, **answer_event(answer)}
            else:
                yield from ({"type": "delta", "text": p} for p in pieces(answer.answer))
        return answer
