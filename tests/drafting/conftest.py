"""Fixtures for drafting tests: the sample borrowers imported and the shared regulations indexed, once per module."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import KEEP_ENV

SAMPLE_TODAY = date(2026, 11, 24)


def _reset() -> None:
    from assistant.config import reset_settings
    from assistant.db import dispose_engines

    reset_settings()
    dispose_engines()


def _isolated_env(monkeypatch, data) -> None:
    import os

    for key in list(os.environ):
        if key.startswith("ASSISTANT_") and key not in KEEP_ENV:
            monkeypatch.delenv(key)
    monkeypatch.setenv("ASSISTANT_HOME", str(data))
    _reset()


@pytest.fixture(scope="module")
def sample_home(tmp_path_factory, shared_corpus):
    """ASSISTANT_HOME with the 32 sample borrowers and the shared regulations and seeds indexed."""
    from assistant.knowledge.ingest import ingest_paths
    from assistant.records.importer import load_sample

    data = tmp_path_factory.mktemp("drafting") / "home"
    with pytest.MonkeyPatch.context() as monkeypatch:
        _isolated_env(monkeypatch, data)
        load_sample()
        ingest_paths([shared_corpus / "regulations", shared_corpus / "seeds"])
        yield data
        _reset()


@pytest.fixture(scope="module")
def lookup(sample_home):
    from assistant.drafting.clauses import open_lookup

    return open_lookup()


@pytest.fixture
def draft(sample_home, lookup):
    """draft("B004") → InspectionReport as of the sample world's today, without an LLM."""
    from assistant.drafting.service import draft_inspection

    def make(borrower_id: str, **kwargs):
        kwargs.setdefault("today", SAMPLE_TODAY)
        kwargs.setdefault("lookup", lookup)
        kwargs.setdefault("use_llm", False)
        return draft_inspection(borrower_id, **kwargs)

    return make


@pytest.fixture
def records_home(home):
    """A fresh home with only the sample borrowers (no knowledge base): for tests that change records."""
    from assistant.records.importer import load_sample

    load_sample()
    return home
