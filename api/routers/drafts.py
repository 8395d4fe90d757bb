"""Draft 贷后检查报告 over HTTP: JSON sections with each figure's source, and the Word download."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import IndexDep, ScopeDep, SettingsDep
from assistant.config import Settings
from assistant.security.scope import Scope

router = APIRouter(prefix="/api/borrowers", tags=["贷后检查报告"])

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BorrowerId = Annotated[str, Path(description="借款人编号，如 B001", max_length=32)]
AsOf = Annotated[date | None, Query(alias="date", description="检查基准日 YYYY-MM-DD，默认今天")]


class EditedSection(BaseModel):
    title: str = Field(max_length=64, description="章节名，如“基本情况”（也接受“一、基本情况”）")
    paragraphs: list[Annotated[str, Field(max_length=20_000)]] = Field(
        max_length=1000, description="该章正文段落（表格不可编辑，沿用系统原稿）；每章最多 200 段、每段 5000 字")


class EditedReport(BaseModel):
    sections: list[EditedSection] = Field(min_length=1, max_length=20, description="修改过的章节；未提交的章节沿用系统原稿")


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
    await run_in_threadpool(audit, report, data, "docx", scope=scope, settings=settings, action="export",
                            extra={"edited": False})
    return _docx_response(report, data)


@router.post("/{borrower_id}/report.docx", summary="下载用户修改后的贷后检查报告（Word）")
async def edited_report_docx(borrower_id: BorrowerId, body: EditedReport, scope: ScopeDep, settings: SettingsDep,
                             index: IndexDep, as_of: AsOf = None) -> Response:
    """The sections' text as the user edited it, with the drafted tables, header and cited clauses; the
    audit entry says whether (and in which sections) the text differs from the system draft."""
    from assistant.drafting.edits import parse_edits, render_edited_docx
    from assistant.drafting.service import audit

    edits = parse_edits([section.model_dump() for section in body.sections])
    report = await run_in_threadpool(_draft, borrower_id, scope, settings, index, as_of)
    data, changed = await run_in_threadpool(render_edited_docx, report, edits)
    await run_in_threadpool(audit, report, data, "docx", scope=scope, settings=settings, action="export",
                            extra={"edited": bool(changed), "edited_sections": changed})
    return _docx_response(report, data, edited=bool(changed))


def _docx_response(report, data: bytes, *, edited: bool = False) -> Response:
    filename = quote(f"{report.borrower_id}_{report.title}{'（修改稿）' if edited else ''}.docx")
    return Response(data, media_type=DOCX_TYPE, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{filename}", "X-Report-Edited": str(edited).lower()})
