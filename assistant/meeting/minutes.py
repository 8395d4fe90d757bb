"""Assemble the 会议纪要 of one branch and date: attendees, agenda, follow-up, branch picture, reviews, decisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from assistant.drafting.facts import Fact, FactBook, Source, make_fact
from assistant.meeting.attendees import Attendee, Quorum, default_attendees, quorum
from assistant.meeting.config import DEFAULT_MEETING_RULES, MeetingClauses, MeetingRules
from assistant.meeting.decisions import decision_dict, earlier_decisions
from assistant.meeting.models import Meeting, MeetingDecision
from assistant.meeting.picture import BranchPicture, branch_picture
from assistant.meeting.review import BorrowerReview, build_review, meeting_context
from assistant.meeting.selection import Selection, select_for_review
from assistant.meeting.store import find_meeting, stored_attendees
from assistant.records.rules import DEFAULT_RULES, Clauses, RiskRules
from assistant.security.scope import Scope


RULE_COUNTS = ("contact_within_hours", "attention_overdue_days", "substandard_overdue_days",
               "doubtful_overdue_days", "loss_overdue_days")


RULE_RATIOS = ("min_current_ratio", "min_collateral_coverage")


@dataclass
class Minutes:
    branch: str
    meeting_date: Fact
    kind: str
    chair: str
    attendees: list[Attendee]
    quorum: Quorum
    reviews: list[BorrowerReview]
    picture: BranchPicture
    follow_up: list[dict]
    decisions: list[dict]
    book: FactBook
    meeting_id: str | None = None
    reason_codes: dict[str, list[str]] = field(default_factory=dict)
    summary: str = ""
    summary_facts: dict[str, Fact] = field(default_factory=dict)
    narrative_source: str = "template"
    narrative_rejected: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.branch}贷后管理例会会议纪要"

    @property
    def warning(self) -> str:
        return self.quorum.warning_zh(self.branch)

    def review(self, borrower_id: str) -> BorrowerReview:
        from assistant.errors import NotFound

        for review in self.reviews:
            if review.borrower_id == borrower_id:
                return review
        raise NotFound(f"借款人{borrower_id}不在本次例会的审议名单上，或您无权查看。")

    def verbatim(self) -> list[str]:
        """Texts the grounding check takes as given: clause labels, attendee names and roles."""
        labels = [ref.label() for ref in Clauses.all().values()]
        labels += [value.label() for value in vars(MeetingClauses).values() if hasattr(value, "label")]
        # record texts (event descriptions, findings) also appear without their final 。 inside sentences
        texts = [f.text.rstrip("。") for f in self.book.facts if f.kind in ("text", "name") and not f.missing]
        return labels + [a.name for a in self.attendees] + [self.chair, self.branch] + texts


def _decision_facts(book: FactBook, decision: MeetingDecision, as_of: date) -> dict:
    data = decision_dict(decision, as_of)
    src = lambda name: Source("meeting_decisions", str(decision.id), name)  # noqa: E731
    data["deadline_text"] = book.add(make_fact("完成时限", "date", decision.deadline, src("deadline"))).text
    for name in ("responsible_department", "responsible_person", "detail", "follow_up", "action"):
        book.add(make_fact(name, "name", getattr(decision, name) or None, src(name)))
    if decision.done_at:
        data["done_at_text"] = book.add(make_fact("落实日期", "date", decision.done_at, src("done_at"))).text
    return data


def period_start(session: Session, branch: str, meeting_date: date) -> date:
    """Start of the period the picture covers: the branch's previous meeting, else one month earlier."""
    from sqlalchemy import select

    previous = session.scalar(select(Meeting.meeting_date).where(
        Meeting.branch == branch, Meeting.meeting_date < meeting_date).order_by(Meeting.meeting_date.desc()))
    if previous is not None:
        return previous
    index = meeting_date.year * 12 + meeting_date.month - 2
    day = min(meeting_date.day, 28)
    return date(index // 12, index % 12 + 1, day)


def _agenda(selection: Selection, meeting: Meeting | None) -> list[tuple[str, list[dict]]]:
    """(borrower id, reasons) in agenda order: the stored agenda of a created meeting, else the selection."""
    if meeting is not None:
        return [(r.borrower_id, list(r.reasons)) for r in meeting.reviews]
    return [(i.borrower.id, [r.as_dict() for r in i.reasons]) for i in selection.items]


def build_minutes(session: Session, scope: Scope, branch: str, meeting_date: date, *,
                  rules: MeetingRules = DEFAULT_MEETING_RULES, risk_rules: RiskRules = DEFAULT_RULES,
                  full: bool = True) -> Minutes:
    """The minutes as the organiser sees them (officers: Forbidden); a stored meeting gives agenda,
    attendees and decisions, otherwise the selection and the default attendee list are used."""
    from assistant.meeting.access import require_full_material

    if full:   # the 审议表 of an officer's own borrowers are built with full=False (scoped selection)
        require_full_material(scope)
    selection = select_for_review(session, scope, branch, meeting_date, rules, risk_rules)
    meeting = find_meeting(session, branch, meeting_date)
    book = FactBook()
    book.add(make_fact("每月审议授信标准", "amount", rules.monthly_credit_threshold,
                       Source("meeting_rules", "DEFAULT_MEETING_RULES", "monthly_credit_threshold"), origin="rule"))
    for name in RULE_COUNTS:   # thresholds quoted in signal titles and advice (e.g. 24小时内联系借款人)
        book.add(make_fact(name, "count", getattr(risk_rules, name), Source("risk_rules", "DEFAULT_RULES", name),
                           origin="rule"))
    for name in RULE_RATIOS:
        book.add(make_fact(name, "ratio", getattr(risk_rules, name), Source("risk_rules", "DEFAULT_RULES", name),
                           origin="rule"))
    date_fact = book.add(make_fact("例会日期", "date", meeting_date, Source("meetings", branch, "meeting_date"),
                                   origin="context"))
    signals = selection.signals
    by_id = {b.id: b for b in selection.borrowers}
    follow = [_decision_facts(book, d, meeting_date) for d in earlier_decisions(session, branch, meeting_date)]
    current = [_decision_facts(book, d, meeting_date) for d in (meeting.decisions if meeting else [])]
    reviews = []
    reason_codes: dict[str, list[str]] = {}
    for borrower_id, reasons in _agenda(selection, meeting):
        borrower = by_id.get(borrower_id)
        if borrower is None:
            continue
        ctx = meeting_context(borrower, meeting_date, book, risk_rules)
        earlier = [d for d in follow if d["borrower_id"] == borrower_id]
        review = build_review(ctx, [r["text"] for r in reasons], signals.get(borrower_id) or [], earlier,
                              rules.flow_months)
        review.decisions = [d for d in current if d["borrower_id"] == borrower_id]
        reviews.append(review)
        reason_codes[borrower_id] = [r["code"] for r in reasons]
    picture = branch_picture(book, selection.borrowers, signals, period_start(session, branch, meeting_date),
                             meeting_date)
    officers = [(by_id[r.borrower_id].officer_code, by_id[r.borrower_id].officer_name) for r in reviews]
    attendees = stored_attendees(meeting) if meeting else default_attendees(session, branch, officers)
    chair = meeting.chair if meeting and meeting.chair else next(
        (a.name for a in attendees if a.role.startswith("行长")), "")
    minutes = Minutes(branch, date_fact, meeting.kind if meeting else selection.kind, chair, attendees,
                      quorum(attendees, branch, rules), reviews, picture, follow, current, book,
                      meeting.id if meeting else None, reason_codes=reason_codes)
    from assistant.meeting.narrative import points_text, template_summary

    template_summary(minutes)
    for review in reviews:
        review.points = points_text(review)
    return minutes
