"""Fixtures for the API tests: an app over a fresh ASSISTANT_HOME, an in-process client, and a small bank
(the rule book, one case note of each of two branches, the sample borrowers, users of every kind)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SAMPLE_CORPUS

KNOWLEDGE = SAMPLE_CORPUS / "knowledge"
BANK_FILES = [KNOWLEDGE / "示范银行贷后管理实施细则.md",
              KNOWLEDGE / "case_notes" / "B002_2026-09-08_走访记录.md",   # 城东支行, o_wanglei
              KNOWLEDGE / "case_notes" / "B014_2026-03-12_风险事件报告.md"]  # 高新支行


@pytest.fixture
def app(home):
    from api.app import create_app

    return create_app()


@pytest.fixture
def client(app):
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def bank(home) -> dict[str, dict[str, str]]:
    """Bearer headers of wl and ln (城东支行 officers; B002 is wl's), fx (risk), px (trainer), boss (admin)."""
    from assistant.db import session_scope
    from assistant.knowledge.ingest import ingest_paths
    from assistant.records.importer import load_sample
    from assistant.security.users import add_user, issue_token

    ingest_paths(BANK_FILES)
    load_sample()
    tokens = {}
    with session_scope() as session:
        for name, role, branch, code in (("wl", "officer", "城东支行", "o_wanglei"),
                                         ("ln", "officer", "城东支行", "o_lina"),
                                         ("fx", "risk", "", ""), ("px", "trainer", "", ""),
                                         ("boss", "admin", "", "")):
            add_user(session, name, role, branch, officer_code=code)
            tokens[name] = {"Authorization": f"Bearer {issue_token(session, name)}"}
    return tokens
