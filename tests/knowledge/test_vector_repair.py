"""A Chroma collection that fails inside Chroma (HNSW files half-written by a killed writer) never fails a
search: retrieval answers from words, and the next ingest rebuilds the collection from the live chunks."""

from __future__ import annotations

import logging

import pytest
from chromadb.errors import InternalError

from assistant.knowledge.index import BROKEN_VECTORS, KnowledgeIndex
from assistant.knowledge.retriever import Retriever
from assistant.knowledge.types import IndexChanges
from assistant.knowledge.vectorstore import ChromaVectorStore
from tests.knowledge.factories import document, rules_changes

pytestmark = pytest.mark.integration


def _fail(*_args, **_kwargs):
    raise InternalError("Error sending backfill request to compactor: Failed to apply logs to the hnsw segment writer")


def _live_count(index: KnowledgeIndex) -> int:
    return index.vector_store(index.snapshot.embedder["collection"]).count()


def test_search_on_a_failing_collection_answers_from_words_and_warns_once(home, monkeypatch, caplog):
    index = KnowledgeIndex()
    index.apply(rules_changes())
    retriever = Retriever(index=index)
    monkeypatch.setattr(ChromaVectorStore, "query", _fail)
    with caplog.at_level(logging.WARNING, logger="assistant.knowledge.index"):
        first = retriever.search("逾期九十天 次级类", k=3)
        again = retriever.search("受托支付 一千万元", k=3)
    assert first and first[0].chunk.article == "第一条" and first[0].vector_score == 0.0
    assert again and again[0].chunk.article == "第二条"
    assert (home / "index" / BROKEN_VECTORS).read_text(encoding="utf-8") == index.snapshot.embedder["collection"]
    assert sum("读取失败" in r.getMessage() for r in caplog.records) == 1


def test_next_apply_rebuilds_the_flagged_collection_from_the_live_chunks(home, monkeypatch):
    index = KnowledgeIndex()
    index.apply(rules_changes())
    store = index.vector_store(index.snapshot.embedder["collection"])
    store.delete([index.snapshot.keys[0]])  # what a half-applied log can leave: vectors missing
    with monkeypatch.context() as patch:
        patch.setattr(ChromaVectorStore, "query", _fail)
        Retriever(index=index).search("押品 重估", k=3)
    assert (home / "index" / BROKEN_VECTORS).exists()
    index.apply(IndexChanges(upserts=[document("extra", "示范银行补充规定", {"第一条": "展期贷款应当重新评估还款来源。"})]))
    assert not (home / "index" / BROKEN_VECTORS).exists()
    assert _live_count(index) == len(index.chunks()) == 9
    hits = Retriever(index=index).search("展期 还款来源", k=1)
    assert hits[0].chunk.doc_id == "extra" and hits[0].vector_score > 0


def test_an_upsert_failing_inside_chroma_rebuilds_and_the_ingest_commits(home, monkeypatch):
    index = KnowledgeIndex()
    index.apply(rules_changes())
    calls = {"n": 0}
    real = ChromaVectorStore.upsert

    def fail_once(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            _fail()
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ChromaVectorStore, "upsert", fail_once)
    generation = index.apply(IndexChanges(upserts=[document("extra", "示范银行补充规定", {"第一条": "展期贷款应当重新评估还款来源。"})]))
    assert generation == 2 and index.generation == 2
    assert _live_count(index) == len(index.chunks()) == 9


def test_an_error_that_is_not_chromas_still_raises(home, monkeypatch):
    index = KnowledgeIndex()
    index.apply(rules_changes())
    monkeypatch.setattr(ChromaVectorStore, "query", lambda *a, **k: (_ for _ in ()).throw(ValueError("bug")))
    with pytest.raises(ValueError):
        Retriever(index=index).search("逾期", k=1)
    assert not (home / "index" / BROKEN_VECTORS).exists()


def test_a_delete_failing_after_the_commit_keeps_the_flag_for_the_next_ingest(home, monkeypatch):
    index = KnowledgeIndex()
    index.apply(rules_changes())
    monkeypatch.setattr(ChromaVectorStore, "delete", _fail)
    changed = IndexChanges(upserts=[document("rules", "示范银行贷后管理办法", {"第一条": "展期贷款应当重新评估还款来源。"})])
    assert index.apply(changed) == 2
    assert (home / "index" / BROKEN_VECTORS).exists()
