"""Web logic of /api/chat and /api/search with small fakes: JSON and SSE shapes, bad input, filters."""

from __future__ import annotations

import json

import pytest

from api.deps import get_chat_dep, get_retriever_dep
from tests.api.fakes import FakeChat, FakeRetriever

pytestmark = pytest.mark.unit


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def chat(app):
    fake = FakeChat()
    app.dependency_overrides[get_chat_dep] = lambda: fake
    return fake


@pytest.fixture
def retriever(app):
    fake = FakeRetriever()
    app.dependency_overrides[get_retriever_dep] = lambda: fake
    return fake


def parse_sse(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_chat_json_matches_ask_json(client, chat):
    body = client.post("/api/chat", json={"message": "关注类多久查一次？"}).json()
    assert set(body) >= {"answer", "citations", "refused", "conversation_id"}
    assert set(body["citations"][0]) >= {"chunk_id", "doc_title", "article", "quote"}
    again = client.post("/api/chat", json={"message": "那次级类呢？", "conversation_id": body["conversation_id"]})
    assert again.status_code == 200
    assert chat.calls[-1] == ("那次级类呢？", body["conversation_id"])


def test_chat_streams_server_sent_events(client, chat):
    with client.stream("POST", "/api/chat", json={"message": "关注类多久查一次？"},
                       headers={"Accept": "text/event-stream"}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        events = parse_sse(response.read().decode())
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "meta" and kinds[-1] == "done" and "citations" in kinds
    text = "".join(data["text"] for kind, data in events if kind == "delta")
    assert text == "关注类贷款每季度至少现场检查一次[1]。"


BAD_QUESTIONS = {
    "empty": "",
    "whitespace": "  \u3000\n\t ",
    "too_long": "贷" * 20_000,
    "binary": "\x00\x01\x02\xff贷后",
    "control": "贷后\x1b[31m检查",
}


@pytest.mark.parametrize("accept", ["application/json", "text/event-stream"])
@pytest.mark.parametrize("name", sorted(BAD_QUESTIONS))
def test_bad_questions_are_4xx_in_chinese(client, chat, name, accept):
    response = client.post("/api/chat", json={"message": BAD_QUESTIONS[name]}, headers={"Accept": accept})
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert has_chinese(response.json()["detail"])
    assert chat.calls == []
    assert client.get("/api/health").json()["status"] == "ok"


@pytest.mark.parametrize("accept", ["application/json", "text/event-stream"])
def test_unknown_conversation_is_404(client, chat, accept):
    response = client.post("/api/chat", json={"message": "那次级类呢？", "conversation_id": "no-such-id"},
                           headers={"Accept": accept})
    assert response.status_code == 404
    assert "会话不存在" in response.json()["detail"]


@pytest.mark.parametrize("payload, field", [
    (b'{"message": "abc"', None),
    (b"not json at all", None),
    (b'{"conversation_id": "x"}', "message"),
    (b'{"message": 42}', "message"),
    (b"[1, 2]", None),
])
def test_malformed_bodies_are_422_with_field_info(client, chat, payload, field):
    response = client.post("/api/chat", content=payload, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    body = response.json()
    assert has_chinese(body["detail"]) and body["errors"]
    if field:
        assert body["errors"][0]["field"] == field and field in body["detail"]
    assert chat.calls == []


def test_search_passes_filters_and_scope(client, retriever):
    response = client.get("/api/search", params={"q": "关注类检查频率", "k": 3, "source_type": "regulation",
                                                 "doc": "流动资金贷款管理办法", "include_superseded": "true"})
    assert response.status_code == 200
    result = response.json()["results"][0]
    assert set(result) >= {"chunk_id", "doc_title", "article", "text", "score"}
    query, k, filters = retriever.calls[0]
    assert (query, k) == ("关注类检查频率", 3)
    assert filters.source_types == ("regulation",) and filters.doc_titles == ("流动资金贷款管理办法",)
    assert filters.include_superseded and filters.branches is None  # local administrator sees all


@pytest.mark.parametrize("params", [{"q": ""}, {"q": "   "}, {"q": "贷" * 3_000}, {"q": "\x00\x07"},
                                    {"q": "检查", "k": 0}, {"q": "检查", "k": "many"},
                                    {"q": "检查", "source_type": "novel"}, {}])
def test_bad_searches_are_4xx_in_chinese(client, retriever, params):
    response = client.get("/api/search", params=params)
    assert 400 <= response.status_code < 500
    assert has_chinese(response.json()["detail"])
    assert retriever.calls == []


def test_search_narrows_case_notes_to_the_callers_branch(app, client, retriever):
    from api.deps import get_scope
    from assistant.security.scope import Scope

    app.dependency_overrides[get_scope] = lambda: Scope(username="h", role="head", branch="城东支行")
    assert client.get("/api/search", params={"q": "走访记录"}).status_code == 200
    _, _, filters = retriever.calls[0]
    assert filters.branches == ("城东支行",) and filters.borrower_ids is None
    app.dependency_overrides[get_scope] = lambda: Scope(username="t", role="trainer")
    client.get("/api/search", params={"q": "走访记录"})
    assert retriever.calls[1][2].branches == () and retriever.calls[1][2].borrower_ids == ()
