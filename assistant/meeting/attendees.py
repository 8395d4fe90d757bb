"""Attendee list of a meeting (roles from the rules) and the quorum check of its committee members."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.drafting.facts import MISSING
from assistant.meeting.config import ATTENDEE_ROLES, OFFICER_ROLE, MeetingClauses, MeetingRules
from assistant.security.models import User

NON_MEMBER_ROLES = (OFFICER_ROLE, "列席")


@dataclass(frozen=True)
class Attendee:
    name: str
    role: str
    present: bool = True

    @property
    def member(self) -> bool:
        """Committee members vote; 管户客户经理 and 列席 attend without counting (示范银行 第四十七条)."""
        return not any(self.role.startswith(role) for role in NON_MEMBER_ROLES)

    def as_dict(self) -> dict:
        return {"name": self.name, "role": self.role, "present": self.present, "member": self.member}


@dataclass(frozen=True)
class Quorum:
    present_members: int
    required: int

    @property
    def ok(self) -> bool:
        return self.present_members >= self.required

    def warning_zh(self, branch: str) -> str:
        if self.ok:
            return ""
        clause = MeetingClauses.BANK_QUORUM.label()
        return (f"注意：本次会议出席委员{self.present_members}人，少于{branch}规定的{self.required}人"
                f"（{clause}），会议不得形成决议。")

    def as_dict(self) -> dict:
        return {"present_members": self.present_members, "required": self.required, "ok": self.ok}


def _head_name(session: Session, branch: str) -> str:
    name = session.scalar(select(User.display_name).where(User.role == "head", User.branch == branch,
                                                          User.disabled.is_(False)).order_by(User.id))
    return name or MISSING.format(label="姓名")


def default_attendees(session: Session, branch: str, officers: list[tuple[str, str]]) -> list[Attendee]:
    """Every role of 示范银行 第四十八条, the branch head's name from the users table when known,
    and one line per 管户客户经理 of a reviewed borrower (officers: (code, name) in agenda order)."""
    attendees = []
    for role, _member in ATTENDEE_ROLES:
        name = _head_name(session, branch) if role.startswith("行长") else MISSING.format(label="姓名")
        attendees.append(Attendee(name, role))
    seen: set[str] = set()
    for code, name in officers:
        if code not in seen:
            seen.add(code)
            attendees.append(Attendee(name or code, OFFICER_ROLE))
    return attendees


def parse_attendees(items: list[dict]) -> list[Attendee]:
    """Attendees given by the organiser: [{"name","role","present"?}]; names and roles required."""
    from assistant.errors import UserError

    attendees = []
    for number, item in enumerate(items, 1):
        name, role = str(item.get("name", "")).strip(), str(item.get("role", "")).strip()
        if not name or not role:
            raise UserError(f"参会人员第{number}行缺少姓名或职务。")
        attendees.append(Attendee(name[:64], role[:64], bool(item.get("present", True))))
    return attendees


def quorum(attendees: list[Attendee], branch: str, rules: MeetingRules) -> Quorum:
    present = sum(1 for a in attendees if a.present and a.member)
    return Quorum(present, rules.quorum(branch))
