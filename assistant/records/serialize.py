"""A loaded borrower as JSON-ready data (`borrowers show --json`, API detail), personal data masked."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect as sa_inspect

from assistant import clock
from assistant.records import finance
from assistant.records.models import Borrower
from assistant.records.rules import DEFAULT_RULES, RiskRules, worst
from assistant.records.deadlines import deadlines
from assistant.records.signals import classification_advice, evaluate_signals, next_inspection_due
from assistant.security.masking import ROLES_NEEDING_PERSONAL_DATA, mask_value
from assistant.security.scope import Scope

PERSONAL_KINDS = ("个人经营", "个人消费")


def plain(value: Any) -> Any:
    """JSON-safe value: Decimal → number (2-decimal 元 amounts print exactly), date → ISO string."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def row_to_dict(row: Any, exclude: tuple[str, ...] = ("borrower_id",)) -> dict[str, Any]:
    columns = sa_inspect(type(row)).columns
    return {c.key: plain(getattr(row, c.key)) for c in columns if c.key not in exclude}


def _collateral(borrower: Borrower) -> list[dict]:
    balances = {loan.loan_id: loan.balance for loan in borrower.loans}
    items = []
    for item in borrower.collateral:
        data = row_to_dict(item, exclude=("borrower_id", "id"))
        balance = balances.get(item.loan_id or "")
        data["loan_to_value"] = plain((balance / item.appraised_value).quantize(Decimal("0.0001"))) \
            if balance is not None and item.appraised_value else None
        items.append(data)
    return items


def collateral_limits(borrower: Borrower, rules: RiskRules = DEFAULT_RULES) -> list[dict]:
    """Per loan whose collateral is over its 抵押率 cap (细则 第三十三条): the balance the cap allows."""
    from assistant.records.signals_collateral import collateral_signals

    limits = []
    for signal in collateral_signals(borrower, rules, clock.today()):
        if signal.code != "collateral_coverage_low":
            continue
        values = {v.field: v for v in signal.values}
        total, cap = values["collateral_total"].value, values["loan_to_value_cap"].value
        limits.append({"loan_id": values["balance"].record_id, "collateral_total": plain(total), "cap": plain(cap),
                       "max_balance": plain((total * cap).quantize(Decimal("0.01"))),
                       "balance": plain(values["balance"].value)})
    return limits


def reveals_personal_data(scope: Scope | None) -> bool:
    """Officers and branch heads work with the full numbers of the borrowers in their scope; others see masks."""
    return scope is not None and scope.role in ROLES_NEEDING_PERSONAL_DATA


def borrower_to_dict(borrower: Borrower, *, rules: RiskRules = DEFAULT_RULES, today: date | None = None,
                     reveal_personal: bool = False) -> dict:
    """Every record of the borrower plus computed ratios, signals, classification advice and next inspection.

    An individual's 证件号码 and phone are masked unless `reveal_personal` (see reveals_personal_data)."""
    today = today or clock.today()
    data = row_to_dict(borrower, exclude=())
    if borrower.kind in PERSONAL_KINDS and not reveal_personal:
        data["id_number"] = mask_value("id_number", borrower.id_number) if borrower.id_number else ""
        data["phone"] = mask_value("mobile", borrower.phone) if borrower.phone else ""
    loans = borrower.loans
    data.update({
        "classification": worst([loan.classification for loan in loans]),
        "balance": plain(sum((loan.balance for loan in loans), Decimal("0.00"))),
        "overdue_days": max((loan.overdue_days for loan in loans), default=0),
        "loans": [row_to_dict(loan) for loan in loans],
        "collateral": _collateral(borrower),
        "guarantors": [row_to_dict(g, exclude=("borrower_id", "id")) for g in borrower.guarantors],
        "statements": plain(finance.statement_table(borrower.statements)),
        "flows": [row_to_dict(flow, exclude=("borrower_id", "id")) for flow in borrower.flows],
        "inspections": [row_to_dict(i) for i in borrower.inspections],
        "events": [row_to_dict(e) for e in borrower.events],
        "case_notes": [row_to_dict(c) for c in borrower.case_notes],
        "signals": [s.as_dict() for s in evaluate_signals(borrower, rules, today)],
        "classification_advice": classification_advice(borrower, rules).as_dict(),
        "next_inspection_due": plain(next_inspection_due(borrower, rules)),
        "deadlines": [d.as_dict() for d in deadlines(borrower, rules, today)],
        "collateral_limits": collateral_limits(borrower, rules),
    })
    return data
