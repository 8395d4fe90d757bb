"""Drafting entry points for the CLI and the API: scoped load, build, optional LLM narrative, render, audit."""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

from assistant.config import Settings, get_settings
from assistant.drafting.builder import build_inspection_report
from assistant.drafting.clauses import ClauseLookup, open_lookup
from assistant.drafting.report import InspectionReport
from assistant.errors import UserError
from assistant.security.scope import LOCAL_ADMIN, Scope

FORMATS = ("md", "docx")


def draft_inspection(borrower_id: str, *, scope: Scope = LOCAL_ADMIN, settings: Settings | None = None,
                     today: date | None = None, lookup: ClauseLookup | None = None, chat_model=None,
                     use_llm: bool = True) -> InspectionReport:
    """The draft 贷后检查报告 of one borrower in the caller's scope (NotFound, same message, outside it)."""
    from assistant.db import session_scope
    from assistant.records.repository import get_borrower

    settings = settings or get_settings()
    with session_scope(settings) as session:
        borrower = get_borrower(session, scope, borrower_id.strip())
        report, narratives = build_inspection_report(borrower, today=today,
                                                     lookup=lookup or open_lookup(settings))
    if use_llm and (chat_model is not None or settings.llm_base_url):
        from assistant.llm import OpenAIChatModel
        from assistant.drafting.narrative import apply_llm_narratives

        apply_llm_narratives(report, narratives, chat_model or OpenAIChatModel(settings))
    return report


def render(report: InspectionReport, fmt: str) -> bytes:
    """The draft as Markdown (UTF-8) or Word bytes."""
    check_format(fmt)
    if fmt == "md":
        from assistant.drafting.render_md import render_markdown

        return render_markdown(report).encode("utf-8")
    from assistant.drafting.render_docx import render_docx

    return render_docx(report)


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise UserError(f"不支持的格式「{fmt}」：--format 只能是 md 或 docx")


def check_writable(path: Path) -> None:
    """Refuse before drafting when the output cannot be written (directory missing, no permission…)."""
    target = path.expanduser()
    if target.is_dir():
        raise UserError(f"输出路径是一个目录，请指定文件名：{path}")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise UserError(f"输出目录不存在：{parent}")
    if not os.access(parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise UserError(f"没有写入权限，无法保存到：{path}")


def export_inspection(borrower_id: str, fmt: str, path: Path, *, scope: Scope = LOCAL_ADMIN,
                      settings: Settings | None = None, today: date | None = None) -> InspectionReport:
    """Draft, render and write to `path`; the audit log records the record ids and the output hash."""
    check_format(fmt)
    check_writable(path)
    report = draft_inspection(borrower_id, scope=scope, settings=settings, today=today)
    data = render(report, fmt)
    try:
        path.expanduser().write_bytes(data)
    except OSError as exc:
        raise UserError(f"无法写入文件 {path}：{exc.strerror or exc}") from exc
    audit(report, data, fmt, scope=scope, settings=settings, action="export" if fmt == "docx" else "draft")
    return report


def audit(report: InspectionReport, output: bytes, fmt: str, *, scope: Scope, settings: Settings | None = None,
          action: str = "draft", extra: dict | None = None) -> None:
    """Record the draft in the audit log when the security package provides it (`extra` joins the detail)."""
    try:
        from assistant.security.audit import record
    except ImportError:  # the audit log is optional for the drafting library
        return
    from assistant.db import session_scope

    detail = {"borrower_id": report.borrower_id, "format": fmt, "record_ids": report.book.record_ids(),
              "clauses": [{"label": c.label, "chunk_id": c.chunk_id, "version": c.version} for c in report.clauses()],
              "narrative": report.narrative_source, "output_sha256": hashlib.sha256(output).hexdigest(),
              **(extra or {})}
    with session_scope(settings) as session:
        record(session, scope, action, f"borrower:{report.borrower_id}", detail)
