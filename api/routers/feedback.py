"""POST /api/feedback: the caller's verdict (有用 / 有误) on one answer, stored for the evaluations."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from api.deps import ScopeDep, SettingsDep, get_services

router = APIRouter(prefix="/api", tags=["问答"])


class FeedbackRequest(BaseModel):
    conversation_id: str = Field(min_length=1, max_length=64, description="会话编号")
    turn: int = Field(ge=0, le=10_000, description="会话中的第几条回答（从 0 开始）")
    rating: Literal["useful", "wrong"] = Field(description="useful = 有用，wrong = 有误")
    comment: str = Field(default="", max_length=1000, description="补充说明（可选）")


class FeedbackOut(BaseModel):
    conversation_id: str
    turn: int
    rating: str


@router.post("/feedback", summary="对回答的反馈（有用 / 有误）", response_model=FeedbackOut,
             responses={404: {"description": "会话或回答不存在"}})
def post_feedback(body: FeedbackRequest, request: Request, scope: ScopeDep, settings: SettingsDep) -> dict:
    from assistant.answering.conversations import ConversationStore
    from assistant.answering.feedback import record_feedback
    from assistant.db import session_scope

    store = get_services(request).get("conversations", ConversationStore)
    with session_scope(settings) as session:
        row = record_feedback(session, store, scope, body.conversation_id, body.turn, body.rating,
                              body.comment)
        return {"conversation_id": row.conversation_id, "turn": row.turn, "rating": row.rating}
