"""Review items 实际控制人 … 建议的化解措施 for one borrower, every figure a fact of the meeting's book."""

from __future__ import annotations


from assistant.drafting.context import DraftContext
from assistant.drafting.facts import Source
from assistant.drafting.report import Statement, say
from assistant.records import finance
from assistant.records.signal_types import RiskSignal

# signal code (prefix) → standard measure suggested to the meeting (示范银行 第二十七条、第二十九条、第三十三条、第三十八条)
MEASURES: tuple[tuple[str, str], ...] = (
    ("purpose_deviation", "停止新增用信"), ("purpose_deviation", "加强资金账户监管"),
    ("self_payment_over_threshold", "加强资金账户监管"), ("sales_receipts_below_agreed", "加强资金账户监管"),
    ("collateral_", "补充担保"), ("registration_term_short", "补充担保"),
    ("revenue_decline", "压缩信用余额"), ("profit_decline", "压缩信用余额"), ("current_ratio", "压缩信用余额"),
    ("event_enforcement", "采取法律措施"), ("event_litigation", "补充担保"),
    ("event_controller_change", "加强资金账户监管"), ("event_credit_report", "停止新增用信"),
)
LEGAL_ACTION_DAYS = 90   # 示范银行 第三十八条（五）: beyond 90 days overdue the meeting considers legal measures


def controller_item(ctx: DraftContext) -> Statement:
    b = ctx.borrower
    if b.kind != "法人":
        return say("个人借款人，实际控制人即借款人本人{name}。",
                   name=ctx.rec("借款人名称", "name", b, "borrowers", b.id, "name"))
    changes = [e for e in b.events if e.kind == "controller_change" and not e.resolved and e.date <= ctx.today]
    facts = {"controller": ctx.rec("实际控制人", "name", b, "borrowers", b.id, "actual_controller")}
    text = "实际控制人：{controller}"
    for n, event in enumerate(changes):
        rid = str(event.id or "")
        facts[f"d{n}"] = ctx.rec("事件日期", "date", event, "external_events", rid, "date")
        facts[f"t{n}"] = ctx.rec("事件描述", "text", event, "external_events", rid, "description")
        text += f"；{{d{n}}}发生变动：{{t{n}}}"
    return say(text + ("。" if changes else "；档案中未记录实际控制人变更。"), **facts)


def prospects_item(ctx: DraftContext) -> Statement:
    b = ctx.borrower
    rows = finance.statement_table(b.statements)
    industry = ctx.rec("所属行业", "text", b, "borrowers", b.id, "industry")
    if b.kind == "个人消费" or not rows or not rows[-1]["change"]:
        return say("所属行业：{industry}；发展前景{missing}。", industry=industry,
                   missing=ctx.derived("行业及经营趋势分析", "text", None))
    change = rows[-1]["change"]
    rev = ctx.derived("年化营业收入变动", "percent", change["annual_revenue"],
                      Source("financial_statements", rows[-1]["period"], "revenue"))
    trend = "增长" if (change["annual_revenue"] or 0) >= 0 else "下降"
    return say(f"所属行业：{{industry}}；年化营业收入较上期变动{{rev}}，经营规模呈{trend}趋势，"
               "发展前景由客户经理结合行业政策补充研判。", industry=industry, rev=rev)


def guarantor_item(ctx: DraftContext) -> Statement:
    b = ctx.borrower
    if not b.guarantors:
        return say("无保证人担保。")
    parts, facts = [], {}
    for n, g in enumerate(b.guarantors):
        rid = f"{b.id}:{g.name}"
        facts[f"g{n}"] = ctx.rec("保证人", "name", g, "guarantors", rid, "name")
        facts[f"r{n}"] = ctx.rec("与借款人关系", "text", g, "guarantors", rid, "relation")
        facts[f"n{n}"] = ctx.rec("保证人经营及担保能力", "text", g, "guarantors", rid, "notes")
        parts.append(f"保证人{{g{n}}}（{{r{n}}}）：{{n{n}}}")
    return say("；".join(p.rstrip("。") for p in parts) + "。", **facts)


def _collateral_part(ctx: DraftContext, item, n: int) -> tuple[str, dict]:
    rid = item.collateral_id
    rec = lambda label, kind, name: ctx.rec(label, kind, item, "collateral", rid, name)  # noqa: E731
    facts = {f"c{n}": rec("押品编号", "id", "collateral_id"), f"t{n}": rec("押品类型", "text", "type"),
             f"v{n}": rec("评估价", "amount", "appraised_value"), f"d{n}": rec("评估日期", "date", "appraisal_date"),
             f"m{n}": rec("市场价", "amount", "market_value")}
    text = f"{{t{n}}}{{c{n}}}评估价{{v{n}}}（{{d{n}}}）"
    if item.previous_appraised_value:
        delta = finance.change(item.appraised_value, item.previous_appraised_value)
        facts[f"p{n}"] = rec("上次评估价", "amount", "previous_appraised_value")
        facts[f"x{n}"] = ctx.derived("评估价变动", "percent", delta, Source("collateral", rid, "appraised_value"),
                                     Source("collateral", rid, "previous_appraised_value"))
        text += f"，上次评估价{{p{n}}}，变动{{x{n}}}"
    return text + f"，市场价{{m{n}}}", facts


def collateral_item(ctx: DraftContext) -> Statement:
    items = ctx.borrower.collateral
    if not items:
        return say("无抵质押物。")
    parts, facts = [], {}
    for n, item in enumerate(items):
        text, more = _collateral_part(ctx, item, n)
        parts.append(text)
        facts.update(more)
    return say("；".join(parts) + "。", **facts)


def signals_item(ctx: DraftContext, signals: list[RiskSignal], decisions: list[dict]) -> Statement:
    for signal in signals:
        for value in signal.values:
            if value.value is not None:
                ctx.signal_fact(value)
    if not signals and not decisions:
        return say("现场检查和非现场监测未发现风险信号。")
    text = "；".join(f"[{s.severity}] {s.title_zh}：{s.advice_zh.rstrip('。')}" for s in signals)
    follow = "；".join(f"前次决议「{d['action']}」{d['status_zh']}" for d in decisions)
    return Statement("；".join(part for part in (text, follow) if part) + "。", kind="fact")


def measures_item(ctx: DraftContext, signals: list[RiskSignal]) -> tuple[Statement, list[str]]:
    suggested: dict[str, None] = {}
    for signal in signals:
        for prefix, action in MEASURES:
            if signal.code.startswith(prefix):
                suggested[action] = None
    worst_overdue = max((loan.overdue_days or 0 for loan in ctx.borrower.loans), default=0)
    if worst_overdue > LEGAL_ACTION_DAYS:
        suggested["采取法律措施"] = None
        suggested["压缩信用余额"] = None
    if not suggested:
        return say("未发现需要会议决策的风险，建议维持现有管理措施，按期开展贷后检查。"), []
    actions = list(suggested)
    return Statement("建议会议审议采取以下措施：" + "、".join(actions) + "。", kind="measure"), actions


