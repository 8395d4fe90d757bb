"""Conversations kept in the database (shared by every worker), each visible only to its owner."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import select

from assistant.answering.models import ConversationRow, MessageRow
from assistant.answering.types import Answer, Citation
from assistant.config import Settings, get_settings
from assistant.db import session_scope, write
from assistant.errors import NotFound
from assistant.security.scope import Scope


@dataclass
class Turn:
    """One question and its answer, as stored."""

    question: str
    resolved_question: str
    answer: str
    citations: list[Citation] = field(default_factory=list)
    details: dict = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        return bool(self.details.get("refused"))


def _now() -> datetime:
    return datetime.now(timezone.utc)


class ConversationStore:
    """Create conversations, append turns, read history, always checking the owner."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()

    @staticmethod
    def new_id() -> str:
        return str(uuid.uuid4())

    def create(self, scope: Scope, title: str) -> str:
        conversation_id = self.new_id()
        write(lambda session: self.add(session, conversation_id, scope, title), self.settings)
        return conversation_id

    @staticmethod
    def add(session, conversation_id: str, scope: Scope, title: str) -> None:
        """Add a conversation row to the caller's transaction."""
        session.add(ConversationRow(id=conversation_id, owner=scope.username, created_at=_now(), title=title[:200]))

    def require(self, conversation_id: str, scope: Scope) -> ConversationRow:
        """The conversation, or NotFound when it does not exist or belongs to someone else."""
        with session_scope(self.settings) as session:
            row = session.get(ConversationRow, str(conversation_id))
            if row is None or row.owner != scope.username:
                raise NotFound(f"会话不存在：{conversation_id}")
            return row

    def turns(self, conversation_id: str, scope: Scope) -> list[Turn]:
        self.require(conversation_id, scope)
        with session_scope(self.settings) as session:
            rows = session.scalars(select(MessageRow).where(
                MessageRow.conversation_id == conversation_id).order_by(MessageRow.id)).all()
        return _pair_turns(rows)

    def append(self, conversation_id: str, question: str, answer: Answer, details: dict) -> None:
        write(lambda session: self.add_turn(session, conversation_id, question, answer, details), self.settings)

    @staticmethod
    def add_turn(session, conversation_id: str, question: str, answer: Answer, details: dict) -> None:
        """Add a question and its answer to the caller's transaction."""
        stamp = _now()
        session.add(MessageRow(conversation_id=conversation_id, role="user", content=question,
                               citations=[], resolved_question=answer.resolved_question,
                               details={}, created_at=stamp))
        session.add(MessageRow(conversation_id=conversation_id, role="assistant",
                               content=answer.answer,
                               citations=[c.as_json() for c in answer.citations],
                               resolved_question=answer.resolved_question,
                               details=details, created_at=stamp))


def _pair_turns(rows: list[MessageRow]) -> list[Turn]:
    turns: list[Turn] = []
    question = ""
    for row in rows:
        if row.role == "user":
            question = row.content
            continue
        citations = [Citation(**c) for c in row.citations or []]
        turns.append(Turn(question, row.resolved_question, row.content, citations, row.details or {}))
    return turns
