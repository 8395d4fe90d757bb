"""GET /api/conversations and /api/conversations/{id}: the caller's own conversations and their messages."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import ScopeDep, SettingsDep, get_services
from assistant.config import Settings
from assistant.security.scope import Scope

router = APIRouter(prefix="/api", tags=["问答"])

MAX_LISTED = 200


def _store(request: Request):
    from assistant.answering.conversations import ConversationStore

    return get_services(request).get("conversations", ConversationStore)


def _owned_conversations(settings: Settings, scope: Scope) -> list[dict]:
    from sqlalchemy import select

    from assistant.answering.models import ConversationRow
    from assistant.db import session_scope

    query = (select(ConversationRow).where(ConversationRow.owner == scope.username)
             .order_by(ConversationRow.created_at.desc()).limit(MAX_LISTED))
    with session_scope(settings) as session:
        rows = session.scalars(query).all()
        return [{"id": r.id, "title": r.title, "created_at": r.created_at.isoformat()} for r in rows]


@router.get("/conversations", summary="我的会话列表（最新在前）")
def list_conversations(settings: SettingsDep, scope: ScopeDep) -> dict:
    return {"conversations": _owned_conversations(settings, scope)}


@router.get("/conversations/{conversation_id}", summary="会话的全部消息")
def show_conversation(conversation_id: str, request: Request, scope: ScopeDep) -> dict:
    store = _store(request)
    row = store.require(conversation_id, scope)  # NotFound (404, 中文) for unknown or foreign ids
    messages: list[dict] = []
    for turn in store.turns(conversation_id, scope):
        messages.append({"role": "user", "content": turn.question})
        messages.append({
            "role": "assistant",
            "content": turn.answer,
            "citations": [c.as_json() for c in turn.citations],
            "records": turn.details.get("record_facts") or [],
            "refused": turn.refused,
        })
    return {"id": row.id, "title": row.title, "created_at": row.created_at.isoformat(), "messages": messages}
