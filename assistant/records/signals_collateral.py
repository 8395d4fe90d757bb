"""Collateral risk rules (细则 第三十三条、第三十四条): 抵押率 over the cap, value drop, registration term."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from assistant.records.formatting import fmt_amount, fmt_date, fmt_percent
from assistant.records.models import Borrower, Collateral, Loan
from assistant.records.rules import Clauses, RiskRules, collateral_clause
from assistant.records.signal_types import RiskSignal, SignalValue

FOUR = Decimal("0.0001")


def _collateral_value(item: Collateral) -> tuple[Decimal, str]:
    if item.market_value is not None and item.market_value < item.appraised_value:
        return item.market_value, "market_value"
    return item.appraised_value, "appraised_value"


def ltv_cap(items: list[Collateral], rules: RiskRules) -> tuple[Decimal, str]:
    """The strictest 抵押率 cap of the items' types, with the type it comes from ('' = not a listed type)."""
    caps = [(cap, name) for item in items for name, cap in rules.ltv_caps.items() if name in (item.type or "")]
    return min(caps) if caps else (rules.default_ltv_cap, "")


def _coverage_groups(borrower: Borrower) -> dict[str | None, list[Collateral]]:
    groups: dict[str | None, list[Collateral]] = defaultdict(list)
    loan_ids = {loan.loan_id for loan in borrower.loans}
    for item in borrower.collateral:
        groups[item.loan_id if item.loan_id in loan_ids else None].append(item)
    return groups


def collateral_signals(borrower: Borrower, rules: RiskRules, today: date) -> list[RiskSignal]:
    loans = {loan.loan_id: loan for loan in borrower.loans}
    main_product = borrower.loans[0].product if borrower.loans else ""
    signals: list[RiskSignal] = []
    for loan_id, items in _coverage_groups(borrower).items():
        balance = loans[loan_id].balance if loan_id else sum((l.balance for l in loans.values()), Decimal(0))
        product = loans[loan_id].product if loan_id else main_product
        signal = _ltv_signal(borrower, loan_id, items, balance, product, rules)
        if signal:
            signals.append(signal)
    for item in borrower.collateral:
        signals += _collateral_item_signals(borrower, item, loans, rules)
    return signals


def _ltv_signal(borrower: Borrower, loan_id: str | None, items: list[Collateral], balance: Decimal,
                product: str, rules: RiskRules) -> RiskSignal | None:
    valued = [(item, *_collateral_value(item)) for item in items]
    total = sum((value for _, value, _ in valued), Decimal(0))
    cap, cap_type = ltv_cap(items, rules)
    if balance <= 0 or (total > 0 and balance / total <= cap):
        return None
    ltv = (balance / total).quantize(FOUR) if total > 0 else None
    values = tuple(SignalValue("collateral", i.collateral_id, f, "押品价值（元）", v) for i, v, f in valued)
    values += (SignalValue("collateral", "*", "collateral_total", "押品价值合计（元）", total),
               SignalValue("loan", loan_id or "*", "balance", "贷款余额（元）", balance),
               SignalValue("collateral", "*", "loan_to_value", "抵押率", ltv),
               SignalValue("collateral", "*", "loan_to_value_cap", "抵押率上限", cap))
    shown = fmt_percent(ltv) if ltv is not None else "无法计算"
    title = f"押品抵押率{shown}，超过{cap_type}抵押率上限{fmt_percent(cap)}" if cap_type else \
        f"押品价值{fmt_amount(total)}不足以覆盖贷款余额{fmt_amount(balance)}"
    return RiskSignal.at("橙", "collateral_coverage_low", title, values, Clauses.BANK_COLLATERAL,
                         "要求借款人限期补充担保或压缩贷款余额至抵押率上限以内。",
                         borrower.id, collateral_clause(product))


def _collateral_item_signals(borrower: Borrower, item: Collateral, loans: dict[str, Loan],
                             rules: RiskRules) -> list[RiskSignal]:
    signals: list[RiskSignal] = []
    loan = loans.get(item.loan_id or "")
    product = loan.product if loan else (borrower.loans[0].product if borrower.loans else "")
    previous = item.previous_appraised_value
    if previous and previous > 0 and (previous - item.appraised_value) / previous > rules.collateral_drop_ratio:
        change = ((item.appraised_value - previous) / previous).quantize(FOUR)
        signals.append(RiskSignal.at(
            "橙", "collateral_value_drop",
            f"押品{item.collateral_id}评估价值由{fmt_amount(previous)}降至{fmt_amount(item.appraised_value)}，"
            f"下降{fmt_percent(-change)}",
            (SignalValue("collateral", item.collateral_id, "previous_appraised_value", "上次评估价值（元）", previous),
             SignalValue("collateral", item.collateral_id, "appraised_value", "本次评估价值（元）",
                         item.appraised_value),
             SignalValue("collateral", item.collateral_id, "appraisal_date", "评估日期", item.appraisal_date),
             SignalValue("collateral", item.collateral_id, "appraised_value_change", "评估价值变动", change)),
            Clauses.BANK_COLLATERAL, "核实押品价值下降原因，按抵押率上限要求借款人补充担保或压缩贷款余额。",
            borrower.id, collateral_clause(product)))
    maturities = [loan.maturity_date] if loan else [l.maturity_date for l in loans.values()]
    if item.registration_end_date and maturities and item.registration_end_date < max(maturities):
        signals.append(RiskSignal.at(
            "橙", "registration_term_short",
            f"押品{item.collateral_id}抵押登记期限{fmt_date(item.registration_end_date)}早于贷款到期日"
            f"{fmt_date(max(maturities))}",
            (SignalValue("collateral", item.collateral_id, "registration_end_date", "登记到期日",
                         item.registration_end_date),
             SignalValue("loan", loan.loan_id if loan else "*", "maturity_date", "贷款到期日", max(maturities))),
            Clauses.BANK_REGISTRATION, "限期办理抵押变更登记，确保登记期限覆盖贷款到期日。",
            borrower.id, collateral_clause(product)))
    return signals
