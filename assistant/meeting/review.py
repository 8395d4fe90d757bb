"""Per-borrower review section: the twelve items the officer reports (seed 002 第三条, 示范银行 第五十一条)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from assistant.drafting.context import DraftContext
from assistant.drafting.facts import Fact, Source
from assistant.drafting.report import Statement, Table, say
from assistant.meeting.annex import FlowWindow, annex_tables, flow_window, receipt_ratio
from assistant.meeting.review_items import (
    collateral_item,
    controller_item,
    guarantor_item,
    measures_item,
    prospects_item,
    signals_item,
)
from assistant.records import finance
from assistant.records.signal_types import RiskSignal

ITEM_TITLES = ("持续经营的合法性", "生产经营状况", "资金进出情况", "销售资金归行率", "财务分析", "征信动态",
               "实际控制人现状", "发展前景", "担保人及担保能力变化", "抵质押物评估价与市场价变动", "风险信号处理情况",
               "建议的化解措施")
LEGAL_EVENTS = ("litigation", "enforcement")


@dataclass
class BorrowerReview:
    """One borrower's part of the meeting: header figures, the twelve items, annex tables, suggestions."""

    borrower_id: str
    name: Fact
    officer: Fact
    credit: Fact
    balance: Fact
    classification: Fact
    reasons: list[str]
    items: list[tuple[str, Statement]]
    annex: list[Table]
    signal_lines: list[str]
    suggested: list[str]
    decisions: list[dict] = field(default_factory=list)
    points: str = ""              # 客户经理汇报要点 (template, or an LLM rewrite that passed the check)

    def item(self, title: str) -> Statement:
        return next(statement for name, statement in self.items if name == title)


def _events(ctx: DraftContext, kinds: tuple[str, ...]) -> list:
    return [e for e in ctx.borrower.events if e.kind in kinds and not e.resolved and e.date <= ctx.today]


def _event_statement(ctx: DraftContext, events: list, none_text: str) -> Statement:
    if not events:
        return say(none_text)
    parts, facts = [], {}
    for n, event in enumerate(events):
        rid = str(event.id or "")
        facts[f"d{n}"] = ctx.rec("事件日期", "date", event, "external_events", rid, "date")
        facts[f"t{n}"] = ctx.rec("事件描述", "text", event, "external_events", rid, "description")
        parts.append(f"{{d{n}}}：{{t{n}}}")
    return say("；".join(parts) + "。", **facts)


def legality_item(ctx: DraftContext) -> Statement:
    if ctx.borrower.kind == "个人消费":
        return say("个人消费类借款人，不涉及经营合法性审查。")
    events = _events(ctx, LEGAL_EVENTS)
    if events:
        return _event_statement(ctx, events, "")
    return say("档案中未记录涉诉、被执行等影响持续经营的事件；营业执照及经营许可有效期{license}。",
               license=ctx.derived("证照信息", "text", None))


def operations_item(ctx: DraftContext) -> Statement:
    b = ctx.borrower
    statements = finance.ordered(b.statements)
    on_site = sorted((i for i in b.inspections if i.kind == "现场"), key=lambda i: (i.date, i.id or 0))
    facts, parts = {}, []
    if statements:
        s = statements[-1]
        facts.update(period=ctx.rec("报表期", "period", s, "financial_statements", s.period, "period"),
                     revenue=ctx.rec("营业收入", "amount", s, "financial_statements", s.period, "revenue"),
                     profit=ctx.rec("净利润", "amount", s, "financial_statements", s.period, "net_profit"))
        parts.append("最近一期报表（{period}）营业收入{revenue}，净利润{profit}")
    else:
        facts["period"] = ctx.derived("财务报表", "text", None)
        parts.append("财务数据{period}")
    if on_site:
        last, rid = on_site[-1], str(on_site[-1].id or "")
        facts.update(idate=ctx.rec("检查日期", "date", last, "inspections", rid, "date"),
                     findings=ctx.rec("检查发现", "text", last, "inspections", rid, "findings"))
        parts.append("最近一次现场检查（{idate}）：{findings}")
    else:
        facts["idate"] = ctx.derived("现场检查记录", "text", None)
        parts.append("现场检查{idate}")
    return say("；".join(parts).rstrip("。") + "。", **facts)


def flows_item(ctx: DraftContext, window: FlowWindow) -> Statement:
    if not window.flows:
        return say("近{months}个月本行账户无资金流水记录，资金进出情况{missing}。",
                   months=window.months_fact, missing=ctx.derived("资金流水", "text", None))
    return say("近{months}个月（{start}至{end}）本行账户资金流入{inflow}（其中销售回款{sales}），"
               "流出{outflow}（其中贷款资金支付{paid}）。", months=window.months_fact, start=window.start_fact,
               end=window.end_fact, inflow=window.total("in"), sales=window.total("in", "sales_receipt"),
               outflow=window.total("out"), paid=window.total("out", "disbursement_payment"))


def receipts_item(ctx: DraftContext) -> Statement:
    result = receipt_ratio(ctx)
    if result is None:
        return say("销售资金归行率{missing}。", missing=ctx.derived("销售收入或约定归行率", "text", None))
    period, received, revenue, ratio, agreed = result
    verdict = "低于约定水平" if ratio.value < agreed.value else "达到约定水平"
    return say("{period}报表期内本行销售回款{received}，同期营业收入{revenue}，销售资金归行率{ratio}，"
               f"约定归行率{{agreed}}，{verdict}。", period=period, received=received, revenue=revenue,
               ratio=ratio, agreed=agreed)


def finance_item(ctx: DraftContext) -> Statement:
    rows = finance.statement_table(ctx.borrower.statements)
    if not rows:
        return say("财务分析{missing}。", missing=ctx.derived("财务报表", "text", None))
    row, period = rows[-1], rows[-1]["period"]
    src = lambda *names: tuple(Source("financial_statements", period, n) for n in names)  # noqa: E731
    r = row["ratios"]
    facts = dict(period=ctx.derived("报表期", "period", period, *src("period")),
                 current=ctx.derived("流动比率", "ratio", r["current_ratio"], *src("current_assets", "current_liabilities")),
                 debt=ctx.derived("资产负债率", "percent", r["debt_ratio"], *src("total_liabilities", "total_assets")))
    text = "{period}流动比率{current}，资产负债率{debt}"
    change = row["change"]
    if change:
        facts.update(prev=ctx.derived("上期报表期", "period", change["previous_period"], *src("period")),
                     rev=ctx.derived("年化营业收入变动", "percent", change["annual_revenue"], *src("revenue")),
                     prof=ctx.derived("年化净利润变动", "percent", change["annual_net_profit"], *src("net_profit")))
        text += "；与{prev}相比，年化营业收入变动{rev}，年化净利润变动{prof}"
    return say(text + "。", **facts)


def credit_report_item(ctx: DraftContext) -> Statement:
    return _event_statement(ctx, _events(ctx, ("credit_report",)), "档案中未记录征信异常变化。")


def build_review(ctx: DraftContext, reasons: list[str], signals: list[RiskSignal], decisions: list[dict],
                 months: int) -> BorrowerReview:
    """The borrower's review section; `ctx.today` is the meeting date."""
    b = ctx.borrower
    window = flow_window(ctx, months)
    measures, suggested = measures_item(ctx, signals)
    items = [tidy(s) for s in (legality_item(ctx), operations_item(ctx), flows_item(ctx, window), receipts_item(ctx),
             finance_item(ctx), credit_report_item(ctx), controller_item(ctx), prospects_item(ctx),
             guarantor_item(ctx), collateral_item(ctx), signals_item(ctx, signals, decisions), measures)]
    balance = sum((loan.balance for loan in b.loans), 0)
    cls = max((loan.classification for loan in b.loans), key=_rank, default=None)
    return BorrowerReview(
        b.id, ctx.rec("借款人名称", "name", b, "borrowers", b.id, "name"),
        ctx.rec("客户经理", "name", b, "borrowers", b.id, "officer_name"),
        ctx.rec("授信金额", "amount", b, "borrowers", b.id, "credit_limit"),
        ctx.derived("用信余额", "amount", balance, *(Source("loans", l.loan_id, "balance") for l in b.loans)),
        ctx.derived("风险分类", "text", cls, *(Source("loans", l.loan_id, "classification") for l in b.loans)),
        reasons, list(zip(ITEM_TITLES, items)), annex_tables(ctx, window),
        [f"[{s.severity}] {s.title_zh}" for s in signals], suggested, decisions)


def tidy(statement: Statement) -> Statement:
    """Record texts end with their own 。: no doubled punctuation once they sit inside a sentence."""
    text = statement.text
    for before, after in (("。。", "。"), ("。；", "；"), ("。）", "）"), ("。，", "，"), ("。：", "：")):
        text = text.replace(before, after)
    return Statement(text, statement.facts, statement.clauses, statement.kind)


def _rank(classification: str) -> int:
    from assistant.records.rules import class_rank

    return class_rank(classification)


def meeting_context(borrower, meeting_date: date, book, risk_rules) -> DraftContext:
    from assistant.drafting.clauses import ClauseLookup

    return DraftContext(borrower, meeting_date, risk_rules, ClauseLookup(None), book)
