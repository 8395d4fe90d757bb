"""Sections 风险信号及处理, 风险分类建议 and 结论与措施, from the records' signals and classification advice."""

from __future__ import annotations

from assistant.drafting.context import SIGNAL_TABLES, DraftContext
from assistant.drafting.facts import Fact, Source
from assistant.drafting.report import Section, Statement, Table, say
from assistant.prompts import render_prompt
from assistant.records.models import CLASSIFICATIONS
from assistant.records.rules import Clauses
from assistant.records.signal_types import ClassificationAdvice, RiskSignal
from assistant.records.signals_loans import required_class

CLASS_COLUMNS = ("贷款编号", "逾期天数", "现风险分类", "逾期规则要求的最低分类")


def signals_section(ctx: DraftContext, signals: list[RiskSignal]) -> Section:
    section = Section("signals", "风险信号及处理")
    if not signals:
        section.statements.append(say("截至{as_of}，按现有记录未触发风险预警信号。",
                                      as_of=ctx.context("检查基准日", "date", ctx.today, "as_of")))
        return section
    for signal in signals:
        facts = tuple(ctx.signal_fact(value) for value in signal.values)
        shown = "；".join(f"{fact.label}{fact.text}" for fact in facts)
        text = f"【{signal.level}色信号｜{signal.severity}】{signal.title_zh}。触发数据：{shown}。处理：{signal.advice_zh}"
        section.statements.append(Statement(text, facts, ctx.cite(signal.clause_ref, *signal.extra_refs), "rule"))
    return section


def classification_section(ctx: DraftContext, advice: ClassificationAdvice,
                           signals: list[RiskSignal]) -> tuple[Section, Fact]:
    """The suggestion with its clause, and a per-loan table; returns the suggested-class fact."""
    section = Section("classification", "风险分类建议")
    loans = ctx.borrower.loans
    loan_sources = tuple(Source("loans", loan.loan_id, field) for loan in loans
                         for field in ("overdue_days", "classification"))
    valid = all(loan.classification in CLASSIFICATIONS for loan in loans)
    current = ctx.derived("现风险分类", "text", advice.current if valid else None, *loan_sources)
    suggested = ctx.derived("建议风险分类", "text", advice.suggested if valid else _needed(ctx), *loan_sources)
    values = tuple(ctx.signal_fact(value) for value in advice.values)
    reason = advice.reason_zh if valid else "存在未填写风险分类的贷款，须先补录后复核。"
    text = f"现风险分类（各笔贷款中最差）：{current.text}；按逾期规则建议：{suggested.text}。{reason}"
    section.statements.append(Statement(text, (current, suggested, *values),
                                        ctx.cite(advice.clause_ref, *advice.extra_refs), "rule"))
    attention = [s for s in signals if Clauses.CLASS_ATTENTION in s.extra_refs or s.code == "restructured"]
    if attention and suggested.value == "正常":
        section.statements.append(Statement(
            "另：存在" + "；".join(s.title_zh for s in attention) + "等情形，可能需至少归为关注类，请结合实际认定。",
            (), ctx.cite(Clauses.CLASS_ATTENTION, Clauses.RESTRUCTURED if attention[0].code == "restructured"
                         else None), "rule"))
    if loans:
        section.tables.append(Table("逐笔分类核对", CLASS_COLUMNS, tuple(_class_row(ctx, loan) for loan in loans)))
    return section, suggested


def _needed(ctx: DraftContext) -> str:
    days = max((loan.overdue_days or 0 for loan in ctx.borrower.loans), default=0)
    return required_class(days, ctx.rules)[0] or "正常"


def _class_row(ctx: DraftContext, loan) -> tuple:
    needed = required_class(loan.overdue_days or 0, ctx.rules)[0] or "正常"
    rec = lambda label, kind, field: ctx.rec(label, kind, loan, "loans", loan.loan_id, field)  # noqa: E731
    return (rec("贷款编号", "id", "loan_id"), rec("逾期天数", "count", "overdue_days"),
            rec("风险分类", "text", "classification"),
            ctx.derived("规则要求最低分类", "text", needed, Source("loans", loan.loan_id, "overdue_days")))


def conclusion_section(ctx: DraftContext, signals: list[RiskSignal], suggested: Fact) -> Section:
    section = Section("conclusion", "结论与措施")
    section.statements.append(Statement("", kind="narrative"))  # placeholder: narrative conclusion
    seen: set[str] = set()
    for signal in signals:
        measure = render_prompt("inspection_measures", code=signal.code, advice=signal.advice_zh).strip()
        if measure in seen:  # one measure per kind of signal (e.g. both collateral signals)
            continue
        seen.add(measure)
        section.statements.append(Statement(measure, kind="measure", clauses=ctx.cite(signal.clause_ref)))
    if not signals:
        section.statements.append(Statement(render_prompt("inspection_measures", code="none", advice="").strip(),
                                            kind="measure"))
    section.statements.append(say("建议风险分类：{suggested}。", suggested=suggested))
    return section


def conclusion_facts(ctx: DraftContext, signals: list[RiskSignal], suggested: Fact) -> dict[str, Fact]:
    """The facts the conclusion paragraph may use (template or LLM)."""
    sources = tuple(Source(SIGNAL_TABLES.get(v.record, v.record), v.record_id, v.field) for s in signals for v in s.values)
    high = [s for s in signals if s.severity == "高"]
    b = ctx.borrower
    sources = sources or (Source("risk_signals", b.id, "evaluate_signals"),)  # no signal: the rules found none
    return {
        "name": ctx.rec("名称", "name", b, "borrowers", b.id, "name"),
        "signal_count": ctx.derived("风险信号数", "count", len(signals), *sources),
        "high_count": ctx.derived("高风险信号数", "count", len(high), *sources),
        "titles": ctx.derived("风险信号", "text", "；".join(s.title_zh for s in signals) or "无", *sources),
        "suggested": suggested,
    }
