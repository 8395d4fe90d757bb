"""The standard-answer table (schema in migration 0008_curation)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db import Base

ACTIVE, NEEDS_REVIEW, RETIRED = "active", "needs_review", "retired"


class StandardAnswer(Base):
    """A curated answer: the question and its variants, the answer text with [n] markers, and the clauses
    the markers cite (each with the sha256 of the clause text when it was checked)."""

    __tablename__ = "standard_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question: Mapped[str] = mapped_column(Text)
    variants: Mapped[list] = mapped_column(JSON, default=list)
    answer: Mapped[str] = mapped_column(Text)
    citations: Mapped[list] = mapped_column(JSON, default=list)  # [{doc_id, doc_title, article, text_sha256}]
    roles: Mapped[list] = mapped_column(JSON, default=list)  # chat roles it is served to
    branch: Mapped[str] = mapped_column(String(64), default="")  # "" = every branch
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE, index=True)
    review_reason: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(128))
    updated_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
