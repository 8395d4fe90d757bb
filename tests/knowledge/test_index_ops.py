"""`assistant index check|rebuild` on both stores: files under ASSISTANT_HOME and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.knowledge.index import KnowledgeIndex
from assistant.knowledge.types import IndexChanges
from tests.knowledge.factories import document, rules_changes
from tests.support.postgres import postgres_server, postgres_url  # noqa: F401 - fixtures

pytestmark = pytest.mark.integration


@pytest.fixture(params=["files", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, home, monkeypatch):
    if request.param == "postgres":
        monkeypatch.setenv("ASSISTANT_DATABASE_URL", request.getfixturevalue("postgres_url"))
        from assistant.config import reset_settings

        reset_settings()
    return request.param


def _cli(*args: str):
    from assistant.cli import app

    return CliRunner().invoke(app, list(args))


def test_check_counts_each_kept_generation_and_passes_on_a_sound_index(store):
    index = KnowledgeIndex()
    index.apply(rules_changes())
    index.apply(IndexChanges(removals=["old"]))
    result = _cli("index", "check", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["backend"] == ("postgresql" if store == "postgres" else "files")
    assert report["generation"] == 2 and report["documents"] == 4
    assert [(g["generation"], g["documents"]) for g in report["generations"]] == [(1, 5), (2, 4)]
    assert report["problems"] == [] and report["vectors_missing"] == 0
    assert "检查通过" in _cli("index", "check").output


def test_check_names_an_interrupted_ingest_and_fails(store):
    index = KnowledgeIndex()
    index.apply(rules_changes())
    index.store.set_flag("pending.json", json.dumps({"collection": "x", "keys": ["k1"]}))
    result = _cli("index", "check")
    assert result.exit_code == 1 and "上次入库中断" in result.output


def test_rebuild_reads_every_chunks_terms_again_with_the_current_dictionary(store, monkeypatch):
    from assistant.knowledge import lexicon
    from assistant.knowledge.retriever import Retriever

    index = KnowledgeIndex()
    index.apply(rules_changes())
    index.apply(IndexChanges(upserts=[document("d1", "文件一", {"第一条": "押品重估每年一次。"})]))
    before = Retriever(index=KnowledgeIndex()).search("押品重估", k=3)
    real = lexicon.tokenize
    monkeypatch.setattr(lexicon, "tokenize", lambda text: real(text) + (["新词条"] if "押品" in text else []))
    result = _cli("index", "rebuild", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["generation"] == 3
    reader = KnowledgeIndex()
    held = [c.chunk_id for c in reader.chunks() if "押品" in c.text]
    scores = reader.snapshot.bm25.scores({"新词条": 1.0})
    assert [c.chunk_id for c, score in zip(reader.chunks(), scores) if score > 0] == held
    assert Retriever(index=reader).stats().document_frequency("新词条") == len(held) > 2
    monkeypatch.undo()
    assert [h.chunk.chunk_id for h in Retriever(index=reader).search("押品重估", k=3)] == \
        [h.chunk.chunk_id for h in before]
    assert _cli("index", "check").exit_code == 0


def test_only_admins_run_the_index_commands(store):
    from assistant.db import session_scope
    from assistant.security.users import add_user

    KnowledgeIndex().apply(rules_changes())
    with session_scope() as session:
        add_user(session, "wl", "officer", "城东支行", officer_code="o_wanglei")
    result = _cli("--as", "wl", "index", "rebuild")
    assert result.exit_code != 0 and "只有管理员" in result.output
