"""Value types shared by loaders, chunker, indexes, retriever and the answer composer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Literal, Protocol, Sequence

import numpy as np

if TYPE_CHECKING:
    from assistant.knowledge.stats import CorpusStats

SourceType = Literal["regulation", "internal_rule", "case_note", "article"]


@dataclass(frozen=True)
class Chunk:
    """One citable unit of a document: usually one 条 (or one 款 of a long 条), or one headed section."""

    chunk_id: str
    doc_id: str
    doc_title: str
    text: str
    source_type: SourceType
    article: str = ""  # "第十一条", or "" when the document has no articles
    chapter: str = ""  # "第二章　风险分类"
    section: str = ""  # heading path for documents without articles
    paragraph: int = 0  # 款 index inside a long 条 split in several chunks (0 = whole)
    version: str = ""  # e.g. "2024年第2号"
    effective_date: str = ""  # ISO date when stated
    superseded: bool = False
    branch: str = ""  # case notes: owning branch; "" = visible to every branch
    borrower_id: str = ""  # case notes: the borrower they are about
    source_path: str = ""
    content_hash: str = ""
    book: str = ""  # a compilation's title, when the chunk is of one of its rules and doc_title is the rule's

    def metadata(self) -> dict[str, str | int | bool]:
        meta = asdict(self)
        meta.pop("text")
        return meta

    @property
    def citation_label(self) -> str:
        where = self.article or self.section
        return f"《{self.doc_title}》{where}" if where else f"《{self.doc_title}》"


@dataclass(frozen=True)
class SearchFilters:
    """Restrictions applied inside the retriever (never only in the web layer)."""

    source_types: tuple[SourceType, ...] = ()
    doc_ids: tuple[str, ...] = ()
    doc_titles: tuple[str, ...] = ()
    branches: tuple[str, ...] | None = None  # None = every branch; case notes outside are invisible
    borrower_ids: tuple[str, ...] | None = None  # None = no borrower restriction on case notes
    as_of: date | None = None  # exclude documents not yet effective on that date
    include_superseded: bool = False


def with_superseded(f: SearchFilters | None) -> SearchFilters:
    """The same filters letting superseded documents through (for the version a question names)."""
    return replace(f or SearchFilters(), include_superseded=True)


def chunk_allowed(chunk: Chunk, f: SearchFilters | None) -> bool:
    """Whether the filters let one chunk through (the index computes the same rule as a mask)."""
    f = f or SearchFilters()
    if f.source_types and chunk.source_type not in f.source_types:
        return False
    if f.doc_ids and chunk.doc_id not in f.doc_ids:
        return False
    if f.doc_titles and not any(w in chunk.doc_title or w in chunk.book for w in f.doc_titles):
        return False
    if f.branches is not None and chunk.branch and chunk.branch not in f.branches:
        return False
    if f.borrower_ids is not None and chunk.borrower_id and chunk.borrower_id not in f.borrower_ids:
        return False
    if f.as_of is not None and chunk.effective_date and chunk.effective_date[:10] > f.as_of.isoformat():
        return False
    return f.include_superseded or not chunk.superseded


@dataclass
class SearchHit:
    chunk: Chunk
    score: float
    lexical_score: float = 0.0
    vector_score: float = 0.0
    matched_terms: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "chunk_id": self.chunk.chunk_id,
            "doc_title": self.chunk.doc_title,
            "article": self.chunk.article or self.chunk.section,
            "text": self.chunk.text,
            "score": round(float(self.score), 4),
            "source_type": self.chunk.source_type,
        }


class Retriever(Protocol):
    """What answering, drafting and the API need from retrieval (assistant.knowledge.retriever implements it)."""

    def search(self, query: str, k: int = 5, filters: SearchFilters | None = None) -> list[SearchHit]: ...

    def stats(self) -> "CorpusStats":
        """Statistics of the corpus searched (assistant.knowledge.stats): answering weighs words by them."""
        ...


class Embedder(Protocol):
    """Turns text into unit vectors; query and document encoding are separate calls."""

    name: str
    dimension: int

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


@dataclass(frozen=True)
class DocumentRecord:
    """Catalog entry of one ingested file (the unit that is skipped, replaced or removed)."""

    doc_id: str  # stable per source path
    title: str
    source_type: SourceType
    source_path: str
    content_hash: str  # sha256 of the chunker and lexicon versions and the file bytes (ingest.file_digest)
    chunk_count: int
    version: str = ""
    effective_date: str = ""
    superseded: bool = False
    branch: str = ""
    borrower_id: str = ""
    ingested_at: str = ""  # ISO timestamp
    text_hash: str = ""  # sha256 of the body's words: the same text read from a .docx and from its .pdf
    duplicate_of: str = ""  # doc_id of the document holding this text; a duplicate stores no chunks


@dataclass
class IndexChanges:
    """One atomic change of the knowledge index: documents to add or replace, documents to remove."""

    upserts: list[tuple[DocumentRecord, list[Chunk]]] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)  # doc_ids

    def is_empty(self) -> bool:
        return not self.upserts and not self.removals
