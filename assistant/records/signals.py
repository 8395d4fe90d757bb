"""Risk signals and the five-category classification advice for one loaded borrower (pure functions)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from assistant import clock
from assistant.records.models import Borrower
from assistant.records.rules import DEFAULT_RULES, Clauses, RiskRules, class_rank, worst
from assistant.records.signal_types import LEVEL_ORDER, ClassificationAdvice, RiskSignal, SignalValue
from assistant.records.signals_business import financial_signals, sales_receipt_signals
from assistant.records.signals_collateral import collateral_signals
from assistant.records.signals_events import event_signals, inspection_signals, next_inspection_due
from assistant.records.signals_loans import extension_signals, overdue_signals, payment_signals, required_class

BANDS = (Clauses.BANK_OVERDUE_BANDS,)  # 细则 第四十一条 restates the regulation's overdue bands
Rule = Callable[[Borrower, RiskRules, date], list[RiskSignal]]

RULES: tuple[Rule, ...] = (
    overdue_signals,
    extension_signals,
    collateral_signals,
    payment_signals,
    financial_signals,
    sales_receipt_signals,
    event_signals,
    inspection_signals,
)

__all__ = ["RiskSignal", "SignalValue", "ClassificationAdvice", "evaluate_signals", "classification_advice",
           "next_inspection_due", "RULES"]


def evaluate_signals(borrower: Borrower, rules: RiskRules = DEFAULT_RULES,
                     today: date | None = None) -> list[RiskSignal]:
    """Every signal the records of `borrower` trigger, most severe (红) first."""
    today = today or clock.today()
    signals = [signal for rule in RULES for signal in rule(borrower, rules, today)]
    return sorted(signals, key=lambda s: LEVEL_ORDER.get(s.level, 9))


def classification_advice(borrower: Borrower, rules: RiskRules = DEFAULT_RULES) -> ClassificationAdvice:
    """The class the overdue-day rules require for the borrower's worst loan, with the clause."""
    current = worst([loan.classification for loan in borrower.loans])
    if not borrower.loans:
        return ClassificationAdvice(None, None, "无贷款记录，无需分类。", None)
    loan = max(borrower.loans, key=lambda l: (l.overdue_days or 0, class_rank(l.classification)))
    days = loan.overdue_days or 0
    values = (SignalValue("loan", loan.loan_id, "overdue_days", "逾期天数", days),
              SignalValue("loan", loan.loan_id, "classification", "风险分类", loan.classification))
    needed, clause = required_class(days, rules)
    if needed is None:
        reason = f"最长逾期{days}天，未超过{rules.attention_overdue_days}天，逾期规则不要求下调，维持{current}类。" \
            if days else f"贷款无逾期，逾期规则不要求下调，维持{current}类。"
        return ClassificationAdvice(current, current, reason, Clauses.CLASS_ATTENTION, values, BANDS)
    if class_rank(current or "正常") >= class_rank(needed):
        reason = f"贷款{loan.loan_id}逾期{days}天，按规定至少为{needed}类，现分类{current}类符合要求。"
        return ClassificationAdvice(current, current, reason, clause, values, BANDS)
    reason = f"贷款{loan.loan_id}逾期{days}天，超过规定天数，应至少归为{needed}类，现分类{current}类偏乐观，建议下调为{needed}类。"
    return ClassificationAdvice(current, needed, reason, clause, values, BANDS)
