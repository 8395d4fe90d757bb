"""Draft 贷后检查报告 over HTTP: JSON sections with each figure's source, and the Word download."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.deps import IndexDep, ScopeDep, SettingsDep
from assistant.config import Settings
from assistant.security.scope import Scope

router = APIRouter(prefix="/api/borrowers", tags=["贷后检查报告"])

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BorrowerId = Annotated[str, Path(description="借款人编号，如 B001", max_length=32)]
AsOf = Annotated[date | None, Query(alias="date", description="检查基准日 YYYY-MM-DD，默认今天")]


def _draft(borrower_id: str, scope: Scope, settings: Settings, index, as_of: date | None):
    from assistant.drafting.clauses import ClauseLookup
    from assistant.drafting.service import draft_inspection

    return draft_inspection(borrower_id, scope=scope, settings=settings, today=as_of, lookup=ClauseLookup(index))


@router.get("/{borrower_id}/report", summary="贷后检查报告（JSON：各章节、每个数字的来源记录与引用条文）")
async def report_json(borrower_id: BorrowerId, scope: ScopeDep, settings: SettingsDep, index: IndexDep,
                      as_of: AsOf = None) -> Response:
    from assistant.drafting.render_md import render_markdown
    from assistant.drafting.service import audit

    report = await run_in_threadpool(_draft, borrower_id, scope, settings, index, as_of)
    payload = report.as_dict()
    payload["markdown"] = render_markdown(report)
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    await run_in_threadpool(audit, report, body, "json", scope=scope, settings=settings, action="draft")
    return Response(body, media_type="application/json")


@router.get("/{borrower_id}/report.docx", summary="下载贷后检查报告（Word）")
async def report_docx(borrower_id: BorrowerId, scope: ScopeDep, settings: SettingsDep, index: IndexDep,
                      as_of: AsOf = None) -> Response:
    from assistant.drafting.render_docx import render_docx
    from assistant.drafting.service import audit

    report = await run_in_threadpool(_draft, borrower_id, scope, settings, index, as_of)
    data = await run_in_threadpool(render_docx, report)
    await run_in_threadpool(audit, report, data, "docx", scope=scope, settings=settings, action="export")
    filename = quote(f"{report.borrower_id}_{report.title}.docx")
    return Response(data, media_type=DOCX_TYPE,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"})
