"""Quiz sessions: a trainer opens a quiz, trainees answer once, grading and results per trainee and topic."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from assistant.config import Settings
from assistant.db import session_scope
from assistant.errors import Conflict, NotFound, UserError
from assistant.quiz.grading import grade
from assistant.quiz.models import QuizAttempt, QuizSession, utcnow
from assistant.quiz.types import QuizItem


def open_session(title: str, trainer: str, items: list[QuizItem], *, time_limit_min: int | None = None,
                 settings: Settings | None = None) -> str:
    """A new open session over a snapshot of `items`; returns its id."""
    if not items:
        raise UserError("测验中没有题目：请先审核通过题目，或选择其他主题。")
    if time_limit_min is not None and time_limit_min <= 0:
        raise UserError("限时必须是正整数（分钟）。")
    now = utcnow()
    session_id = str(uuid.uuid4())
    deadline = now + timedelta(minutes=time_limit_min) if time_limit_min else None
    with session_scope(settings) as db:
        db.add(QuizSession(id=session_id, title=title.strip() or "培训测验", trainer=trainer,
                           items=[item.as_record() for item in items], status="open", opened_at=now,
                           deadline=deadline))
    return session_id


def _session(db, session_id: str) -> QuizSession:
    row = db.get(QuizSession, session_id)
    if row is None:
        raise NotFound(f"找不到测验场次 {session_id}。")
    return row


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=timezone.utc) if moment and moment.tzinfo is None else moment


def session_items(session_id: str, settings: Settings | None = None) -> list[QuizItem]:
    with session_scope(settings) as db:
        return [QuizItem.from_record(record) for record in _session(db, session_id).items]


def close_session(session_id: str, settings: Settings | None = None) -> None:
    with session_scope(settings) as db:
        row = _session(db, session_id)
        if row.status != "closed":
            row.status, row.closed_at = "closed", utcnow()


def submit_answers(session_id: str, trainee: str, answers: dict[str, str], *,
                   settings: Settings | None = None) -> dict:
    """Grade and store one trainee's answers; refuses a closed or expired session and a second attempt."""
    if not trainee.strip():
        raise UserError("请填写答题人。")
    with session_scope(settings) as db:
        row = _session(db, session_id)
        _ensure_open(row)
        items = [QuizItem.from_record(record) for record in row.items]
        unknown = sorted(set(answers) - {item.id for item in items})
        if unknown:
            raise UserError(f"这些题目不属于本场测验：{'、'.join(unknown)}。")
        if db.scalar(select(QuizAttempt.id).where(QuizAttempt.session_id == session_id,
                                                  QuizAttempt.trainee == trainee)) is not None:
            raise Conflict(f"{trainee} 已经提交过本场测验的答案，不能重复作答；原成绩保留不变。")
        results = grade(items, answers)
        score = sum(result["correct"] for result in results)
        db.add(QuizAttempt(session_id=session_id, trainee=trainee, answers=dict(answers), results=results,
                           score=score, total=len(items)))
        try:
            db.flush()
        except IntegrityError as exc:  # a concurrent submission of the same trainee won
            raise Conflict(f"{trainee} 已经提交过本场测验的答案，不能重复作答；原成绩保留不变。") from exc
    return {"trainee": trainee, "score": score, "total": len(items), "results": results}


def _ensure_open(row: QuizSession) -> None:
    if row.status == "closed":
        raise Conflict(f"测验“{row.title}”已结束，不再接受答案。")
    deadline = _aware(row.deadline)
    if deadline and utcnow() > deadline:
        raise Conflict(f"测验“{row.title}”已于 {deadline.astimezone():%Y-%m-%d %H:%M} 截止，不再接受答案。")


def results(session_id: str, settings: Settings | None = None) -> dict:
    """Scores per trainee (with per-item grading) and correct rates per topic."""
    with session_scope(settings) as db:
        row = _session(db, session_id)
        attempts = list(db.scalars(select(QuizAttempt).where(QuizAttempt.session_id == session_id)
                                   .order_by(QuizAttempt.trainee)))
        trainees = [{"trainee": a.trainee, "score": a.score, "total": a.total,
                     "rate": round(a.score / a.total, 4) if a.total else 0.0,
                     "submitted_at": _aware(a.submitted_at).isoformat(timespec="seconds"),
                     "results": a.results} for a in attempts]
        summary = {"session_id": row.id, "title": row.title, "status": row.status, "trainer": row.trainer,
                   "items": len(row.items)}
    return {**summary, "trainees": trainees, "topics": _by_topic(trainees)}


def _by_topic(trainees: list[dict]) -> list[dict]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for trainee in trainees:
        for result in trainee["results"]:
            counts[result["topic"]][0] += int(result["correct"])
            counts[result["topic"]][1] += 1
    return [{"topic": topic, "correct": c, "answered": n, "rate": round(c / n, 4) if n else 0.0}
            for topic, (c, n) in sorted(counts.items())]


def _status(row: QuizSession) -> str:
    """open | expired (time limit passed, not closed by hand) | closed."""
    deadline = _aware(row.deadline)
    if row.status == "open" and deadline and utcnow() > deadline:
        return "expired"
    return row.status


def _summary(row: QuizSession) -> dict:
    deadline = _aware(row.deadline)
    return {"session_id": row.id, "title": row.title, "trainer": row.trainer, "status": _status(row),
            "items": len(row.items), "opened_at": _aware(row.opened_at).isoformat(timespec="seconds"),
            "deadline": deadline.isoformat(timespec="seconds") if deadline else None}


def sessions_opened_by(trainer: str, *, limit: int = 50, settings: Settings | None = None) -> list[dict]:
    """The trainer's own sessions, newest first, with the number of trainees who answered."""
    from sqlalchemy import func

    with session_scope(settings) as db:
        rows = list(db.scalars(select(QuizSession).where(QuizSession.trainer == trainer)
                               .order_by(QuizSession.opened_at.desc()).limit(limit)))
        counts = dict(db.execute(select(QuizAttempt.session_id, func.count(QuizAttempt.id))
                                 .where(QuizAttempt.session_id.in_([r.id for r in rows]))
                                 .group_by(QuizAttempt.session_id)).all())
        return [{**_summary(row), "answers": counts.get(row.id, 0)} for row in rows]


def sessions_answered_by(trainee: str, *, limit: int = 50, settings: Settings | None = None) -> list[dict]:
    """The sessions a trainee submitted answers to, newest submission first, with their own score only."""
    with session_scope(settings) as db:
        pairs = db.execute(select(QuizSession, QuizAttempt).join(QuizAttempt, QuizAttempt.session_id == QuizSession.id)
                           .where(QuizAttempt.trainee == trainee)
                           .order_by(QuizAttempt.submitted_at.desc()).limit(limit)).all()
        return [{**_summary(row), "score": attempt.score, "total": attempt.total,
                 "submitted_at": _aware(attempt.submitted_at).isoformat(timespec="seconds")} for row, attempt in pairs]
