"""KnowledgeIndex: catalog, atomic generations, incremental apply, reload by readers, crash safety."""

from __future__ import annotations

import pytest

from assistant.knowledge.index import KnowledgeIndex
from assistant.knowledge.types import IndexChanges
from tests.knowledge.factories import RULES, document, rules_changes
from tests.support.processes import kill_when_marked

pytestmark = pytest.mark.integration


def live_vector_count(index: KnowledgeIndex) -> int:
    return index.vector_store(index.snapshot.embedder["collection"]).count()


def test_apply_builds_catalog_chunks_and_vectors(home):
    index = KnowledgeIndex()
    assert index.generation == 0 and index.documents() == {}
    generation = index.apply(rules_changes())
    assert generation == index.generation == 1
    assert set(index.documents()) == {"rules", "note-east", "note-west", "future", "old"}
    assert index.chunk("rules:0001").article == "第二条"
    assert index.chunk("missing") is None
    assert live_vector_count(index) == len(index.chunks()) == 8
    assert (home / "index" / "CURRENT").read_text() == "gen-000001"


def test_empty_changes_do_not_create_a_generation(home):
    index = KnowledgeIndex()
    index.apply(rules_changes())
    assert index.apply(IndexChanges()) == 1


def test_only_new_chunks_are_tokenised(home, monkeypatch):
    index = KnowledgeIndex()
    index.apply(rules_changes())
    seen: list[str] = []
    from assistant.knowledge import lexicon

    real = lexicon.tokenize
    monkeypatch.setattr(lexicon, "tokenize", lambda text: seen.append(text) or real(text))
    changed = dict(RULES, 第三条="客户经理应当每月对关注类客户开展一次现场检查。")
    index.apply(IndexChanges(upserts=[document("rules", "示范银行贷后管理办法", changed)]))
    assert len(seen) == 1 and "每月" in seen[0]
    assert "每月" in index.chunk("rules:0002").text


def test_removal_drops_catalog_chunks_and_vectors(home):
    index = KnowledgeIndex()
    index.apply(rules_changes())
    index.apply(IndexChanges(removals=["note-west"]))
    assert "note-west" not in index.documents()
    assert index.chunk("note-west:0000") is None
    assert live_vector_count(index) == 7


def test_only_the_last_two_generations_stay_on_disk(home):
    index = KnowledgeIndex()
    for n in range(4):
        index.apply(IndexChanges(upserts=[document(f"d{n}", f"文件{n}", {"第一条": f"第{n}版押品规定"})]))
    assert sorted(p.name for p in (home / "index").glob("gen-*")) == ["gen-000003", "gen-000004"]


def test_another_reader_notices_a_new_commit(home):
    reader, writer = KnowledgeIndex(), KnowledgeIndex()
    assert reader.documents() == {}
    writer.apply(rules_changes())
    assert "rules" in reader.documents()
    assert reader.refresh() is False  # nothing changed since: one stat call, no reload


def test_exception_mid_apply_leaves_the_previous_generation(home, monkeypatch):
    index = KnowledgeIndex()
    index.apply(rules_changes())

    def boom(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(index.store, "commit", boom)
    with pytest.raises(RuntimeError):
        index.apply(IndexChanges(upserts=[document("new", "新制度", {"第一条": "展期需要审批。"})]))
    fresh = KnowledgeIndex()
    assert fresh.generation == 1 and "new" not in fresh.documents()
    monkeypatch.undo()
    fresh.apply(IndexChanges(removals=["old"]))  # next apply collects the orphan vectors of the failed one
    assert live_vector_count(fresh) == len(fresh.chunks())


KILLED_APPLY = """
import sys, time
from pathlib import Path
from assistant.knowledge.index import KnowledgeIndex
from tests.knowledge.factories import document
from assistant.knowledge.types import IndexChanges
index = KnowledgeIndex()
real_commit = index.store.commit
def slow_commit(*args):
    Path(sys.argv[1]).write_text("vectors written")
    time.sleep(60)
    return real_commit(*args)
index.store.commit = slow_commit
index.apply(IndexChanges(upserts=[document("new", "新制度", {"第一条": "展期需要审批。"})]))
"""


def test_sigkill_mid_apply_leaves_the_previous_generation(home, tmp_path):
    KnowledgeIndex().apply(rules_changes())
    kill_when_marked(KILLED_APPLY, tmp_path / "marker")
    index = KnowledgeIndex()
    assert index.generation == 1 and "new" not in index.documents()
    assert live_vector_count(index) == len(index.chunks()) + 1  # the orphan is there but not live
    index.apply(IndexChanges(removals=["old"]))
    assert live_vector_count(index) == len(index.chunks())
