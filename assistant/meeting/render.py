"""Render the minutes: a plain view (texts only) read by the Markdown template and the Word writer."""

from __future__ import annotations

from typing import Any

from assistant.drafting.report import Table
from assistant.meeting.config import MeetingClauses
from assistant.meeting.minutes import Minutes
from assistant.prompts import render_prompt

TEMPLATE = "meeting_minutes.md.j2"
AGENDA = ("风险部通报上次会议决议的落实情况", "审议公司部、个人部和风险部共同编写的信贷资产质量总体报告",
          "客户经理按户汇报，参会人员逐户审议", "风险经理汇报并提出预警和整改意见", "主持人总结")
SOURCES = (MeetingClauses.SEED_FREQUENCY, MeetingClauses.SEED_REPORT_ITEMS, MeetingClauses.BANK_FREQUENCY,
           MeetingClauses.BANK_AGENDA, MeetingClauses.BANK_DECISIONS, MeetingClauses.BANK_FORM)


def _cell(text: str) -> str:
    return str(text).replace("|", "｜").replace("\n", " ")


def table_view(table: Table) -> dict[str, Any]:
    return {"title": table.title, "columns": list(table.columns),
            "rows": [[_cell(c) for c in row] for row in table.text_rows()]}


def _decision_view(d: dict) -> dict[str, Any]:
    action = d["action"] + (f"：{d['detail']}" if d.get("detail") else "")
    return {**d, "action_text": _cell(action), "follow_up": _cell(d.get("follow_up") or "")}


def review_view(review) -> dict[str, Any]:
    return {"id": review.borrower_id, "name": review.name.text, "officer": review.officer.text,
            "credit": review.credit.text, "balance": review.balance.text,
            "classification": review.classification.text, "reasons": [_cell(r) for r in review.reasons],
            "report_items": [{"title": title, "text": s.text} for title, s in review.items],
            "annex": [table_view(t) for t in review.annex], "points": review.points,
            "signals": review.signal_lines, "suggested": review.suggested,
            "decisions": [_decision_view(d) for d in review.decisions]}


def minutes_view(minutes: Minutes) -> dict[str, Any]:
    q = minutes.quorum
    return {
        "title": minutes.title, "date": minutes.meeting_date.text, "kind": f"{minutes.kind}例会",
        "chair": minutes.chair, "warning": minutes.warning, "narrative_source":
            "大模型撰写（已通过数字核对）" if minutes.narrative_source == "llm" else "模板生成",
        "attendees": [{"role": a.role, "name": a.name, "present": "是" if a.present else "否",
                       "member": "是" if a.member else "否"} for a in minutes.attendees],
        "quorum_line": f"出席委员{q.present_members}人，规定不少于{q.required}人，"
                       + ("符合法定人数。" if q.ok else "未达到法定人数。"),
        "agenda_lines": [f"（{'一二三四五'[n]}）{line}" for n, line in enumerate(AGENDA)],
        "reviews": [review_view(r) for r in minutes.reviews],
        "follow_up": [_decision_view(d) for d in minutes.follow_up],
        "picture": {"statements": [s.text for s in minutes.picture.statements],
                    "tables": [table_view(t) for t in minutes.picture.tables]},
        "decisions": [_decision_view(d) for d in minutes.decisions],
        "summary": minutes.summary, "sources": [ref.label() for ref in SOURCES],
    }


def render_markdown(minutes: Minutes) -> str:
    return render_prompt(TEMPLATE, m=minutes_view(minutes)).strip() + "\n"
