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
