"""Financial ratios are computed from statement inputs, annualised across periods of different length."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant.records import finance
from assistant.records.models import FinancialStatement

pytestmark = pytest.mark.unit


def statement(period: str, months: int, revenue: int, receivable: int, ca: int, cl: int) -> FinancialStatement:
    return FinancialStatement(period=period, months=months, revenue=Decimal(revenue), net_profit=Decimal(revenue // 10),
                              total_assets=Decimal(2 * revenue), total_liabilities=Decimal(revenue),
                              current_assets=Decimal(ca), current_liabilities=Decimal(cl),
                              accounts_receivable=Decimal(receivable))


def test_ratios_and_period_on_period_change():
    rows = finance.statement_table([statement("2026-09", 9, 900, 300, 90, 100), statement("2025-12", 12, 1000, 200,
                                                                                          150, 100)])
    assert [row["period"] for row in rows] == ["2025-12", "2026-09"]
    latest = rows[1]
    assert latest["ratios"]["annual_revenue"] == Decimal("1200.00")          # 900 over 9 months, annualised
    assert latest["ratios"]["current_ratio"] == Decimal("0.9000")
    assert latest["ratios"]["receivables_turnover"] == Decimal("4.0000")     # 1200 / 300
    assert latest["ratios"]["debt_ratio"] == Decimal("0.5000")
    assert latest["change"]["annual_revenue"] == Decimal("0.2000")
    assert latest["change"]["current_ratio"] == Decimal("-0.4000")
    assert latest["change"]["receivables_turnover"] == Decimal("-0.2000")    # 5 → 4
    assert rows[0]["change"] is None


def test_missing_inputs_give_none_not_zero():
    empty = FinancialStatement(period="2026-06", months=6)
    ratios = finance.ratios(empty)
    assert ratios.current_ratio is None and ratios.annual_revenue is None
    assert finance.change(Decimal(1), Decimal(0)) is None


@pytest.mark.parametrize("period, months, window", [
    ("2026-09", 9, (date(2026, 1, 1), date(2026, 9, 30))),
    ("2025-12", 12, (date(2025, 1, 1), date(2025, 12, 31))),
    ("2026-02", 6, (date(2025, 9, 1), date(2026, 2, 28))),
])
def test_period_window(period, months, window):
    assert finance.period_window(period, months) == window
