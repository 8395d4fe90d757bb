"""/api/documents: the knowledge-base catalog, uploads (every format the loaders read), removal and re-indexing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import PurePath
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Header, UploadFile
from fastapi.responses import JSONResponse, StreamingResponse

from api.deps import IndexDep, ScopeDep, SettingsDep
from api.limits import MAX_FILES_PER_UPLOAD, human_size
from api.sse import NO_BUFFERING_HEADERS, Emit, detached_events, in_one_thread, wants_event_stream
from assistant.config import Settings
from assistant.errors import Forbidden, NotFound, TooLarge, Unsupported, UserError
from assistant.knowledge.loaders import SUPPORTED_LIST, SUPPORTED_SUFFIXES
from assistant.security.scope import Scope

router = APIRouter(prefix="/api/documents", tags=["文档"])

SourceTypeParam = Literal["regulation", "internal_rule", "case_note", "article"]
CATALOG_FIELDS = ("doc_id", "title", "source_type", "version", "effective_date", "superseded",
                  "chunk_count", "ingested_at", "duplicate_of")
ADMIN_ONLY_ZH = "只有管理员可以{action}知识库文档。"


def _require_admin(scope: Scope, action: str) -> None:
    """Changing the knowledge base is for admins (the local administrator before any user exists)."""
    if scope.role != "admin":
        raise Forbidden(ADMIN_ONLY_ZH.format(action=action))


def _audit(settings: Settings, scope: Scope, target: str, detail: dict) -> None:
    from assistant.db import session_scope
    from assistant.security import audit

    with session_scope(settings) as session:
        audit.record(session, scope, "ingest", target, detail)


@router.get("", summary="知识库文档目录")
def list_documents(index: IndexDep, scope: ScopeDep, settings: SettingsDep) -> dict:
    """Case notes outside the caller's scope (branch; for officers, own borrowers) are left out."""
    records = sorted(_visible(index.documents().values(), scope, settings),
                     key=lambda r: (r.source_type, r.title))
    return {"documents": [{**{f: getattr(r, f) for f in CATALOG_FIELDS}, "file": PurePath(r.source_path).name}
                          for r in records]}


def _visible(records, scope: Scope, settings: Settings) -> list:
    """The same rule as search results, chunks and previews (assistant.security.filters.item_allowed)."""
    from assistant.db import session_scope
    from assistant.security.filters import item_allowed

    with session_scope(settings) as session:
        return [r for r in records if item_allowed(r, scope, session)]


UPLOAD_SSE_DOC = {
    200: {
        "description": "JSON 结果；请求头 `Accept: text/event-stream` 时为 SSE 流：识别扫描页时 `event: progress` "
                       "（`{\"file\", \"stage\": \"ocr\", \"page\": 已识别页数, \"pages\": 扫描页数}`），入库时 "
                       "`event: progress`（`{\"stage\": \"index\"}`），最后 `event: result`（与 JSON 结果相同）"
                       "或 `event: error`（`detail`、`status` 与 JSON 调用的错误相同）。权限、文件个数错误以及"
                       "所有文件在读取前即被拒绝（类型、大小）时仍为普通 HTTP 错误。",
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    }
}


@router.post("", summary="上传文档（可多个文件）", responses=UPLOAD_SSE_DOC)
def upload_documents(
    files: Annotated[list[UploadFile], File(description="文档文件：.md .txt .docx .pdf")],
    settings: SettingsDep,
    scope: ScopeDep,
    source_type: Annotated[SourceTypeParam | None, Form(description="来源类型，不填则自动判断")] = None,
    accept: Annotated[str | None, Header()] = None,
):
    """A stream is for work that takes time (OCR of a scan); when every file is refused on its type or size the
    answer is the JSON one. A streamed batch runs to its end even if the client leaves (api.sse.detached_events)."""
    _require_admin(scope, "上传")
    if len(files) > MAX_FILES_PER_UPLOAD:
        raise UserError(f"一次最多上传 {MAX_FILES_PER_UPLOAD} 个文件，本次为 {len(files)} 个。")
    received = [_receive(upload, settings.max_upload_bytes) for upload in files]
    if wants_event_stream(accept) and any(item.refused is None for item in received):
        work = partial(_upload_stream, received, settings, scope, source_type)
        return StreamingResponse(in_one_thread(detached_events(work, "upload-ingest")),
                                 media_type="text/event-stream", headers=NO_BUFFERING_HEADERS)
    status, body = _upload(received, settings, scope, source_type)
    return body if status == 200 else JSONResponse(body, status_code=status)


def _upload_stream(received: list[_Received], settings: Settings, scope: Scope, source_type: str | None,
                   emit: Emit) -> None:
    """The upload as events: page progress of each scan, the start of indexing, then the JSON call's answer."""
    from assistant.knowledge.scanned import page_progress

    page_progress.set(lambda name, done, total: emit("progress", {"file": name, "stage": "ocr", "page": done,
                                                                   "pages": total}))
    status, body = _upload(received, settings, scope, source_type,
                           indexing=lambda: emit("progress", {"stage": "index"}))
    if status == 200:
        emit("result", body)
    else:
        emit("error", {**body, "status": status})


def _upload(received: list[_Received], settings: Settings, scope: Scope, source_type: str | None,
            indexing: Callable[[], None] = lambda: None) -> tuple[int, dict]:
    """Store, index and audit a batch; the HTTP status and body the JSON call answers with."""
    from assistant.security.audit import sha256_bytes

    results = _ingest_batch(received, settings, source_type, indexing)
    hashes = {item.filename: sha256_bytes(item.data) for item in received if item.refused is None}
    _audit(settings, scope, "upload", {"files": [
        {"filename": r["filename"], "status": r["status"], "sha256": hashes.get(r["filename"], ""),
         "paths": r.get("added", []) + r.get("updated", [])} for r in results]})
    failures = [r for r in results if r["status"] == "error"]
    if failures and len(failures) == len(results):
        return failures[0]["code"], {"detail": "；".join(r["detail"] for r in failures), "results": results}
    return 200, {"results": results}


@router.delete("/{doc_id}", summary="从知识库删除文档")
def delete_document(doc_id: str, index: IndexDep, settings: SettingsDep, scope: ScopeDep) -> dict:
    from assistant.knowledge.ingest import remove_document

    _require_admin(scope, "删除")
    record = index.documents().get(doc_id)
    if record is None:
        raise NotFound(f"文档不存在：{doc_id}")
    remove_document(doc_id, settings=settings)
    _audit(settings, scope, "delete " + doc_id, {"removed": [{"doc_id": doc_id, "version": record.version,
                                                              "content_hash": record.content_hash}]})
    return {"deleted": doc_id}


@router.post("/reindex", summary="按目录中的源文件重新建立索引")
def reindex(index: IndexDep, settings: SettingsDep, scope: ScopeDep) -> dict:
    from assistant.knowledge.ingest import ingest_paths

    _require_admin(scope, "重建索引")
    paths = sorted({r.source_path for r in index.documents().values() if r.source_path})
    report = ingest_paths(paths, settings=settings) if paths else None
    result = _report_json(report)
    changed = {key: result[key] for key in ("added", "updated", "removed")}
    _audit(settings, scope, "reindex", {"sources": len(paths), **changed, "errors": len(result["errors"])})
    return {"sources": len(paths), **result}


@dataclass
class _Received:
    """One file of the form, read before any work: its bytes, or why it is refused (type, size, empty)."""

    filename: str
    data: bytes = b""
    refused: UserError | None = None


def _receive(upload: UploadFile, limit: int) -> _Received:
    filename = PurePath(upload.filename or "").name
    try:
        return _Received(filename, _checked_bytes(filename, upload, limit))
    except UserError as exc:
        return _Received(filename, refused=exc)


def _ingest_batch(received: list[_Received], settings: Settings, source_type: str | None,
                  indexing: Callable[[], None]) -> list[dict]:
    """Store every acceptable file, then index them all in one commit: a crash mid-way leaves the index
    as it was before the request or with the whole batch, never with part of it."""
    from assistant.knowledge.ingest import ingest_paths, normalise_path

    results: list[dict] = []
    stored: list[tuple[dict, str]] = []
    for item in received:
        results.append({"filename": item.filename})
        try:
            path = _store_upload(item, settings, source_type)
        except UserError as exc:
            results[-1].update(status="error", code=exc.status, detail=exc.message)
            continue
        stored.append((results[-1], normalise_path(path)))
    if stored:
        indexing()
        report = ingest_paths(sorted({path for _, path in stored}), settings=settings, source_type=source_type)
        for result, path in stored:
            result.update(_file_result(result["filename"], path, report))
    return results


def _store_upload(item: _Received, settings: Settings, source_type: str | None):
    from assistant.knowledge.ingest import store_upload

    if item.refused is not None:
        raise item.refused
    try:
        return store_upload(item.filename, item.data, settings=settings, source_type=source_type)
    except UserError as exc:
        if exc.status != 400:  # 413, 415 and 422 (unreadable document) already say what is wrong
            raise
        raise UserError(_named(item.filename, exc.message), status=422) from exc


def _named(filename: str, message: str) -> str:
    return message if filename in message else f"文件“{filename}”无法导入：{message}"


def _file_result(filename: str, path: str, report) -> dict:
    """One file's share of the batch report, in the shape of a one-file report."""
    errors = [message for shown, message in report.errors if shown == path]
    if errors:
        return {"status": "error", "code": 422, "detail": _named(filename, errors[0])}
    status = next((key for key in ("added", "updated", "unchanged") if path in getattr(report, key)), None)
    if status is None:
        return {"status": "error", "code": 422, "detail": f"文件“{filename}”未能导入，请重新上传。"}
    warnings = [message for shown, message in report.warnings if shown == path]
    return {"status": status, **{key: [path] if key == status else [] for key in ("added", "updated", "unchanged")},
            "removed": [], "errors": [], "warnings": warnings}


def _checked_bytes(filename: str, upload: UploadFile, limit: int) -> bytes:
    if not filename:
        raise UserError("上传的文件缺少文件名。", status=422)
    if PurePath(filename).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise Unsupported(f"文件“{filename}”的类型不受支持，只接受 {SUPPORTED_LIST}。")
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"文件“{filename}”超过大小上限 {human_size(limit)}。")
    if not data:
        raise UserError(f"文件“{filename}”是空文件。", status=422)
    return data


def _report_json(report) -> dict:
    if report is None:
        return {"added": [], "updated": [], "unchanged": [], "removed": [], "errors": []}
    return {
        "added": list(report.added), "updated": list(report.updated),
        "unchanged": list(report.unchanged), "removed": list(report.removed),
        "errors": [{"path": str(path), "detail": message} for path, message in report.errors],
        "warnings": [{"path": str(path), "detail": message} for path, message in report.warnings],
    }
