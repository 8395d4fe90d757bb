"""GET /api/chunks/{chunk_id}: one cited clause in full; GET /api/documents/{doc_id}/chunks: a document's
chunks in order (the chunk preview). Both under the same scope rules as search."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import IndexDep, ScopeDep, SettingsDep
from assistant.errors import NotFound

router = APIRouter(prefix="/api", tags=["检索"])


class ChunkOut(BaseModel):
    chunk_id: str
    doc_id: str
    doc_title: str
    article: str
    chapter: str
    section: str
    text: str
    source_type: str
    version: str
    effective_date: str
    superseded: bool
    sources: list[str] = []  # files holding the text: its own, then those stored once with it


class PreviewChunk(BaseModel):
    chunk_id: str
    article: str
    chapter: str
    text: str
    chars: int


class DocumentPreview(BaseModel):
    doc_id: str
    title: str
    source_type: str
    version: str
    effective_date: str
    superseded: bool
    sources: list[str]
    held_by: str = ""  # a duplicate's chunks are those of the document holding its text
    chunks: list[PreviewChunk]


@router.get("/chunks/{chunk_id}", summary="查看被引用条文的全文", response_model=ChunkOut,
            responses={404: {"description": "条文不存在或不在可见范围内"}})
def show_chunk(chunk_id: str, index: IndexDep, scope: ScopeDep, settings: SettingsDep) -> dict:
    index.refresh()
    chunk = index.chunk(chunk_id)
    if chunk is None or not _visible(chunk, scope, settings):  # "missing" and "not yours" alike: nothing leaks
        raise NotFound(f"条文不存在：{chunk_id}")
    return {"chunk_id": chunk.chunk_id, "doc_id": chunk.doc_id, "doc_title": chunk.doc_title,
            "article": chunk.article or chunk.section, "chapter": chunk.chapter, "section": chunk.section,
            "text": chunk.text, "source_type": chunk.source_type, "version": chunk.version,
            "effective_date": chunk.effective_date, "superseded": chunk.superseded,
            "sources": index.sources(chunk.doc_id)}


@router.get("/documents/{doc_id}/chunks", summary="文档的分块预览（按原文顺序）", response_model=DocumentPreview,
            responses={404: {"description": "文档不存在或不在可见范围内"}})
def preview_document(doc_id: str, index: IndexDep, scope: ScopeDep, settings: SettingsDep) -> dict:
    """How a document was cut for retrieval: each chunk with its 第X条 or heading, as the chat cites it."""
    index.refresh()
    record = index.documents().get(doc_id)
    if record is None or not _visible(record, scope, settings):  # "missing" and "not yours" alike
        raise NotFound(f"文档不存在：{doc_id}")
    holder = record.duplicate_of or record.doc_id
    chunks = [c for c in index.chunks() if c.doc_id == holder]
    return {"doc_id": record.doc_id, "title": record.title, "source_type": record.source_type,
            "version": record.version, "effective_date": record.effective_date, "superseded": record.superseded,
            "sources": index.sources(holder), "held_by": record.duplicate_of,
            "chunks": [{"chunk_id": c.chunk_id, "article": c.article or c.section, "chapter": c.chapter,
                        "text": c.text, "chars": len(c.text)} for c in chunks]}


def _visible(item, scope, settings) -> bool:
    """A chunk or catalog record the caller may read: what search would let them find (a branch's or a
    borrower's chunk only within their scope; no case notes for a scope without borrowers)."""
    from assistant.db import session_scope
    from assistant.security.filters import item_allowed

    with session_scope(settings) as session:
        return item_allowed(item, scope, session)
