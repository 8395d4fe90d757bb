"""Users: argon2 passwords, hashed tokens shown once, disabling revokes, scopes per role, demo users."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assistant.config import Settings
from assistant.db import session_scope
from assistant.errors import Conflict, Forbidden, NotFound, UserError
from assistant.security import users
from assistant.security.demo import DEMO_USERS, create_demo_users
from assistant.security.models import ApiToken, User

pytestmark = pytest.mark.integration


def test_password_is_stored_as_argon2_and_verifies(home):
    with session_scope() as s:
        users.add_user(s, "wanglei", "officer", "城东支行", officer_code="o_wanglei", password="秘密口令-123")
    with session_scope() as s:
        stored = s.scalars(select(User.password_hash)).one()
        assert stored.startswith("$argon2id$") and "秘密口令" not in stored
        assert users.authenticate(s, "wanglei", "秘密口令-123").username == "wanglei"
        assert users.authenticate(s, "wanglei", "wrong-password") is None
        assert users.authenticate(s, "nobody", "秘密口令-123") is None


def test_token_is_random_stored_hashed_and_resolves_to_scope(home):
    with session_scope() as s:
        users.add_user(s, "head1", "head", "城西支行")
        first = users.issue_token(s, "head1")
        second = users.issue_token(s, "head1")
    assert first != second and len(first) > 40
    with session_scope() as s:
        stored = s.scalars(select(ApiToken.token_sha256)).all()
        assert first not in stored and len(stored[0]) == 64
        scope = users.scope_of(users.user_for_token(s, first))
    assert (scope.username, scope.role, scope.branch) == ("head1", "head", "城西支行")
    assert scope.visible_branches() == ("城西支行",)


def test_disable_revokes_tokens_and_password_login(home):
    with session_scope() as s:
        users.add_user(s, "lina", "officer", "城东支行", officer_code="o_lina", password="password-1")
        token = users.issue_token(s, "lina")
    with session_scope() as s:
        users.disable_user(s, "lina")
    with session_scope() as s:
        assert users.user_for_token(s, token) is None
        assert users.authenticate(s, "lina", "password-1") is None
        with pytest.raises(UserError):
            users.issue_token(s, "lina")


@pytest.mark.parametrize("args, error", [
    (("bad name!", "admin", ""), UserError),
    (("x1", "superuser", ""), UserError),
    (("x2", "officer", "城东支行"), UserError),  # officer without officer_code
    (("x3", "head", ""), UserError),  # head without branch
])
def test_invalid_users_are_refused_in_chinese(home, args, error):
    with session_scope() as s, pytest.raises(error) as info:
        users.add_user(s, *args)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.message)


def test_duplicates_short_passwords_and_unknown_users(home):
    with session_scope() as s:
        users.add_user(s, "risk1", "risk")
        with pytest.raises(Conflict):
            users.add_user(s, "risk1", "risk")
        with pytest.raises(UserError):
            users.add_user(s, "risk2", "risk", password="short")
        with pytest.raises(NotFound):
            users.issue_token(s, "ghost")


def test_cli_scope_resolution(home, monkeypatch):
    from assistant.config import reset_settings
    from assistant.security.scope import LOCAL_ADMIN

    assert users.resolve_cli_scope(None) == LOCAL_ADMIN
    with session_scope() as s:
        users.add_user(s, "zhangwei", "officer", "城西支行", officer_code="o_zhangwei")
        token = users.issue_token(s, "zhangwei")
    assert users.resolve_cli_scope("zhangwei").officer_code == "o_zhangwei"
    with pytest.raises(NotFound):
        users.resolve_cli_scope("ghost")
    monkeypatch.setenv("ASSISTANT_TOKEN", token)
    reset_settings()
    assert users.resolve_cli_scope(None).username == "zhangwei"
    with pytest.raises(UserError):
        users.resolve_cli_scope("someone_else")
    monkeypatch.setenv("ASSISTANT_TOKEN", "dh_forged")
    reset_settings()
    with pytest.raises(UserError):
        users.resolve_cli_scope(None)


def test_demo_users_cover_every_role_and_only_in_development(home):
    with session_scope() as s:
        created = create_demo_users(s)
    assert {u["role"] for u in created} == set(users.ROLES)
    assert len(created) == len(DEMO_USERS)
    with session_scope() as s:
        again = create_demo_users(s)  # idempotent
        assert len(users.list_users(s)) == len(DEMO_USERS)
        assert users.authenticate(s, "wanglei", again[0]["password"]) is not None
    production = Settings(environment="production", secret_key="a-real-secret-for-tests-0123456789")
    with session_scope() as s, pytest.raises(Forbidden):
        create_demo_users(s, production)


def test_production_refuses_placeholder_secret():
    with pytest.raises(ValueError):
        Settings(environment="production")
