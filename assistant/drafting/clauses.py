"""Resolve a stable clause reference (document title + article) to its text in the knowledge index."""

from __future__ import annotations

import re
from typing import Protocol

from assistant.drafting.report import ClauseCitation
from assistant.knowledge.types import Chunk
from assistant.records.rules import ClauseRef

MAX_QUOTE = 240
_SENTENCE_END = re.compile(r"(?<=[。；;！？!?\n])")


class ChunkSource(Protocol):
    """What the lookup needs from assistant.knowledge.index.KnowledgeIndex."""

    def chunks(self) -> list[Chunk]: ...


class ClauseLookup:
    """Quotes clauses from the indexed documents; a clause not indexed is cited without a quote."""

    def __init__(self, index: ChunkSource | None) -> None:
        self._index = index
        self._by_article: dict[tuple[str, str], list[Chunk]] | None = None
        self._by_title: dict[str, list[Chunk]] = {}

    def _load(self) -> None:
        by_article: dict[tuple[str, str], list[Chunk]] = {}
        chunks = self._index.chunks() if self._index is not None else []
        for chunk in chunks:
            if chunk.superseded:
                continue
            self._by_title.setdefault(chunk.doc_title, []).append(chunk)
            if chunk.article:
                by_article.setdefault((chunk.doc_title, chunk.article), []).append(chunk)
        for parts in by_article.values():
            parts.sort(key=lambda c: c.paragraph)
        self._by_article = by_article

    def cite(self, ref: ClauseRef | None) -> ClauseCitation | None:
        if ref is None:
            return None
        if self._by_article is None:
            self._load()
        parts = self._by_article.get((ref.doc_title, ref.article), [])  # type: ignore[union-attr]
        if parts:
            return ClauseCitation(ref.doc_title, ref.article, _quote(parts, ref.keyword), parts[0].chunk_id,
                                  parts[0].version)
        return self._cite_unnumbered(ref)

    def _cite_unnumbered(self, ref: ClauseRef) -> ClauseCitation:
        """Documents without 第X条 (e.g. 第41点, a named rule): the sentence holding the marker and keyword."""
        marker = re.sub(r"^第(\d+)点$", r"\1、", ref.article)
        for chunk in self._by_title.get(ref.doc_title, []):
            for sentence in _SENTENCE_END.split(chunk.text):
                if ref.keyword in sentence and (marker in sentence or marker == ref.article):
                    start = max(sentence.find(marker), 0)
                    return ClauseCitation(ref.doc_title, ref.article, _trim(sentence[start:].strip()), chunk.chunk_id,
                                          chunk.version)
        return ClauseCitation(ref.doc_title, ref.article)


def _quote(parts: list[Chunk], keyword: str) -> str:
    """The article's text, or (when long) its opening and the sentence holding the keyword."""
    text = "".join(part.text if i == 0 else part.text.split("\n", 1)[-1] for i, part in enumerate(parts)).strip()
    if len(text) <= MAX_QUOTE:
        return text
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    head = sentences[0].strip()
    hit = next((s.strip() for s in sentences[1:] if keyword and keyword in s), "")
    return _trim(head) + ("……" + _trim(hit) if hit else "……")


def _trim(text: str) -> str:
    return text if len(text) <= MAX_QUOTE else text[:MAX_QUOTE] + "……"


def open_lookup(settings=None) -> ClauseLookup:
    """A lookup over the knowledge index under ASSISTANT_HOME (empty index: citations without quotes)."""
    from assistant.knowledge.index import KnowledgeIndex

    return ClauseLookup(KnowledgeIndex(settings))
