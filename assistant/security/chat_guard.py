"""The security walls of ChatService: scoped retrieval, canary in the system prompt, output guard, audit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from assistant.llm import LLMUnavailable
from assistant.answering.types import Answer
from assistant.knowledge.types import SearchHit
from assistant.security.guard import guard_answer, leaks_canary, leaks_system_prompt
from assistant.security.masking import mask_for_scope, mask_text
from assistant.security.scope import Scope
from assistant.security.secrets import prompt_canary

_NUMBERISH = re.compile(r"[\d\s+\-Xx]*\Z")
_NUMBER_CHAR = re.compile(r"[\d\s+\-Xx]")


class CanaryGuardedModel:
    """Wraps a ChatModel: adds the canary to the system prompt and refuses replies that leak it.

    A leaking reply raises LLMUnavailable, so the answer generator falls back to the grounded composer.
    When streaming, a tail of the text is held back until it is known not to start a leak.
    """

    def __init__(self, inner, canary: str) -> None:
        self.inner = inner
        self.canary = canary
        self.hold = 2 * len(canary) + 8

    def _with_canary(self, messages: list[tuple[str, str]]) -> list[tuple[str, str]]:
        from assistant.prompts import render_prompt

        marker = render_prompt("security_canary", canary=self.canary).strip()
        return [(role, f"{text}\n{marker}" if role == "system" else text) for role, text in messages]

    def _leak(self, text: str, messages: list[tuple[str, str]]) -> str:
        system = " ".join(t for r, t in messages if r == "system")
        evidence = [t for r, t in messages if r != "system"]
        if leaks_canary(text, self.canary):
            return "canary"
        if leaks_system_prompt(text, system, evidence):
            return "system_prompt"
        return ""

    def complete(self, messages: list[tuple[str, str]]) -> str:
        guarded = self._with_canary(messages)
        reply = self.inner.complete(guarded)
        reason = self._leak(reply, guarded)
        if reason:
            raise LLMUnavailable(f"output_guard:{reason}")
        return reply

    def stream(self, messages: list[tuple[str, str]]) -> Iterator[str]:
        guarded = self._with_canary(messages)
        text, sent = "", 0
        for piece in self.inner.stream(guarded):
            text += piece
            reason = self._leak(text, guarded)
            if reason:
                raise LLMUnavailable(f"output_guard:{reason}")
            if len(text) - self.hold > sent:
                yield text[sent:len(text) - self.hold]
                sent = len(text) - self.hold
        if sent < len(text):
            yield text[sent:]


class StreamMasker:
    """Masks personal data in streamed pieces and stops at an out-of-scope name.

    A tail of `hold` characters (and any trailing run of digits) is held back until it is known
    not to be the start of a number or a hidden name; after a hidden name nothing more is sent.
    """

    def __init__(self, hidden_names: list[str] = ()) -> None:
        self.hidden = [n for n in hidden_names if len(n) >= 2]
        self.hold = max((len(n) for n in self.hidden), default=0)
        self.text, self.sent, self.stopped = "", 0, False

    def feed(self, piece: str) -> str:
        self.text += piece
        if self.stopped or any(n in self.text for n in self.hidden):
            self.stopped = True
            return ""
        limit = len(self.text) - self.hold
        tail = _NUMBERISH.search(self.text, self.sent)
        cut = min(limit, tail.start() if tail else len(self.text))
        if 0 < cut < len(self.text) and _NUMBER_CHAR.match(self.text, cut):  # never split a number
            cut = max(self.sent, _NUMBERISH.search(self.text, self.sent, cut).start())
        return self._release(cut)

    def flush(self) -> str:
        return "" if self.stopped else self._release(len(self.text))

    def _release(self, cut: int) -> str:
        if cut <= self.sent:
            return ""
        ready, self.sent = self.text[self.sent:cut], cut
        return mask_text(ready)


class ChatGuard:
    """The security walls ChatService uses by default (the AnswerGuard of assistant/answering/guarding.py).

    Scoped retrieval (filters inside the retriever, then a second check of every hit), the canary in
    the system prompt, the output check of final and streamed answers, and one audit entry per question.
    """

    def __init__(self, settings) -> None:
        self.settings = settings
        self.canary = prompt_canary(settings.secret_key)

    def search(self, retriever, query: str, k: int, scope: Scope) -> list[SearchHit]:
        from assistant.security.filters import scoped, visible_hits

        if scope.role != "officer":  # only officers need the database (their own borrowers)
            return visible_hits(retriever.search(query, k=k, filters=scoped(None, scope)), scope)
        with self._session() as session:
            hits = retriever.search(query, k=k, filters=scoped(None, scope, session))
            return visible_hits(hits, scope, session)

    def protect_model(self, model):
        return model if isinstance(model, CanaryGuardedModel) else CanaryGuardedModel(model, self.canary)

    def stream_screen(self, scope: Scope) -> StreamMasker:
        return StreamMasker(self._hidden_names(scope))

    def check(self, answer: Answer, scope: Scope) -> Answer:
        evidence = [c.quote for c in answer.citations]
        hidden = [n for n in self._hidden_names(scope) if not any(n in e for e in evidence)]
        result = guard_answer(answer.answer, scope, evidence=evidence, hidden_names=hidden, canary=self.canary)
        answer.answer = result.text
        # the quotes are shown too: masked like the answer for the caller's role
        answer.citations = [replace(c, quote=mask_for_scope(c.quote, scope, evidence)) for c in answer.citations]
        answer.fallback_reason = mask_text(answer.fallback_reason)  # may quote a number of the reply
        if result.blocked:
            answer.citations, answer.refused = [], True
            answer.fallback_reason = "output_guard:" + ",".join(result.reasons)
        return answer

    def record(self, scope: Scope, question: str, answer: Answer, chunks: list[dict], session) -> None:
        from assistant.security import audit

        detail = {"conversation_id": answer.conversation_id, "backend": answer.backend,
                  "refused": answer.refused, "fallback_reason": answer.fallback_reason, "chunks": chunks,
                  "cited": [c.chunk_id for c in answer.citations],
                  "output_sha256": audit.output_sha256(answer.answer)}
        if answer.standard_answer_id is not None:  # a curated answer served as is (assistant/curation)
            detail["standard_answer_id"] = answer.standard_answer_id
        if answer.records:  # a borrower answer: the record rows it used (borrower_chat.facts.RecordFact.ref)
            detail["records"] = list(dict.fromkeys(f.ref for f in answer.records))
            detail["borrowers"] = list(dict.fromkeys(f.borrower_id for f in answer.records))
        audit.record(session, scope, "question", question[:255], detail)

    def _hidden_names(self, scope: Scope) -> list[str]:
        if scope.all_branches:
            return []
        from assistant.security.filters import hidden_borrower_names

        with self._session() as session:
            return hidden_borrower_names(session, scope)

    def _session(self):
        from assistant.db import session_scope

        return session_scope(self.settings)
