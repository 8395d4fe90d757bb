"""Which borrowers of a branch a meeting must review, and why (seed 002 第一条, 示范银行 第四十九条)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.drafting.facts import fmt_amount, fmt_date
from assistant.meeting.config import DEFAULT_MEETING_RULES, MeetingRules
from assistant.meeting.models import Meeting, MeetingDecision
from assistant.records.models import Borrower
from assistant.records.repository import borrowers_for_review
from assistant.records.rules import DEFAULT_RULES, RiskRules, worst
from assistant.records.signals import evaluate_signals
from assistant.records.signal_types import RiskSignal
from assistant.security.scope import Scope


@dataclass(frozen=True)
class ReviewReason:
    code: str        # monthly_credit | non_performing | quarterly | signal | open_decision
    text_zh: str
    source: str      # clause labels

    def as_dict(self) -> dict:
        return {"code": self.code, "text": self.text_zh, "source": self.source}


@dataclass
class ReviewItem:
    borrower: Borrower
    reasons: list[ReviewReason]
    signals: list[RiskSignal] = field(default_factory=list)

    def as_dict(self) -> dict:
        b = self.borrower
        return {"borrower_id": b.id, "name": b.name, "officer": b.officer_name, "officer_code": b.officer_code,
                "credit_limit": float(b.credit_limit or 0), "classification": classification(b),
                "reasons": [r.as_dict() for r in self.reasons]}


@dataclass
class Selection:
    branch: str
    meeting_date: date
    quarterly_due: bool
    items: list[ReviewItem]
    borrowers: list[Borrower]          # every borrower of the branch in scope with a loan by the date
    signals: dict[str, list[RiskSignal]] = field(default_factory=dict)   # by borrower id, on the meeting date

    @property
    def kind(self) -> str:
        return "季度" if self.quarterly_due else "月度"

    def borrower_ids(self) -> list[str]:
        return [item.borrower.id for item in self.items]

    def as_dict(self) -> dict:
        return {"branch": self.branch, "date": self.meeting_date.isoformat(), "kind": self.kind,
                "quarterly_due": self.quarterly_due, "considered": len(self.borrowers),
                "items": [item.as_dict() for item in self.items]}


def classification(borrower: Borrower) -> str | None:
    return worst([loan.classification for loan in borrower.loans])


def quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def quarterly_due(session: Session, branch: str, meeting_date: date, rules: MeetingRules) -> bool:
    """Borrowers below the threshold are reviewed at the first meeting the branch holds in the quarter
    (no stored meeting earlier in the same quarter); with quarterly_at_first_meeting off, only in the
    first month of a quarter."""
    if not rules.quarterly_at_first_meeting:
        return meeting_date.month in (1, 4, 7, 10)
    earlier = session.scalar(select(Meeting.id).where(
        Meeting.branch == branch, Meeting.meeting_date >= quarter_start(meeting_date),
        Meeting.meeting_date < meeting_date).limit(1))
    return earlier is None


def open_decisions(session: Session, branch: str, before: date) -> dict[str, list[MeetingDecision]]:
    """Decisions of earlier meetings of the branch not yet done, by borrower id."""
    rows = session.scalars(select(MeetingDecision).join(Meeting).where(
        Meeting.branch == branch, Meeting.meeting_date < before, MeetingDecision.status != "done")
        .order_by(MeetingDecision.deadline, MeetingDecision.id))
    grouped: dict[str, list[MeetingDecision]] = {}
    for decision in rows:
        grouped.setdefault(decision.borrower_id, []).append(decision)
    return grouped


def reasons_for(borrower: Borrower, signals: list[RiskSignal], decisions: list[MeetingDecision],
                quarterly: bool, rules: MeetingRules) -> list[ReviewReason]:
    reasons: list[ReviewReason] = []
    credit = borrower.credit_limit or 0
    threshold = fmt_amount(rules.monthly_credit_threshold)
    cls = classification(borrower)
    monthly = credit >= rules.monthly_credit_threshold
    if monthly:
        reasons.append(ReviewReason("monthly_credit", f"授信金额{fmt_amount(credit)}，达到{threshold}（含）标准，"
                                    "每月审议。", rules.source_label("monthly_credit_threshold")))
    if cls in rules.non_performing:
        reasons.append(ReviewReason("non_performing", f"贷款风险分类为{cls}类（不良贷款），每月审议。",
                                    rules.source_label("non_performing")))
    if quarterly and not monthly and cls not in rules.non_performing:
        reasons.append(ReviewReason("quarterly", f"授信金额{fmt_amount(credit)}，不足{threshold}，"
                                    "在本季度首次例会按季审议。", rules.source_label("quarterly_at_first_meeting")))
    strong = [s for s in signals if s.severity in rules.signal_severities]
    if strong:
        titles = "；".join(dict.fromkeys(s.title_zh.rstrip("。") for s in strong))
        reasons.append(ReviewReason("signal", f"存在未解除的红色/橙色风险信号：{titles}。",
                                    rules.source_label("signal_severities")))
    for decision in decisions:
        reasons.append(ReviewReason("open_decision", f"前次例会决议「{decision.action}」（完成时限"
                                    f"{fmt_date(decision.deadline)}）尚未落实，跟踪审议。",
                                    rules.source_label("follow_up")))
    return reasons


def select_for_review(session: Session, scope: Scope, branch: str, meeting_date: date,
                      rules: MeetingRules = DEFAULT_MEETING_RULES,
                      risk_rules: RiskRules = DEFAULT_RULES) -> Selection:
    """The agenda of `branch` on `meeting_date` as the caller may see it (officers: their own borrowers).
    Raises NotFound/Forbidden for an unknown or foreign branch and NotFound when the date has no data."""
    from assistant.meeting.access import check_branch, check_has_data

    check_branch(session, scope, branch)
    check_has_data(session, branch, meeting_date)
    quarterly = quarterly_due(session, branch, meeting_date, rules)
    pending = open_decisions(session, branch, meeting_date)
    borrowers = [b for b in borrowers_for_review(session, scope, branch)
                 if any(loan.start_date <= meeting_date for loan in b.loans)]
    items, signals = [], {}
    for borrower in borrowers:
        signals[borrower.id] = evaluate_signals(borrower, risk_rules, meeting_date)
        reasons = reasons_for(borrower, signals[borrower.id], pending.get(borrower.id, []), quarterly, rules)
        if reasons:
            items.append(ReviewItem(borrower, reasons, signals[borrower.id]))
    return Selection(branch, meeting_date, quarterly, items, borrowers, signals)
