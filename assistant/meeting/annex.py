"""Quantitative annex tables from account flows (seed 002 第四条, 示范银行 第五十条):
授信资金使用情况表, 授信客户资金动态表, 销售收入归行对照表."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from assistant.drafting.context import DraftContext
from assistant.drafting.facts import Fact, Source
from assistant.drafting.report import Table
from assistant.records import finance
from assistant.records.models import AccountFlow

USAGE_COLUMNS = ("支付日期", "贷款编号", "交易对象", "支付金额", "支付方式", "是否约定交易对象")
DYNAMIC_COLUMNS = ("月份", "资金流入", "其中销售回款", "资金流出", "其中贷款资金支付")
KIND_ZH = {"sales_receipt": "销售回款", "disbursement_payment": "贷款资金支付", "other": "其他"}
RECEIPT_COLUMNS = ("报表期", "营业收入", "本行销售回款", "归行率", "约定归行率", "是否达标")


def month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


@dataclass
class FlowWindow:
    """The borrower's flows in the last `months` calendar months up to the meeting date."""

    ctx: DraftContext
    start: date
    end: date
    flows: list[AccountFlow]
    months_fact: Fact
    start_fact: Fact
    end_fact: Fact

    def total(self, direction: str, kind: str | None = None, month: date | None = None) -> Fact:
        rows = [f for f in self.flows if f.direction == direction and (kind is None or f.kind == kind)
                and (month is None or (f.date.year, f.date.month) == (month.year, month.month))]
        label = {"in": "资金流入", "out": "资金流出"}[direction] + (f"（{KIND_ZH[kind]}）" if kind else "")
        sources = tuple(Source("account_flows", f.flow_id, "amount") for f in rows) or \
            (Source("account_flows", self.ctx.borrower.id, "amount"),)
        return self.ctx.derived(label, "amount", sum((f.amount for f in rows), Decimal("0")), *sources)


def flow_window(ctx: DraftContext, months: int) -> FlowWindow:
    start, end = month_start(ctx.today, months - 1), ctx.today
    flows = [f for f in ctx.borrower.flows if start <= f.date <= end]
    rule = Source("meeting_rules", "DEFAULT_MEETING_RULES", "flow_months")
    return FlowWindow(ctx, start, end, flows, ctx.book.add(_rule_fact("统计月数", "count", months, rule)),
                      ctx.derived("统计起始日", "date", start, rule), ctx.context("例会日期", "date", end, "meeting_date"))


def _rule_fact(label: str, kind, value, source: Source) -> Fact:
    from assistant.drafting.facts import make_fact

    return make_fact(label, kind, value, source, origin="rule")


def usage_table(ctx: DraftContext) -> Table:
    agreed_by_loan = {loan.loan_id: {c.strip() for c in loan.agreed_counterparties.replace("；", ";").split(";")
                                     if c.strip()} for loan in ctx.borrower.loans}
    rows = []
    for f in (f for f in ctx.borrower.flows if f.kind == "disbursement_payment" and f.date <= ctx.today):
        rec = lambda label, kind, name: ctx.rec(label, kind, f, "account_flows", f.flow_id, name)  # noqa: E731
        agreed = agreed_by_loan.get(f.loan_id or "", set())
        verdict = "是" if f.counterparty in agreed else ("否" if agreed else "未约定")
        rows.append((rec("支付日期", "date", "date"), ctx.derived("贷款编号", "id", f.loan_id or None,
                                                              Source("account_flows", f.flow_id, "loan_id")),
                     rec("交易对象", "name", "counterparty"), rec("支付金额", "amount", "amount"),
                     rec("支付方式", "text", "payment_mode"), verdict))
    return Table("授信资金使用情况表", USAGE_COLUMNS, tuple(rows))


def dynamic_table(window: FlowWindow, months: int) -> Table:
    rows = []
    for back in range(months - 1, -1, -1):
        month = month_start(window.end, back)
        label = window.ctx.derived("月份", "period", f"{month.year:04d}-{month.month:02d}",
                                   Source("account_flows", window.ctx.borrower.id, "date"))
        rows.append((label, window.total("in", month=month), window.total("in", "sales_receipt", month),
                     window.total("out", month=month), window.total("out", "disbursement_payment", month)))
    return Table("授信客户资金动态表", DYNAMIC_COLUMNS, tuple(rows))


def _receipt_facts(ctx: DraftContext, statement) -> tuple[Fact, Fact, Fact, Fact] | None:
    b = ctx.borrower
    if b.agreed_sales_receipt_ratio is None or not statement.revenue:
        return None
    start, end = finance.period_window(statement.period, statement.months or 12)
    if not b.flows or min(f.date for f in b.flows) > start + timedelta(days=31):
        return None    # the flow records do not cover the statement period: no ratio, not a zero one
    flows = [f for f in b.flows if f.kind == "sales_receipt" and f.direction == "in" and start <= f.date <= end]
    received = sum((f.amount for f in flows), Decimal("0"))
    sources = tuple(Source("account_flows", f.flow_id, "amount") for f in flows) or \
        (Source("account_flows", b.id, "amount"),)
    ratio = (received / statement.revenue).quantize(Decimal("0.0001"))
    return (ctx.derived("本行销售回款", "amount", received, *sources),
            ctx.rec("营业收入", "amount", statement, "financial_statements", statement.period, "revenue"),
            ctx.derived("销售资金归行率", "percent", ratio, *sources,
                        Source("financial_statements", statement.period, "revenue")),
            ctx.rec("约定归行率", "percent", b, "borrowers", b.id, "agreed_sales_receipt_ratio"))


def receipt_ratio(ctx: DraftContext) -> tuple[Fact, Fact, Fact, Fact, Fact] | None:
    """(period, received, revenue, ratio, agreed) of the latest statement with revenue, or None."""
    dated = [s for s in finance.ordered(ctx.borrower.statements) if s.revenue and s.revenue > 0]
    facts = _receipt_facts(ctx, dated[-1]) if dated else None
    if facts is None:
        return None
    s = dated[-1]
    return (ctx.rec("报表期", "period", s, "financial_statements", s.period, "period"), *facts)


def receipt_table(ctx: DraftContext) -> Table:
    rows = []
    for s in finance.ordered(ctx.borrower.statements):
        facts = _receipt_facts(ctx, s)
        if facts is None:
            continue
        received, revenue, ratio, agreed = facts
        rows.append((ctx.rec("报表期", "period", s, "financial_statements", s.period, "period"), revenue, received,
                     ratio, agreed, "是" if ratio.value >= agreed.value else "否"))
    return Table("销售收入归行对照表", RECEIPT_COLUMNS, tuple(rows))


def annex_tables(ctx: DraftContext, window: FlowWindow) -> list[Table]:
    months = int(window.months_fact.value)
    return [usage_table(ctx), dynamic_table(window, months), receipt_table(ctx)]
