"""The security seam of ChatService: what it asks of its guard (default: assistant.security.chat_guard)."""

from __future__ import annotations

from typing import Protocol

from assistant.llm import ChatModel
from assistant.answering.types import Answer
from assistant.knowledge.types import Retriever, SearchHit
from assistant.security.scope import Scope


class StreamScreen(Protocol):
    """Screens streamed answer text for one caller; may hold back a tail until it is known to be safe."""

    def feed(self, piece: str) -> str:
        """The part of the text so far that may be sent now ("" while holding back or after a stop)."""

    def flush(self) -> str:
        """What is still held back, once the stream has ended ("" after a stop)."""


class AnswerGuard(Protocol):
    """Extension points of ChatService, called in this order for every question.

    - `search`: every retrieval, narrowed to the caller's scope (case notes: branch, officers' own
      borrowers) inside the retriever and re-checked afterwards.
    - `protect_model`: once, on the LLM (if any): e.g. a canary in the system prompt; a leaking
      reply must raise `LLMUnavailable` so the grounded composer answers instead.
    - `stream_screen`: per streamed answer; ChatService sends only what the screen releases and,
      when that differs from the final checked answer, one `replace` event with the final answer.
    - `check`: the final answer before anyone sees it (leaks blocked, personal data masked).
    - `record`: the audit entry of the question (chunk ids with versions, output hash).
    """

    def search(self, retriever: Retriever, query: str, k: int, scope: Scope) -> list[SearchHit]: ...

    def protect_model(self, model: ChatModel) -> ChatModel: ...

    def stream_screen(self, scope: Scope) -> StreamScreen: ...

    def check(self, answer: Answer, scope: Scope) -> Answer: ...

    def record(self, scope: Scope, question: str, answer: Answer, chunks: list[dict], session) -> None:
        """Add the question's audit entry to `session`, the transaction that also stores the turn."""
