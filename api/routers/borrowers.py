"""Borrower records over HTTP, always within the caller's scope: list, detail, signals; import (admins)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, File, Path, Query, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.deps import ScopeDep, SettingsDep
from api.limits import human_size
from assistant.config import Settings
from assistant.errors import Forbidden, TooLarge
from assistant.security.scope import Scope

router = APIRouter(prefix="/api/borrowers", tags=["借款人"])

BorrowerId = Annotated[str, Path(description="借款人编号，如 B001", max_length=32)]
Classification = Literal["正常", "关注", "次级", "可疑", "损失"]


def _list(scope: Scope, settings: Settings, filters, with_signals: bool, page: slice) -> tuple[list[dict], int]:
    from assistant.db import session_scope
    from assistant.records.repository import borrowers_for_review, list_borrowers
    from assistant.records.signals import evaluate_signals

    with session_scope(settings) as session:
        everyone = list_borrowers(session, scope, filters)
        rows = everyone[page]
        if not with_signals or not rows:
            return rows, len(everyone)
        loaded = borrowers_for_review(session, scope, ids=[row["id"] for row in rows])
        signals = {b.id: evaluate_signals(b) for b in loaded}
    for row in rows:
        found = signals.get(row["id"], [])
        row["signal_count"] = len(found)
        row["high_signals"] = sum(1 for s in found if s.severity == "高")
        row["signal_titles"] = [s.title_zh for s in found[:3]]
    return rows, len(everyone)


@router.get("", summary="借款人列表（仅限调用者可见范围）")
async def list_borrowers(
    scope: ScopeDep,
    settings: SettingsDep,
    branch: Annotated[str | None, Query(max_length=64, description="机构")] = None,
    classification: Annotated[Classification | None, Query(description="五级分类")] = None,
    q: Annotated[str | None, Query(max_length=64, description="编号或名称包含")] = None,
    min_credit: Annotated[Decimal | None, Query(ge=0, description="授信额度下限（元）")] = None,
    signals: Annotated[bool, Query(description="同时返回风险信号数（只计算本页）")] = True,
    limit: Annotated[int, Query(ge=1, le=5000, description="每页条数")] = 500,
    offset: Annotated[int, Query(ge=0, description="跳过条数")] = 0,
) -> dict:
    from assistant.records.repository import BorrowerFilters

    filters = BorrowerFilters(branch=branch, classification=classification, query=q,
                              min_credit_limit=min_credit)
    rows, total = await run_in_threadpool(_list, scope, settings, filters, signals, slice(offset, offset + limit))
    return {"borrowers": rows, "total": total}


@router.post("/import", summary="导入借款人档案（仅管理员；全部成功或全部不导入）")
def import_borrowers(
    file: Annotated[UploadFile, File(description="借款人档案：.json、.xlsx，或每张表一个 CSV 打包的 .zip")],
    scope: ScopeDep,
    settings: SettingsDep,
):
    """Errors name the sheet, row and column (422, `errors` lists them); nothing is written then."""
    from pathlib import PurePath

    from assistant.records.importer import ImportRejected
    from assistant.records.upload import check_upload_name, import_upload
    from assistant.security import audit

    if scope.role != "admin":
        raise Forbidden("只有管理员可以导入借款人档案。")
    filename = PurePath(file.filename or "").name or "upload"
    check_upload_name(filename)
    data = file.file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise TooLarge(f"文件“{filename}”超过大小上限 {human_size(settings.max_upload_bytes)}。")
    digest = audit.sha256_bytes(data)

    def record(session, report) -> None:  # same transaction as the records: both or neither
        audit.record(session, scope, "import", filename, {
            "file": filename, "sha256": digest, "record_ids": report.borrower_ids,
            "borrowers_added": report.borrowers_added, "borrowers_updated": report.borrowers_updated})

    try:
        report = import_upload(filename, data, settings=settings, after_write=record)
    except ImportRejected as exc:
        return JSONResponse({"detail": exc.message, "errors": exc.errors, "total_errors": exc.total},
                            status_code=422)
    return {"imported": True, "sha256": digest, "summary": report.summary_zh(), **report.as_dict()}


def _detail(scope: Scope, settings: Settings, borrower_id: str) -> dict:
    from assistant.db import session_scope
    from assistant.records.repository import borrower_detail

    with session_scope(settings) as session:
        return borrower_detail(session, scope, borrower_id)


@router.get("/{borrower_id}", summary="借款人详情：贷款、押品、报表（含比率）、流水、检查、事件、风险信号")
async def borrower_detail(borrower_id: BorrowerId, scope: ScopeDep, settings: SettingsDep) -> dict:
    return await run_in_threadpool(_detail, scope, settings, borrower_id)


@router.get("/{borrower_id}/signals", summary="借款人的风险预警信号（含触发数据与依据条款）")
async def borrower_signals(borrower_id: BorrowerId, scope: ScopeDep, settings: SettingsDep) -> dict:
    detail = await run_in_threadpool(_detail, scope, settings, borrower_id)
    return {"borrower_id": borrower_id, "signals": detail.get("signals", []),
            "classification_advice": detail.get("classification_advice")}
