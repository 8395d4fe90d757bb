"""A small in-memory retriever with the real Retriever's interface, for unit tests and offline demos."""

from __future__ import annotations

from collections.abc import Iterable
from assistant.knowledge import lexicon
from assistant.knowledge.types import Chunk, SearchFilters, SearchHit


def _visible(chunk: Chunk, filters: SearchFilters | None) -> bool:
    if filters is None:
        return True
    if filters.source_types and chunk.source_type not in filters.source_types:
        return False
    if filters.doc_ids and chunk.doc_id not in filters.doc_ids:
        return False
    if chunk.superseded and not filters.include_superseded:
        return False
    if chunk.branch and filters.branches is not None and chunk.branch not in filters.branches:
        return False
    return True


class InMemoryRetriever:
    """Term-overlap ranking over a fixed list of chunks (weights from the shared lexicon)."""

    def __init__(self, chunks: Iterable[Chunk]) -> None:
        self.chunks = list(chunks)
        self._tokens = [set(lexicon.tokenize(c.doc_title + " " + c.text)) for c in self.chunks]
        self.queries: list[str] = []

    def search(self, query: str, k: int = 5, filters: SearchFilters | None = None) -> list[SearchHit]:
        self.queries.append(query)
        weights = lexicon.query_terms(query)
        hits = []
        for chunk, tokens in zip(self.chunks, self._tokens):
            matched = [t for t in weights if t in tokens]
            if not matched or not _visible(chunk, filters):
                continue
            lexical = sum(weights[t] for t in matched)
            score = lexical / (sum(weights.values()) or 1.0)
            hits.append(SearchHit(chunk, score, lexical_score=lexical, matched_terms=matched))
        hits.sort(key=lambda h: -h.score)
        return hits[:k]

    def chunk(self, chunk_id: str) -> Chunk | None:
        return next((c for c in self.chunks if c.chunk_id == chunk_id), None)
