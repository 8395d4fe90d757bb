"""Standard answers (标准问答): the risk department's curated answers, served before retrieval, and the
review queue of answers officers marked 有误.

Saving checks every sentence against the clauses it cites (checks.py) and stores each clause's
fingerprint; serving re-reads the clause from the live index, and an answer whose clause a later ingest
changed, removed or superseded is marked needs_review and not served. Every change is audited.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.answering.types import Answer, Citation
from assistant.curation.checks import Reference, checked_clauses
from assistant.curation.clauses import change_of, current_clause
from assistant.curation.matching import Phrasing, best_match
from assistant.curation.models import ACTIVE, NEEDS_REVIEW, RETIRED, StandardAnswer
from assistant.db import session_scope, write
from assistant.errors import Forbidden, NotFound, UserError
from assistant.security import audit
from assistant.security.scope import Scope

CURATORS = ("risk", "admin")
CHAT_ROLES = ("officer", "head", "risk", "trainer", "admin")
MAX_QUESTION_CHARS = 200
MAX_VARIANTS = 20


def require_curator(scope: Scope) -> None:
    if scope.role not in CURATORS:
        raise Forbidden("只有风险管理部门（风险经理或管理员）可以维护标准问答。")


@dataclass(frozen=True)
class Draft:
    """What a curator submits."""

    question: str
    answer: str
    references: list[Reference]
    variants: list[str] | None = None
    roles: list[str] | None = None
    branch: str = ""


def _phrasings(question: str, variants: list[str] | None) -> tuple[str, list[str]]:
    question = " ".join(question.split())
    if not question:
        raise UserError("标准问题不能为空。")
    kept: list[str] = []
    for variant in variants or []:
        variant = " ".join(str(variant).split())
        if variant and variant != question and variant not in kept:
            kept.append(variant)
    if len(kept) > MAX_VARIANTS:
        raise UserError(f"同义问法最多 {MAX_VARIANTS} 条。")
    for text in (question, *kept):
        if len(text) > MAX_QUESTION_CHARS:
            raise UserError(f"问题或问法最多 {MAX_QUESTION_CHARS} 字：“{text[:20]}…”")
    return question, kept


def _roles(roles: list[str] | None) -> list[str]:
    roles = list(dict.fromkeys(roles or CHAT_ROLES))
    unknown = [r for r in roles if r not in CHAT_ROLES]
    if unknown:
        raise UserError(f"未知角色：{unknown[0]}（可选：{'、'.join(CHAT_ROLES)}）")
    return roles


def as_json(row: StandardAnswer) -> dict:
    return {"id": row.id, "question": row.question, "variants": list(row.variants or []), "answer": row.answer,
            "citations": [dict(c, number=n) for n, c in enumerate(row.citations or [], 1)],
            "roles": list(row.roles or []), "branch": row.branch, "status": row.status,
            "review_reason": row.review_reason, "created_by": row.created_by, "updated_by": row.updated_by,
            "created_at": row.created_at.isoformat(), "updated_at": row.updated_at.isoformat()}


class Curation:
    """Standard answers over one knowledge index and the records database."""

    def __init__(self, settings, index) -> None:
        self.settings = settings
        self._index = index  # a KnowledgeIndex, or a callable giving it (the chat's lazy retriever)
        self._cache: tuple[object, list] | None = None  # (version, active rows prepared for matching)
        self._lock = threading.Lock()

    @property
    def index(self):
        return self._index() if callable(self._index) else self._index

    # -- curating ---------------------------------------------------------------------------------

    def save(self, scope: Scope, draft: Draft, answer_id: int | None = None,
             from_feedback: int | None = None) -> dict:
        require_curator(scope)
        question, variants = _phrasings(draft.question, draft.variants)
        roles = _roles(draft.roles)
        branch = draft.branch.strip()
        clauses = checked_clauses(self.index, draft.answer, draft.references, branch=branch)
        now = datetime.now(timezone.utc)

        def work(session: Session) -> dict:
            if answer_id is None:
                row = StandardAnswer(created_by=scope.username, created_at=now)
                session.add(row)
            else:
                row = self._row(session, answer_id)
            row.question, row.variants, row.answer = question, variants, draft.answer.strip()
            row.citations = [c.stored() for c in clauses]
            row.roles, row.branch, row.status, row.review_reason = roles, branch, ACTIVE, ""
            row.updated_by, row.updated_at = scope.username, now
            session.flush()
            if from_feedback is not None:
                self._close_feedback(session, scope, from_feedback, "converted", row.id)
            audit.record(session, scope, "curation", f"standard_answer:{row.id}",
                         {"op": "create" if answer_id is None else "update", "question": question,
                          "citations": row.citations, "feedback_id": from_feedback})
            return as_json(row)

        saved = write(work, self.settings)
        self._cache = None
        return saved

    def retire(self, scope: Scope, answer_id: int) -> dict:
        require_curator(scope)

        def work(session: Session) -> dict:
            row = self._row(session, answer_id)
            row.status, row.updated_by, row.updated_at = RETIRED, scope.username, datetime.now(timezone.utc)
            audit.record(session, scope, "curation", f"standard_answer:{row.id}",
                         {"op": "retire", "question": row.question})
            return as_json(row)

        retired = write(work, self.settings)
        self._cache = None
        return retired

    def listing(self, scope: Scope, status: str | None = None) -> list[dict]:
        """Every standard answer (retired ones only when asked for), with stale ones marked needs_review."""
        require_curator(scope)
        self.review_stale()
        with session_scope(self.settings) as session:
            query = select(StandardAnswer).order_by(StandardAnswer.id)
            query = query.where(StandardAnswer.status == status) if status else query.where(
                StandardAnswer.status != RETIRED)
            return [as_json(row) for row in session.scalars(query)]

    def get(self, scope: Scope, answer_id: int) -> dict:
        require_curator(scope)
        with session_scope(self.settings) as session:
            return as_json(self._row(session, answer_id))

    def review_stale(self) -> list[int]:
        """Mark needs_review every active answer whose cited clause has changed since it was saved."""
        with session_scope(self.settings) as session:
            stale = {row.id: reason for row in session.scalars(select(StandardAnswer).where(
                StandardAnswer.status == ACTIVE)) if (reason := self._staleness(row))}
        if stale:
            self._flag(stale)
        return sorted(stale)

    def _staleness(self, row: StandardAnswer) -> str:
        return "；".join(reason for c in row.citations or [] if (reason := change_of(self.index, c)))

    def _flag(self, stale: dict[int, str]) -> None:
        def work(session: Session) -> None:
            for answer_id, reason in stale.items():
                row = session.get(StandardAnswer, answer_id)
                if row is not None and row.status == ACTIVE:
                    row.status, row.review_reason = NEEDS_REVIEW, reason
                    row.updated_at = datetime.now(timezone.utc)
                    audit.record(session, Scope(username="system", role="admin"), "curation",
                                 f"standard_answer:{answer_id}", {"op": "flag", "reason": reason})

        write(work, self.settings)
        self._cache = None

    @staticmethod
    def _row(session: Session, answer_id: int) -> StandardAnswer:
        row = session.get(StandardAnswer, answer_id)
        if row is None:
            raise NotFound(f"没有编号为 {answer_id} 的标准问答。")
        return row

    # -- serving ----------------------------------------------------------------------------------

    def _active(self) -> list[tuple[StandardAnswer, list[Phrasing]]]:
        with session_scope(self.settings) as session:
            version = (self._version(), *session.execute(
                select(func.count(StandardAnswer.id), func.max(StandardAnswer.updated_at))).one())
        cached = self._cache
        if cached is not None and cached[0] == version:
            return cached[1]
        with self._lock, session_scope(self.settings) as session:
            rows = list(session.scalars(select(StandardAnswer).where(StandardAnswer.status == ACTIVE)))
            for row in rows:
                session.expunge(row)
        prepared = [(row, [Phrasing(q) for q in (row.question, *(row.variants or []))]) for row in rows]
        self._cache = (version, prepared)
        return prepared

    def _version(self) -> object:
        """Changes when the index changes; with the table's row count and latest change, the cache key
        (another process, the CLI or a second server worker, may have saved an answer)."""
        documents = self.index.documents()
        return tuple(sorted((d.doc_id, d.content_hash, d.superseded) for d in documents.values()))

    def serve(self, question: str, scope: Scope) -> Answer | None:
        """The curated answer for this question and this reader, or None (then the chat answers as usual)."""
        candidates = [(row, phrasings) for row, phrasings in self._active()
                      if scope.role in (row.roles or []) and (not row.branch or scope.all_branches
                                                              or row.branch == scope.branch)]
        if not candidates:
            return None
        keyed = [(n, p) for n, (_, phrasings) in enumerate(candidates) for p in phrasings]
        found = best_match(question, keyed)
        if found is None:
            return None
        row = candidates[found[0]][0]
        reason = self._staleness(row)
        if reason:
            self._flag({row.id: reason})
            return None
        citations = []
        for number, stored in enumerate(row.citations, 1):
            clause = current_clause(self.index, stored)
            first = clause.chunks[0]
            citations.append(Citation(number, first.chunk_id, clause.title or clause.record.title, clause.label,
                                      clause.text))
        return Answer(row.answer, citations, backend="standard",
                      evidence_ids=[c.chunk_id for c in citations], standard_answer_id=row.id)

    # -- the 有误 review queue --------------------------------------------------------------------

    def queue(self, scope: Scope, status: str = "open") -> list[dict]:
        """有误 verdicts to review: question, answer, evidence (the citations shown) and the comment."""
        from assistant.answering.feedback import AnswerFeedback

        require_curator(scope)
        with session_scope(self.settings) as session:
            query = select(AnswerFeedback).where(AnswerFeedback.rating == "wrong").order_by(AnswerFeedback.id)
            if status:
                query = query.where(AnswerFeedback.review_status == status)
            return [_feedback_json(row) for row in session.scalars(query)]

    def dismiss(self, scope: Scope, feedback_id: int, note: str = "") -> dict:
        require_curator(scope)

        def work(session: Session) -> dict:
            row = self._close_feedback(session, scope, feedback_id, "dismissed", None, note)
            return _feedback_json(row)

        return write(work, self.settings)

    def convert(self, scope: Scope, feedback_id: int, draft: Draft) -> dict:
        """A standard answer written from a 有误 verdict; the verdict is closed in the same transaction."""
        require_curator(scope)
        with session_scope(self.settings) as session:
            self._open_feedback(session, feedback_id)
        return self.save(scope, draft, from_feedback=feedback_id)

    @staticmethod
    def _open_feedback(session: Session, feedback_id: int):
        from assistant.answering.feedback import AnswerFeedback

        row = session.get(AnswerFeedback, feedback_id)
        if row is None or row.rating != "wrong":
            raise NotFound(f"反馈队列中没有编号为 {feedback_id} 的反馈。")
        if row.review_status != "open":
            raise UserError(f"编号为 {feedback_id} 的反馈已处理（{row.review_status}）。")
        return row

    def _close_feedback(self, session: Session, scope: Scope, feedback_id: int, status: str,
                        answer_id: int | None, note: str = ""):
        row = self._open_feedback(session, feedback_id)
        row.review_status, row.reviewed_by, row.reviewed_at = status, scope.username, datetime.now(timezone.utc)
        row.review_note, row.standard_answer_id = note.strip()[:1000], answer_id
        audit.record(session, scope, "curation", f"feedback:{feedback_id}",
                     {"op": status, "standard_answer_id": answer_id, "note": row.review_note})
        return row


def _feedback_json(row) -> dict:
    return {"id": row.id, "conversation_id": row.conversation_id, "turn": row.turn, "username": row.username,
            "question": row.question, "answer": row.answer, "refused": bool(row.refused),
            "comment": row.comment, "citations": list(row.citations or []), "chunk_ids": list(row.chunk_ids or []),
            "created_at": row.created_at.isoformat(), "review_status": row.review_status,
            "reviewed_by": row.reviewed_by, "review_note": row.review_note,
            "standard_answer_id": row.standard_answer_id}
