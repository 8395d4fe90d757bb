"""Who is calling over HTTP: bearer token or session cookie (with CSRF header) → Scope; login checks."""

from __future__ import annotations

import threading
import time
from collections import deque
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.config import Settings
from assistant.errors import UserError
from assistant.security.models import AuditEntry
from assistant.security.scope import LOCAL_ADMIN, Scope
from assistant.security.sessions import user_for_cookie
from assistant.security.users import scope_of, user_for_token, users_exist

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOGIN_FAILURES_ALLOWED = 5  # per username within LOGIN_FAILURE_WINDOW
LOGIN_FAILURE_WINDOW = timedelta(minutes=15)

NOT_SIGNED_IN_ZH = "未登录或登录已过期，请先登录（网页登录或 Authorization: Bearer 令牌）。"
BAD_TOKEN_ZH = "令牌无效、已撤销或用户已停用。"
CSRF_ZH = "缺少 X-Requested-With 请求头：使用登录 Cookie 的修改类请求必须带此请求头（CSRF 防护）。"
USER_RATE_ZH = "请求过于频繁（每位用户每分钟最多 {limit} 次），请稍后再试。"
LOGIN_LOCKED_ZH = "登录失败次数过多，请 15 分钟后再试或联系管理员。"

_users_seen: set[str] = set()  # database URLs known to have users (users are never deleted)
_seen_lock = threading.Lock()


def auth_required(session: Session, settings: Settings) -> bool:
    """Production always requires sign-in; development only once a user exists."""
    if settings.environment == "production":
        return True
    url = settings.resolved_database_url
    if url in _users_seen:
        return True
    if users_exist(session):
        with _seen_lock:
            _users_seen.add(url)
        return True
    return False


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.strip().partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def resolve_scope(session: Session, settings: Settings, *, authorization: str | None,
                  cookie: str | None, method: str, csrf_header: str | None,
                  any_key_before_users: bool = False) -> Scope:
    """The caller's Scope, or UserError 401 (not signed in / bad token) or 403 (CSRF header missing).

    `any_key_before_users` (the OpenAI-compatible /v1, whose clients always send some key): an
    unknown bearer key is the local administrator while no user exists at all (never in production).
    """
    token = bearer_token(authorization)
    if token is not None:
        user = user_for_token(session, token)
        if user is None:
            if any_key_before_users and not auth_required(session, settings):
                return LOCAL_ADMIN
            raise UserError(BAD_TOKEN_ZH, status=401)
        return scope_of(user)
    if cookie:
        user = user_for_cookie(session, cookie, secret_key=settings.secret_key)
        if user is not None:
            if method.upper() not in SAFE_METHODS and not (csrf_header or "").strip():
                raise UserError(CSRF_ZH, status=403)
            return scope_of(user)
    if auth_required(session, settings):
        raise UserError(NOT_SIGNED_IN_ZH, status=401)
    return LOCAL_ADMIN


def check_login_allowed(session: Session, username: str) -> None:
    """Refuse (429) after too many recent failed logins for this username (counted in the audit log)."""
    since = datetime.now(timezone.utc) - LOGIN_FAILURE_WINDOW
    failures = session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "login_failed", AuditEntry.target == username[:255], AuditEntry.at >= since))
    if (failures or 0) >= LOGIN_FAILURES_ALLOWED:
        raise UserError(LOGIN_LOCKED_ZH, status=429)


class UserRateLimiter:
    """Sliding one-minute window per user (all of a user's tokens and sessions share it), per process."""

    def __init__(self, per_minute: int, clock=time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, username: str) -> None:
        if self.per_minute <= 0:
            return
        now = self.clock()
        with self._lock:
            window = self._hits.setdefault(username, deque())
            while window and window[0] <= now - 60.0:
                window.popleft()
            if len(window) >= self.per_minute:
                raise UserError(USER_RATE_ZH.format(limit=self.per_minute), status=429)
            window.append(now)
