"""Borrower answers through the API: `records` beside `citations` (JSON and SSE), both in the /v1 text,
follow-ups of /v1 history, and scope."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from api.app import create_app
    from assistant.config import get_settings, reset_settings
    from assistant.db import dispose_engines, session_scope
    from assistant.sample import load_sample_bank
    from assistant.security.users import add_user, issue_token

    home = tmp_path_factory.mktemp("borrower-chat-api") / "home"
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("ASSISTANT_HOME", str(home))
        monkeypatch.setenv("ASSISTANT_TODAY", "2026-11-24")
        monkeypatch.setenv("ASSISTANT_RATE_LIMIT_PER_MINUTE", "0")
        reset_settings()
        dispose_engines()
        load_sample_bank()
        with session_scope() as session:
            add_user(session, "ln", "officer", "城东支行", officer_code="o_lina")
            add_user(session, "wl", "officer", "城东支行", officer_code="o_wanglei")
            tokens = {name: issue_token(session, name) for name in ("ln", "wl")}
        with TestClient(create_app(get_settings()), raise_server_exceptions=False) as test_client:
            test_client.headers_for = lambda user: {"Authorization": f"Bearer {tokens[user]}"}
            yield test_client
        reset_settings()
        dispose_engines()


def test_chat_json_returns_records_beside_citations(client):
    response = client.post("/api/chat", json={"message": "B004逾期多少天了？"}, headers=client.headers_for("ln"))
    assert response.status_code == 200
    body = response.json()
    assert body["citations"] and body["records"]
    loan = next(r for r in body["records"] if r["field"] == "overdue_days")
    assert loan == {"borrower_id": "B004", "table": "贷款台账", "record_id": "L00401", "field": "overdue_days",
                    "text": "逾期95天", "as_of": "2026-11-24", "ref": "贷款台账:L00401"}
    other = client.post("/api/chat", json={"message": "B004逾期多少天了？"}, headers=client.headers_for("wl"))
    assert other.status_code == 200 and other.json()["records"] == [] and "95" not in other.json()["answer"]


def test_chat_stream_carries_records_in_its_citations_and_done_events(client):
    headers = {**client.headers_for("ln"), "Accept": "text/event-stream"}
    with client.stream("POST", "/api/chat", json={"message": "B004的押品评估价值多少？"}, headers=headers) as response:
        events = [line for line in response.iter_lines() if line.startswith("data:")]
    payloads = [json.loads(line[5:]) for line in events]
    done = payloads[-1]
    assert any(r["ref"] == "押品:C00401" for r in done["records"])
    assert any(p.get("records") for p in payloads[:-1])  # the citations event


def test_v1_text_holds_sources_and_records_and_follows_the_borrower_of_its_history(client):
    headers = client.headers_for("ln")
    first = client.post("/v1/chat/completions", headers=headers, json={
        "model": "daihou-assistant", "messages": [{"role": "user", "content": "B004现在什么情况？"}]})
    assert first.status_code == 200
    content = first.json()["choices"][0]["message"]["content"]
    assert "参考来源：" in content and "所用记录：" in content and "- B004 贷款台账 L00401" in content
    follow = client.post("/v1/chat/completions", headers=headers, json={
        "model": "daihou-assistant", "messages": [
            {"role": "user", "content": "B004现在什么情况？"}, {"role": "assistant", "content": content},
            {"role": "user", "content": "那它的押品呢？"}]})
    assert "C00401" in follow.json()["choices"][0]["message"]["content"]
