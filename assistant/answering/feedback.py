"""Answer feedback (有用 / 有误) from the web page, kept per user and turn for the answer evaluations."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Literal

from sqlalchemy import JSON, DateTime, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from assistant.db import Base
from assistant.errors import NotFound
from assistant.security.scope import Scope

Rating = Literal["useful", "wrong"]


class AnswerFeedback(Base):
    """One user's verdict on one answer (turn) of a conversation; a new verdict replaces the old one."""

    __tablename__ = "answer_feedback"
    __table_args__ = (UniqueConstraint("conversation_id", "turn", "username", name="uq_feedback_turn_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(String(36), index=True)
    turn: Mapped[int] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(128), index=True)
    rating: Mapped[str] = mapped_column(String(16), index=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    question: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    refused: Mapped[int] = mapped_column(Integer, default=0)
    chunk_ids: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # the curators' review of a 有误 verdict (assistant/curation): open, dismissed or converted
    review_status: Mapped[str] = mapped_column(String(16), default="open")
    reviewed_by: Mapped[str] = mapped_column(String(128), default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    review_note: Mapped[str] = mapped_column(Text, default="")
    standard_answer_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    citations: Mapped[list | None] = mapped_column(JSON, nullable=True)  # as shown with the answer


def record_feedback(session: Session, store, scope: Scope, conversation_id: str, turn: int,
                    rating: Rating, comment: str = "") -> AnswerFeedback:
    """Store (or replace) the caller's verdict; the conversation must be theirs and the turn must exist.

    `store` is an `assistant.answering.conversations.ConversationStore` (NotFound for foreign ids).
    """
    turns = store.turns(conversation_id, scope)
    if not 0 <= turn < len(turns):
        raise NotFound(f"会话中没有第 {turn + 1} 条回答。")
    answered = turns[turn]
    row = session.scalars(select(AnswerFeedback).where(
        AnswerFeedback.conversation_id == conversation_id, AnswerFeedback.turn == turn,
        AnswerFeedback.username == scope.username)).first()
    if row is None:
        row = AnswerFeedback(conversation_id=conversation_id, turn=turn, username=scope.username)
        session.add(row)
    row.rating = rating
    row.comment = comment.strip()[:1000]
    row.question = answered.resolved_question or answered.question
    row.answer = answered.answer
    row.refused = int(answered.refused)
    row.chunk_ids = [c.chunk_id for c in answered.citations]
    row.citations = [c.as_json() for c in answered.citations]
    row.created_at = datetime.now(timezone.utc)
    row.review_status, row.reviewed_by, row.reviewed_at, row.review_note = "open", "", None, ""
    session.flush()
    return row


def feedback_rows(session: Session, rating: Rating | None = None) -> list[dict]:
    """Every stored verdict (oldest first), for evaluation runners and exports."""
    query = select(AnswerFeedback).order_by(AnswerFeedback.id)
    if rating:
        query = query.where(AnswerFeedback.rating == rating)
    return [{"conversation_id": r.conversation_id, "turn": r.turn, "username": r.username,
             "rating": r.rating, "comment": r.comment, "question": r.question, "answer": r.answer,
             "refused": bool(r.refused), "chunk_ids": list(r.chunk_ids or []),
             "created_at": r.created_at.isoformat()} for r in session.scalars(query)]
