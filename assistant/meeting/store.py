"""Stored meetings: create one from the selection (agenda and attendees), find it by branch and date or id."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assistant.errors import Conflict, NotFound
from assistant.meeting.attendees import Attendee, default_attendees
from assistant.meeting.config import DEFAULT_MEETING_RULES, MeetingRules
from assistant.meeting.models import Meeting, MeetingAttendee, MeetingReview
from assistant.meeting.selection import Selection, select_for_review
from assistant.security.scope import Scope


def find_meeting(session: Session, branch: str, meeting_date: date) -> Meeting | None:
    return session.scalar(select(Meeting).where(Meeting.branch == branch, Meeting.meeting_date == meeting_date)
                          .options(selectinload(Meeting.reviews), selectinload(Meeting.attendees),
                                   selectinload(Meeting.decisions)))


def get_meeting(session: Session, scope: Scope, meeting_id: str) -> Meeting:
    """NotFound when unknown or of a branch the caller does not see (no hint that it exists)."""
    meeting = session.get(Meeting, meeting_id)
    visible = scope.visible_branches()
    if meeting is None or not scope.sees_borrowers or (visible is not None and meeting.branch not in visible):
        raise NotFound(f"未找到例会 {meeting_id}，或您无权查看。")
    return meeting


def stored_attendees(meeting: Meeting) -> list[Attendee]:
    return [Attendee(a.name, a.role, a.present) for a in sorted(meeting.attendees, key=lambda a: a.id or 0)]


def create_meeting(session: Session, scope: Scope, branch: str, meeting_date: date, *,
                   attendees: list[Attendee] | None = None, chair: str = "",
                   rules: MeetingRules = DEFAULT_MEETING_RULES) -> tuple[Meeting, Selection]:
    """Store the meeting with its agenda (borrowers and reasons) and attendees; Conflict if it exists."""
    from assistant.meeting.access import require_organiser

    require_organiser(scope)
    selection = select_for_review(session, scope, branch, meeting_date, rules)
    if find_meeting(session, branch, meeting_date) is not None:
        raise Conflict(f"{branch}{meeting_date.isoformat()}的例会已经创建。")
    officers = [(i.borrower.officer_code, i.borrower.officer_name) for i in selection.items]
    people = attendees if attendees is not None else default_attendees(session, branch, officers)
    head = next((a.name for a in people if a.role.startswith("行长")), "")
    meeting = Meeting(id=str(uuid.uuid4()), branch=branch, meeting_date=meeting_date, kind=selection.kind,
                      status="draft", chair=(chair or head)[:64], created_by=scope.username,
                      created_at=datetime.now(timezone.utc))
    meeting.reviews = [MeetingReview(borrower_id=item.borrower.id, position=position,
                                     reasons=[r.as_dict() for r in item.reasons])
                       for position, item in enumerate(selection.items, 1)]
    meeting.attendees = [MeetingAttendee(name=a.name, role=a.role, present=a.present) for a in people]
    session.add(meeting)
    session.flush()
    return meeting, selection


def meeting_or_create(session: Session, scope: Scope, branch: str, meeting_date: date,
                      rules: MeetingRules = DEFAULT_MEETING_RULES) -> Meeting:
    """The stored meeting of that day, created from the selection when there is none yet."""
    meeting = find_meeting(session, branch, meeting_date)
    if meeting is not None:
        from assistant.meeting.access import check_branch

        check_branch(session, scope, branch)
        return meeting
    return create_meeting(session, scope, branch, meeting_date, rules=rules)[0]


def meeting_dict(meeting: Meeting) -> dict:
    return {"id": meeting.id, "branch": meeting.branch, "date": meeting.meeting_date.isoformat(),
            "kind": meeting.kind, "status": meeting.status, "chair": meeting.chair,
            "agenda": [{"borrower_id": r.borrower_id, "position": r.position, "reasons": r.reasons}
                       for r in meeting.reviews],
            "attendees": [a.as_dict() for a in [Attendee(x.name, x.role, x.present) for x in meeting.attendees]]}


def require(meeting: Meeting | None, branch: str, meeting_date: date) -> Meeting:
    if meeting is None:
        raise NotFound(f"{branch}{meeting_date.isoformat()}尚未创建例会。")
    return meeting
