"""Loan-level risk rules: overdue bands vs classification, 展期/重组, collateral, payments and purpose."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from assistant.records.models import Borrower, Collateral, Loan
from assistant.records.rules import (
    Clauses,
    RiskRules,
    class_rank,
    collateral_clause,
    misuse_clause,
    regulation_for,
)
from assistant.records.signal_types import RiskSignal, SignalValue


def required_class(overdue_days: int, rules: RiskRules) -> tuple[str | None, object]:
    """The least severe class the overdue days allow, with the clause that demands it."""
    bands = ((rules.loss_overdue_days, "损失", Clauses.CLASS_LOSS),
             (rules.doubtful_overdue_days, "可疑", Clauses.CLASS_DOUBTFUL),
             (rules.substandard_overdue_days, "次级", Clauses.CLASS_SUBSTANDARD),
             (rules.attention_overdue_days, "关注", Clauses.CLASS_ATTENTION))
    for days, classification, clause in bands:
        if overdue_days > days:
            return classification, clause
    return None, None


def _loan_value(loan: Loan, field: str, label: str) -> SignalValue:
    return SignalValue("loan", loan.loan_id, field, label, getattr(loan, field))


def overdue_signals(borrower: Borrower, rules: RiskRules, today: date) -> list[RiskSignal]:
    signals: list[RiskSignal] = []
    for loan in borrower.loans:
        overdue = (loan.overdue_days or 0) > 0 or (loan.overdue_principal or 0) > 0 \
            or (loan.overdue_interest or 0) > 0
        if overdue:
            signals.append(RiskSignal(
                "overdue", f"贷款{loan.loan_id}逾期{loan.overdue_days}天", "高" if loan.overdue_days >
                rules.substandard_overdue_days else "中",
                (_loan_value(loan, "overdue_days", "逾期天数"),
                 _loan_value(loan, "overdue_principal", "逾期本金（元）"),
                 _loan_value(loan, "overdue_interest", "逾期利息（元）")),
                Clauses.OVERDUE_CONTACT,
                f"逾期首日起{rules.contact_within_hours}小时内联系借款人，了解逾期原因；先协商纠正、后强力催收，"
                "并评估风险分类。", borrower.id))
        needed, clause = required_class(loan.overdue_days or 0, rules)
        if needed and class_rank(loan.classification) < class_rank(needed):
            signals.append(RiskSignal(
                "classification_too_optimistic",
                f"贷款{loan.loan_id}逾期{loan.overdue_days}天仍为{loan.classification}类，应至少为{needed}类",
                "高", (_loan_value(loan, "overdue_days", "逾期天数"),
                      _loan_value(loan, "classification", "风险分类")),
                clause, f"按逾期天数将该笔贷款下调至{needed}类，并报风险管理部门认定。", borrower.id))
    return signals


def extension_signals(borrower: Borrower, rules: RiskRules, today: date) -> list[RiskSignal]:
    signals: list[RiskSignal] = []
    for loan in borrower.loans:
        if loan.extended:
            clause = Clauses.FIXED_EXTENSION if regulation_for(loan.product) == "fixed" \
                else Clauses.WORKING_EXTENSION
            signals.append(RiskSignal(
                "extended", f"贷款{loan.loan_id}已展期", "中", (_loan_value(loan, "extended", "展期"),),
                clause, "关注展期原因与还款来源，按展期后的还款计划加强跟踪。", borrower.id))
        if loan.restructured:
            low = class_rank(loan.classification) < class_rank("关注")
            signals.append(RiskSignal(
                "restructured", f"贷款{loan.loan_id}为重组贷款" + ("，但仍为正常类" if low else ""),
                "高" if low else "中",
                (_loan_value(loan, "restructured", "重组"), _loan_value(loan, "classification", "风险分类")),
                Clauses.RESTRUCTURED,
                "重组贷款至少归为关注类，观察期内按合同约定跟踪还款并评估财务困难是否解除。", borrower.id))
    return signals


def _collateral_value(item: Collateral) -> tuple[Decimal, str]:
    if item.market_value is not None and item.market_value < item.appraised_value:
        return item.market_value, "market_value"
    return item.appraised_value, "appraised_value"


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
        valued = [(item, *_collateral_value(item)) for item in items]
        total = sum((value for _, value, _ in valued), Decimal(0))
        if balance > 0 and total < balance * rules.min_collateral_coverage:
            values = tuple(SignalValue("collateral", i.collateral_id, f, "押品价值（元）", v) for i, v, f in valued)
            coverage = (total / balance).quantize(Decimal("0.01"))
            signals.append(RiskSignal(
                "collateral_coverage_low", f"押品价值不足以覆盖贷款余额（覆盖率{coverage}）", "高",
                values + (SignalValue("loan", loan_id or "*", "balance", "贷款余额（元）", balance),
                          SignalValue("collateral", "*", "coverage", "押品覆盖率", coverage)),
                collateral_clause(product), "重估押品价值，要求借款人补充担保或压缩贷款余额。", borrower.id))
    for item in borrower.collateral:
        signals += _collateral_item_signals(borrower, item, loans, rules)
    return signals


def _collateral_item_signals(borrower: Borrower, item: Collateral, loans: dict[str, Loan],
                             rules: RiskRules) -> list[RiskSignal]:
    signals: list[RiskSignal] = []
    loan = loans.get(item.loan_id or "")
    product = loan.product if loan else (borrower.loans[0].product if borrower.loans else "")
    previous = item.previous_appraised_value
    if previous and previous > 0 and (previous - item.appraised_value) / previous > rules.collateral_drop_ratio:
        drop = ((previous - item.appraised_value) / previous).quantize(Decimal("0.0001"))
        signals.append(RiskSignal(
            "collateral_value_drop", f"押品{item.collateral_id}评估价值较上次下降{drop * 100:.1f}%", "高",
            (SignalValue("collateral", item.collateral_id, "previous_appraised_value", "上次评估价值（元）", previous),
             SignalValue("collateral", item.collateral_id, "appraised_value", "本次评估价值（元）",
                         item.appraised_value),
             SignalValue("collateral", item.collateral_id, "appraisal_date", "评估日期", item.appraisal_date)),
            collateral_clause(product), "核实押品价值下降原因，必要时要求追加担保。", borrower.id))
    maturities = [loan.maturity_date] if loan else [l.maturity_date for l in loans.values()]
    if item.registration_end_date and maturities and item.registration_end_date < max(maturities):
        signals.append(RiskSignal(
            "registration_term_short", f"押品{item.collateral_id}登记期限早于贷款到期日", "中",
            (SignalValue("collateral", item.collateral_id, "registration_end_date", "登记到期日",
                         item.registration_end_date),
             SignalValue("loan", loan.loan_id if loan else "*", "maturity_date", "贷款到期日", max(maturities))),
            collateral_clause(product), "在登记到期前办理续登记或变更登记，确保登记期限覆盖贷款期限。", borrower.id))
    return signals


def _self_pay_limit(loan: Loan, borrower: Borrower, rules: RiskRules) -> tuple[Decimal, object]:
    if regulation_for(loan.product) == "personal":
        limit = rules.personal_consumer_self_pay_limit if borrower.kind == "个人消费" \
            else rules.personal_business_self_pay_limit
        return limit, Clauses.PERSONAL_SELF_PAY
    if regulation_for(loan.product) == "fixed":
        return rules.entrusted_payment_threshold, Clauses.FIXED_ENTRUSTED
    return rules.entrusted_payment_threshold, Clauses.WORKING_ENTRUSTED


def payment_signals(borrower: Borrower, rules: RiskRules, today: date) -> list[RiskSignal]:
    loans = {loan.loan_id: loan for loan in borrower.loans}
    signals: list[RiskSignal] = []
    for flow in borrower.flows:
        loan = loans.get(flow.loan_id or "")
        if flow.kind != "disbursement_payment" or loan is None:
            continue
        values = (SignalValue("flow", flow.flow_id, "amount", "支付金额（元）", flow.amount),
                  SignalValue("flow", flow.flow_id, "counterparty", "交易对象", flow.counterparty),
                  SignalValue("flow", flow.flow_id, "date", "支付日期", flow.date))
        limit, clause = _self_pay_limit(loan, borrower, rules)
        if flow.payment_mode == "自主支付" and flow.amount > limit:
            signals.append(RiskSignal(
                "self_payment_over_threshold", f"贷款{loan.loan_id}单笔{flow.amount}元以自主支付方式支付，超过受托支付标准",
                "高", values + (SignalValue("flow", flow.flow_id, "payment_mode", "支付方式", flow.payment_mode),),
                clause, "核查该笔支付的交易背景，后续同类支付改为贷款人受托支付，并排查化整为零规避受托支付。",
                borrower.id))
        agreed = [c.strip() for c in loan.agreed_counterparties.replace("；", ";").split(";") if c.strip()]
        if agreed and flow.counterparty not in agreed:
            signals.append(RiskSignal(
                "purpose_deviation", f"贷款资金支付给约定用途以外的交易对象：{flow.counterparty}", "高",
                values + (SignalValue("loan", loan.loan_id, "agreed_purpose", "约定用途", loan.agreed_purpose),),
                misuse_clause(loan.product),
                "核实资金实际用途；确属挪用的，按合同要求整改、提前收回贷款或下调风险分类。", borrower.id,
                (Clauses.CLASS_ATTENTION,)))
    return signals
