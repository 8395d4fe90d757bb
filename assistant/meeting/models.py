"""Tables of the post-loan meeting (schema in migration 0004_meeting)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assistant.db import Base


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("branch", "meeting_date", name="uq_meeting_branch_date"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch: Mapped[str] = mapped_column(String(64), index=True)
    meeting_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    chair: Mapped[str] = mapped_column(String(64), default="")
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    reviews: Mapped[list[MeetingReview]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingReview.position")
    attendees: Mapped[list[MeetingAttendee]] = relationship(cascade="all, delete-orphan")
    decisions: Mapped[list[MeetingDecision]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan")


class MeetingReview(Base):
    """One borrower on the agenda and why it must be reviewed."""

    __tablename__ = "meeting_reviews"
    __table_args__ = (UniqueConstraint("meeting_id", "borrower_id", name="uq_review_meeting_borrower"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    borrower_id: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[list] = mapped_column(JSON)

    meeting: Mapped[Meeting] = relationship(back_populates="reviews")


class MeetingAttendee(Base):
    __tablename__ = "meeting_attendees"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(64))
    present: Mapped[bool] = mapped_column(default=True)


class MeetingDecision(Base):
    """A measure decided for one borrower, with who does it by when, and its later follow-up."""

    __tablename__ = "meeting_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    borrower_id: Mapped[str] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    responsible_department: Mapped[str] = mapped_column(String(64))
    responsible_person: Mapped[str] = mapped_column(String(64))
    deadline: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    done_at: Mapped[date | None] = mapped_column(Date, nullable=True)
    follow_up: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    meeting: Mapped[Meeting] = relationship(back_populates="decisions")
