"""BM25 over term counts: ranking, masks, incremental rows, persistence, matched terms."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.knowledge.lexical import BM25Index, TermCounts

pytestmark = pytest.mark.unit

DOCS = [["逾期", "次级类", "不良"], ["受托支付", "交易对象"], ["现场检查", "逾期", "逾期"], ["押品", "抵押率"]]


def test_bm25_ranks_matching_chunks_and_scores_every_row():
    index = BM25Index(TermCounts().append(DOCS))
    scores = index.scores({"逾期": 1.0})
    assert scores.shape == (4,)
    assert scores[2] > scores[0] > 0 and scores[1] == 0 and scores[3] == 0


def test_mask_zeroes_filtered_rows():
    index = BM25Index(TermCounts().append(DOCS))
    mask = np.array([True, True, False, True])
    scores = index.scores({"逾期": 1.0}, mask)
    assert scores[2] == 0 and scores[0] > 0


def test_unknown_terms_score_nothing():
    assert not BM25Index(TermCounts().append(DOCS)).scores({"信用卡": 1.0}).any()


def test_take_and_append_keep_rows_and_grow_vocabulary():
    counts = TermCounts().append(DOCS).take([1, 3]).append([["展期", "押品"]])
    assert counts.n_rows == 3
    index = BM25Index(counts)
    assert index.scores({"押品": 1.0})[[1, 2]].all()
    assert index.scores({"逾期": 1.0}).sum() == 0


def test_save_and_load_round_trip(tmp_path):
    counts = TermCounts().append(DOCS)
    counts.save(tmp_path)
    loaded = TermCounts.load(tmp_path)
    q = {"抵押率": 1.0, "逾期": 0.5}
    assert np.allclose(BM25Index(loaded).scores(q), BM25Index(counts).scores(q))


def test_matched_terms_lists_query_words_present_in_each_row():
    index = BM25Index(TermCounts().append(DOCS))
    matched = index.matched_terms([0, 1], {"逾期": 1.0, "不良": 1.0, "押品": 0.5})
    assert matched[0] == ["逾期", "不良"] and matched[1] == []
