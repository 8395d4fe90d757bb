"""Borrower-level risk rules on external events (指引 第五～七条) and on-site inspections due (细则 第十三、十四、十七条)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from decimal import Decimal

from assistant.records import finance
from assistant.records.models import Borrower, ExternalEvent
from assistant.records.rules import ClauseRef, Clauses, RiskRules, monitoring_clause, worst
from assistant.records.signal_types import RiskSignal, SignalValue

EVENT_TITLES = {"litigation": "涉诉", "enforcement": "被执行", "credit_report": "征信恶化",
                "controller_change": "实际控制人变更"}
RED_ENFORCEMENT = ("失信被执行人", "冻结", "查封", "扣划")      # 指引 第五条（三）
CREDIT_DEFAULTS = ("逾期", "欠息", "不良")                      # 指引 第六条（十一）
NEGATIONS = ("未", "没有", "无")
AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(亿元|万元|元)")
UNITS = {"亿元": Decimal("100000000"), "万元": Decimal("10000"), "元": Decimal("1")}


def _says(text: str, words: tuple[str, ...]) -> bool:
    """Some clause of `text` states one of `words` without negating it (未被冻结 does not count)."""
    for part in re.split(r"[，,。；;、（）()]", text):
        if any(word in part for word in words) and not any(neg in part for neg in NEGATIONS):
            return True
    return False


def claimed_amount(text: str) -> Decimal | None:
    """The largest amount a description states (涉案金额约900万元 → 9000000)."""
    amounts = [Decimal(number) * UNITS[unit] for number, unit in AMOUNT.findall(text)]
    return max(amounts) if amounts else None


def _net_assets(borrower: Borrower) -> Decimal | None:
    rows = [s for s in finance.ordered(borrower.statements) if s.total_assets is not None
            and s.total_liabilities is not None]
    return rows[-1].total_assets - rows[-1].total_liabilities if rows else None


def event_level(event: ExternalEvent, borrower: Borrower, rules: RiskRules) -> tuple[str, ClauseRef]:
    """The 指引 level of an event and the item that sets it."""
    text = event.description or ""
    if event.kind == "enforcement":
        return ("红", Clauses.GUIDE_ENFORCEMENT_RED) if _says(text, RED_ENFORCEMENT) \
            else ("橙", Clauses.GUIDE_ENFORCEMENT)
    if event.kind == "controller_change":
        return "橙", Clauses.GUIDE_CONTROLLER_CHANGE
    if event.kind == "credit_report":
        return ("橙", Clauses.GUIDE_CREDIT_REPORT) if _says(text, CREDIT_DEFAULTS) else ("黄", Clauses.GUIDE_YELLOW)
    amount, net_assets = claimed_amount(text), _net_assets(borrower)
    large = amount is not None and (amount > rules.litigation_orange_amount or (
        net_assets is not None and net_assets > 0 and amount > net_assets * rules.litigation_orange_net_assets))
    return ("橙", Clauses.GUIDE_LITIGATION) if large else ("黄", Clauses.GUIDE_LITIGATION_MINOR)


def event_signals(borrower: Borrower, rules: RiskRules, today: date) -> list[RiskSignal]:
    since = today - timedelta(days=rules.event_lookback_days)
    signals: list[RiskSignal] = []
    for event in borrower.events:
        if event.resolved or event.date < since or event.date > today or event.kind not in EVENT_TITLES:
            continue
        level, clause = event_level(event, borrower, rules)
        signals.append(RiskSignal.at(
            level, f"event_{event.kind}", f"{EVENT_TITLES[event.kind]}：{event.description}",
            (SignalValue("event", str(event.id or ""), "date", "事件日期", event.date),
             SignalValue("event", str(event.id or ""), "description", "事件描述", event.description)),
            clause, "核实事件对借款人偿债能力和担保的影响，及时重新评估风险分类，必要时采取保全措施。",
            borrower.id, monitoring_clause(borrower.loans[0].product if borrower.loans else ""),
            Clauses.RECLASSIFY_ON_CHANGE))
    return signals


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter), as 细则 第五十九条 counts."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def inspection_interval(borrower: Borrower, rules: RiskRules) -> int | None:
    """Months allowed between on-site inspections (or, for 个人消费, home visits); None when no rule applies."""
    if not borrower.loans:
        return None
    classification = worst([l.classification for l in borrower.loans]) or "正常"
    if borrower.kind not in rules.inspected_kinds:
        return rules.consumer_visit_months.get(classification)
    interval = rules.inspection_interval_months.get(classification)
    if any(e.kind == "litigation" and not e.resolved for e in borrower.events):
        interval = min(filter(None, (interval, rules.inspection_interval_months.get("可疑"))), default=None)
    return interval


def inspection_clause(borrower: Borrower, rules: RiskRules) -> ClauseRef:
    return Clauses.BANK_FREQUENCY if borrower.kind in rules.inspected_kinds else Clauses.BANK_CONSUMER_VISITS


def next_inspection_due(borrower: Borrower, rules: RiskRules) -> date | None:
    """The date the next on-site inspection is due: last on-site (or first disbursement) + interval."""
    interval = inspection_interval(borrower, rules)
    if interval is None:
        return None
    on_site = [i.date for i in borrower.inspections if i.kind == "现场"]
    base = max(on_site) if on_site else min(loan.start_date for loan in borrower.loans)
    return add_months(base, interval)


def inspection_signals(borrower: Borrower, rules: RiskRules, today: date) -> list[RiskSignal]:
    """细则 第十七条: an overdue inspection is 黄, 橙 once more than 30 days late."""
    due = next_inspection_due(borrower, rules)
    if due is None or due >= today:
        return []
    late = (today - due).days
    on_site = [i for i in borrower.inspections if i.kind == "现场"]
    last = max(on_site, key=lambda i: i.date) if on_site else None
    values = (SignalValue("inspection", str(last.id or "") if last else "*", "date", "上次现场检查日期",
                          last.date if last else None),
              SignalValue("borrower", borrower.id, "next_inspection_due", "应检查日期", due),
              SignalValue("borrower", borrower.id, "days_overdue", "超期天数", late))
    level = "橙" if late > rules.inspection_escalate_days else "黄"
    advice = "尽快安排现场检查并撰写《贷后管理定期分析报告》" + (
        "；已超期较久、升为橙色信号，在支行贷后管理例会上通报。" if level == "橙" else "。")
    return [RiskSignal.at(level, "inspection_overdue", f"现场检查已超期{late}天", values,
                          inspection_clause(borrower, rules), advice, borrower.id,
                          Clauses.BANK_INSPECTION_OVERDUE, Clauses.INSPECTION_FREQUENCY)]
