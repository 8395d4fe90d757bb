"""GET /api/borrowers/{id}/report (JSON with each figure's source) and /report.docx over the real app."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.integration


@pytest.fixture
def client(sample_home):
    from api.app import create_app
    from assistant.config import get_settings

    with TestClient(create_app(get_settings()), raise_server_exceptions=False) as test_client:
        yield test_client


def test_report_json_has_sections_sources_and_clauses(client):
    response = client.get("/api/borrowers/B005/report", params={"date": "2026-11-24"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert [s["title"] for s in body["sections"]][-2:] == ["风险分类建议", "结论与措施"]
    classification = body["sections"][7]["statements"][0]
    assert "按逾期规则建议：可疑" in classification["text"]
    assert classification["clauses"][0]["article"] == "第十二条" and classification["clauses"][0]["quote"]
    loans = body["sections"][1]["tables"][0]
    balance = loans["rows"][0][3]
    assert balance["sources"] == [{"table": "loans", "record_id": "L00501", "field": "balance"}]
    assert "loans:L00501" in body["record_ids"] and body["markdown"].startswith("# 远航物流有限公司")


def test_report_docx_download(client):
    from docx import Document

    response = client.get("/api/borrowers/B001/report.docx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response.headers["content-disposition"]
    doc = Document(io.BytesIO(response.content))
    assert any(p.text == "一、基本情况" for p in doc.paragraphs)


def test_unknown_and_other_branch_borrowers_are_the_same_404(client):
    from assistant.db import session_scope
    from assistant.security.users import add_user, issue_token

    with session_scope() as session:
        add_user(session, "zhangwei_api", "officer", "城西支行", officer_code="o_zhangwei")
        token = issue_token(session, "zhangwei_api")
    headers = {"Authorization": f"Bearer {token}"}
    unknown = client.get("/api/borrowers/B999/report", headers=headers)
    other = client.get("/api/borrowers/B001/report.docx", headers=headers)
    assert unknown.status_code == other.status_code == 404
    assert unknown.json()["detail"] == "未找到借款人 B999，或您无权查看该借款人"
    assert other.json()["detail"] == "未找到借款人 B001，或您无权查看该借款人"
    assert client.get("/api/borrowers/B008/report", headers=headers).status_code == 200


@pytest.fixture
def admin(client):
    """Bearer headers of an admin (once any user exists, anonymous calls get 401)."""
    from assistant.db import session_scope
    from assistant.security.users import add_user, find_user, issue_token

    with session_scope() as session:
        if find_user(session, "admin_edit") is None:
            add_user(session, "admin_edit", "admin", "")
        return {"Authorization": f"Bearer {issue_token(session, 'admin_edit')}"}


def _sections(body: dict) -> list[dict]:
    return [{"title": s["title"], "paragraphs": [st["text"] for st in s["statements"] if st["text"]]}
            for s in body["sections"]]


def _last_export():
    from assistant.db import session_scope
    from assistant.security.audit import list_entries
    from assistant.security.scope import LOCAL_ADMIN

    with session_scope() as session:
        return list_entries(session, LOCAL_ADMIN, limit=1, action="export")[0]


def test_edited_report_docx_has_the_users_text_and_is_audited_as_edited(client, admin):
    import hashlib

    from docx import Document

    params = {"date": "2026-11-24"}
    sections = _sections(client.get("/api/borrowers/B002/report", params=params, headers=admin).json())
    conclusion = next(s for s in sections if s["title"] == "结论与措施")
    conclusion["paragraphs"][0] += "（已电话核实，客户经理补充）"
    conclusion["paragraphs"].append("补充意见：下月再次实地走访。")
    response = client.post("/api/borrowers/B002/report.docx", params=params, json={"sections": sections},
                           headers=admin)
    assert response.status_code == 200, response.text
    assert response.headers["x-report-edited"] == "true"
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert any("（已电话核实，客户经理补充）" in t for t in texts) and "补充意见：下月再次实地走访。" in texts
    assert "一、基本情况" in texts and "附：引用条文" in texts           # template, headings and clause annex kept
    entry = _last_export()
    assert entry["target"] == "borrower:B002" and entry["detail"]["edited"] is True
    assert entry["detail"]["edited_sections"] == ["结论与措施"]
    assert entry["detail"]["output_sha256"] == hashlib.sha256(response.content).hexdigest()


def test_unchanged_sections_export_as_not_edited_and_keep_citations(client, admin):
    from docx import Document

    params = {"date": "2026-11-24"}
    body = client.get("/api/borrowers/B005/report", params=params, headers=admin).json()
    response = client.post("/api/borrowers/B005/report.docx", params=params, json={"sections": _sections(body)},
                           headers=admin)
    assert response.status_code == 200 and response.headers["x-report-edited"] == "false"
    texts = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "（依据：《" in texts                       # untouched statements keep their clause citations
    assert _last_export()["detail"]["edited"] is False


@pytest.mark.parametrize("sections, message", [
    ([{"title": "附加章节", "paragraphs": ["x"]}], "未知的报告章节「附加章节」"),
    ([{"title": "基本情况", "paragraphs": ["a"]}, {"title": "一、基本情况", "paragraphs": ["b"]}], "重复提交"),
    ([{"title": "基本情况", "paragraphs": ["长" * 5001]}], "每段最多 5000 字"),
    ([{"title": "基本情况", "paragraphs": ["段"] * 201}], "每章最多 200 段"),
    ([], "请求参数有误"),
    ([{"title": "基本情况", "paragraphs": "不是列表"}], "请求参数有误"),
])
def test_bad_edits_get_422_with_chinese_message(client, admin, sections, message):
    response = client.post("/api/borrowers/B001/report.docx", json={"sections": sections}, headers=admin)
    assert response.status_code == 422 and message in response.json()["detail"]


def test_edited_export_keeps_the_scope(client):
    from assistant.db import session_scope
    from assistant.security.users import add_user, issue_token

    with session_scope() as session:
        add_user(session, "zhangwei_edit", "officer", "城西支行", officer_code="o_zhangwei")
        token = issue_token(session, "zhangwei_edit")
    body = {"sections": [{"title": "基本情况", "paragraphs": ["改写"]}]}
    response = client.post("/api/borrowers/B001/report.docx", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404 and response.json()["detail"] == "未找到借款人 B001，或您无权查看该借款人"
