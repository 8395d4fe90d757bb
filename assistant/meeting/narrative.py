"""Narrative paragraphs of the minutes (会议总体情况, 客户经理汇报要点): template text, optionally rewritten
by an LLM and kept only when every figure in the rewrite traces to the facts (drafting.grounding)."""

from __future__ import annotations

import logging

from assistant.drafting.facts import Fact, Source, make_fact
from assistant.drafting.grounding import FactChecker
from assistant.prompts import render_prompt

log = logging.getLogger(__name__)
MAX_CHARS = 600


def _count(minutes, label: str, value: int) -> Fact:
    return minutes.book.add(make_fact(label, "count", value, Source("meetings", minutes.branch, label),
                                      origin="derived"))


def summary_facts(minutes) -> dict[str, Fact]:
    codes = minutes.reason_codes
    count_code = lambda code: sum(1 for c in codes.values() if code in c)  # noqa: E731
    monthly = sum(1 for c in codes.values() if "monthly_credit" in c or "non_performing" in c)
    statuses = [d["status"] for d in minutes.follow_up]
    totals = {f.label: f for f in minutes.book.facts if f.label in ("贷款余额合计", "不良贷款余额", "不良率")}
    return {"reviewed": _count(minutes, "审议户数", len(minutes.reviews)),
            "monthly": _count(minutes, "按月审议户数", monthly),
            "quarterly": _count(minutes, "按季审议户数", count_code("quarterly")),
            "signal": _count(minutes, "风险信号提交户数", count_code("signal")),
            "followed": _count(minutes, "跟踪决议户数", count_code("open_decision")),
            "total": totals["贷款余额合计"], "bad": totals["不良贷款余额"], "ratio": totals["不良率"],
            "previous": _count(minutes, "上次决议项数", len(statuses)),
            "done": _count(minutes, "已落实项数", statuses.count("done")),
            "overdue": _count(minutes, "逾期未落实项数", statuses.count("overdue")),
            "decided": _count(minutes, "本次决议项数", len(minutes.decisions))}


def template_summary(minutes) -> None:
    minutes.summary_facts = summary_facts(minutes)
    texts = {key: fact.text for key, fact in minutes.summary_facts.items()}
    minutes.summary = render_prompt("meeting_summary", f=texts, branch=minutes.branch).strip()


def points_text(review) -> str:
    """客户经理汇报要点 for the 审议表: header figures, operations, signals, suggested measures."""
    f = {"classification": review.classification.text, "balance": review.balance.text, "credit": review.credit.text}
    operations = review.item("生产经营状况").text
    signals = review.item("风险信号处理情况").text
    measures = review.item("建议的化解措施").text
    return render_prompt("meeting_points", borrower=review.name.text, f=f, operations=operations,
                         signals=signals, measures=measures).strip()


def review_facts(review) -> list[Fact]:
    facts = [review.name, review.officer, review.credit, review.balance, review.classification]
    for _title, statement in review.items:
        facts.extend(statement.facts)
    return facts


def checked_rewrite(model, purpose: str, draft: str, facts: list[Fact], verbatim: list[str]) -> tuple[str | None, list[str]]:
    """The model's rewrite of `draft`, or None with the problems when it fails or invents a figure."""
    from assistant.llm import LLMUnavailable

    shown = [{"label": f.label, "text": f.text} for f in facts if not f.missing]
    prompt = render_prompt("meeting_narrative_llm", purpose=purpose, max_chars=MAX_CHARS, facts=shown, draft=draft)
    try:
        reply = model.complete([("human", prompt)]).strip()
    except LLMUnavailable as exc:
        log.warning("meeting narrative: LLM unavailable: %s", exc)
        return None, [f"大模型不可用：{exc}"]
    if not reply or len(reply) > MAX_CHARS * 2:
        return None, ["大模型回复为空或过长"]
    result = FactChecker(facts, verbatim + [draft_piece for draft_piece in _names(facts)]).check(reply)
    if not result.ok:
        return None, result.problems_zh()
    return reply, []


def _names(facts: list[Fact]) -> list[str]:
    return [f.text for f in facts if f.kind in ("name", "text") and not f.missing]


def llm_narratives(minutes, model) -> None:
    """Rewrite the summary and each borrower's 汇报要点; a rewrite that fails the check keeps the template."""
    verbatim = minutes.verbatim()
    text, problems = checked_rewrite(model, "会议总体情况", minutes.summary, list(minutes.summary_facts.values()),
                                     verbatim)
    used = False
    if text:
        minutes.summary, used = text, True
    minutes.narrative_rejected += [f"会议总体情况：{p}" for p in problems]
    for review in minutes.reviews:
        text, problems = checked_rewrite(model, f"{review.name.text}的客户经理汇报要点", points_text(review),
                                         review_facts(review), verbatim)
        if text:
            review.points, used = text, True
        minutes.narrative_rejected += [f"{review.borrower_id}汇报要点：{p}" for p in problems]
    minutes.narrative_source = "llm" if used else "template"


def chat_model(settings=None):
    """The configured OpenAI-compatible model, or None (template narratives only)."""
    from assistant.config import get_settings

    settings = settings or get_settings()
    if not settings.llm_base_url:
        return None
    from assistant.llm import OpenAIChatModel

    return OpenAIChatModel(settings)


