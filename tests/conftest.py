"""Shared fixtures: an isolated ASSISTANT_HOME per test and the shared public corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The sample world's business date: signals, drafts and meetings of the sample data are judged as of
# this day whatever the calendar says, so the suite gives the same result next year. Subprocesses
# (servers, CLI runs) inherit it; fixtures that clear ASSISTANT_* keep it (see KEEP_ENV).
SAMPLE_TODAY = "2026-11-24"
os.environ["ASSISTANT_TODAY"] = SAMPLE_TODAY
KEEP_ENV = ("ASSISTANT_HOME", "ASSISTANT_TODAY")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
SAMPLE_CORPUS = REPO_ROOT / "corpus"


def _reset_caches() -> None:
    from assistant.config import reset_settings
    from assistant.db import dispose_engines
    from assistant.knowledge import semantic

    reset_settings()
    dispose_engines()
    semantic.reset()


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A fresh data directory; settings and engines are rebuilt for it."""
    data = tmp_path / "home"
    monkeypatch.setenv("ASSISTANT_HOME", str(data))
    for key in list(os.environ):
        if key.startswith("ASSISTANT_") and key not in KEEP_ENV:
            monkeypatch.delenv(key)
    _reset_caches()
    yield data
    _reset_caches()


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    assert SHARED_CORPUS.is_dir(), f"shared corpus missing at {SHARED_CORPUS}"
    return SHARED_CORPUS
