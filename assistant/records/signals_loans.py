"""Loan-level risk rules: overdue bands vs classification, missing class, 展期/重组, payments and purpose."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from assistant.records.formatting import fmt_amount
from assistant.records.models import CLASSIFICATIONS, Borrower, Loan
from assistant.records.rules import (
    ClauseRef,
    Clauses,
    RiskRules,
    class_rank,
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


def overdue_level(days: int, rules: RiskRules) -> str:
    """指引 第五条（一）/第六条（一）/第七条（一）: beyond 90 days 红, 31–90 橙, 1–30 黄."""
    if days > rules.substandard_overdue_days:
        return "红"
    return "橙" if days > rules.overdue_orange_days else "黄"


def overdue_advice(days: int, rules: RiskRules) -> str:
    """The steps of 细则 第三十八条 that apply at `days` overdue (the article gives each step's time limit)."""
    steps = [f"首次逾期后{rules.contact_within_hours}小时内联系借款人核实逾期原因，并向借款人和保证人送达书面催收通知书"]
    if days > rules.overdue_interview_days:
        steps.append("由支行行长或分管副行长约谈借款人，制定书面清收计划")
    if days > rules.overdue_legal_days:
        steps.append("风险部参与清收，评估诉讼、财产保全等法律措施")
    if days > rules.substandard_overdue_days:
        steps.append(f"逾期超过{rules.substandard_overdue_days}天，风险分类下调至次级类及以下，并提交贷后管理例会审议")
    return "；".join(steps) + "。"


def _loan_value(loan: Loan, field: str, label: str) -> SignalValue:
    return SignalValue("loan", loan.loan_id, field, label, getattr(loan, field))


def overdue_signals(borrower: Borrower, rules: RiskRules, today: date) -> list[RiskSignal]:
    signals: list[RiskSignal] = []
    for loan in borrower.loans:
        days = loan.overdue_days or 0
        if days > 0 or (loan.overdue_principal or 0) > 0 or (loan.overdue_interest or 0) > 0:
            signals.append(RiskSignal.at(
                overdue_level(days, rules), "overdue", f"贷款{loan.loan_id}逾期{days}天",
                (_loan_value(loan, "overdue_days", "逾期天数"),
                 _loan_value(loan, "overdue_principal", "逾期本金（元）"),
                 _loan_value(loan, "overdue_interest", "逾期利息（元）")),
                Clauses.BANK_OVERDUE, overdue_advice(days, rules), borrower.id))
        if loan.classification not in CLASSIFICATIONS:
            signals.append(_missing_class(borrower, loan))
            continue
        needed, clause = required_class(days, rules)
        if needed and class_rank(loan.classification) < class_rank(needed):
            signals.append(RiskSignal.at(
                overdue_level(days, rules), "classification_too_optimistic",
                f"贷款{loan.loan_id}逾期{days}天仍为{loan.classification}类，应至少为{needed}类",
                (_loan_value(loan, "overdue_days", "逾期天数"), _loan_value(loan, "classification", "风险分类")),
                clause, f"按逾期天数将该笔贷款下调至{needed}类，并报风险部认定。", borrower.id,
                Clauses.BANK_OVERDUE_BANDS))
    return signals


def _missing_class(borrower: Borrower, loan: Loan) -> RiskSignal:
    """A loan without a valid five-category class cannot be judged until the class is filled in (细则 第四十条)."""
    return RiskSignal.at(
        "橙", "classification_missing", f"贷款{loan.loan_id}缺少风险分类",
        (SignalValue("loan", loan.loan_id, "classification", "风险分类", None),),
        Clauses.BANK_CLASSIFY, "补录该笔贷款的五级分类，并按逾期天数复核。", borrower.id,
        Clauses.RECLASSIFY_ON_CHANGE)


def extension_signals(borrower: Borrower, rules: RiskRules, today: date) -> list[RiskSignal]:
    """指引 第六条（十三）: 展期 or 重组 for business or funding difficulties is an orange signal."""
    signals: list[RiskSignal] = []
    for loan in borrower.loans:
        if loan.extended:
            regulation = Clauses.FIXED_EXTENSION if regulation_for(loan.product) == "fixed" \
                else Clauses.WORKING_EXTENSION
            signals.append(RiskSignal.at(
                "橙", "extended", f"贷款{loan.loan_id}已展期", (_loan_value(loan, "extended", "展期"),),
                Clauses.BANK_EXTENSION, "核实展期原因与还款来源；因财务困难展期的按重组资产管理，不得因展期上调分类。",
                borrower.id, regulation))
        if loan.restructured:
            low = class_rank(loan.classification) < class_rank("关注")
            signals.append(RiskSignal.at(
                "橙", "restructured", f"贷款{loan.loan_id}为重组贷款" + ("，但仍为正常类" if low else ""),
                (_loan_value(loan, "restructured", "重组"), _loan_value(loan, "classification", "风险分类")),
                Clauses.RESTRUCTURED,
                "重组贷款至少归为关注类，观察期内按合同约定跟踪还款并评估财务困难是否解除。", borrower.id,
                Clauses.BANK_RESTRUCTURED))
    return signals


def _self_pay_limit(loan: Loan, borrower: Borrower, rules: RiskRules) -> tuple[Decimal, ClauseRef, ClauseRef]:
    """The 自主支付 limit with the bank's article and the regulation that set it."""
    if regulation_for(loan.product) == "personal":
        limit = rules.personal_consumer_self_pay_limit if borrower.kind == "个人消费" \
            else rules.personal_business_self_pay_limit
        return limit, Clauses.BANK_PERSONAL_SELF_PAY, Clauses.PERSONAL_SELF_PAY
    if regulation_for(loan.product) == "fixed":
        return rules.entrusted_payment_threshold, Clauses.BANK_FIXED_ENTRUSTED, Clauses.FIXED_ENTRUSTED
    return rules.entrusted_payment_threshold, Clauses.BANK_WORKING_ENTRUSTED, Clauses.WORKING_ENTRUSTED


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
        limit, bank, regulation = _self_pay_limit(loan, borrower, rules)
        if flow.payment_mode == "自主支付" and flow.amount > limit:
            signals.append(RiskSignal.at(
                "橙", "self_payment_over_threshold",
                f"贷款{loan.loan_id}单笔{fmt_amount(flow.amount)}以自主支付方式支付，超过受托支付标准{fmt_amount(limit)}",
                values + (SignalValue("flow", flow.flow_id, "payment_mode", "支付方式", flow.payment_mode),),
                bank, "核实该笔资金最终去向，此后该借款人提款一律采用受托支付，并排查化整为零规避受托支付。",
                borrower.id, Clauses.BANK_SELF_PAY_BREACH, regulation))
        agreed = [c.strip() for c in loan.agreed_counterparties.replace("；", ";").split(";") if c.strip()]
        if agreed and flow.counterparty not in agreed:
            signals.append(RiskSignal.at(
                "红", "purpose_deviation",
                f"贷款资金{fmt_amount(flow.amount)}支付给约定用途以外的交易对象：{flow.counterparty}",
                values + (SignalValue("loan", loan.loan_id, "agreed_purpose", "约定用途", loan.agreed_purpose),),
                Clauses.BANK_MISUSE,
                f"{rules.contact_within_hours}小时内报告；要求借款人限期收回或补足偏离用途的资金，停止后续提款，"
                "风险分类至少下调为关注类；拒不整改的，宣布贷款提前到期。", borrower.id,
                misuse_clause(loan.product), Clauses.CLASS_ATTENTION))
    return signals
