"""Financial ratios computed from statements (never typed in) and their period-on-period change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from assistant.records.models import FinancialStatement

FOUR = Decimal("0.0001")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class StatementRatios:
    """Ratios of one period; None when an input is missing or a denominator is zero."""

    period: str
    months: int
    annual_revenue: Decimal | None
    annual_net_profit: Decimal | None
    current_ratio: Decimal | None
    debt_ratio: Decimal | None
    receivables_turnover: Decimal | None
    net_margin: Decimal | None


def _div(numerator: Decimal | None, denominator: Decimal | None, q: Decimal = FOUR) -> Decimal | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(q)


def annualise(value: Decimal | None, months: int) -> Decimal | None:
    """Year-to-date flow figures scaled to twelve months so periods of different length compare."""
    if value is None or not months:
        return None
    return (Decimal(value) * 12 / months).quantize(CENT)


def ratios(statement: FinancialStatement) -> StatementRatios:
    months = statement.months or 12
    revenue = annualise(statement.revenue, months)
    return StatementRatios(
        period=statement.period,
        months=months,
        annual_revenue=revenue,
        annual_net_profit=annualise(statement.net_profit, months),
        current_ratio=_div(statement.current_assets, statement.current_liabilities),
        debt_ratio=_div(statement.total_liabilities, statement.total_assets),
        receivables_turnover=_div(revenue, statement.accounts_receivable),
        net_margin=_div(statement.net_profit, statement.revenue),
    )


def change(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """Relative change current vs previous (-0.25 = fell by 25%); None without a positive base."""
    if current is None or previous is None or previous <= 0:
        return None
    return ((Decimal(current) - Decimal(previous)) / Decimal(previous)).quantize(FOUR)


def ordered(statements: list[FinancialStatement]) -> list[FinancialStatement]:
    return sorted(statements, key=lambda s: s.period)


def comparison_base(statements: list[FinancialStatement]) -> FinancialStatement | None:
    """What the latest statement is compared with (细则 第三十一条): the same period of the previous year;
    without one, the previous full year (compared annualised); failing both, the statement before it."""
    rows = ordered(statements)
    if len(rows) < 2:
        return None
    latest = rows[-1]
    year = int(latest.period[:4]) - 1
    same = [s for s in rows if s.period == f"{year}{latest.period[4:]}" and s.months == latest.months]
    full = [s for s in rows if s.period == f"{year}-12" and (s.months or 12) == 12]
    return (same or full or rows[-2:-1])[0]


def statement_table(statements: list[FinancialStatement]) -> list[dict]:
    """Each period with its inputs, computed ratios and the change against the previous period."""
    rows: list[dict] = []
    previous: StatementRatios | None = None
    for statement in ordered(statements):
        current = ratios(statement)
        rows.append({
            "period": statement.period,
            "months": current.months,
            "revenue": statement.revenue,
            "net_profit": statement.net_profit,
            "total_assets": statement.total_assets,
            "total_liabilities": statement.total_liabilities,
            "current_assets": statement.current_assets,
            "current_liabilities": statement.current_liabilities,
            "accounts_receivable": statement.accounts_receivable,
            "operating_cash_flow": statement.operating_cash_flow,
            "ratios": {
                "annual_revenue": current.annual_revenue,
                "annual_net_profit": current.annual_net_profit,
                "current_ratio": current.current_ratio,
                "debt_ratio": current.debt_ratio,
                "receivables_turnover": current.receivables_turnover,
                "net_margin": current.net_margin,
            },
            "change": _changes(current, previous),
        })
        previous = current
    return rows


def _changes(current: StatementRatios, previous: StatementRatios | None) -> dict | None:
    if previous is None:
        return None
    return {
        "previous_period": previous.period,
        "annual_revenue": change(current.annual_revenue, previous.annual_revenue),
        "annual_net_profit": change(current.annual_net_profit, previous.annual_net_profit),
        "current_ratio": change(current.current_ratio, previous.current_ratio),
        "receivables_turnover": change(current.receivables_turnover, previous.receivables_turnover),
    }


def period_window(period: str, months: int) -> tuple[date, date]:
    """First and last day covered by a year-to-date statement ending in `period` (YYYY-MM)."""
    year, month = int(period[:4]), int(period[5:7])
    start_index = year * 12 + (month - 1) - (months - 1)
    start = date(start_index // 12, start_index % 12 + 1, 1)
    end_index = year * 12 + month
    end = date(end_index // 12, end_index % 12 + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)
