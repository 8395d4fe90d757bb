"""Meeting operations for the CLI and the API: one transaction each, audited drafts and exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant import clock
from assistant.config import Settings
from assistant.meeting.decisions import DecisionInput, decision_dict, parse_date
from assistant.security.scope import Scope

FORMATS = ("md", "docx")


@dataclass(frozen=True)
class Output:
    content: bytes
    media_type: str
    filename: str
    narrative_source: str = "template"


def meeting_date(value: str | date) -> date:
    return parse_date(value, "例会日期")


def selection(scope: Scope, branch: str, day: str | date, settings: Settings | None = None) -> dict:
    from assistant.db import session_scope
    from assistant.meeting.selection import select_for_review

    with session_scope(settings) as session:
        return select_for_review(session, scope, branch, meeting_date(day)).as_dict()


def picture(scope: Scope, branch: str, day: str | date, settings: Settings | None = None) -> dict:
    """The risk manager's branch picture of the minutes, as JSON for charts; the same scope as the selection
    (organisers: the whole branch; officers: their own borrowers only)."""
    from assistant.db import session_scope
    from assistant.drafting.facts import FactBook
    from assistant.meeting.minutes import period_start
    from assistant.meeting.picture import branch_picture, picture_dict
    from assistant.meeting.selection import select_for_review

    day = meeting_date(day)
    with session_scope(settings) as session:
        chosen = select_for_review(session, scope, branch, day)
        start = period_start(session, branch, day)
        view = picture_dict(branch_picture(FactBook(), chosen.borrowers, chosen.signals, start, day))
        names = {b.id: b.name for b in chosen.borrowers}
        view["inspections_overdue"] = [{"borrower_id": i, "name": names[i]} for i in view["inspections_overdue"]]
    partial = scope.role == "officer"
    return {"branch": branch, "date": day.isoformat(), "scope": "own" if partial else "branch",
            "reviewed": len(chosen.items), **view}


def create(scope: Scope, branch: str, day: str | date, *, attendees: list[dict] | None = None, chair: str = "",
           settings: Settings | None = None) -> dict:
    from assistant.db import session_scope
    from assistant.meeting.attendees import parse_attendees
    from assistant.meeting.store import create_meeting, meeting_dict
    from assistant.security.audit import record

    people = parse_attendees(attendees) if attendees is not None else None
    with session_scope(settings) as session:
        meeting, _ = create_meeting(session, scope, branch, meeting_date(day), attendees=people, chair=chair)
        record(session, scope, "meeting", f"meeting:{meeting.id}", {"branch": branch, "date": str(day),
                                                                   "operation": "create"})
        return meeting_dict(meeting)


def _quorum_ok(meeting) -> bool:
    from assistant.meeting.attendees import quorum
    from assistant.meeting.config import DEFAULT_MEETING_RULES
    from assistant.meeting.store import stored_attendees

    return quorum(stored_attendees(meeting), meeting.branch, DEFAULT_MEETING_RULES).ok


def decide(scope: Scope, items: list[DecisionInput], *, branch: str | None = None, day: str | date | None = None,
           meeting_id: str | None = None, today: date | None = None, settings: Settings | None = None) -> list[dict]:
    """Record decisions for a meeting (by id, or by branch and date: created from the selection when new);
    any bad item rejects all of them and the meeting creation too (one transaction)."""
    from assistant.db import session_scope
    from assistant.meeting.decisions import record_decisions
    from assistant.meeting.store import get_meeting, meeting_or_create
    from assistant.security.audit import record

    with session_scope(settings) as session:
        meeting = get_meeting(session, scope, meeting_id) if meeting_id else \
            meeting_or_create(session, scope, branch or "", meeting_date(day or ""))
        decisions = record_decisions(session, scope, meeting, items, today=today, quorum_ok=_quorum_ok(meeting))
        record(session, scope, "meeting", f"meeting:{meeting.id}",
               {"operation": "decide", "decisions": [d.id for d in decisions]})
        return [decision_dict(d, meeting.meeting_date) for d in decisions]


def decisions(scope: Scope, meeting_id: str, settings: Settings | None = None) -> list[dict]:
    from assistant.db import session_scope
    from assistant.meeting.decisions import visible
    from assistant.meeting.store import get_meeting

    with session_scope(settings) as session:
        meeting = get_meeting(session, scope, meeting_id)
        today = clock.today()
        return [decision_dict(d, max(today, meeting.meeting_date)) for d in
                sorted(meeting.decisions, key=lambda d: d.id) if visible(session, scope, d)]


def update(scope: Scope, decision_id: int, status: str, follow_up: str = "", done_at: str | None = None,
           settings: Settings | None = None) -> dict:
    from assistant.db import session_scope
    from assistant.meeting.decisions import update_status
    from assistant.security.audit import record

    with session_scope(settings) as session:
        decision = update_status(session, scope, decision_id, status, follow_up, done_at)
        record(session, scope, "meeting", f"decision:{decision_id}", {"operation": "status", "status": status})
        return decision_dict(decision, clock.today())


def _audit_output(session, scope: Scope, action: str, target: str, minutes, data: bytes, fmt: str) -> None:
    import hashlib

    from assistant.security.audit import record

    record(session, scope, action, target, {
        "format": fmt, "record_ids": minutes.book.record_ids()[:500], "borrowers": [r.borrower_id for r in minutes.reviews],
        "output_sha256": hashlib.sha256(data).hexdigest(), "narrative": minutes.narrative_source})


def draft(scope: Scope, branch: str, day: str | date, fmt: str = "md", *, settings: Settings | None = None,
          model=None, use_llm: bool = True) -> Output:
    """The 会议纪要 as Markdown or .docx; narratives by the configured LLM when one is set (checked)."""
    from assistant.db import session_scope
    from assistant.errors import UserError
    from assistant.meeting.docx_out import minutes_docx
    from assistant.meeting.minutes import build_minutes
    from assistant.meeting.narrative import chat_model, llm_narratives
    from assistant.meeting.render import render_markdown

    if fmt not in FORMATS:
        raise UserError(f"格式应为 md 或 docx，收到「{fmt}」。")
    day = meeting_date(day)
    with session_scope(settings) as session:
        minutes = build_minutes(session, scope, branch, day)
        model = model or (chat_model(settings) if use_llm else None)
        if model is not None:
            llm_narratives(minutes, model)
        data = render_markdown(minutes).encode("utf-8") if fmt == "md" else minutes_docx(minutes)
        _audit_output(session, scope, "draft" if fmt == "md" else "export", f"meeting:{branch}:{day}", minutes,
                      data, fmt)
    name = f"{branch}贷后管理例会会议纪要_{day.isoformat()}.{fmt}"
    media = "text/markdown; charset=utf-8" if fmt == "md" else \
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return Output(data, media, name, minutes.narrative_source)


def forms(scope: Scope, branch: str, day: str | date, borrower_id: str | None = None, *,
          settings: Settings | None = None) -> Output:
    """One 审议表 (.docx) for `borrower_id`, or every 审议表 in the caller's scope as a zip."""
    from assistant.db import session_scope
    from assistant.meeting.docx_out import review_form_docx, review_forms_zip
    from assistant.meeting.minutes import build_minutes

    day = meeting_date(day)
    with session_scope(settings) as session:
        minutes = build_minutes(session, scope, branch, day, full=False)
        if borrower_id:
            data = review_form_docx(minutes, borrower_id)
            name = f"贷后管理例会审议表_{borrower_id}_{day.isoformat()}.docx"
            media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        else:
            data, name, media = review_forms_zip(minutes), f"贷后管理例会审议表_{branch}_{day.isoformat()}.zip", \
                "application/zip"
        _audit_output(session, scope, "export", f"meeting:{branch}:{day}:forms", minutes, data, "docx")
    return Output(data, media, name, minutes.narrative_source)


def get(scope: Scope, meeting_id: str, settings: Settings | None = None) -> dict:
    """A stored meeting (agenda, attendees); officers see their own borrowers' agenda lines only."""
    from assistant.db import session_scope
    from sqlalchemy import select

    from assistant.meeting.store import get_meeting, meeting_dict
    from assistant.records.models import Borrower

    with session_scope(settings) as session:
        data = meeting_dict(get_meeting(session, scope, meeting_id))
        if scope.role == "officer":
            mine = set(session.scalars(select(Borrower.id).where(Borrower.officer_code == scope.officer_code)))
            data["agenda"] = [line for line in data["agenda"] if line["borrower_id"] in mine]
        return data
