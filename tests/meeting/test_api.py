"""Meeting API over a real app: selection, create, decisions, outputs, and who may see which branch."""

from __future__ import annotations

import io
import zipfile

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.integration
USERS = {"risk": ("risk", "风险管理部", ""), "head_east": ("head", "城东支行", ""),
         "head_west": ("head", "城西支行", ""), "wanglei": ("officer", "城东支行", "o_wanglei"),
         "lina": ("officer", "城东支行", "o_lina"), "trainer": ("trainer", "", "")}
Q = {"branch": "城东支行", "date": "2026-12-08"}


@pytest.fixture
def api(sample_db):
    from api.app import create_app
    from assistant.db import session_scope
    from assistant.security.users import add_user, issue_token

    tokens = {}
    with session_scope() as session:
        for name, (role, branch, code) in USERS.items():
            add_user(session, name, role, branch, officer_code=code, display_name=name)
            tokens[name] = issue_token(session, name)
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        client.headers_for = lambda user: {"Authorization": f"Bearer {tokens[user]}"}  # type: ignore[attr-defined]
        yield client


def test_full_flow_for_the_branch_head(api):
    h = api.headers_for("head_east")
    selection = api.get("/api/meetings/selection", params=Q, headers=h)
    assert selection.status_code == 200 and "B022" in [i["borrower_id"] for i in selection.json()["items"]]
    created = api.post("/api/meetings", json=Q, headers=h)
    assert created.status_code == 201 and created.json()["attendees"][0]["name"] == "head_east"
    mid = created.json()["id"]
    assert api.post("/api/meetings", json=Q, headers=h).status_code == 409
    body = {"decisions": [{"borrower_id": "B006", "action": "采取法律措施", "responsible_department": "风险部",
                           "responsible_person": "李娜", "deadline": "2026-12-31"}]}
    decided = api.post(f"/api/meetings/{mid}/decisions", json=body, headers=h)
    assert decided.status_code == 201
    bad = {"decisions": [{**body["decisions"][0], "borrower_id": "B999"}]}
    rejected = api.post(f"/api/meetings/{mid}/decisions", json=bad, headers=h)
    assert rejected.status_code == 400 and "不在本次例会" in rejected.json()["detail"]
    assert len(api.get(f"/api/meetings/{mid}/decisions", headers=h).json()["decisions"]) == 1
    did = decided.json()["decisions"][0]["id"]
    patched = api.patch(f"/api/meetings/decisions/{did}", json={"status": "done", "follow_up": "已起诉"}, headers=h)
    assert patched.json()["status_zh"] == "已落实"
    md = api.get("/api/meetings/minutes", params=Q, headers=h)
    assert md.status_code == 200 and "会议纪要" in md.text and "采取法律措施" in md.text
    docx = api.get("/api/meetings/minutes", params={**Q, "format": "docx"}, headers=h)
    assert docx.content[:2] == b"PK"
    forms = api.get("/api/meetings/forms", params=Q, headers=h)
    assert len(zipfile.ZipFile(io.BytesIO(forms.content)).namelist()) == len(created.json()["agenda"])


def test_other_branch_is_forbidden_and_its_meetings_not_found(api):
    mid = api.post("/api/meetings", json=Q, headers=api.headers_for("risk")).json()["id"]
    west = api.headers_for("head_west")
    response = api.get("/api/meetings/selection", params=Q, headers=west)
    assert response.status_code == 403 and "无权查看城东支行" in response.json()["detail"]
    assert api.get("/api/meetings/minutes", params=Q, headers=west).status_code == 403
    assert api.get(f"/api/meetings/{mid}", headers=west).status_code == 404
    assert api.get(f"/api/meetings/{mid}/decisions", headers=west).status_code == 404
    assert api.get("/api/meetings/selection", params=Q, headers=api.headers_for("trainer")).status_code == 403
    unknown = api.get("/api/meetings/selection", params={**Q, "branch": "火星支行"}, headers=west)
    assert unknown.status_code == 404 and "未知的机构" in unknown.json()["detail"]


def test_officers_see_only_their_own_borrowers(api):
    api.post("/api/meetings", json=Q, headers=api.headers_for("risk"))
    h = api.headers_for("wanglei")
    items = api.get("/api/meetings/selection", params=Q, headers=h).json()["items"]
    assert items and all(i["officer_code"] == "o_wanglei" for i in items)
    minutes = api.get("/api/meetings/minutes", params=Q, headers=h)
    assert minutes.status_code == 403 and "客户经理只能查看" in minutes.json()["detail"]
    assert api.get("/api/meetings/forms", params={**Q, "borrower_id": "B005"}, headers=h).status_code == 200
    assert api.get("/api/meetings/forms", params={**Q, "borrower_id": "B006"}, headers=h).status_code == 404
    assert api.post("/api/meetings", json={**Q, "date": "2026-12-09"}, headers=h).status_code == 403


def test_bad_dates_and_formats(api):
    h = api.headers_for("risk")
    assert api.get("/api/meetings/selection", params={**Q, "date": "2026-13-01"}, headers=h).status_code == 400
    old = api.get("/api/meetings/selection", params={**Q, "date": "2019-01-07"}, headers=h)
    assert old.status_code == 404 and "没有任何贷款记录" in old.json()["detail"]
    assert api.get("/api/meetings/minutes", params={**Q, "format": "pdf"}, headers=h).status_code == 422


def test_branch_picture_matches_the_minutes_and_follows_the_selection_scope(api):
    h = api.headers_for("head_east")
    picture = api.get("/api/meetings/picture", params=Q, headers=h)
    assert picture.status_code == 200, picture.text
    body = picture.json()
    assert [c["classification"] for c in body["classes"]] == ["正常", "关注", "次级", "可疑", "损失"]
    assert sum(c["balance"] for c in body["classes"]) == pytest.approx(body["summary"]["total_balance"])
    assert body["summary"]["bad_balance"] == pytest.approx(sum(c["balance"] for c in body["classes"][2:]))
    assert body["summary"]["new_overdue_loans"] == len(body["new_overdue"])
    assert body["summary"]["inspections_overdue"] == len(body["inspections_overdue"])
    assert {s["name"] for s in body["signals"]} >= {"贷款逾期"} and all(s["borrowers"] > 0 for s in body["signals"])
    minutes = api.get("/api/meetings/minutes", params=Q, headers=h).text
    assert all(statement in minutes for statement in body["statements"])     # the same figures as the 纪要
    selection = api.get("/api/meetings/selection", params=Q, headers=h).json()
    assert body["summary"]["borrowers"] == selection["considered"] and body["reviewed"] == len(selection["items"])
    own = api.get("/api/meetings/picture", params=Q, headers=api.headers_for("wanglei")).json()
    assert own["scope"] == "own" and own["summary"]["borrowers"] < body["summary"]["borrowers"]
    west = api.get("/api/meetings/picture", params=Q, headers=api.headers_for("head_west"))
    assert west.status_code == 403 and "无权查看城东支行" in west.json()["detail"]
    assert api.get("/api/meetings/picture", params=Q, headers=api.headers_for("trainer")).status_code == 403
    unknown = api.get("/api/meetings/picture", params={**Q, "branch": "火星支行"}, headers=h)
    assert unknown.status_code == 404 and "未知的机构" in unknown.json()["detail"]
    early = api.get("/api/meetings/picture", params={**Q, "date": "2020-01-01"}, headers=h)
    assert early.status_code == 404
