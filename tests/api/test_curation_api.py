"""/api/standard-answers and /api/feedback/review over HTTP: risk and admin only, checked on save with a
Chinese reason (400), the chat marks a served answer 标准答复."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLE_CORPUS

pytestmark = pytest.mark.integration

RULES = SAMPLE_CORPUS / "knowledge" / "示范银行贷后管理实施细则.md"
BODY = {"question": "正常类法人客户多久做一次现场检查？",
        "answer": "正常类、关注类的法人客户，每季度至少进行一次现场检查。[1]",
        "citations": [{"document": "《示范银行贷后管理实施细则》", "article": "第13条"}],
        "roles": ["officer", "risk"]}


@pytest.fixture
def tokens(home):
    from assistant.db import session_scope
    from assistant.knowledge.ingest import ingest_paths
    from assistant.security.users import add_user, issue_token

    ingest_paths([RULES])
    out = {}
    with session_scope() as session:
        for name, role, branch, code in (("wl", "officer", "城东支行", "o_wanglei"), ("fx", "risk", "", ""),
                                         ("px", "trainer", "", "")):
            add_user(session, name, role, branch, officer_code=code)
            out[name] = {"Authorization": f"Bearer {issue_token(session, name)}"}
    return out


def test_curate_over_http(client, tokens):
    assert client.post("/api/standard-answers", json=BODY, headers=tokens["wl"]).status_code == 403
    bad = client.post("/api/standard-answers", json={**BODY, "citations": [
        {"document": "示范银行贷后管理实施细则", "article": "第九十九条"}]}, headers=tokens["fx"])
    assert bad.status_code == 400 and "没有第九十九条" in bad.json()["detail"]
    created = client.post("/api/standard-answers", json=BODY, headers=tokens["fx"])
    assert created.status_code == 201, created.text
    saved = created.json()
    assert saved["citations"][0]["article"] == "第十三条"

    chat = client.post("/api/chat", json={"message": BODY["question"]}, headers=tokens["wl"]).json()
    assert chat["standard_answer"]["label"] == "标准答复" and chat["citations"][0]["article"] == "第十三条"
    trainer = client.post("/api/chat", json={"message": BODY["question"]}, headers=tokens["px"]).json()
    assert trainer.get("standard_answer") is None

    listed = client.get("/api/standard-answers", headers=tokens["fx"]).json()["answers"]
    assert [a["id"] for a in listed] == [saved["id"]]
    assert client.get("/api/standard-answers", headers=tokens["px"]).status_code == 403
    assert client.get("/api/standard-answers/999", headers=tokens["fx"]).status_code == 404
    assert client.delete(f"/api/standard-answers/{saved['id']}", headers=tokens["fx"]).json()["status"] == "retired"

    wrong = client.post("/api/chat", json={"message": BODY["question"]}, headers=tokens["wl"]).json()
    assert wrong.get("standard_answer") is None
    assert client.post("/api/feedback", json={"conversation_id": wrong["conversation_id"], "turn": 0,
                                              "rating": "wrong", "comment": "不全"},
                       headers=tokens["wl"]).status_code == 200
    [item] = client.get("/api/feedback/review", headers=tokens["fx"]).json()["feedback"]
    assert item["comment"] == "不全" and item["question"] == BODY["question"]
    assert client.get("/api/feedback/review", headers=tokens["wl"]).status_code == 403
    converted = client.post(f"/api/feedback/review/{item['id']}/convert", json=BODY, headers=tokens["fx"])
    assert converted.status_code == 201, converted.text
    again = client.post(f"/api/feedback/review/{item['id']}/dismiss", json={}, headers=tokens["fx"])
    assert again.status_code == 400 and "已处理" in again.json()["detail"]
    assert client.get("/api/feedback/review", headers=tokens["fx"]).json()["feedback"] == []
