"""Borrower-level risk rules on the business: financial warning indicators and sales receipts through the bank."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from assistant.records import finance
from assistant.records.formatting import fmt_percent, fmt_period, fmt_ratio
from assistant.records.models import Borrower
from assistant.records.rules import Clauses, RiskRules, monitoring_clause, regulation_for
from assistant.records.signal_types import RiskSignal, SignalValue

FINANCE_ADVICE = "分析经营和财务变化原因，必要时压缩授信或追加担保，并审视风险分类。"


def main_product(borrower: Borrower) -> str:
    return borrower.loans[0].product if borrower.loans else ""


def _ratio_value(period: str, field: str, label: str, value) -> SignalValue:
    return SignalValue("statement", period, field, label, value)


def _level(code: str, before: Decimal | None, after: Decimal | None, delta: Decimal | None,
           rules: RiskRules) -> str | None:
    """细则 第三十一条: the level an indicator's change calls for, or None."""
    if code == "revenue_decline" and delta is not None:
        return "橙" if delta < -rules.revenue_decline_orange else "黄" if delta < -rules.revenue_decline_yellow else None
    if code == "profit_decline" and before is not None and after is not None and before > 0:
        return "橙" if after < 0 else "黄" if delta is not None and delta < -rules.profit_decline_ratio else None
    if code == "receivables_turnover_falling" and delta is not None:
        return "黄" if delta < -rules.turnover_decline_ratio else None
    return None


def financial_signals(borrower: Borrower, rules: RiskRules, today: date) -> list[RiskSignal]:
    statements = finance.ordered(borrower.statements)
    if not statements:
        return []
    regulation = monitoring_clause(main_product(borrower))
    latest = finance.ratios(statements[-1])
    found: list[tuple[str, str, str, tuple[SignalValue, ...]]] = []
    if latest.current_ratio is not None and latest.current_ratio < rules.min_current_ratio:
        found.append(("橙", "current_ratio_low",
                      f"流动比率{fmt_ratio(latest.current_ratio)}低于{fmt_ratio(rules.min_current_ratio)}"
                      f"（{fmt_period(latest.period)}）",
                      (_ratio_value(latest.period, "current_ratio", "流动比率", latest.current_ratio),)))
    base_statement = finance.comparison_base(statements)
    if base_statement is not None:
        found += _change_signals(finance.ratios(base_statement), latest, rules)
    advice = FINANCE_ADVICE
    if len(found) >= 2:
        advice += "同时触发两项及以上财务预警指标，应限期开展专项现场检查，并提交最近一次贷后管理例会审议。"
    return [RiskSignal.at(level, code, title, values, Clauses.BANK_FINANCIAL, advice, borrower.id, regulation)
            for level, code, title, values in found]


def _change_signals(base: finance.StatementRatios, latest: finance.StatementRatios,
                    rules: RiskRules) -> list[tuple[str, str, str, tuple[SignalValue, ...]]]:
    checks = (("revenue_decline", "annual_revenue", "年化营业收入", "营业收入"),
              ("profit_decline", "annual_net_profit", "年化净利润", "净利润"),
              ("receivables_turnover_falling", "receivables_turnover", "应收账款周转率", "应收账款周转率"))
    span = f"（{fmt_period(base.period)}→{fmt_period(latest.period)}）"
    found = []
    for code, field, label, name in checks:
        before, after = getattr(base, field), getattr(latest, field)
        delta = finance.change(after, before)
        level = _level(code, before, after, delta, rules)
        if level is None:
            continue
        turned = code == "profit_decline" and after is not None and after < 0
        title = f"{name}由盈利转为亏损{span}" if turned else f"{name}下降{fmt_percent(abs(delta))}{span}"
        found.append((level, code, title,
                      (_ratio_value(base.period, field, label, before), _ratio_value(latest.period, field, label, after),
                       _ratio_value(latest.period, f"{field}_change", f"{label}变动", delta))))
    return found


def _month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def monthly_receipt_ratios(borrower: Borrower) -> list[tuple[str, Decimal, Decimal]] | None:
    """(YYYY-MM, receipts through the bank, ratio) for each month of the latest statement, the month's revenue
    taken as the statement's monthly average (细则 第二十九条: revenue per the statements); None without data."""
    receipts = [flow for flow in borrower.flows if flow.kind == "sales_receipt" and flow.direction == "in"]
    dated = [s for s in finance.ordered(borrower.statements) if s.revenue and s.revenue > 0]
    if not receipts or not dated:
        return None
    statement = dated[-1]
    months = statement.months or 12
    monthly_revenue = Decimal(statement.revenue) / months
    start, _ = finance.period_window(statement.period, months)
    rows = []
    for offset in range(months):
        index = start.year * 12 + start.month - 1 + offset
        key = f"{index // 12:04d}-{index % 12 + 1:02d}"
        received = sum((f.amount for f in receipts if _month_key(f.date) == key), Decimal(0))
        rows.append((key, received, (received / monthly_revenue).quantize(finance.FOUR)))
    return rows


def sales_receipt_signals(borrower: Borrower, rules: RiskRules, today: date) -> list[RiskSignal]:
    """细则 第二十九条: the latest month below the agreed 归行率 黄, consecutive months 橙."""
    agreed = borrower.agreed_sales_receipt_ratio
    rows = monthly_receipt_ratios(borrower) if agreed is not None else None
    if not rows:
        return []
    below = 0
    for _, _, ratio in reversed(rows):
        if ratio >= Decimal(str(agreed)):
            break
        below += 1
    if not below:
        return []
    level = "橙" if below >= rules.receipts_consecutive_months else "黄"
    statement = [s for s in finance.ordered(borrower.statements) if s.revenue and s.revenue > 0][-1]
    last, _, last_ratio = rows[-1]
    values = [SignalValue("borrower", borrower.id, "agreed_sales_receipt_ratio", "约定销售资金归行率", agreed),
              _ratio_value(statement.period, "revenue", "同期营业收入（元）", statement.revenue),
              SignalValue("borrower", borrower.id, "months_below_agreed", "连续低于约定水平月数", below)]
    for key, received, ratio in rows[-min(below, rules.receipts_consecutive_months):]:
        values += [SignalValue("flow", key, "month", "月份", key),
                   SignalValue("flow", key, "sales_receipts_total", "当月本行销售回款（元）", received),
                   SignalValue("flow", key, "month_sales_receipt_ratio", "当月销售资金归行率", ratio)]
    regulation = Clauses.FIXED_RECEIPT_ACCOUNT if regulation_for(main_product(borrower)) == "fixed" \
        else Clauses.WORKING_RECEIPT_ACCOUNT
    title = (f"销售资金归行率连续{below}个月低于约定的{fmt_percent(agreed)}（{fmt_period(last)}为"
             f"{fmt_percent(last_ratio)}）") if below > 1 else \
        f"{fmt_period(last)}销售资金归行率{fmt_percent(last_ratio)}，低于约定的{fmt_percent(agreed)}"
    advice = ("约谈借款人，要求按约定将销售回款归集至本行账户，加强资金账户监管，并提交贷后管理例会审议。"
              if level == "橙" else "核实归行率下降原因，要求借款人按约定将销售回款归集至本行账户。")
    return [RiskSignal.at(level, "sales_receipts_below_agreed", title, tuple(values), Clauses.BANK_SALES_RECEIPTS,
                          advice, borrower.id, regulation)]
