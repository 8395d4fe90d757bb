"""Append-only audit trail: record who did what with which evidence; list and export for admins."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.errors import Forbidden, UserError
from assistant.security.masking import mask_text
from assistant.security.models import AuditEntry
from assistant.security.scope import Scope

ACTIONS = frozenset({
    "question", "search", "draft", "export", "import", "ingest", "login", "login_failed", "logout",
    "meeting", "quiz", "user_add", "user_disable", "token_issue", "audit_view", "audit_export", "curation",
})
_ACTION = re.compile(r"^[a-z_]{2,32}$")
EXPORT_COLUMNS = ("id", "at", "username", "role", "action", "target", "detail")


def output_sha256(text: str) -> str:
    """The hash stored in `detail["output_sha256"]` for an answer or a draft."""
    return sha256_bytes(text.encode("utf-8"))


def sha256_bytes(data: bytes) -> str:
    """The hash stored for an uploaded or imported file (`detail["files"][i]["sha256"]`)."""
    return hashlib.sha256(data).hexdigest()


# Identifiers the product made itself, under the keys that hold them: a document id is 16 hex digits of a path
# hash and can be all digits, which reads like a card number. Such values, and the same numbers in the entry's
# target ("delete <doc_id>"), are kept so the trail stays usable; anything else under those keys is masked.
_OWN_ID_KEYS = frozenset({"doc_id", "chunk_id", "conversation_id"})
_OWN_ID = re.compile(r"[0-9a-f]{16}(?::\d{1,6})?|[0-9a-f]{64}|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}")


def _own_ids(value: Any, key: str = "") -> list[str]:
    if isinstance(value, dict):
        return [i for k, v in value.items() for i in _own_ids(v, str(k))]
    if isinstance(value, (list, tuple)):
        return [i for v in value for i in _own_ids(v, key)]
    if (key in _OWN_ID_KEYS or key.endswith("sha256")) and _OWN_ID.fullmatch(str(value)):
        return [str(value)]
    return []


def _masked(value: Any, keep: tuple[str, ...] = ()) -> Any:
    """Personal data never reaches the log: every string inside `detail` is masked, except `keep`."""
    if isinstance(value, str):
        return mask_text(value, keep)
    if isinstance(value, dict):
        return {str(k): _masked(v, keep) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_masked(v, keep) for v in value]
    return value


def record(session: Session, scope: Scope, action: str, target: str = "",
           detail: dict | None = None) -> AuditEntry:
    """Append one entry, e.g. detail = {"chunks": [{"chunk_id", "version"}], "record_ids": [...],
    "output_sha256": ...}. The caller's transaction commits it together with the work it describes."""
    if not _ACTION.match(action):
        raise UserError(f"审计动作名称无效：{action}")
    keep = tuple(_own_ids(detail or {}))
    entry = AuditEntry(username=scope.username, role=scope.role, action=action,
                       target=mask_text(target, keep)[:255], detail=_masked(detail or {}, keep))
    session.add(entry)
    session.flush()
    return entry


def require_admin(scope: Scope) -> None:
    if scope.role != "admin":
        raise Forbidden("只有管理员可以查看或导出审计日志。")


def _utc(moment: datetime) -> datetime:
    """Entries are stamped in UTC; SQLite hands them back naive, so naive means UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _query(action: str | None, username: str | None, since: datetime | None, before_id: int | None = None):
    stmt = select(AuditEntry)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    if username:
        stmt = stmt.where(AuditEntry.username == username)
    if since:  # compared in UTC: SQLite drops the offset of a bound value instead of converting it
        stmt = stmt.where(AuditEntry.at >= _utc(since))
    if before_id:
        stmt = stmt.where(AuditEntry.id < before_id)
    return stmt


def entry_json(entry: AuditEntry) -> dict:
    return {"id": entry.id, "at": _utc(entry.at).isoformat(), "username": entry.username,
            "role": entry.role, "action": entry.action, "target": entry.target,
            "detail": entry.detail}


def list_entries(session: Session, scope: Scope, *, limit: int = 100, offset: int = 0,
                 action: str | None = None, username: str | None = None,
                 since: datetime | None = None, before_id: int | None = None) -> list[dict]:
    """Newest first; admins only. `before_id` pages by id (stable while new entries arrive), `offset` by position."""
    require_admin(scope)
    stmt = _query(action, username, since, before_id).order_by(AuditEntry.id.desc())
    stmt = stmt.limit(max(1, min(limit, 1000))).offset(max(0, offset))
    return [entry_json(e) for e in session.scalars(stmt)]


def export_csv(session: Session, scope: Scope, *, action: str | None = None,
               username: str | None = None, since: datetime | None = None) -> str:
    """The whole (filtered) log as CSV, oldest first; admins only."""
    require_admin(scope)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    stmt = _query(action, username, since).order_by(AuditEntry.id)
    for entry in session.scalars(stmt.execution_options(yield_per=500)):
        row = entry_json(entry)
        row["detail"] = json.dumps(row["detail"], ensure_ascii=False, sort_keys=True)
        writer.writerow([_csv_safe(str(row[c])) for c in EXPORT_COLUMNS])
    return out.getvalue()


def _csv_safe(cell: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in user-controlled cells."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
