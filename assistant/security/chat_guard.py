"""ChatService with the security walls: scoped retrieval, canary in the system prompt, output guard, audit."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.answering.llm import LLMUnavailable
from assistant.answering.service import ChatService
from assistant.answering.types import Answer
from assistant.knowledge.types import SearchHit
from assistant.security.guard import LEAK_REFUSAL_ZH, guard_answer, leaks_canary, leaks_system_prompt
from assistant.security.masking import mask_text
from assistant.security.scope import LOCAL_ADMIN, Scope
from assistant.security.secrets import prompt_canary

_NUMBERISH = re.compile(r"[\d\s+\-Xx]*\Z")


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
        return self._release(cut)

    def flush(self) -> str:
        return "" if self.stopped else self._release(len(self.text))

    def _release(self, cut: int) -> str:
        if cut <= self.sent:
            return ""
        ready, self.sent = self.text[self.sent:cut], cut
        return mask_text(ready)


class GuardedChatService(ChatService):
    """The ChatService the API and CLI should use once users exist (see the security notes)."""

    @property
    def generator(self):
        generator = super().generator
        model = getattr(generator, "model", None)
        if model is not None and not isinstance(model, CanaryGuardedModel):
            generator.model = CanaryGuardedModel(model, prompt_canary(self.settings.secret_key))
        return generator

    def _prepare(self, question, conversation_id, scope):
        request = super()._prepare(question, conversation_id, scope)
        request.scope = scope  # read back in _finish, which is called without the scope
        return request

    def _search(self, query: str, scope: Scope, k: int) -> list[SearchHit]:
        from assistant.db import session_scope
        from assistant.security.filters import scoped, visible_hits

        with session_scope(self.settings) as session:
            filters = scoped(None, scope, session)
            hits = self.retriever.search(query, k=k, filters=filters)
            return visible_hits(hits, scope, session)

    def _finish(self, request, answer: Answer) -> Answer:
        scope = getattr(request, "scope")
        self._guard(answer, scope)
        answer = super()._finish(request, answer)
        self._audit(request, answer, scope)
        return answer

    def _guard(self, answer: Answer, scope: Scope) -> None:
        from assistant.db import session_scope
        from assistant.security.filters import hidden_borrower_names

        evidence = [c.quote for c in answer.citations]
        with session_scope(self.settings) as session:
            hidden = [n for n in hidden_borrower_names(session, scope) if not any(n in e for e in evidence)]
        result = guard_answer(answer.answer, scope, evidence=evidence, hidden_names=hidden,
                              canary=prompt_canary(self.settings.secret_key))
        answer.answer = result.text
        if result.blocked:
            answer.citations, answer.refused = [], True
            answer.fallback_reason = "output_guard:" + ",".join(result.reasons)

    def _audit(self, request, answer: Answer, scope: Scope) -> None:
        from assistant.db import session_scope
        from assistant.security import audit

        detail = {"conversation_id": request.conversation_id, "backend": answer.backend,
                  "refused": answer.refused, "chunks": self._chunk_versions(answer.evidence_ids),
                  "cited": [c.chunk_id for c in answer.citations],
                  "output_sha256": audit.output_sha256(answer.answer)}
        with session_scope(self.settings) as session:
            audit.record(session, scope, "question", request.question[:255], detail)

    def _chunk_versions(self, chunk_ids: list[str]) -> list[dict]:
        lookup = getattr(self.retriever, "chunk", None)
        out = []
        for chunk_id in chunk_ids:
            try:
                chunk = lookup(chunk_id) if lookup else None
            except (KeyError, LookupError):
                chunk = None
            out.append({"chunk_id": chunk_id, "version": getattr(chunk, "version", "") or "",
                        "doc_id": getattr(chunk, "doc_id", "") or ""})
        return out

    def stream(self, question: str, conversation_id: str | None = None,
               scope: Scope = LOCAL_ADMIN) -> Iterator[dict]:
        """As ChatService.stream, but deltas are masked and held back near numbers and hidden names;
        generator `replace` events are withheld and one guarded `replace` precedes `done` if needed."""
        from assistant.db import session_scope
        from assistant.security.filters import hidden_borrower_names

        with session_scope(self.settings) as session:
            masker = StreamMasker(hidden_borrower_names(session, scope))
        shown: list[str] = []
        for event in super().stream(question, conversation_id, scope):
            kind = event.get("type")
            if kind == "delta":
                text = masker.feed(event["text"])
                if text:
                    shown.append(text)
                    yield {**event, "text": text}
                continue
            if kind == "replace":
                masker.stopped = True  # the guarded final answer is sent as one replace before done
                continue
            if kind == "citations":
                rest = masker.flush()
                if rest:
                    shown.append(rest)
                    yield {"type": "delta", "text": rest}
            if kind == "done" and event.get("answer") != "".join(shown):
                yield {**event, "type": "replace", "reason": event.get("fallback_reason") or "output_guard"}
            yield event
