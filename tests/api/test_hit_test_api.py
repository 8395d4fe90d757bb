"""检索测试 (POST /api/retrieval-test) and the chunk preview (GET /api/documents/{id}/chunks) over HTTP:
risk and admin only, the chat's own decision laid open, scoped like search, audited."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

ASKED = "关注类贷款多久现场检查一次？"
OFF_TOPIC = "员工食堂的午餐补贴标准是多少？"


def _test(client, token, question, k=10):
    return client.post("/api/retrieval-test", json={"question": question, "k": k}, headers=token)


def test_ranked_chunks_with_scores_matched_words_and_the_chat_decision(client, bank):
    reply = _test(client, bank["fx"], ASKED)
    assert reply.status_code == 200, reply.text
    result = reply.json()
    hits = result["hits"]
    assert 1 < len(hits) <= 10
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert any(t in hits[0]["text"] for t in hits[0]["matched_terms"])  # the words it was found by
    assert any(h["cited"] for h in hits) and all(h["used"] for h in hits if h["cited"])
    decision = result["decision"]
    assert decision["answer"] and decision["probability"] >= decision["threshold"] and decision["reason"] == ""
    assert set(decision["signals"]) >= {"coverage", "support", "margin"} and decision["unanswered"] == []

    chat = client.post("/api/chat", json={"message": ASKED}, headers=bank["fx"]).json()
    assert chat["refused"] is False and chat["answer"] == result["answer"]["text"]  # the chat's own answer
    assert [c["chunk_id"] for c in chat["citations"]] == [c["chunk_id"] for c in result["answer"]["citations"]]


def test_a_refusal_names_its_reason_like_the_chat(client, bank):
    result = _test(client, bank["boss"], OFF_TOPIC).json()
    decision = result["decision"]
    assert not decision["answer"] and decision["reason"] and decision["reason_zh"]
    assert result["answer"]["refused"] and result["answer"]["text"].startswith("知识库中的制度没有涉及")
    chat = client.post("/api/chat", json={"message": OFF_TOPIC}, headers=bank["boss"]).json()
    assert chat["refused"] and chat["answer"] == result["answer"]["text"]


def test_a_message_answered_in_part_shows_the_questions_left_out_like_the_chat(client, bank):
    message = ASKED + "午餐补贴呢？"
    result = _test(client, bank["fx"], message).json()
    decision = result["decision"]
    assert decision["answer"] and decision["unanswered"] == ["午餐补贴呢？"]
    assert result["answer"]["text"].endswith("“午餐补贴呢？”：检索到的条文没有回答这一问，可以单独再问一次，或向风险部、信贷管理部咨询。")
    chat = client.post("/api/chat", json={"message": message}, headers=bank["fx"]).json()
    assert chat["refused"] is False and chat["answer"] == result["answer"]["text"]


def test_only_risk_and_admin_and_every_test_is_audited(client, bank):
    from assistant.db import session_scope
    from assistant.security.audit import AuditEntry

    denied = _test(client, bank["wl"], ASKED)
    assert denied.status_code == 403 and "检索测试" in denied.json()["detail"]
    assert _test(client, bank["fx"], "  ").status_code in (400, 422)
    assert _test(client, bank["fx"], ASKED, k=99).status_code == 422
    _test(client, bank["fx"], ASKED)
    with session_scope() as session:
        entries = session.query(AuditEntry).filter(AuditEntry.action == "retrieval_test").all()
        assert [(e.username, e.target) for e in entries] == [("fx", ASKED)]
        assert entries[0].detail["chunks"] and entries[0].detail["refused"] is False


def test_a_standard_answer_is_shown_as_what_the_chat_serves(client, bank):
    body = {"question": ASKED, "answer": "正常类、关注类的法人客户，每季度至少进行一次现场检查。[1]",
            "citations": [{"document": "示范银行贷后管理实施细则", "article": "第13条"}], "roles": ["risk"]}
    saved = client.post("/api/standard-answers", json=body, headers=bank["fx"])
    assert saved.status_code == 201, saved.text
    result = _test(client, bank["fx"], ASKED).json()
    assert result["standard_answer_id"] == saved.json()["id"]
    assert result["answer"]["backend"] == "standard" and not any(h["used"] for h in result["hits"])
    assert _test(client, bank["boss"], ASKED).json()["standard_answer_id"] is None  # not curated for admins


def test_chunk_preview_lists_a_documents_chunks_in_order_within_scope(client, bank):
    from assistant.knowledge.index import KnowledgeIndex

    documents = {r.borrower_id or r.title: r.doc_id for r in KnowledgeIndex().documents().values()}
    rules = client.get(f"/api/documents/{documents['示范银行贷后管理实施细则']}/chunks", headers=bank["wl"])
    assert rules.status_code == 200
    preview = rules.json()
    chunks = [c for c in KnowledgeIndex().chunks() if c.doc_id == preview["doc_id"]]
    assert [c["chunk_id"] for c in preview["chunks"]] == [c.chunk_id for c in chunks]
    assert "第十三条" in [c["article"] for c in preview["chunks"]]
    assert all(c["chars"] == len(c["text"]) > 0 for c in preview["chunks"])
    note = f"/api/documents/{documents['B002']}/chunks"
    assert client.get(note, headers=bank["wl"]).status_code == 200
    assert client.get(note, headers=bank["ln"]).status_code == 404  # another officer's borrower
    assert client.get(f"/api/documents/{documents['B014']}/chunks", headers=bank["wl"]).status_code == 404
    assert client.get(f"/api/documents/{documents['B014']}/chunks", headers=bank["boss"]).status_code == 200
    missing = client.get("/api/documents/nope/chunks", headers=bank["fx"])
    assert missing.status_code == 404 and "文档不存在" in missing.json()["detail"]


def test_preview_clause_and_catalog_hide_what_search_would_not_find(client, bank):
    """A case note naming a borrower but no branch, and a branch's own rule: shown only within the scope
    search applies (the borrower's officer and the branch), never to a trainer, the same from every door."""
    from assistant.knowledge.index import KnowledgeIndex
    from assistant.knowledge.types import IndexChanges
    from tests.knowledge.factories import document

    KnowledgeIndex().apply(IndexChanges(upserts=[
        document("note-b002", "鑫源纺织补充走访", {"": "补充走访鑫源纺织，库存积压。"}, source_type="case_note",
                 borrower_id="B002"),
        document("rule-gx", "高新支行操作细则", {"第一条": "高新支行的科技贷款每月走访一次。"}, branch="高新支行")]))
    index = KnowledgeIndex()
    cases = {"note-b002": {"wl": 200, "ln": 404, "px": 404, "fx": 200},
             "rule-gx": {"wl": 404, "ln": 404, "px": 404, "fx": 200}}
    for doc_id, expected in cases.items():
        chunk_id = next(c.chunk_id for c in index.chunks() if c.doc_id == doc_id)
        for user, status in expected.items():
            assert client.get(f"/api/documents/{doc_id}/chunks", headers=bank[user]).status_code == status, (doc_id, user)
            assert client.get(f"/api/chunks/{chunk_id}", headers=bank[user]).status_code == status, (doc_id, user)
            listed = {d["doc_id"] for d in client.get("/api/documents", headers=bank[user]).json()["documents"]}
            assert (doc_id in listed) == (status == 200), (doc_id, user)
