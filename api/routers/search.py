"""GET /api/search: hybrid retrieval over the knowledge base, same results as `assistant search --json`."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import RetrieverDep, ScopeDep, SettingsDep
from assistant.answering.input_checks import check_question
from assistant.config import Settings
from assistant.knowledge.types import SearchFilters
from assistant.security.scope import Scope
from assistant.timing import stage

router = APIRouter(prefix="/api", tags=["检索"])

SourceTypeParam = Literal["regulation", "internal_rule", "case_note", "article"]


class SearchResult(BaseModel):
    chunk_id: str
    doc_title: str
    article: str
    text: str
    score: float
    source_type: str = ""


class SearchResponse(BaseModel):
    results: list[SearchResult]


@router.get("/search", summary="检索知识库", response_model=SearchResponse)
def search(
    retriever: RetrieverDep,
    scope: ScopeDep,
    settings: SettingsDep,
    q: Annotated[str, Query(description="检索内容，例如“贷后检查频率”")],
    k: Annotated[int, Query(ge=1, le=50, description="返回条数")] = 5,
    source_type: Annotated[list[SourceTypeParam] | None, Query(description="来源类型，可多选")] = None,
    doc: Annotated[list[str] | None, Query(description="限定文档标题，可多选")] = None,
    doc_id: Annotated[list[str] | None, Query(description="限定文档编号，可多选")] = None,
    include_superseded: Annotated[bool, Query(description="是否包含已废止的旧版本")] = False,
) -> dict:
    query = check_question(q, settings.max_question_chars)
    requested = SearchFilters(
        source_types=tuple(source_type or ()),
        doc_titles=tuple(doc or ()),
        doc_ids=tuple(doc_id or ()),
        include_superseded=include_superseded,
    )
    with stage("retrieval"):
        hits = retriever.search(query, k=k, filters=_within_scope(requested, scope, settings))
    _audit(settings, scope, query, hits)
    return {"results": [hit.as_json() for hit in hits]}


def _audit(settings: Settings, scope: Scope, query: str, hits: list) -> None:
    """One audit entry per search: the query and each chunk returned, with its document and version."""
    from assistant.db import write
    from assistant.security import audit

    chunks = [{"chunk_id": h.chunk.chunk_id, "doc_id": h.chunk.doc_id, "version": h.chunk.version}
              for h in hits]
    write(lambda session: audit.record(session, scope, "search", query[:255], {"chunks": chunks}), settings)


def _within_scope(filters: SearchFilters, scope: Scope, settings: Settings) -> SearchFilters:
    """Case notes narrowed to the caller (branch; an officer's own borrowers) inside the retriever."""
    from assistant.security.filters import scoped

    if scope.role != "officer":
        return scoped(filters, scope)
    from assistant.db import session_scope

    with session_scope(settings) as session:  # officers: look up the borrowers they manage
        return scoped(filters, scope, session)
