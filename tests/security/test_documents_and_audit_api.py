"""Knowledge-base changes are for admins; uploads, deletions, reindex and searches leave audit entries."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.integration

RULE = "# 示范银行押品巡查细则\n\n第一条　客户经理应当每季度巡查一次押品，核实押品状态和价值变化。\n"


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _upload(client: TestClient, headers: dict | None = None):
    return client.post("/api/documents", files=[("files", ("xuncha.md", RULE.encode(), "text/markdown"))],
                       headers=headers or {})


def _entries(action: str) -> list[dict]:
    from assistant.db import session_scope
    from assistant.security.audit import list_entries
    from assistant.security.scope import LOCAL_ADMIN

    with session_scope() as session:
        return list_entries(session, LOCAL_ADMIN, action=action)


@pytest.fixture
def client(home):
    from api.app import create_app

    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def people(home) -> dict[str, dict]:
    """Bearer headers of an admin and of each other role."""
    from assistant.db import session_scope
    from assistant.security.users import add_user, issue_token

    roles = {"admin": ("admin", ""), "wanglei": ("officer", "城东支行"), "head_east": ("head", "城东支行"),
             "risk": ("risk", ""), "trainer": ("trainer", "")}
    headers = {}
    with session_scope() as session:
        for name, (role, branch) in roles.items():
            add_user(session, name, role, branch, officer_code="o_wanglei" if role == "officer" else "")
            headers[name] = {"Authorization": f"Bearer {issue_token(session, name)}"}
    return headers


def test_only_admins_change_the_knowledge_base(client, people):
    uploaded = _upload(client, people["admin"])
    assert uploaded.status_code == 200, uploaded.text
    doc_id = next(d["doc_id"] for d in client.get("/api/documents", headers=people["admin"]).json()["documents"])
    for name in ("wanglei", "head_east", "risk", "trainer"):
        for response in (_upload(client, people[name]),
                         client.delete(f"/api/documents/{doc_id}", headers=people[name]),
                         client.post("/api/documents/reindex", headers=people[name])):
            assert response.status_code == 403, (name, response.text)
            assert "管理员" in response.json()["detail"] and _has_chinese(response.json()["detail"])
    assert client.delete(f"/api/documents/{doc_id}", headers=people["admin"]).status_code == 200


def test_without_any_user_the_local_admin_may_upload(client):
    assert _upload(client).status_code == 200


def test_upload_delete_and_reindex_are_audited(client):
    assert _upload(client).status_code == 200
    doc_id = client.get("/api/documents").json()["documents"][0]["doc_id"]
    assert client.post("/api/documents/reindex").status_code == 200
    assert client.delete(f"/api/documents/{doc_id}").status_code == 200
    entries = _entries("ingest")
    assert [e["target"] for e in entries] == [f"delete {doc_id}", "reindex", "upload"]
    upload = entries[2]["detail"]["files"][0]
    assert upload["filename"] == "xuncha.md" and upload["status"] == "added" and len(upload["sha256"]) == 64
    assert entries[0]["detail"]["removed"][0]["doc_id"] == doc_id


def test_searches_are_audited_with_chunk_ids_and_versions(client):
    assert _upload(client).status_code == 200
    results = client.get("/api/search", params={"q": "押品巡查"}).json()["results"]
    entry = _entries("search")[0]
    assert entry["target"] == "押品巡查" and entry["username"] == "local"
    assert [c["chunk_id"] for c in entry["detail"]["chunks"]] == [r["chunk_id"] for r in results]
    assert all({"chunk_id", "doc_id", "version"} <= set(c) for c in entry["detail"]["chunks"])


def test_questions_are_audited_once_each(client):
    assert _upload(client).status_code == 200
    answer = client.post("/api/chat", json={"message": "押品多久巡查一次？"}).json()
    entries = _entries("question")
    assert len(entries) == 1
    detail = entries[0]["detail"]
    assert detail["conversation_id"] == answer["conversation_id"] and len(detail["output_sha256"]) == 64
    assert detail["chunks"] and all(c["doc_id"] for c in detail["chunks"])
