"""Facts of a draft: each printed figure or name with its value, one display format and its provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from assistant.records.formatting import (  # noqa: F401 - one format for signal titles and drafts
    TEN_THOUSAND,
    fmt_amount,
    fmt_date,
    fmt_percent,
    fmt_period,
    fmt_ratio,
    q2,
)

FactKind = Literal["amount", "ratio", "percent", "count", "date", "period", "text", "name", "id"]
Origin = Literal["record", "derived", "rule", "context"]  # context: the report date

MISSING = "待补充（{label}）"


@dataclass(frozen=True)
class Source:
    """Where a value comes from: a record field (table, record id, field) or a rule threshold."""

    table: str        # borrowers, loans, collateral, guarantors, financial_statements, account_flows, ...
    record_id: str    # borrower id, loan_id, collateral_id, period, flow_id, ...
    field: str        # model attribute, e.g. overdue_days

    def as_dict(self) -> dict[str, str]:
        return {"table": self.table, "record_id": self.record_id, "field": self.field}


@dataclass(frozen=True)
class Fact:
    """One value printed in a draft; `text` is exactly what the draft shows."""

    label: str                    # 中文 label, also the name shown in 待补充（…）
    kind: FactKind
    value: Any                    # Decimal, int, date, str or None (missing)
    sources: tuple[Source, ...]
    origin: Origin = "record"
    text: str = field(default="")

    @property
    def missing(self) -> bool:
        return self.value is None or self.value == ""

    def as_dict(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, Decimal):
            value = float(value)
        elif isinstance(value, date):
            value = value.isoformat()
        return {"label": self.label, "text": self.text, "value": value, "kind": self.kind,
                "origin": self.origin, "missing": self.missing,
                "sources": [source.as_dict() for source in self.sources]}


def format_value(kind: FactKind, value: Any) -> str:
    if kind == "amount":
        return fmt_amount(value)
    if kind == "date":
        return fmt_date(value)
    if kind == "period":
        return fmt_period(value)
    if kind == "percent":
        return fmt_percent(value)
    if kind == "ratio":
        return fmt_ratio(value)
    if kind == "count":
        return str(int(value))
    return str(value)


def make_fact(label: str, kind: FactKind, value: Any, *sources: Source, origin: Origin = "record") -> Fact:
    """A fact with its display text; a missing value prints 待补充（label）, never a guess."""
    missing = value is None or value == ""
    text = MISSING.format(label=label) if missing else format_value(kind, value)
    return Fact(label, kind, None if missing else value, tuple(sources), origin, text)


def record_fact(label: str, kind: FactKind, row: Any, table: str, record_id: str, field_name: str) -> Fact:
    """The value of `row.field_name` with its record as the source."""
    return make_fact(label, kind, getattr(row, field_name, None), Source(table, record_id, field_name))


def rule_fact(label: str, kind: FactKind, value: Any, rule_field: str) -> Fact:
    """A threshold of the risk rules (records.rules.RiskRules), printed in rule statements."""
    return make_fact(label, kind, value, Source("risk_rules", "DEFAULT_RULES", rule_field), origin="rule")


class FactBook:
    """Every fact of one draft, in order of use; the grounding check and the API read it."""

    def __init__(self) -> None:
        self.facts: list[Fact] = []

    def add(self, fact: Fact) -> Fact:
        self.facts.append(fact)
        return fact

    def record_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for fact in self.facts:
            for source in fact.sources:
                if fact.origin in ("record", "derived") and source.record_id not in ("", "*"):
                    seen[f"{source.table}:{source.record_id}"] = None
        return list(seen)

    def present(self) -> list[Fact]:
        return [fact for fact in self.facts if not fact.missing]

    def missing(self) -> list[Fact]:
        return [fact for fact in self.facts if fact.missing]
