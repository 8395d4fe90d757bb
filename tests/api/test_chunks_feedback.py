"""GET /api/chunks/{id} (scoped like search) and POST /api/feedback (stored per user and answer)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def test_chunk_shows_full_clause_and_hides_other_scopes(client, bank):
    from assistant.knowledge.index import KnowledgeIndex

    chunks = {c.borrower_id or c.doc_title: c.chunk_id for c in KnowledgeIndex().chunks()}
    rule_id = next(c.chunk_id for c in KnowledgeIndex().chunks() if c.article == "第十三条")
    rule = client.get(f"/api/chunks/{rule_id}", headers=bank["wl"])
    assert rule.status_code == 200
    assert rule.json()["article"] == "第十三条" and "现场检查" in rule.json()["text"]
    assert client.get(f"/api/chunks/{chunks['B002']}", headers=bank["wl"]).status_code == 200
    assert client.get(f"/api/chunks/{chunks['B002']}", headers=bank["ln"]).status_code == 404  # not hers
    assert client.get(f"/api/chunks/{chunks['B014']}", headers=bank["wl"]).status_code == 404  # 高新支行
    assert client.get(f"/api/chunks/{chunks['B014']}", headers=bank["boss"]).status_code == 200
    missing = client.get("/api/chunks/nope:0001", headers=bank["wl"])
    assert missing.status_code == 404 and "条文不存在" in missing.json()["detail"]


def test_feedback_is_stored_replaced_and_owner_only(client, bank):
    from assistant.answering.feedback import feedback_rows
    from assistant.db import session_scope

    asked = client.post("/api/chat", json={"message": "关注类贷款多久现场检查一次？"}, headers=bank["wl"]).json()
    body = {"conversation_id": asked["conversation_id"], "turn": 0, "rating": "useful"}
    assert client.post("/api/feedback", json=body, headers=bank["wl"]).status_code == 200
    changed = client.post("/api/feedback", json={**body, "rating": "wrong", "comment": "频率不对"},
                          headers=bank["wl"])
    assert changed.json()["rating"] == "wrong"
    assert client.post("/api/feedback", json=body, headers=bank["ln"]).status_code == 404
    assert client.post("/api/feedback", json={**body, "turn": 5}, headers=bank["wl"]).status_code == 404
    assert client.post("/api/feedback", json={**body, "rating": "meh"}, headers=bank["wl"]).status_code == 422
    with session_scope() as session:
        rows = feedback_rows(session)
    assert len(rows) == 1
    assert rows[0]["rating"] == "wrong" and rows[0]["comment"] == "频率不对"
    assert rows[0]["question"] and rows[0]["chunk_ids"] and rows[0]["username"] == "wl"
