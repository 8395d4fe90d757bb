"""GET /api/borrowers, /api/borrowers/{id} and /signals over the real app, real SQLite and the sample bank."""

from __future__ import annotations

import io
import json
import zipfile

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


# --- POST /api/borrowers/import (admins only, all or nothing, audited) ---------------------------

@pytest.fixture
def importer(home, monkeypatch):
    """A fresh sample bank with an admin and an officer; uploads capped at 64 KB to test 413."""
    from api.app import create_app
    from assistant.config import get_settings, reset_settings
    from assistant.db import session_scope
    from assistant.records.importer import load_sample
    from assistant.security.users import add_user, issue_token

    monkeypatch.setenv("ASSISTANT_MAX_UPLOAD_BYTES", str(64 * 1024))
    reset_settings()
    load_sample()
    with session_scope() as session:
        add_user(session, "root", "admin", "", password="管理员口令-足够长-123")
        add_user(session, "wl", "officer", "城东支行", officer_code="o_wanglei")
        tokens = {name: issue_token(session, name) for name in ("root", "wl")}
    with TestClient(create_app(get_settings()), raise_server_exceptions=False) as test_client:
        test_client.tokens = tokens
        yield test_client


def _new_borrowers(count: int, prefix: str = "IMP") -> list[dict]:
    from evals.records_import_speed import borrower
    from tests.security.test_kill import _prefixed

    return [_prefixed(borrower(n), prefix) for n in range(1, count + 1)]


def _import(client, user, name: str, data: bytes):
    return client.post("/api/borrowers/import", files={"file": (name, data)},
                       headers={"Authorization": f"Bearer {client.tokens[user]}"})


def _json(rows) -> bytes:
    return json.dumps(rows, ensure_ascii=False).encode("utf-8")


def test_admin_imports_json_and_the_import_is_audited_with_ids_and_hash(importer):
    from assistant.security.audit import sha256_bytes

    data = _json(_new_borrowers(3))
    response = _import(importer, "root", "新客户.json", data)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["borrowers_added"] == 3 and body["rows"]["loans"] == 6 and body["source"] == "新客户.json"
    assert body["sha256"] == sha256_bytes(data) and "新增借款人3户" in body["summary"]
    assert _get(importer, "root", "/api/borrowers/IMPS000002").json()["loans"]
    assert _get(importer, "root", "/api/borrowers", q="IMP").json()["total"] == 3
    again = _import(importer, "root", "新客户.json", data).json()
    assert again["borrowers_added"] == 0 and again["borrowers_updated"] == 3
    entries = _get(importer, "root", "/api/audit", action="import").json()["entries"]
    assert len(entries) == 2 and entries[0]["username"] == "root"
    assert entries[0]["detail"]["sha256"] == sha256_bytes(data)
    assert entries[0]["detail"]["record_ids"] == ["IMPS000001", "IMPS000002", "IMPS000003"]


def test_officer_may_not_import(importer):
    response = _import(importer, "wl", "新客户.json", _json(_new_borrowers(1)))
    assert response.status_code == 403 and "管理员" in response.json()["detail"]
    assert _get(importer, "root", "/api/borrowers", q="IMP").json()["total"] == 0


def test_bad_rows_are_listed_row_and_column_precise_and_nothing_is_written(importer):
    rows = _new_borrowers(2)
    rows[1]["loans"][0]["maturity_date"] = "2026-13-40"
    rows[1]["颜色"] = "红"
    response = _import(importer, "root", "有错.json", _json(rows))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["detail"].startswith("导入失败") and body["total_errors"] == len(body["errors"]) >= 2
    assert any("第2个借款人（IMPS000002）" in e and "到期日" in e for e in body["errors"]), body["errors"]
    assert any("未知字段「颜色」" in e for e in body["errors"])
    assert _get(importer, "root", "/api/borrowers", q="IMP").json()["total"] == 0
    assert _get(importer, "root", "/api/audit", action="import").json()["entries"] == []


def test_xlsx_and_zipped_csv_import(importer, tmp_path):
    from assistant.records.export import write_csv_folder, write_xlsx

    xlsx = write_xlsx(_new_borrowers(2, "XL"), tmp_path / "档案.xlsx")
    assert _import(importer, "root", "档案.xlsx", xlsx.read_bytes()).json()["borrowers_added"] == 2
    folder = write_csv_folder(_new_borrowers(2, "CSV"), tmp_path / "csv")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in folder.glob("*.csv"):
            archive.write(path, f"导出/{path.name}")
    response = _import(importer, "root", "档案.zip", buffer.getvalue())
    assert response.status_code == 200, response.text
    assert response.json()["borrowers_added"] == 2


def test_wrong_type_empty_and_oversized_files_are_refused(importer):
    assert _import(importer, "root", "档案.txt", b"id,name").status_code == 415
    assert _import(importer, "root", "空.json", b"").status_code == 422
    assert _import(importer, "root", "坏.zip", b"not a zip").status_code == 422
    big = _import(importer, "root", "大.json", _json(_new_borrowers(200)))
    assert big.status_code == 413 and "超过" in big.json()["detail"]
    assert _get(importer, "root", "/api/borrowers", q="IMP").json()["total"] == 0
