"""GET /api/audit and GET /api/audit/export: the audit trail, for administrators only."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel

from api.deps import ScopeDep, SettingsDep

router = APIRouter(prefix="/api/audit", tags=["审计"])

ADMIN_ONLY = {403: {"description": "只有管理员可以查看或导出审计日志"}}


class AuditEntryOut(BaseModel):
    id: int
    at: str
    username: str
    role: str
    action: str
    target: str
    detail: dict[str, Any]


class AuditPage(BaseModel):
    entries: list[AuditEntryOut]


ActionQ = Annotated[str | None, Query(max_length=32, description="动作，例如 question、login_failed")]
UserQ = Annotated[str | None, Query(max_length=64, description="用户名")]
SinceQ = Annotated[datetime | None, Query(description="起始时间（ISO 8601，带时区；不带时区按 UTC）")]
BeforeQ = Annotated[int | None, Query(ge=1, le=2**62, description="只列出编号小于此值的记录（翻页游标）")]


@router.get("", summary="查看审计日志（最新在前）", response_model=AuditPage, responses=ADMIN_ONLY)
def list_audit(
    scope: ScopeDep,
    settings: SettingsDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    action: ActionQ = None,
    username: UserQ = None,
    since: SinceQ = None,
    before_id: BeforeQ = None,
) -> dict:
    from assistant.db import session_scope
    from assistant.security import audit

    audit.require_admin(scope)
    with session_scope(settings) as session:
        entries = audit.list_entries(session, scope, limit=limit, offset=offset, action=action,
                                     username=username, since=since, before_id=before_id)
        audit.record(session, scope, "audit_view", "", {"count": len(entries)})
    return {"entries": entries}


@router.get("/export", summary="导出审计日志（CSV）", response_class=Response,
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}, **ADMIN_ONLY})
def export_audit(scope: ScopeDep, settings: SettingsDep, action: ActionQ = None,
                 username: UserQ = None, since: SinceQ = None) -> Response:
    from assistant.db import session_scope
    from assistant.security import audit

    audit.require_admin(scope)
    with session_scope(settings) as session:
        body = audit.export_csv(session, scope, action=action, username=username, since=since)
        audit.record(session, scope, "audit_export", "", {"bytes": len(body.encode("utf-8"))})
    return Response("\ufeff" + body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="audit_log.csv"'})
