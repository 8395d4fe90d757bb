"""Server-side web sessions: a random id in a signed HttpOnly cookie, its sha256 stored in the database."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from assistant.security import secrets as sec
from assistant.security.models import User, WebSession

COOKIE_NAME = "daihou_session"
CSRF_HEADER = "X-Requested-With"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    # SQLite returns naive datetimes; they were stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def start_session(session: Session, user: User, *, secret_key: str, max_age_s: int) -> str:
    """A new cookie value for `user`; expired sessions are cleared on the way."""
    session.execute(delete(WebSession).where(WebSession.expires_at < _now()))
    session_id = secrets.token_urlsafe(32)
    session.add(WebSession(id_sha256=sec.sha256_hex(session_id), user_id=user.id,
                           expires_at=_now() + timedelta(seconds=max_age_s)))
    session.flush()
    return sec.sign(secret_key, session_id)


def user_for_cookie(session: Session, cookie: str, *, secret_key: str) -> User | None:
    """The active user of a valid, unexpired session cookie, else None."""
    session_id = sec.unsign(secret_key, cookie or "")
    if session_id is None:
        return None
    row = session.execute(
        select(User, WebSession.expires_at).join(WebSession, WebSession.user_id == User.id)
        .where(WebSession.id_sha256 == sec.sha256_hex(session_id))
    ).first()
    if row is None or row[0].disabled or _aware(row[1]) < _now():
        return None
    return row[0]


def end_session(session: Session, cookie: str, *, secret_key: str) -> None:
    session_id = sec.unsign(secret_key, cookie or "")
    if session_id is not None:
        session.execute(delete(WebSession).where(WebSession.id_sha256 == sec.sha256_hex(session_id)))
