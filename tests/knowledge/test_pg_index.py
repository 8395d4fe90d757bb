"""The knowledge index on PostgreSQL: the same contract as the files under ASSISTANT_HOME, shared by
processes that share nothing but the database (each test reader has its own, empty ASSISTANT_HOME)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.knowledge.index import KnowledgeIndex
from assistant.knowledge.types import IndexChanges
from tests.knowledge.factories import RULES, document, rules_changes
from tests.support.processes import kill_when_marked
from tests.support.postgres import postgres_server, postgres_url  # noqa: F401 - fixtures

pytestmark = [pytest.mark.postgres, pytest.mark.integration]
QUERIES = ["逾期九十天归为次级", "受托支付金额", "押品抵押率上限", "现场检查 每季度", "走访 厂房", "不存在的词汇组合"]


@pytest.fixture
def shared(home, postgres_url, monkeypatch):
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", postgres_url)
    from assistant.config import reset_settings

    reset_settings()
    return postgres_url


def _other_machine(home: Path, name: str) -> KnowledgeIndex:
    """A reader with its own data directory: nothing but the database in common with the writer."""
    from assistant.config import Settings, get_settings

    return KnowledgeIndex(Settings(**{**get_settings().model_dump(), "home": home.parent / name}))


def _file_index(tmp_path: Path) -> KnowledgeIndex:
    from assistant.config import Settings, get_settings

    return KnowledgeIndex(Settings(**{**get_settings().model_dump(), "home": tmp_path / "files",
                                      "index_backend": "files"}))


def test_auto_keeps_the_index_in_postgresql(shared, home):
    index = KnowledgeIndex()
    assert type(index.store).__name__ == "PostgresGenerations"
    index.apply(rules_changes())
    assert not list((home / "index").glob("gen-*"))  # no index files on this machine


def test_another_machine_sees_the_generation_and_reloads_only_when_it_moves(shared, home):
    writer = KnowledgeIndex()
    reader = _other_machine(home, "machine-b")
    assert reader.generation == 0 and reader.documents() == {}
    writer.apply(rules_changes())
    assert set(reader.documents()) == {"rules", "note-east", "note-west", "future", "old"}
    assert reader.chunk("rules:0001").article == "第二条"
    assert reader.refresh() is False
    writer.apply(IndexChanges(removals=["note-west"]))
    assert "note-west" not in reader.documents() and reader.generation == 2


def test_scores_and_matched_terms_equal_the_file_index(shared, tmp_path):
    from assistant.knowledge import lexicon

    database, files = KnowledgeIndex(), _file_index(tmp_path)
    for index in (database, files):
        index.apply(rules_changes())
        index.apply(IndexChanges(upserts=[document("rules", "示范银行贷后管理办法",
                                                   dict(RULES, 第三条="客户经理应当每月对关注类客户开展一次现场检查。"))]))
    a, b = database.snapshot, files.snapshot
    assert [c.chunk_id for c in a.chunks] == [c.chunk_id for c in b.chunks]
    for query in QUERIES:
        terms = lexicon.query_terms(query)
        assert np.allclose(a.bm25.scores(terms), b.bm25.scores(terms), atol=1e-4), query
        rows = list(range(len(a.chunks)))
        assert a.bm25.matched_terms(rows, terms) == b.bm25.matched_terms(rows, terms), query
    from assistant.knowledge.stats import IndexStats

    stats_a, stats_b = IndexStats(a), IndexStats(b)
    for term in ("押品", "现场检查", "每月", "没有的词"):
        assert stats_a.document_frequency(term) == stats_b.document_frequency(term), term
    assert stats_a.vocabulary() == sorted(stats_b.vocabulary())


def test_search_ranks_the_same_on_both_stores(shared, tmp_path):
    from assistant.knowledge.retriever import Retriever

    database, files = KnowledgeIndex(), _file_index(tmp_path)
    for index in (database, files):
        index.apply(rules_changes())
    for query in QUERIES:
        a = Retriever(index=database).search(query, k=5)
        b = Retriever(index=files).search(query, k=5)
        assert [h.chunk.chunk_id for h in a] == [h.chunk.chunk_id for h in b], query
        assert [h.matched_terms for h in a] == [h.matched_terms for h in b], query


def test_old_generations_and_unreferenced_chunks_are_removed(shared):
    from sqlalchemy import text

    from assistant.db import get_engine

    index = KnowledgeIndex()
    for n in range(4):
        index.apply(IndexChanges(upserts=[document(f"d{n}", f"文件{n}", {"第一条": f"第{n}版押品规定"})]))
    index.apply(IndexChanges(removals=["d0", "d1"]))
    index.apply(IndexChanges(removals=["d2"]))
    with get_engine().connect() as connection:
        generations = list(connection.execute(text("SELECT generation FROM kb_generations ORDER BY 1")).scalars())
        chunks = connection.execute(text("SELECT count(*) FROM kb_chunks")).scalar()
        segments = list(connection.execute(text("SELECT DISTINCT segment FROM kb_segment_terms ORDER BY 1")).scalars())
    assert generations == [5, 6]
    assert chunks == 2  # d2 and d3, held by generation 5
    assert segments == [3, 4]  # the ingests of d2 and d3; those of d0 and d1 are gone with them


def test_many_ingests_are_merged_into_one_segment_that_ranks_the_same(shared, tmp_path, monkeypatch):
    from assistant.knowledge import pg_index
    from assistant.knowledge.retriever import Retriever

    monkeypatch.setattr(pg_index, "MAX_SEGMENTS", 3)
    database, files = KnowledgeIndex(), _file_index(tmp_path)
    for index in (database, files):
        index.apply(rules_changes())
        for n in range(4):
            index.apply(IndexChanges(upserts=[document(f"d{n}", f"文件{n}", {"第一条": f"第{n}版押品重估规定"})],
                                     removals=["note-west"] if n == 2 else []))
    assert len(database.snapshot.bm25.segments) <= 3
    for query in QUERIES + ["押品重估"]:
        a = Retriever(index=database).search(query, k=8)
        b = Retriever(index=files).search(query, k=8)
        assert [(h.chunk.chunk_id, round(h.lexical_score, 4)) for h in a] == \
            [(h.chunk.chunk_id, round(h.lexical_score, 4)) for h in b], query


def test_an_exception_mid_commit_leaves_the_previous_generation(shared, home, monkeypatch):
    index = KnowledgeIndex()
    index.apply(rules_changes())
    real = index.store._write_df

    def boom(*args):  # after the frequencies are written, before the switch
        real(*args)
        raise RuntimeError("connection lost")

    monkeypatch.setattr(index.store, "_write_df", boom)
    with pytest.raises(RuntimeError):
        index.apply(IndexChanges(upserts=[document("new", "新制度", {"第一条": "展期需要审批。"})]))
    reader = _other_machine(home, "machine-b")
    assert reader.generation == 1 and "new" not in reader.documents()
    monkeypatch.undo()
    assert index.apply(IndexChanges(upserts=[document("new", "新制度", {"第一条": "展期需要审批。"})])) == 2
    assert "new" in reader.documents()


KILLED_APPLY = """
import sys, time
from pathlib import Path
from assistant.knowledge.index import KnowledgeIndex
from tests.knowledge.factories import document
from assistant.knowledge.types import IndexChanges
index = KnowledgeIndex()
real = index.store._write_members
def slow(*args):
    real(*args)
    Path(sys.argv[1]).write_text("members written")
    time.sleep(60)
index.store._write_members = slow
index.apply(IndexChanges(upserts=[document("new", "新制度", {"第一条": "展期需要审批。"})]))
"""


def test_sigkill_mid_commit_leaves_the_previous_generation_serving(shared, home, tmp_path):
    KnowledgeIndex().apply(rules_changes())
    kill_when_marked(KILLED_APPLY, tmp_path / "marker")
    reader = _other_machine(home, "machine-b")
    assert reader.generation == 1 and "new" not in reader.documents()
    writer = KnowledgeIndex()  # the killed writer's advisory lock went with its connection
    assert writer.apply(IndexChanges(upserts=[document("new", "新制度", {"第一条": "展期需要审批。"})])) == 2
    assert live_vectors(writer) == len(writer.chunks())  # the killed apply's vectors were collected


def live_vectors(index: KnowledgeIndex) -> int:
    return index.vector_store(index.snapshot.embedder["collection"]).count()


def test_concurrent_searches_each_get_their_own_matched_terms(shared):
    from concurrent.futures import ThreadPoolExecutor

    from assistant.knowledge.retriever import Retriever

    index = KnowledgeIndex()
    index.apply(rules_changes())
    retriever = Retriever(index=index)
    expected = {q: [h.matched_terms for h in retriever.search(q, k=5)] for q in QUERIES}

    def search(n: int) -> bool:
        query = QUERIES[n % len(QUERIES)]
        return [h.matched_terms for h in retriever.search(query, k=5)] == expected[query]

    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns often, as under load
    try:
        with ThreadPoolExecutor(8) as pool:  # request threads share one index: no query sees another's terms
            assert all(pool.map(search, range(400)))
    finally:
        sys.setswitchinterval(switch)


def test_a_document_removed_in_a_merge_and_added_back_counts_once(shared, tmp_path, monkeypatch):
    """The merge moves live chunks to a new segment; a chunk removed just then keeps its old one, whose
    lists still hold the moved chunks: each chunk's postings count only from the segment holding it."""
    from assistant.knowledge import pg_index

    monkeypatch.setattr(pg_index, "MAX_SEGMENTS", 2)
    database, files = KnowledgeIndex(), _file_index(tmp_path)
    twin = document("twin", "押品重估补充规定", {"第一条": "押品重估每半年一次。", "第二条": "抵押率超过上限应补充担保。"})
    steps = [IndexChanges(upserts=[twin, document("rules", "示范银行贷后管理办法", RULES)]),
             IndexChanges(upserts=[document("d1", "文件一", {"第一条": "押品重估每年一次。"})]),
             IndexChanges(upserts=[document("d2", "文件二", {"第一条": "押品抵押率上限七成。"})], removals=["twin"]),
             IndexChanges(upserts=[twin])]
    for index in (database, files):
        for step in steps:
            index.apply(step)
    from assistant.knowledge import lexicon

    a, b = database.snapshot, files.snapshot
    assert [c.chunk_id for c in a.chunks] == [c.chunk_id for c in b.chunks]
    for query in QUERIES + ["押品重估 补充担保"]:
        terms = lexicon.query_terms(query)
        assert np.allclose(a.bm25.scores(terms), b.bm25.scores(terms), atol=1e-4), query


def test_a_writer_whose_generation_was_overtaken_commits_nothing(shared, home):
    """Should the writer lock ever be lost (a restarted server, a pooler), the switch itself refuses a
    commit built on a generation that is no longer live."""
    from assistant.errors import UserError
    from assistant.knowledge.generation import Snapshot

    late, other = KnowledgeIndex(), _other_machine(home, "machine-b")
    late.apply(rules_changes())
    previous = late.snapshot
    other.apply(IndexChanges(removals=["old"]))  # generation 2, by someone else
    stale = Snapshot(generation=3, documents=dict(previous.documents), chunks=list(previous.chunks),
                     keys=list(previous.keys), embedder=dict(previous.embedder), idf=previous.idf)
    with pytest.raises(UserError) as refused:
        late.store.commit(stale, previous, list(range(len(previous.chunks))), [])
    assert refused.value.status == 409 and "另一个入库进程" in refused.value.message
    assert _other_machine(home, "machine-c").generation == 2 and "old" not in other.documents()
