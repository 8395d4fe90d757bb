"""GET /api/borrowers, /api/borrowers/{id} and /signals over the real app, real SQLite and the sample bank."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from api.app import create_app
    from assistant.config import get_settings, reset_settings
    from assistant.db import dispose_engines, session_scope
    from assistant.records.importer import load_sample
    from assistant.security.users import add_user, issue_token

    home = tmp_path_factory.mktemp("borrowers-api") / "home"
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("ASSISTANT_HOME", str(home))
        reset_settings()
        dispose_engines()
        load_sample()
        tokens = {}
        with session_scope() as session:
            for name, role, branch, code in (("wl", "officer", "城东支行", "o_wanglei"),
                                             ("east", "head", "城东支行", ""), ("risk", "risk", "", ""),
                                             ("coach", "trainer", "", "")):
                add_user(session, name, role, branch, officer_code=code)
                tokens[name] = issue_token(session, name)
        with TestClient(create_app(get_settings()), raise_server_exceptions=False) as test_client:
            test_client.tokens = tokens
            yield test_client
        reset_settings()
        dispose_engines()


def _get(client, user, path, **params):
    return client.get(path, params=params, headers={"Authorization": f"Bearer {client.tokens[user]}"})


def test_officer_lists_only_own_borrowers_with_contract_fields_and_signal_counts(client):
    response = _get(client, "wl", "/api/borrowers")
    assert response.status_code == 200
    rows = response.json()["borrowers"]
    ids = {row["id"] for row in rows}
    assert {"B001", "B002", "B005"} <= ids and "B003" not in ids and "B007" not in ids
    assert {"id", "name", "branch", "classification", "balance", "overdue_days"} <= set(rows[0])
    b005 = next(row for row in rows if row["id"] == "B005")
    assert b005["classification"] == "可疑" and b005["overdue_days"] == 280 and b005["high_signals"] >= 1
    b001 = next(row for row in rows if row["id"] == "B001")
    assert b001["signal_count"] == 0


def test_branch_head_sees_the_branch_and_risk_sees_all(client):
    east = {row["branch"] for row in _get(client, "east", "/api/borrowers").json()["borrowers"]}
    everyone = {row["branch"] for row in _get(client, "risk", "/api/borrowers").json()["borrowers"]}
    assert east == {"城东支行"} and everyone == {"城东支行", "城西支行", "高新支行"}


def test_filters_narrow_within_scope(client):
    rows = _get(client, "risk", "/api/borrowers", classification="次级").json()["borrowers"]
    assert rows and all(row["classification"] == "次级" for row in rows)
    assert _get(client, "risk", "/api/borrowers", classification="很好").status_code == 422


def test_detail_and_signals_carry_record_values_and_clauses(client):
    detail = _get(client, "risk", "/api/borrowers/B004").json()
    assert detail["loans"] and detail["signals"]
    signals = _get(client, "risk", "/api/borrowers/B004/signals").json()
    too_optimistic = [s for s in signals["signals"] if "第十一条" in str(s)]
    assert too_optimistic, signals
    assert signals["classification_advice"]["suggested"] == "次级"


@pytest.mark.parametrize("user", ["wl", "east", "coach"])
def test_out_of_scope_and_unknown_ids_are_the_same_404(client, user):
    outside = _get(client, user, "/api/borrowers/B007")
    unknown = _get(client, user, "/api/borrowers/B999")
    assert outside.status_code == unknown.status_code == 404
    assert "无权查看" in outside.json()["detail"]
    assert "博雅电子" not in outside.text
    assert _get(client, user, "/api/borrowers/B007/signals").status_code == 404


def test_pages_report_the_total(client):
    first = _get(client, "risk", "/api/borrowers", limit=10).json()
    second = _get(client, "risk", "/api/borrowers", limit=10, offset=10).json()
    assert first["total"] == second["total"] == 32
    assert len(first["borrowers"]) == len(second["borrowers"]) == 10
    assert not {r["id"] for r in first["borrowers"]} & {r["id"] for r in second["borrowers"]}
    assert _get(client, "risk", "/api/borrowers", limit=0).status_code == 422


def test_trainer_sees_no_borrowers(client):
    assert _get(client, "coach", "/api/borrowers").json()["borrowers"] == []
