"""User accounts: create, authenticate, issue and revoke tokens, and turn a user into a Scope."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from assistant.errors import Conflict, NotFound, UserError
from assistant.security import secrets as sec
from assistant.security.models import ApiToken, User, WebSession
from assistant.security.scope import LOCAL_ADMIN, Scope

ROLES = ("officer", "risk", "head", "trainer", "admin")
ROLE_LABELS = {"officer": "客户经理", "risk": "风险经理", "head": "支行行长", "trainer": "培训岗",
               "admin": "管理员"}
_USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")
MIN_PASSWORD_CHARS = 8


@dataclass(frozen=True)
class UserInfo:
    username: str
    display_name: str
    role: str
    branch: str
    officer_code: str
    disabled: bool

    def as_json(self) -> dict:
        return {"username": self.username, "display_name": self.display_name, "role": self.role,
                "branch": self.branch, "officer_code": self.officer_code, "disabled": self.disabled}


def _info(user: User) -> UserInfo:
    return UserInfo(user.username, user.display_name, user.role, user.branch, user.officer_code,
                    user.disabled)


def scope_of(user: User) -> Scope:
    return Scope(username=user.username, role=user.role, branch=user.branch,  # type: ignore[arg-type]
                 officer_code=user.officer_code)


def _validate(username: str, role: str, branch: str, officer_code: str) -> None:
    if not _USERNAME.match(username):
        raise UserError("用户名只能包含字母、数字、下划线、点和连字符，长度 2–64。")
    if role not in ROLES:
        raise UserError(f"角色必须是以下之一：{'、'.join(ROLES)}。")
    if role in ("officer", "head") and not branch:
        raise UserError("客户经理和支行行长必须指定所属支行（--branch）。")
    if role == "officer" and not officer_code:
        raise UserError("客户经理必须指定管户代码（--officer-code），用于关联其管户客户。")


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise UserError(f"密码至少 {MIN_PASSWORD_CHARS} 个字符。")


def add_user(session: Session, username: str, role: str, branch: str = "", *, officer_code: str = "",
             password: str | None = None, display_name: str = "") -> UserInfo:
    """Create a user; without a password they can only use API tokens."""
    _validate(username, role, branch, officer_code)
    if find_user(session, username) is not None:
        raise Conflict(f"用户 {username} 已存在。")
    password_hash = ""
    if password is not None:
        check_password_strength(password)
        password_hash = sec.hash_password(password)
    user = User(username=username, role=role, branch=branch, officer_code=officer_code,
                password_hash=password_hash, display_name=display_name or username)
    session.add(user)
    session.flush()
    return _info(user)


def find_user(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).first()


def _require_user(session: Session, username: str) -> User:
    user = find_user(session, username)
    if user is None:
        raise NotFound(f"用户 {username} 不存在。")
    return user


def set_password(session: Session, username: str, password: str) -> None:
    check_password_strength(password)
    _require_user(session, username).password_hash = sec.hash_password(password)


def users_exist(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(User)))


def list_users(session: Session) -> list[UserInfo]:
    return [_info(u) for u in session.scalars(select(User).order_by(User.username))]


def issue_token(session: Session, username: str) -> str:
    """A new bearer token for the user; only its sha256 is stored, so it is shown once."""
    user = _require_user(session, username)
    if user.disabled:
        raise UserError(f"用户 {username} 已停用，不能签发令牌。")
    token = sec.new_token()
    session.add(ApiToken(user_id=user.id, token_sha256=sec.sha256_hex(token)))
    session.flush()
    return token


def disable_user(session: Session, username: str) -> None:
    """Disable the account and revoke every token and web session it holds."""
    user = _require_user(session, username)
    user.disabled = True
    session.execute(update(ApiToken).where(ApiToken.user_id == user.id).values(revoked=True))
    session.query(WebSession).filter(WebSession.user_id == user.id).delete()
    session.flush()


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user whose password matches, else None (same work whether or not the user exists)."""
    user = find_user(session, username)
    if user is None or not user.password_hash:
        sec.verify_password(sec.dummy_hash(), password)
        return None
    if not sec.verify_password(user.password_hash, password) or user.disabled:
        return None
    return user


def user_for_token(session: Session, token: str) -> User | None:
    if not token:
        return None
    row = session.execute(
        select(User, ApiToken.revoked).join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_sha256 == sec.sha256_hex(token))
    ).first()
    if row is None or row[1] or row[0].disabled:
        return None
    return row[0]


def resolve_cli_scope(as_user: str | None, settings=None) -> Scope:
    """Whose rights the command line uses.

    ASSISTANT_TOKEN: the token's user (must be active). --as USER: that user's scope (it only ever
    narrows rights: without it the person at the machine, who owns the data directory, is the local
    administrator). Both given: they must name the same user.
    """
    from assistant.config import get_settings
    from assistant.db import session_scope

    settings = settings or get_settings()
    token = getattr(settings, "token", None)
    if not token and not as_user:
        return LOCAL_ADMIN
    with session_scope(settings) as session:
        if token:
            user = user_for_token(session, token)
            if user is None:
                raise UserError("令牌无效、已撤销或用户已停用。", status=401)
            if as_user and as_user != user.username:
                raise UserError("--as 指定的用户与令牌所属用户不一致。", status=403)
            return scope_of(user)
        user = find_user(session, as_user or "")
        if user is None:
            raise NotFound(f"用户 {as_user} 不存在。")
        if user.disabled:
            raise UserError(f"用户 {as_user} 已停用。", status=403)
        return scope_of(user)
