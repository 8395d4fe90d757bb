"""GET /api/chunks/{chunk_id}: one cited clause in full, under the same scope rules as search."""

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


@router.get("/chunks/{chunk_id}", summary="查看被引用条文的全文", response_model=ChunkOut,
            responses={404: {"description": "条文不存在或不在可见范围内"}})
def show_chunk(chunk_id: str, index: IndexDep, scope: ScopeDep, settings: SettingsDep) -> dict:
    from assistant.db import session_scope
    from assistant.security.filters import chunk_visible, own_borrower_ids

    index.refresh()
    chunk = index.chunk(chunk_id)
    visible = chunk is not None
    if visible and chunk.source_type == "case_note":
        with session_scope(settings) as session:  # officers: only notes about their own borrowers
            own = own_borrower_ids(session, scope) if scope.role == "officer" else ()
            visible = chunk_visible(chunk, scope, own)
    if not visible:  # same answer for "missing" and "not yours": nothing leaks about other branches
        raise NotFound(f"条文不存在：{chunk_id}")
    return {"chunk_id": chunk.chunk_id, "doc_id": chunk.doc_id, "doc_title": chunk.doc_title,
            "article": chunk.article or chunk.section, "chapter": chunk.chapter, "section": chunk.section,
            "text": chunk.text, "source_type": chunk.source_type, "version": chunk.version,
            "effective_date": chunk.effective_date, "superseded": chunk.superseded,
            "sources": index.sources(chunk.doc_id)}
