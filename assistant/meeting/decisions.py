"""Meeting decisions: validated all-or-nothing recording, status updates and their follow-up at later meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant import clock
from assistant.errors import Forbidden, NotFound, UserError
from assistant.meeting.config import OTHER_ACTION, STANDARD_ACTIONS
from assistant.meeting.models import Meeting, MeetingDecision
from assistant.security.scope import Scope

STATUS_ZH = {"done": "已落实", "overdue": "逾期未落实", "open": "落实中"}
STORED_STATUSES = ("open", "done")


@dataclass(frozen=True)
class DecisionInput:
    borrower_id: str
    action: str
    responsible_department: str
    responsible_person: str
    deadline: str | date
    detail: str = ""


def parse_date(value: str | date, label: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise UserError(f"{label}「{value}」不是有效日期，请使用 YYYY-MM-DD 格式。") from None


def _problems(meeting: Meeting, item: DecisionInput, today: date, agenda: set[str]) -> list[str]:
    who = f"借款人{item.borrower_id}"
    problems = []
    if item.borrower_id not in agenda:
        problems.append(f"{who}不在本次例会（{meeting.meeting_date.isoformat()}）的审议名单上，不能为其记录决议。")
    if item.action not in STANDARD_ACTIONS + (OTHER_ACTION,):
        problems.append(f"{who}：未知的措施「{item.action}」，应为{'、'.join(STANDARD_ACTIONS)}或{OTHER_ACTION}"
                        "（其他措施须写明内容）。")
    elif item.action == OTHER_ACTION and not item.detail.strip():
        problems.append(f"{who}：措施为「{OTHER_ACTION}」时须写明具体内容。")
    if not item.responsible_department.strip() or not item.responsible_person.strip():
        problems.append(f"{who}：每项措施都须明确责任部门和责任人（示范银行贷后管理实施细则第五十三条）。")
    try:
        deadline = parse_date(item.deadline, "完成时限")
    except UserError as exc:
        return problems + [f"{who}：{exc.message}"]
    floor = max(meeting.meeting_date, today)
    if deadline <= meeting.meeting_date or deadline < today:
        problems.append(f"{who}：完成时限{deadline.isoformat()}已过或早于例会日期，应晚于{floor.isoformat()}。")
    return problems


def record_decisions(session: Session, scope: Scope, meeting: Meeting, items: list[DecisionInput], *,
                     today: date | None = None, quorum_ok: bool = True) -> list[MeetingDecision]:
    """Validate every decision first, then add them all; any problem raises UserError and stores nothing."""
    from assistant.meeting.access import require_organiser

    require_organiser(scope)
    if not items:
        raise UserError("没有要记录的决议。")
    if not quorum_ok:
        raise UserError("出席委员人数不足法定人数，会议不得形成决议（示范银行贷后管理实施细则第四十七条）。")
    today = today or clock.today()
    agenda = {review.borrower_id for review in meeting.reviews}
    problems = [p for item in items for p in _problems(meeting, item, today, agenda)]
    if problems:
        raise UserError("决议未保存：\n" + "\n".join(problems))
    now = datetime.now(timezone.utc)
    decisions = [MeetingDecision(
        meeting_id=meeting.id, borrower_id=item.borrower_id, action=item.action, detail=item.detail.strip(),
        responsible_department=item.responsible_department.strip()[:64],
        responsible_person=item.responsible_person.strip()[:64], deadline=parse_date(item.deadline, "完成时限"),
        status="open", created_by=scope.username, created_at=now) for item in items]
    session.add_all(decisions)
    session.flush()
    return decisions


def status_of(decision: MeetingDecision, as_of: date) -> str:
    """done, overdue (open past its deadline on `as_of`) or open."""
    if decision.status == "done":
        return "done"
    return "overdue" if decision.deadline < as_of else "open"


def get_decision(session: Session, scope: Scope, decision_id: int) -> MeetingDecision:
    """NotFound when unknown or outside the caller's branch; officers see decisions on their own borrowers."""
    decision = session.get(MeetingDecision, decision_id)
    if decision is None or not visible(session, scope, decision):
        raise NotFound(f"未找到决议 {decision_id}，或您无权查看。")
    return decision


def visible(session: Session, scope: Scope, decision: MeetingDecision) -> bool:
    from assistant.records.models import Borrower

    borrower = session.get(Borrower, decision.borrower_id)
    branch = decision.meeting.branch
    return scope.may_see_borrower(branch, borrower.officer_code if borrower else "")


def update_status(session: Session, scope: Scope, decision_id: int, status: str, follow_up: str = "",
                  done_at: str | date | None = None, today: date | None = None) -> MeetingDecision:
    """Mark a decision done (with the date) or open again, with the follow-up text (第五十五条)."""
    decision = get_decision(session, scope, decision_id)
    if scope.role not in ("head", "risk", "admin", "officer"):
        raise Forbidden("您无权更新决议落实情况。")
    if status not in STORED_STATUSES:
        raise UserError(f"状态应为 open（落实中）或 done（已落实），收到「{status}」。")
    today = today or clock.today()
    finished = parse_date(done_at, "落实日期") if done_at else (today if status == "done" else None)
    if finished and finished > today:
        raise UserError(f"落实日期{finished.isoformat()}晚于今天，不能登记尚未发生的落实。")
    decision.status, decision.done_at = status, finished if status == "done" else None
    if follow_up.strip():
        decision.follow_up = follow_up.strip()
    session.flush()
    return decision


def decision_dict(decision: MeetingDecision, as_of: date) -> dict:
    status = status_of(decision, as_of)
    return {"id": decision.id, "meeting_id": decision.meeting_id, "borrower_id": decision.borrower_id,
            "action": decision.action, "detail": decision.detail,
            "responsible_department": decision.responsible_department,
            "responsible_person": decision.responsible_person, "deadline": decision.deadline.isoformat(),
            "status": status, "status_zh": STATUS_ZH[status],
            "done_at": decision.done_at.isoformat() if decision.done_at else None, "follow_up": decision.follow_up}


def earlier_decisions(session: Session, branch: str, meeting_date: date) -> list[MeetingDecision]:
    """For 第五十二条（一）: decisions of earlier meetings still open, or done since the previous meeting."""
    previous = session.scalar(select(Meeting.meeting_date).where(
        Meeting.branch == branch, Meeting.meeting_date < meeting_date).order_by(Meeting.meeting_date.desc()))
    if previous is None:
        return []
    rows = session.scalars(select(MeetingDecision).join(Meeting).where(
        Meeting.branch == branch, Meeting.meeting_date < meeting_date)
        .order_by(Meeting.meeting_date, MeetingDecision.id))
    return [d for d in rows if d.status != "done" or (d.done_at and d.done_at >= previous)]
