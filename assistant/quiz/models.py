"""Question bank, quiz sessions and trainee attempts (tables created by migration 0005_quiz)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db import Base


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class BankItem(Base):
    """One generated question under review; approved ones form the question bank by topic."""

    __tablename__ = "quiz_items"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)  # pending|approved|rejected
    topic: Mapped[str] = mapped_column(String(64), index=True)
    type: Mapped[str] = mapped_column(String(16))
    difficulty: Mapped[str] = mapped_column(String(8), default="中")
    record: Mapped[dict] = mapped_column(JSON)  # QuizItem.as_record(), edits included
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reviewed_by: Mapped[str] = mapped_column(String(128), default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class QuizSession(Base):
    """A quiz a trainer opened for trainees; items are a snapshot so later bank edits do not change it."""

    __tablename__ = "quiz_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    trainer: Mapped[str] = mapped_column(String(128), index=True)
    items: Mapped[list] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | closed
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class QuizAttempt(Base):
    """One trainee's submitted answers and their grading (one attempt per trainee and session)."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (UniqueConstraint("session_id", "trainee", name="uq_quiz_attempt_trainee"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(String(36), ForeignKey("quiz_sessions.id", ondelete="CASCADE"),
                                            index=True)
    trainee: Mapped[str] = mapped_column(String(128))
    answers: Mapped[dict] = mapped_column(JSON)
    results: Mapped[list] = mapped_column(JSON)
    score: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
