"""The retriever contract, as a mixin: every Retriever (the index-backed one and the in-memory test double)
passes the same tests, so answering code tested on the double runs the production algorithm.

A test class mixes this in and provides `make_retriever(changes)`, returning a retriever over the
documents of an IndexChanges (tests/knowledge/factories.py)."""

from __future__ import annotations

from datetime import date

from assistant.knowledge.types import SearchFilters
from tests.knowledge.factories import rules_changes


class RetrieverContract:
    def make_retriever(self, changes):  # pragma: no cover - provided by the concrete test class
        raise NotImplementedError

    def _retriever(self):
        return self.make_retriever(rules_changes())

    def test_search_returns_scored_hits_with_matched_terms(self):
        hits = self._retriever().search("逾期九十天怎么分类", k=3)
        assert hits and hits[0].chunk.doc_id == "rules" and hits[0].chunk.article == "第一条"
        assert hits[0].lexical_score > 0 and "逾期" in hits[0].matched_terms
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)

    def test_empty_query_and_zero_k_find_nothing(self):
        retriever = self._retriever()
        assert retriever.search("   ", k=5) == [] and retriever.search("押品", k=0) == []

    def test_filters_are_applied_inside_retrieval(self):
        retriever = self._retriever()
        everything = {h.chunk.doc_id for h in retriever.search("押品 抵押率", k=10,
                                                                filters=SearchFilters(include_superseded=True))}
        assert "old" in everything
        default = {h.chunk.doc_id for h in retriever.search("押品 抵押率", k=10)}
        assert "old" not in default  # superseded documents are out unless asked for
        east = {h.chunk.doc_id for h in retriever.search("押品 抵押率", k=10,
                                                         filters=SearchFilters(branches=("城东支行",)))}
        assert "note-east" in east and "note-west" not in east
        rules_only = retriever.search("押品", k=10, filters=SearchFilters(source_types=("internal_rule",)))
        assert rules_only and all(h.chunk.source_type == "internal_rule" for h in rules_only)
        now = {h.chunk.doc_id for h in retriever.search("押品 重估", k=10, filters=SearchFilters(as_of=date(2026, 6, 1)))}
        assert "future" not in now

    def test_a_superseded_version_the_question_names_is_searched(self):
        """2020版押品管理细则 names the superseded （2020版） book: it is searched, still within the other filters;
        the same question without the version finds only books in force."""
        retriever = self._retriever()
        named = {h.chunk.doc_id for h in retriever.search("2020版押品管理细则里抵押率上限是多少", k=10)}
        assert "old" in named and "future" not in named  # its other version (…（2027版）) is not what is asked
        assert "old" in {h.chunk.doc_id for h in retriever.search("示范银行押品管理细则（2020版）的抵押率上限", k=10)}
        assert "old" not in {h.chunk.doc_id for h in retriever.search("押品管理细则里抵押率上限是多少", k=10)}
        assert "old" not in {h.chunk.doc_id for h in retriever.search(
            "2020版押品管理细则里抵押率上限是多少", k=10, filters=SearchFilters(source_types=("case_note",)))}

    def test_corpus_statistics_describe_the_searched_corpus(self):
        stats = self._retriever().stats()
        assert stats.n_chunks == 8 and stats.mean_chars > 10
        assert stats.document_frequency("押品") >= 3
        assert stats.document_frequency("差旅费") == 0
        assert "押品" in stats.vocabulary()
        assert stats.text_frequency("九十天") >= 1 and stats.text_frequency("差旅") == 0
        assert isinstance(stats.near_words("押品", 0.6, 3), list)

    def test_a_chunk_is_found_by_id(self):
        retriever = self._retriever()
        assert retriever.chunk("rules:0000").article == "第一条"

    def test_an_abbreviation_the_corpus_never_has_finds_the_word_it_stands_for(self):
        """贷检报告 is nowhere in the corpus; it abbreviates 贷后检查报告 (贷|后|检查|报告), which 第三条 holds."""
        retriever = self._retriever()
        assert retriever.stats().full_forms("贷检报告") == ["贷后检查报告"]
        hits = retriever.search("贷检报告谁来写", k=3)
        assert hits and hits[0].chunk.article == "第三条"
