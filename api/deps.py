"""Services handed to routes through FastAPI Depends: typed aliases, built lazily once per app."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import Depends, Request

from assistant.config import Settings
from assistant.knowledge.types import Retriever
from assistant.security.scope import Scope

T = TypeVar("T")


class Chat(Protocol):
    """What the chat routes need from `assistant.answering.service.ChatService`."""

    def ask(self, question: str, conversation_id: str | None = None, scope: Scope = ...) -> Any: ...

    def stream(self, question: str, conversation_id: str | None = None, scope: Scope = ...) -> Iterator[dict]: ...


class Services:
    """The library objects of one app, each built on first use (never at import or app creation)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._built: dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, name: str, build: Callable[[Settings], T]) -> T:
        with self._lock:
            if name not in self._built:
                self._built[name] = build(self.settings)
            return self._built[name]

    def built(self, name: str) -> Any | None:
        return self._built.get(name)


def _build_retriever(settings: Settings) -> Retriever:
    from assistant.knowledge.retriever import get_retriever

    return get_retriever(settings)


def _build_chat(settings: Settings) -> Chat:
    from assistant.answering.service import ChatService

    return ChatService(settings)


def _build_index(settings: Settings):
    """The retriever's own KnowledgeIndex: one loaded snapshot per worker, refreshed on new commits."""
    from assistant.knowledge.retriever import get_retriever

    return get_retriever(settings).index


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_retriever_dep(request: Request) -> Retriever:
    return get_services(request).get("retriever", _build_retriever)


def get_chat_dep(request: Request) -> Chat:
    return get_services(request).get("chat", _build_chat)


def get_index_dep(request: Request):
    return get_services(request).get("index", _build_index)


def get_scope(request: Request) -> Scope:
    """Whose rights apply to this request: `Authorization: Bearer TOKEN`, else the session cookie
    (state-changing requests must also send X-Requested-With), else - only in development before any
    user exists - the local administrator. Missing or wrong credentials: UserError 401; signed-in users
    are rate-limited per user (429). See api/routers/auth.py and assistant/security/auth.py.
    """
    from api.routers.auth import scope_for_request

    scope = scope_for_request(request)
    request.state.scope = scope  # for audit logging and the error handlers
    return scope


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ServicesDep = Annotated[Services, Depends(get_services)]
RetrieverDep = Annotated[Retriever, Depends(get_retriever_dep)]
ChatDep = Annotated[Chat, Depends(get_chat_dep)]
IndexDep = Annotated[Any, Depends(get_index_dep)]
ScopeDep = Annotated[Scope, Depends(get_scope)]
