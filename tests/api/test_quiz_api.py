"""Quiz HTTP API over a real index and SQLite: generate, review, session, answers, results, exports."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

pytestmark = pytest.mark.integration


@pytest.fixture
def indexed(home, shared_corpus):
    from assistant.knowledge.ingest import ingest_paths

    ingest_paths([shared_corpus / "regulations" / "jinrong_zichan_fengxian_fenlei_2023.md"])


def test_generate_review_session_and_exports(client, indexed):
    made = client.post("/api/quiz/generate", json={"source": "《商业银行金融资产风险分类办法》", "n": 6,
                                                   "seed": 4, "save": True})
    assert made.status_code == 200, made.text
    items = made.json()["items"]
    assert len(items) == 6 and made.json()["meta"]["emitted"] == 6
    for item in items[:5]:
        assert client.post(f"/api/quiz/items/{item['id']}/approve").status_code == 200
    rejected = client.post(f"/api/quiz/items/{items[5]['id']}/reject", json={"reason": "太简单"})
    assert rejected.json()["status"] == "rejected"
    bank = client.get("/api/quiz/items", params={"status": "approved"}).json()
    assert len(bank["items"]) == 5 and sum(bank["topics"].values()) == 5
    choice = next(i for i in items[:5] if i["type"] in ("single", "true_false", "multiple"))
    bad = client.patch(f"/api/quiz/items/{choice['id']}", json={"answer": "Z"})
    assert bad.status_code == 400 and "答案" in bad.json()["detail"]
    session_id = client.post("/api/quiz/sessions", json={"title": "分类测验", "time_limit_min": 30}).json()["session_id"]
    paper = client.get(f"/api/quiz/sessions/{session_id}").json()["items"]
    assert paper and all("answer" not in item for item in paper)
    keys = {item["id"]: item["answer"] for item in items[:5]}
    graded = client.post(f"/api/quiz/sessions/{session_id}/answers", json={"answers": keys})
    assert graded.status_code == 200 and graded.json()["score"] == len(paper)
    again = client.post(f"/api/quiz/sessions/{session_id}/answers", json={"answers": keys})
    assert again.status_code == 409 and "不能重复作答" in again.json()["detail"]
    assert client.get(f"/api/quiz/sessions/{session_id}/results").json()["trainees"][0]["score"] == len(paper)
    xlsx = client.get(f"/api/quiz/sessions/{session_id}/results.xlsx")
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["成绩", "按主题", "明细"]
    docx = client.get(f"/api/quiz/sessions/{session_id}/paper.docx", params={"keys": True})
    assert "答案：" in "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert client.post(f"/api/quiz/sessions/{session_id}/close").status_code == 200
    late = client.post(f"/api/quiz/sessions/{session_id}/answers", json={"answers": keys})
    assert late.status_code == 409 and "已结束" in late.json()["detail"]


def test_bad_requests_get_chinese_messages(client, indexed):
    missing = client.post("/api/quiz/generate", json={"source": "没有这个文档", "n": 5})
    assert missing.status_code == 404 and "找不到资料" in missing.json()["detail"]
    too_many = client.post("/api/quiz/generate", json={"source": "风险分类办法", "n": 200})
    assert too_many.status_code == 400 and "最多能生成" in too_many.json()["detail"]
    assert client.get("/api/quiz/sessions/nope").status_code == 404
    empty = client.post("/api/quiz/sessions", json={"title": "空"})
    assert empty.status_code == 400 and "没有题目" in empty.json()["detail"]


def test_session_listing_trainers_see_what_they_opened_trainees_what_they_answered(client, indexed):
    from datetime import timedelta

    from assistant.db import session_scope
    from assistant.quiz.models import QuizSession, utcnow
    from assistant.security.users import add_user, issue_token

    with session_scope() as session:
        people = (("trainer1", "trainer", "", ""), ("trainer2", "trainer", "", ""),
                  ("wanglei", "officer", "城东支行", "o_wanglei"), ("lina", "officer", "城东支行", "o_lina"))
        for name, role, branch, code in people:
            add_user(session, name, role, branch, officer_code=code)
        auth = {name: {"Authorization": f"Bearer {issue_token(session, name)}"}
                for name in ("trainer1", "trainer2", "wanglei", "lina")}
    made = client.post("/api/quiz/generate", json={"source": "风险分类办法", "n": 3, "seed": 1, "save": True},
                       headers=auth["trainer1"]).json()["items"]
    for item in made:
        client.post(f"/api/quiz/items/{item['id']}/approve", headers=auth["trainer1"])
    first, second, third = (client.post("/api/quiz/sessions", json={"title": title}, headers=auth["trainer1"])
                            .json()["session_id"] for title in ("第一场", "第二场", "第三场"))
    keys = {item["id"]: item["answer"] for item in made}
    assert client.post(f"/api/quiz/sessions/{first}/answers", json={"answers": keys},
                       headers=auth["wanglei"]).status_code == 200
    client.post(f"/api/quiz/sessions/{second}/close", headers=auth["trainer1"])
    with session_scope() as session:
        session.get(QuizSession, third).deadline = utcnow() - timedelta(minutes=1)

    mine = client.get("/api/quiz/sessions", headers=auth["trainer1"]).json()
    assert mine["view"] == "trainer"
    rows = {s["title"]: s for s in mine["sessions"]}
    assert [s["title"] for s in mine["sessions"]] == ["第三场", "第二场", "第一场"]     # newest first
    assert (rows["第一场"]["status"], rows["第一场"]["items"], rows["第一场"]["answers"]) == ("open", 3, 1)
    assert rows["第二场"]["status"] == "closed" and rows["第三场"]["status"] == "expired"
    assert client.get("/api/quiz/sessions", params={"limit": 1}, headers=auth["trainer1"]).json()["sessions"][0][
        "session_id"] == third
    assert client.get("/api/quiz/sessions", headers=auth["trainer2"]).json()["sessions"] == []
    answered = client.get("/api/quiz/sessions", headers=auth["wanglei"]).json()
    assert answered["view"] == "trainee" and [s["session_id"] for s in answered["sessions"]] == [first]
    assert answered["sessions"][0]["score"] == answered["sessions"][0]["total"] == 3
    assert "answers" not in answered["sessions"][0]                   # no one else's participation
    assert client.get("/api/quiz/sessions", headers=auth["lina"]).json()["sessions"] == []
    bad = client.get("/api/quiz/sessions", params={"limit": 0}, headers=auth["trainer1"])
    assert bad.status_code == 422 and "limit" in bad.json()["detail"]
