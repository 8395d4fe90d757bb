"""Records fixtures: every DB test runs on SQLite and on a real PostgreSQL server; sample data helpers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, _reset_caches
from tests.support.postgres import postgres_server, postgres_url  # noqa: F401 - fixtures

SAMPLE_JSON = REPO_ROOT / "corpus" / "borrowers" / "sample_borrowers.json"
SAMPLE_TODAY = date(2026, 11, 24)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.integration])])
def database(request, home, monkeypatch) -> str:
    """The product database for one test: SQLite under the fresh home, or a fresh PostgreSQL database."""
    if request.param == "postgres":
        monkeypatch.setenv("ASSISTANT_DATABASE_URL", request.getfixturevalue("postgres_url"))
        _reset_caches()
    return request.param


@pytest.fixture
def sample_data() -> list[dict]:
    return json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))


@pytest.fixture
def loaded_sample(database):
    """The sample borrowers imported into the test database."""
    from assistant.records.importer import import_file

    return import_file(SAMPLE_JSON, today=SAMPLE_TODAY)


def write_json(path: Path, borrowers: list[dict]) -> Path:
    path.write_text(json.dumps(borrowers, ensure_ascii=False), encoding="utf-8")
    return path
