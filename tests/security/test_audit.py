"""Audit log: append-only (database triggers), masked detail, admin-only listing and CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from assistant.db import get_engine, session_scope
from assistant.errors import Forbidden, UserError
from assistant.security import audit
from assistant.security.scope import LOCAL_ADMIN, Scope

pytestmark = pytest.mark.integration

OFFICER = Scope("wanglei", "officer", "城东支行", "o_wanglei")


def _record_question(answer_text: str = "关注类贷款至少每季度现场检查一次。[1]") -> None:
    with session_scope() as s:
        audit.record(s, OFFICER, "question", "关注类多久检查一次？", {
            "chunks": [{"chunk_id": "doc1#3", "version": "2024年第2号"}],
            "record_ids": ["B001"],
            "output_sha256": audit.output_sha256(answer_text),
        })


def test_entries_are_listed_newest_first_with_evidence(home):
    _record_question()
    with session_scope() as s:
        audit.record(s, OFFICER, "draft", "B001", {"record_ids": ["B001", "L-001"]})
    with session_scope() as s:
        rows = audit.list_entries(s, LOCAL_ADMIN)
    assert [r["action"] for r in rows] == ["draft", "question"]
    question = rows[1]
    assert question["username"] == "wanglei" and question["role"] == "officer"
    assert question["detail"]["chunks"][0] == {"chunk_id": "doc1#3", "version": "2024年第2号"}
    assert len(question["detail"]["output_sha256"]) == 64


def test_update_and_delete_are_refused_by_the_database(home):
    _record_question()
    engine = get_engine()
    for statement in ("UPDATE audit_log SET username = 'someone'", "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError, match="append-only"):
            with engine.begin() as conn:
                conn.execute(text(statement))
    with session_scope() as s:
        assert audit.list_entries(s, LOCAL_ADMIN)[0]["username"] == "wanglei"


def test_personal_data_is_masked_in_the_log(home):
    with session_scope() as s:
        audit.record(s, OFFICER, "question", "周建国的电话13812345678是多少",
                     {"question": "身份证110105196803152319", "nested": [{"card": "6222021001112223334"}]})
    with session_scope() as s:
        row = audit.list_entries(s, LOCAL_ADMIN)[0]
    dumped = str(row)
    for secret in ("13812345678", "110105196803152319", "6222021001112223334"):
        assert secret not in dumped
    assert "138****5678" in row["target"]


def test_the_products_own_ids_are_kept_even_when_all_digits(home):
    doc_id = "6047100558175621"  # 16 hex digits of a path hash that happen to be all digits
    with session_scope() as s:
        audit.record(s, OFFICER, "ingest", f"delete {doc_id}", {
            "removed": [{"doc_id": doc_id, "chunk_id": f"{doc_id}:0000"}],
            "note": "客户卡号6222021001112223334",
        })
    with session_scope() as s:
        row = audit.list_entries(s, LOCAL_ADMIN)[0]
    assert row["target"] == f"delete {doc_id}"
    assert row["detail"]["removed"][0] == {"doc_id": doc_id, "chunk_id": f"{doc_id}:0000"}
    assert "6222021001112223334" not in str(row) and row["detail"]["note"].endswith("3334")


def test_only_id_shaped_values_are_kept_a_version_or_a_free_text_id_is_masked(home):
    """A version is free text (a note's first line may give one: …张三手机13812345678发布…): it is masked."""
    with session_scope() as s:
        audit.record(s, OFFICER, "search", "张三手机13812345678的预警怎么解除", {
            "chunks": [{"chunk_id": "6047100558175621:0003", "doc_id": "6047100558175621",
                        "version": "系统对借款人张三手机13812345678"}],
            "conversation_id": "13812345678",
        })
    with session_scope() as s:
        row = audit.list_entries(s, LOCAL_ADMIN)[0]
    assert "13812345678" not in str(row) and "138****5678" in row["target"]
    assert row["detail"]["chunks"][0]["chunk_id"] == "6047100558175621:0003"


def test_only_admins_view_or_export(home):
    _record_question()
    with session_scope() as s:
        with pytest.raises(Forbidden):
            audit.list_entries(s, OFFICER)
        with pytest.raises(Forbidden):
            audit.export_csv(s, Scope("risk", "risk"))


def test_csv_export_has_header_rows_and_neutralised_formulas(home):
    _record_question()
    with session_scope() as s:
        audit.record(s, OFFICER, "search", "=HYPERLINK(\"http://evil\")")
    with session_scope() as s:
        exported = audit.export_csv(s, LOCAL_ADMIN)
        only_search = audit.export_csv(s, LOCAL_ADMIN, action="search")
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[0] == list(audit.EXPORT_COLUMNS)
    assert [r[4] for r in rows[1:]] == ["question", "search"]
    assert rows[2][5].startswith("'=")
    assert len(list(csv.reader(io.StringIO(only_search)))) == 2


def test_invalid_action_names_are_refused(home):
    with session_scope() as s, pytest.raises(UserError):
        audit.record(s, OFFICER, "DROP TABLE", "")


def test_cli_ingest_and_borrower_import_are_recorded(home, tmp_path):
    from pathlib import Path

    from typer.testing import CliRunner

    from assistant.cli import app
    from assistant.commands import common

    common.state.as_user = None
    rule = tmp_path / "rule.md"
    rule.write_text("# 示范银行押品巡查细则\n\n第一条　押品每季度巡查一次。\n", encoding="utf-8")
    borrowers = Path(__file__).resolve().parents[2] / "corpus" / "borrowers" / "sample_borrowers.json"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(rule), "--json"]).exit_code == 0
    assert runner.invoke(app, ["borrowers", "import", str(borrowers), "--json"]).exit_code == 0
    with session_scope() as s:
        ingest = audit.list_entries(s, LOCAL_ADMIN, action="ingest")[0]
        imported = audit.list_entries(s, LOCAL_ADMIN, action="import")[0]
    assert ingest["username"] == "local" and ingest["detail"]["added"] == [rule.resolve().as_posix()]
    assert imported["target"] == "sample_borrowers.json" and len(imported["detail"]["sha256"]) == 64
    assert imported["detail"]["record_ids"][:2] == ["B001", "B002"] and len(imported["detail"]["record_ids"]) >= 32
