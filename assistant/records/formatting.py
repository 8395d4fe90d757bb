"""Display formats shared by signal titles and drafts: 万元 with 2 decimals, percentages, ratios, dates."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

TEN_THOUSAND = Decimal("10000")


def q2(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def fmt_amount(value: Decimal) -> str:
    """元 → 万元 with two decimals: 3000000 → 300.00万元."""
    return f"{q2(Decimal(value) / TEN_THOUSAND):,.2f}万元".replace(",", "")


def fmt_date(value: date) -> str:
    return f"{value.year:04d}年{value.month:02d}月{value.day:02d}日"


def fmt_period(value: str) -> str:
    """Statement period YYYY-MM → YYYY年MM月."""
    return f"{value[:4]}年{value[5:7]}月"


def fmt_percent(value: Decimal) -> str:
    """0.1234 → 12.34%."""
    return f"{q2(Decimal(value) * 100)}%"


def fmt_ratio(value: Decimal) -> str:
    """A plain ratio (e.g. 流动比率) with two decimals: 0.8800 → 0.88."""
    return f"{q2(Decimal(value))}"
