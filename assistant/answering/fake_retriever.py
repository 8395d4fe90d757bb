"""A small in-memory retriever with the real Retriever's contract, for unit tests and offline demos.

It ranks by the shared lexicon's weighted term overlap instead of BM25 + vectors, but applies the same
filters (`chunk_allowed`, the rule the index computes as a mask) and serves the same corpus statistics
(`TextStats` over its chunks), so the answering code under test runs the production algorithm; the
contract tests in tests/knowledge/retriever_contract.py hold both retrievers to that.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.knowledge import lexicon
from assistant.knowledge.abbreviations import spell_out
from assistant.knowledge.stats import TextStats
from assistant.knowledge.metadata import named_versions
from assistant.knowledge.metadata import names_note_borrower
from assistant.knowledge.types import Chunk, SearchFilters, SearchHit, chunk_allowed, with_superseded


class InMemoryRetriever:
    """Term-overlap ranking over a fixed list of chunks (weights from the shared lexicon)."""

    def __init__(self, chunks: Iterable[Chunk]) -> None:
        self.chunks = list(chunks)
        self._tokens = [set(lexicon.tokenize(c.doc_title + " " + c.text)) for c in self.chunks]
        self._stats = TextStats([c.text for c in self.chunks])
        self.queries: list[str] = []

    def search(self, query: str, k: int = 5, filters: SearchFilters | None = None) -> list[SearchHit]:
        self.queries.append(query)
        if not query.strip() or k <= 0:
            return []
        weights = lexicon.query_terms(spell_out(lexicon.normalize(query), self._stats))
        older, successors = named_versions(query, {(c.doc_id, c.doc_title, c.superseded) for c in self.chunks})
        hits = []
        for chunk, tokens in zip(self.chunks, self._tokens):
            matched = [t for t in weights if t in tokens]
            allowed = chunk.doc_id not in successors and (chunk_allowed(chunk, filters) or (
                chunk.doc_id in older and chunk_allowed(chunk, with_superseded(filters))))  # the version it names
            if successors and chunk.doc_id not in older and not names_note_borrower(query, chunk):
                allowed = False  # …and it alone (with a named borrower's note), as the index searches it
            if not matched or not allowed:
                continue
            lexical = sum(weights[t] for t in matched)
            score = lexical / (sum(weights.values()) or 1.0)
            hits.append(SearchHit(chunk, score, lexical_score=lexical, matched_terms=matched))
        hits.sort(key=lambda h: -h.score)
        return hits[:k]

    def stats(self) -> TextStats:
        return self._stats

    def chunk(self, chunk_id: str) -> Chunk | None:
        return next((c for c in self.chunks if c.chunk_id == chunk_id), None)
