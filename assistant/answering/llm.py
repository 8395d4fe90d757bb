"""LLM answer backend: an OpenAI-compatible server through langchain-openai, prompts from prompts/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from assistant.config import Settings
from assistant.knowledge.types import SearchHit
from assistant.prompts import render_prompt


class LLMUnavailable(RuntimeError):
    """The model server could not be reached, timed out or answered with an error."""


class ChatModel(Protocol):
    """Generates an answer text from chat messages, whole or as a stream of pieces."""

    def complete(self, messages: list[tuple[str, str]]) -> str: ...

    def stream(self, messages: list[tuple[str, str]]) -> Iterator[str]: ...


def answer_messages(question: str, hits: list[SearchHit]) -> list[tuple[str, str]]:
    """System and user messages with the evidence numbered [1]..[n] in the order of `hits`."""
    evidence = [{"doc_title": h.chunk.doc_title, "article": h.chunk.article or h.chunk.section,
                 "text": h.chunk.text} for h in hits]
    system = render_prompt("answer_system", evidence_count=len(hits))
    user = render_prompt("answer_user", evidence=evidence, question=question)
    return [("system", system), ("human", user)]


class OpenAIChatModel:
    """langchain-openai ChatOpenAI against settings.llm_base_url; every failure becomes LLMUnavailable."""

    def __init__(self, settings: Settings) -> None:
        if not settings.llm_base_url:
            raise ValueError("llm_base_url is not configured")
        self.settings = settings
        self._clients: dict[bool, object] = {}

    def _client(self, streaming: bool):
        if streaming not in self._clients:
            try:
                from langchain_openai import ChatOpenAI
            except ImportError as exc:  # pragma: no cover - pinned dependency
                raise LLMUnavailable("安装 langchain-openai 后才能使用大模型后端") from exc
            s = self.settings
            self._clients[streaming] = ChatOpenAI(
                base_url=s.llm_base_url, api_key=s.llm_api_key, model=s.llm_model,
                timeout=s.llm_timeout_s, max_retries=0, temperature=s.llm_temperature,
                streaming=streaming)
        return self._clients[streaming]

    def complete(self, messages: list[tuple[str, str]]) -> str:
        try:
            reply = self._client(False).invoke(messages)
        except Exception as exc:  # openai/httpx errors of every kind mean: fall back
            raise LLMUnavailable(f"{type(exc).__name__}: {exc}") from exc
        return str(reply.content)

    def stream(self, messages: list[tuple[str, str]]) -> Iterator[str]:
        try:
            for piece in self._client(True).stream(messages):
                if piece.content:
                    yield str(piece.content)
        except Exception as exc:
            raise LLMUnavailable(f"{type(exc).__name__}: {exc}") from exc
