"""Search, chat, conversations and documents over the real index, retriever and chat service."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.integration

REGULATION = "regulations/liudong_zijin_daikuan_2024.md"
OWN_RULE = (
    "# 示范银行贷后走访细则（测试用）\n\n"
    "第一条　客户经理对关注类客户每月至少走访一次，并在走访后三个工作日内录入走访记录。\n\n"
    "第二条　走访发现借款人实际控制人变更的，应当当日报告支行行长。\n"
).encode("utf-8")


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def kb(home, shared_corpus, monkeypatch):
    """A client over a home holding one real regulation; uploads limited to 64 KB."""
    monkeypatch.setenv("ASSISTANT_MAX_UPLOAD_BYTES", str(64 * 1024))
    from api.app import create_app
    from assistant.config import reset_settings
    from assistant.knowledge.ingest import ingest_paths

    reset_settings()
    report = ingest_paths([shared_corpus / REGULATION])
    assert report.added and not report.errors
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def catalog(client) -> dict:
    return {d["doc_id"]: d for d in client.get("/api/documents").json()["documents"]}


def index_state(client) -> tuple:
    documents = sorted(catalog(client))  # loads the index first, so health reports its generation
    return client.get("/api/health").json()["index_generation"], documents


def test_search_and_chat_with_a_follow_up(kb):
    hits = kb.get("/api/search", params={"q": "受托支付", "k": 3}).json()["results"]
    assert hits and hits[0]["doc_title"] == "流动资金贷款管理办法" and hits[0]["article"].startswith("第")
    first = kb.post("/api/chat", json={"message": "流动资金贷款什么情况下应当采用受托支付？"}).json()
    assert not first["refused"] and first["citations"] and "[1]" in first["answer"]
    follow = kb.post("/api/chat", json={"message": "这条出自哪里？", "conversation_id": first["conversation_id"]})
    assert follow.status_code == 200 and "流动资金贷款管理办法" in follow.json()["answer"]
    listed = kb.get("/api/conversations").json()["conversations"]
    assert [c["id"] for c in listed] == [first["conversation_id"]]
    shown = kb.get(f"/api/conversations/{first['conversation_id']}").json()
    assert [m["role"] for m in shown["messages"]] == ["user", "assistant", "user", "assistant"]
    missing = kb.get("/api/conversations/no-such-conversation")
    assert missing.status_code == 404 and "会话不存在" in missing.json()["detail"]


def test_chat_stream_from_the_real_service(kb):
    with kb.stream("POST", "/api/chat", json={"message": "流动资金贷款的贷后检查有哪些要求？"},
                   headers={"Accept": "text/event-stream"}) as response:
        assert response.status_code == 200
        blocks = response.read().decode().strip().split("\n\n")
    events = [(b.split("\n")[0].removeprefix("event: "), json.loads(b.split("\n")[1][6:])) for b in blocks]
    kinds = [k for k, _ in events]
    assert kinds[0] == "meta" and kinds[-1] == "done" and "delta" in kinds and "citations" in kinds
    done = events[-1][1]
    assert "".join(d["text"] for k, d in events if k == "delta") == done["answer"]
    assert done["conversation_id"] == events[0][1]["conversation_id"]


@pytest.mark.parametrize("message", ["", "   ", "贷" * 20_000, "\x00\x01\x02贷后", "检查\x07\x1b"])
def test_bad_questions_leave_everything_unchanged(kb, message):
    before = index_state(kb)
    response = kb.post("/api/chat", json={"message": message})
    assert 400 <= response.status_code < 500 and has_chinese(response.json()["detail"])
    assert index_state(kb) == before
    assert kb.get("/api/conversations").json()["conversations"] == []
    assert kb.get("/api/search", params={"q": "受托支付"}).json()["results"]


def test_upload_list_delete_and_reindex(kb):
    response = kb.post("/api/documents", files=[("files", ("zoufang.md", OWN_RULE, "text/markdown"))],
                       data={"source_type": "internal_rule"})
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["status"] == "added"
    docs = catalog(kb)
    uploaded = next(d for d in docs.values() if d["title"].startswith("示范银行贷后走访细则"))
    assert uploaded["source_type"] == "internal_rule" and uploaded["chunk_count"] >= 2
    hits = kb.get("/api/search", params={"q": "实际控制人变更 走访 报告"}).json()["results"]
    assert hits[0]["doc_title"] == uploaded["title"]
    again = kb.post("/api/documents", files=[("files", ("zoufang.md", OWN_RULE, "text/markdown"))])
    assert again.json()["results"][0]["status"] == "unchanged"
    reindexed = kb.post("/api/documents/reindex").json()
    assert reindexed["sources"] == 2 and not reindexed["errors"]
    assert kb.delete(f"/api/documents/{uploaded['doc_id']}").status_code == 200
    assert uploaded["doc_id"] not in catalog(kb)
    gone = kb.delete(f"/api/documents/{uploaded['doc_id']}")
    assert gone.status_code == 404 and has_chinese(gone.json()["detail"])


BAD_UPLOADS = {
    "too_large": (("big.md", "贷".encode() * 30_000, "text/markdown"), 413),
    "wrong_type": (("setup.exe", b"MZ\x90\x00 not a rule book", "application/octet-stream"), 415),
    "corrupt_xlsx": (("table.xlsx", b"PK\x03\x04not really", "application/octet-stream"), 422),
    "corrupt_pdf": (("broken.pdf", b"%PDF-1.4\n1 0 obj garbage without xref", "application/pdf"), 422),
    "corrupt_docx": (("broken.docx", b"PK\x03\x04 this is no word file", "application/octet-stream"), 422),
}


@pytest.mark.parametrize("name", sorted(BAD_UPLOADS))
def test_bad_uploads_are_refused_and_the_index_is_unchanged(kb, name):
    upload, status = BAD_UPLOADS[name]
    before = index_state(kb)
    response = kb.post("/api/documents", files=[("files", upload)])
    assert response.status_code == status, response.text
    body = response.json()
    assert upload[0] in body["detail"] and has_chinese(body["detail"])
    assert body["results"][0]["status"] == "error"
    assert index_state(kb) == before
    assert kb.get("/api/health").json()["status"] == "ok"


def test_mixed_upload_reports_each_file(kb):
    files = [("files", ("zoufang.md", OWN_RULE, "text/markdown")),
             ("files", ("broken.pdf", b"%PDF-1.4 garbage", "application/pdf"))]
    results = kb.post("/api/documents", files=files).json()["results"]
    assert [(r["filename"], r["status"]) for r in results] == [("zoufang.md", "added"), ("broken.pdf", "error")]
    assert results[1]["code"] == 422 and "broken.pdf" in results[1]["detail"]


@pytest.mark.parametrize("case", ["malformed_json", "missing_field", "over_limit", "unknown_conversation"])
def test_bad_requests_leave_the_index_and_conversations_alone(kb, case):
    before = index_state(kb)
    json_headers = {"Content-Type": "application/json"}
    if case == "malformed_json":
        response = kb.post("/api/chat", content='{"message": "受托支付'.encode(), headers=json_headers)
        expected = 422
    elif case == "missing_field":
        response = kb.post("/api/chat", json={"conversation_id": None})
        expected = 422
    elif case == "over_limit":
        response = kb.post("/api/chat", content=b'{"message": "' + b"a" * 2_000_000 + b'"}', headers=json_headers)
        expected = 413
    else:
        response = kb.post("/api/chat", json={"message": "那次级类呢？", "conversation_id": "0000-none"})
        expected = 404
    assert response.status_code == expected and has_chinese(response.json()["detail"])
    assert index_state(kb) == before
    assert kb.get("/api/conversations").json()["conversations"] == []
    assert kb.get("/api/search", params={"q": "受托支付"}).json()["results"]
