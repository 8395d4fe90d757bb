"""Section 生产经营及财务分析: statement table, computed ratios and their period-on-period change."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from assistant.drafting.context import DraftContext
from assistant.drafting.facts import Fact, FactKind, Source, make_fact
from assistant.drafting.report import Section, Statement, Table, say
from assistant.records import finance
from assistant.records.models import FinancialStatement

STATEMENT_COLUMNS = ("报告期", "覆盖月数", "营业收入", "净利润", "资产负债率", "流动比率", "应收账款周转率",
                     "经营性现金流")
CHANGE_COLUMNS = ("指标", "上期", "本期", "变动")
# indicator key, 中文 label, kind, the statement fields it is computed from
INDICATORS: tuple[tuple[str, str, FactKind, tuple[str, ...]], ...] = (
    ("annual_revenue", "年化营业收入", "amount", ("revenue", "months")),
    ("annual_net_profit", "年化净利润", "amount", ("net_profit", "months")),
    ("debt_ratio", "资产负债率", "percent", ("total_liabilities", "total_assets")),
    ("current_ratio", "流动比率", "ratio", ("current_assets", "current_liabilities")),
    ("receivables_turnover", "应收账款周转率", "ratio", ("revenue", "months", "accounts_receivable")),
    ("annual_cash_flow", "年化经营性现金流", "amount", ("operating_cash_flow", "months")),
)


def indicator_values(statement: FinancialStatement) -> dict[str, Decimal | None]:
    """Each indicator of one period, computed by records.finance (cash flow annualised the same way)."""
    ratios = finance.ratios(statement)
    return {"annual_revenue": ratios.annual_revenue, "annual_net_profit": ratios.annual_net_profit,
            "debt_ratio": ratios.debt_ratio, "current_ratio": ratios.current_ratio,
            "receivables_turnover": ratios.receivables_turnover,
            "annual_cash_flow": finance.annualise(statement.operating_cash_flow, ratios.months)}


def _sources(statement: FinancialStatement, fields: tuple[str, ...]) -> tuple[Source, ...]:
    return tuple(Source("financial_statements", statement.period, name) for name in fields)


def finance_section(ctx: DraftContext) -> tuple[Section, dict[str, Fact]]:
    """The section and the facts the narrative summary may use (latest values and changes)."""
    section = Section("finance", "生产经营及财务分析")
    statements = finance.ordered(ctx.borrower.statements)
    if not statements and ctx.borrower.kind == "个人消费":
        section.statements.append(say("个人消费贷款借款人不适用企业财务报表分析，重点关注其收入来源与按期还款情况。"))
        return section, {}
    if not statements:
        section.statements.append(say("财务报表：{missing}。", missing=ctx.derived(
            "财务报表", "text", None, Source("financial_statements", ctx.borrower.id, "period"))))
        return section, {}
    section.tables.append(Table("主要财务数据", STATEMENT_COLUMNS, tuple(_statement_row(ctx, s) for s in statements)))
    latest = statements[-1]
    computed = {key: _indicator(ctx, latest, key) for key, *_ in INDICATORS}
    summary: dict[str, Fact] = {"period": _period(ctx, latest), **computed}
    if len(statements) >= 2:
        previous = statements[-2]
        summary["previous_period"] = _period(ctx, previous)
        rows = []
        for key, label, kind, fields in INDICATORS:
            before = _indicator(ctx, previous, key)
            delta = _change(ctx, key, label, kind, previous, latest, fields)
            summary[f"{key}_change"] = delta
            rows.append((label, before, computed[key], delta))
        section.tables.append(Table("主要指标变动（本期较上期）", CHANGE_COLUMNS, tuple(rows)))
    section.statements.append(Statement("", kind="narrative"))  # placeholder: narrative summary
    return section, summary


def _period(ctx: DraftContext, statement: FinancialStatement) -> Fact:
    return ctx.rec("报告期", "period", statement, "financial_statements", statement.period, "period")


def _statement_row(ctx: DraftContext, statement: FinancialStatement) -> tuple:
    rec = lambda label, kind, field: ctx.rec(label, kind, statement, "financial_statements",  # noqa: E731
                                             statement.period, field)
    values = indicator_values(statement)
    debt = ctx.derived("资产负债率", "percent", values["debt_ratio"],
                       *_sources(statement, ("total_liabilities", "total_assets")))
    current = ctx.derived("流动比率", "ratio", values["current_ratio"],
                          *_sources(statement, ("current_assets", "current_liabilities")))
    turnover = ctx.derived("应收账款周转率", "ratio", values["receivables_turnover"],
                           *_sources(statement, ("revenue", "months", "accounts_receivable")))
    return (rec("报告期", "period", "period"), rec("覆盖月数", "count", "months"), rec("营业收入", "amount", "revenue"),
            rec("净利润", "amount", "net_profit"), debt, current, turnover,
            rec("经营性现金流", "amount", "operating_cash_flow"))


def _indicator(ctx: DraftContext, statement: FinancialStatement, key: str) -> Fact:
    _, label, kind, fields = next(item for item in INDICATORS if item[0] == key)
    return ctx.derived(label, kind, indicator_values(statement)[key], *_sources(statement, fields))


def _change(ctx: DraftContext, key: str, label: str, kind: FactKind, previous: FinancialStatement,
            latest: FinancialStatement, fields: tuple[str, ...]) -> Fact:
    """Relative change for amounts and ratios; percentage-point change for 资产负债率 (labelled so)."""
    before, after = indicator_values(previous)[key], indicator_values(latest)[key]
    sources = _sources(previous, fields) + _sources(latest, fields)
    if kind == "percent":
        value = None if before is None or after is None else (after - before).quantize(Decimal("0.0001"))
        fact = make_fact(f"{label}变动", "percent", value, *sources, origin="derived")
        return ctx.book.add(fact if fact.missing else replace(fact, text=f"{value * 100:.2f}个百分点"))
    delta = finance.change(after, before)
    if delta is None and before is not None and after is not None:  # previous value zero or negative
        return ctx.derived(f"{label}变动率", "text", "上期为零或负值，不可比", *sources)
    return ctx.derived(f"{label}变动率", "percent", delta, *sources)

