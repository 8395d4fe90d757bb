"""Borrower-level risk rules: financial deterioration, sales receipts, external events, inspections due."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from assistant.records import finance
from assistant.records.models import Borrower
from assistant.records.rules import Clauses, ClauseRef, RiskRules, monitoring_clause, regulation_for, worst
from assistant.records.signal_types import RiskSignal, SignalValue

EVENT_TITLES = {"litigation": "涉诉", "enforcement": "被执行", "credit_report": "征信恶化",
                "controller_change": "实际控制人变更"}


def _main_product(borrower: Borrower) -> str:
    return borrower.loans[0].product if borrower.loans else ""


def _ratio_value(period: str, field: str, label: str, value) -> SignalValue:
    return SignalValue("statement", period, field, label, value)


def financial_signals(borrower: Borrower, rules: RiskRules, today: date) -> list[RiskSignal]:
    statements = finance.ordered(borrower.statements)
    if not statements:
        return []
    clause = monitoring_clause(_main_product(borrower))
    latest = finance.ratios(statements[-1])
    signals: list[RiskSignal] = []
    if latest.current_ratio is not None and latest.current_ratio < rules.min_current_ratio:
        signals.append(_signal(borrower, "current_ratio_low", f"流动比率{latest.current_ratio}低于{rules.min_current_ratio}",
                               (_ratio_value(latest.period, "current_ratio", "流动比率", latest.current_ratio),),
                               clause, "分析短期偿债压力来源，关注流动资金缺口与到期贷款的衔接。"))
    if len(statements) < 2:
        return signals
    previous = finance.ratios(statements[-2])
    checks = (
        ("revenue_decline", "annual_revenue", "年化营业收入", rules.revenue_decline_ratio, "营业收入下降"),
        ("profit_decline", "annual_net_profit", "年化净利润", rules.profit_decline_ratio, "净利润下降"),
        ("current_ratio_falling", "current_ratio", "流动比率", rules.current_ratio_decline_ratio, "流动比率下降"),
        ("receivables_turnover_falling", "receivables_turnover", "应收账款周转率",
         rules.turnover_decline_ratio, "应收账款周转率下降"),
    )
    for code, field, label, threshold, title in checks:
        before, after = getattr(previous, field), getattr(latest, field)
        delta = finance.change(after, before)
        turned_loss = field == "annual_net_profit" and before is not None and after is not None \
            and before > 0 > after
        if (delta is not None and delta < -threshold) or turned_loss:
            shown = f"{abs(delta) * 100:.1f}%" if delta is not None else "并转为亏损"
            signals.append(_signal(
                borrower, code, f"{title}{shown}（{previous.period}→{latest.period}）",
                (_ratio_value(previous.period, field, label, before), _ratio_value(latest.period, field, label, after),
                 _ratio_value(latest.period, f"{field}_change", f"{label}变动", delta)),
                clause, "分析经营和财务变化原因，必要时压缩授信或追加担保，并审视风险分类。"))
    return signals


def sales_receipt_signals(borrower: Borrower, rules: RiskRules, today: date) -> list[RiskSignal]:
    agreed = borrower.agreed_sales_receipt_ratio
    receipts = [flow for flow in borrower.flows if flow.kind == "sales_receipt" and flow.direction == "in"]
    dated = [s for s in finance.ordered(borrower.statements) if s.revenue and s.revenue > 0]
    if agreed is None or not receipts or not dated:
        return []
    statement = dated[-1]
    start, end = finance.period_window(statement.period, statement.months or 12)
    received = sum((flow.amount for flow in receipts if start <= flow.date <= end), Decimal(0))
    ratio = (received / statement.revenue).quantize(Decimal("0.0001"))
    if ratio >= Decimal(agreed):
        return []
    clause = Clauses.FIXED_RECEIPT_ACCOUNT if regulation_for(_main_product(borrower)) == "fixed" \
        else Clauses.WORKING_RECEIPT_ACCOUNT
    return [_signal(
        borrower, "sales_receipts_below_agreed", f"销售资金归行率{ratio * 100:.1f}%低于约定的{agreed * 100:.1f}%",
        (SignalValue("borrower", borrower.id, "agreed_sales_receipt_ratio", "约定销售资金归行率", agreed),
         SignalValue("flow", f"{start.isoformat()}~{end.isoformat()}", "sales_receipts_total", "期间本行销售回款（元）",
                     received),
         _ratio_value(statement.period, "revenue", "同期营业收入（元）", statement.revenue),
         SignalValue("borrower", borrower.id, "sales_receipt_ratio", "销售资金归行率", ratio)),
        clause, "要求借款人按约定将销售回款归集至本行回笼账户，核查资金是否流向他行。")]


def event_signals(borrower: Borrower, rules: RiskRules, today: date) -> list[RiskSignal]:
    since = today - timedelta(days=rules.event_lookback_days)
    signals: list[RiskSignal] = []
    for event in borrower.events:
        if event.resolved or event.date < since or event.kind not in EVENT_TITLES:
            continue
        signals.append(RiskSignal(
            f"event_{event.kind}", f"{EVENT_TITLES[event.kind]}：{event.description}", event.severity or "中",
            (SignalValue("event", str(event.id or ""), "date", "事件日期", event.date),
             SignalValue("event", str(event.id or ""), "description", "事件描述", event.description)),
            monitoring_clause(_main_product(borrower)),
            "核实事件对借款人偿债能力和担保的影响，及时调整风险分类，必要时采取保全措施。", borrower.id,
            (Clauses.RECLASSIFY_ON_CHANGE,)))
    return signals


def inspection_interval(borrower: Borrower, rules: RiskRules) -> int | None:
    """Days allowed between on-site inspections for this borrower, or None when the rule does not apply."""
    if borrower.kind not in rules.inspected_kinds or not borrower.loans:
        return None
    interval = rules.inspection_interval_days.get(worst([l.classification for l in borrower.loans]) or "正常")
    in_litigation = any(e.kind == "litigation" and not e.resolved for e in borrower.events)
    if in_litigation:
        litigation_interval = rules.inspection_interval_days.get("可疑")
        interval = min(filter(None, (interval, litigation_interval)), default=None)
    return interval


def next_inspection_due(borrower: Borrower, rules: RiskRules) -> date | None:
    """The date the next on-site inspection is due: last on-site (or first disbursement) + interval."""
    interval = inspection_interval(borrower, rules)
    if interval is None:
        return None
    on_site = [i.date for i in borrower.inspections if i.kind == "现场"]
    base = max(on_site) if on_site else min(loan.start_date for loan in borrower.loans)
    return base + timedelta(days=interval)


def inspection_signals(borrower: Borrower, rules: RiskRules, today: date) -> list[RiskSignal]:
    due = next_inspection_due(borrower, rules)
    if due is None or due >= today:
        return []
    on_site = [i for i in borrower.inspections if i.kind == "现场"]
    last = max(on_site, key=lambda i: i.date) if on_site else None
    values = (SignalValue("inspection", str(last.id or "") if last else "*", "date", "上次现场检查日期",
                          last.date if last else None),
              SignalValue("borrower", borrower.id, "next_inspection_due", "应检查日期", due),
              SignalValue("borrower", borrower.id, "days_overdue", "超期天数", (today - due).days))
    return [_signal(borrower, "inspection_overdue", f"现场检查已超期{(today - due).days}天", values,
                    Clauses.INSPECTION_FREQUENCY, "尽快安排现场检查并撰写《贷后管理定期分析报告》。", "中")]


def _signal(borrower: Borrower, code: str, title: str, values: tuple[SignalValue, ...], clause: ClauseRef,
            advice: str, severity: str = "中") -> RiskSignal:
    return RiskSignal(code, title, severity, values, clause, advice, borrower.id)
