"""The LLM client shared by answering, drafting, meetings and quizzes: any OpenAI-compatible server
through langchain-openai (vLLM, Ollama, Xinference, hosted Qwen/DeepSeek). Every failure becomes
LLMUnavailable, on which each caller falls back to its grounded, model-free path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from assistant.config import Settings


class LLMUnavailable(RuntimeError):
    """The model server could not be reached, timed out or answered with an error."""


class ChatModel(Protocol):
    """Generates an answer text from chat messages, whole or as a stream of pieces."""

    def complete(self, messages: list[tuple[str, str]]) -> str: ...

    def stream(self, messages: list[tuple[str, str]]) -> Iterator[str]: ...


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
