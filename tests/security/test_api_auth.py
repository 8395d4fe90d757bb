"""HTTP sign-in: bearer tokens, session cookie (HttpOnly, SameSite=Strict, CSRF header), audit routes."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from assistant.db import session_scope
from assistant.security import users

pytestmark = pytest.mark.integration

XHR = {"X-Requested-With": "XMLHttpRequest"}


@pytest.fixture
def client(home):
    from api.app import create_app
    from assistant.config import get_settings

    with TestClient(create_app(get_settings())) as c:
        yield c


@pytest.fixture
def people(home):
    with session_scope() as s:
        users.add_user(s, "wanglei", "officer", "城东支行", officer_code="o_wanglei", password="wanglei-pass")
        users.add_user(s, "admin", "admin", password="admin-pass-1")
        return {"wanglei": users.issue_token(s, "wanglei"), "admin": users.issue_token(s, "admin")}


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_open_before_users_exist_then_closed(client):
    assert client.get("/api/auth/me").json()["username"] == "local"
    with session_scope() as s:
        users.add_user(s, "risk", "risk")
    refused = client.get("/api/auth/me")
    assert refused.status_code == 401 and "登录" in refused.json()["detail"]


def test_v1_takes_any_key_only_before_users_exist(client):
    """The openai SDK always sends a key: before any user exists it is the local admin, on /v1 only."""
    request = {"model": "daihou-assistant", "messages": [{"role": "user", "content": "受托支付的条件"}]}
    assert client.post("/v1/chat/completions", json=request, headers=bearer("sk-anything")).status_code == 200
    assert client.get("/api/auth/me", headers=bearer("sk-anything")).status_code == 401
    with session_scope() as s:
        users.add_user(s, "risk", "risk")
    refused = client.post("/v1/chat/completions", json=request, headers=bearer("sk-anything"))
    assert refused.status_code == 401 and "令牌" in refused.json()["detail"]


def test_bearer_tokens(client, people):
    me = client.get("/api/auth/me", headers=bearer(people["wanglei"])).json()
    assert me == {"username": "wanglei", "role": "officer", "branch": "城东支行",
                  "officer_code": "o_wanglei", "visible_branches": ["城东支行"]}
    assert client.get("/api/auth/me", headers=bearer("dh_forged")).status_code == 401
    assert client.get("/api/auth/me", headers={"Authorization": "Basic eDp5"}).status_code == 401
    with session_scope() as s:
        users.disable_user(s, "wanglei")
    assert client.get("/api/auth/me", headers=bearer(people["wanglei"])).status_code == 401


def test_login_sets_a_strict_httponly_cookie_and_logout_ends_it(client, people):
    assert client.post("/api/auth/login", json={"username": "wanglei", "password": "wanglei-pass"}
                       ).status_code == 403  # no CSRF header
    response = client.post("/api/auth/login", json={"username": "wanglei", "password": "wanglei-pass"},
                           headers=XHR)
    assert response.status_code == 200 and response.json()["role"] == "officer"
    set_cookie = response.headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=strict" in set_cookie
    assert client.get("/api/auth/me").json()["username"] == "wanglei"
    stolen = client.cookies.get("daihou_session")
    assert client.post("/api/auth/logout", headers=XHR).status_code == 204
    client.cookies.clear()
    client.cookies.set("daihou_session", stolen)
    assert client.get("/api/auth/me").status_code == 401


def test_cookie_writes_need_the_csrf_header(client, people):
    client.post("/api/auth/login", json={"username": "wanglei", "password": "wanglei-pass"}, headers=XHR)
    no_header = client.post("/api/chat", json={"message": "关注类贷款多久检查一次？"})
    assert no_header.status_code == 403 and "X-Requested-With" in no_header.json()["detail"]
    cookie = client.cookies.get("daihou_session")
    tampered = cookie[:-1] + ("1" if cookie.endswith("0") else "0")  # another last hex digit of the signature
    client.cookies.clear()
    client.cookies.set("daihou_session", tampered)
    assert client.get("/api/auth/me").status_code == 401


def test_wrong_passwords_are_audited_and_throttled(client, people):
    for _ in range(5):
        bad = client.post("/api/auth/login", json={"username": "wanglei", "password": "nope-nope"}, headers=XHR)
        assert bad.status_code == 401 and bad.json()["detail"] == "用户名或密码错误，或账号已停用。"
    locked = client.post("/api/auth/login", json={"username": "wanglei", "password": "wanglei-pass"},
                         headers=XHR)
    assert locked.status_code == 429
    log = client.get("/api/audit?action=login_failed", headers=bearer(people["admin"])).json()["entries"]
    assert len(log) == 5 and all(e["target"] == "wanglei" for e in log)


def test_audit_routes_are_admin_only_and_export_csv(client, people):
    client.post("/api/auth/login", json={"username": "wanglei", "password": "wanglei-pass"}, headers=XHR)
    client.cookies.clear()
    assert client.get("/api/audit", headers=bearer(people["wanglei"])).status_code == 403
    assert client.get("/api/audit/export", headers=bearer(people["wanglei"])).status_code == 403
    entries = client.get("/api/audit", headers=bearer(people["admin"])).json()["entries"]
    assert entries[0]["action"] == "login" and entries[0]["username"] == "wanglei"
    exported = client.get("/api/audit/export", headers=bearer(people["admin"]))
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert rows[0][:5] == ["id", "at", "username", "role", "action"] and len(rows) >= 2


def test_rate_limit_is_per_user_across_tokens(home, people, monkeypatch):
    from api.app import create_app
    from assistant.config import get_settings, reset_settings

    monkeypatch.setenv("ASSISTANT_RATE_LIMIT_PER_MINUTE", "4")
    reset_settings()
    with session_scope() as s:
        second = users.issue_token(s, "wanglei")
    with TestClient(create_app(get_settings())) as c:
        codes = [c.get("/api/auth/me", headers=bearer(t)).status_code
                 for t in (people["wanglei"], second, people["wanglei"], second, second)]
        assert codes == [200, 200, 200, 200, 429]
        assert c.get("/api/auth/me", headers=bearer(people["admin"])).status_code == 200
