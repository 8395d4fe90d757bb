"""What every section builder shares: the borrower, the report date, the rules, clause lookup and the fact book."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

from assistant.drafting.clauses import ClauseLookup
from assistant.drafting.facts import Fact, FactBook, FactKind, Source, make_fact, record_fact
from assistant.drafting.report import ClauseCitation
from assistant.records.models import Borrower
from assistant.records.rules import ClauseRef, RiskRules
from assistant.records.signal_types import SignalValue

# records' SignalValue.record names → table names used in provenance
SIGNAL_TABLES = {"loan": "loans", "collateral": "collateral", "statement": "financial_statements",
                 "flow": "account_flows", "inspection": "inspections", "event": "external_events",
                 "borrower": "borrowers"}
# computed signal values shown as percentages (the rest of the decimals are plain ratios such as 流动比率)
PERCENT_FIELDS = ("_change", "sales_receipt_ratio", "loan_to_value", "loan_to_value_cap")
PERIOD_FIELDS = ("period", "month")  # YYYY-MM values, printed as YYYY年MM月
MODEL_FIELDS = {
    "loans": {"amount", "balance", "start_date", "maturity_date", "rate", "overdue_principal", "overdue_interest",
              "overdue_days", "classification", "extended", "restructured", "agreed_purpose", "payment_mode"},
    "collateral": {"appraised_value", "previous_appraised_value", "market_value", "appraisal_date",
                   "registration_end_date"},
    "financial_statements": {"revenue", "net_profit", "total_assets", "total_liabilities", "current_assets",
                             "current_liabilities", "accounts_receivable", "operating_cash_flow"},
    "account_flows": {"amount", "counterparty", "date", "payment_mode"},
    "external_events": {"date", "description"},
    "inspections": {"date"},
    "borrowers": {"agreed_sales_receipt_ratio"},
}


@dataclass
class DraftContext:
    borrower: Borrower
    today: date
    rules: RiskRules
    lookup: ClauseLookup
    book: FactBook = field(default_factory=FactBook)

    def rec(self, label: str, kind: FactKind, row: Any, table: str, record_id: str, field_name: str) -> Fact:
        return self.book.add(record_fact(label, kind, row, table, record_id, field_name))

    def derived(self, label: str, kind: FactKind, value: Any, *sources: Source) -> Fact:
        return self.book.add(make_fact(label, kind, value, *sources, origin="derived"))

    def context(self, label: str, kind: FactKind, value: Any, field_name: str) -> Fact:
        return self.book.add(make_fact(label, kind, value, Source("draft", self.borrower.id, field_name),
                                       origin="context"))

    def rule(self, label: str, kind: FactKind, value: Any, rule_field: str) -> Fact:
        return self.book.add(make_fact(label, kind, value, Source("risk_rules", "DEFAULT_RULES", rule_field),
                                       origin="rule"))

    def cite(self, *refs: ClauseRef | None) -> tuple[ClauseCitation, ...]:
        return tuple(c for c in (self.lookup.cite(ref) for ref in refs if ref is not None) if c is not None)

    def register_rules(self) -> None:
        """The numeric thresholds of the risk rules: the records' reasons and advice print them."""
        for item in fields(self.rules):
            value = getattr(self.rules, item.name)
            if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
                continue
            kind: FactKind = "count" if isinstance(value, int) else "amount" if value >= 1000 else "ratio"
            self.rule(item.name, kind, value, item.name)

    def signal_fact(self, value: SignalValue) -> Fact:
        """A record value that triggered a signal, as a fact (derived when not a stored field)."""
        table = SIGNAL_TABLES.get(value.record, value.record)
        stored = value.field in MODEL_FIELDS.get(table, set())
        fact = make_fact(value.label_zh.replace("（元）", ""), _signal_kind(value), _signal_plain(value.value),
                         Source(table, value.record_id, value.field), origin="record" if stored else "derived")
        return self.book.add(fact)


def _signal_kind(value: SignalValue) -> FactKind:
    raw = value.value
    if value.field in PERIOD_FIELDS and isinstance(raw, str):
        return "period"
    if isinstance(raw, bool) or isinstance(raw, str):
        return "text"
    if isinstance(raw, date):
        return "date"
    if isinstance(raw, int):
        return "count"
    if "元" in value.label_zh:
        return "amount"
    if value.field.endswith(PERCENT_FIELDS):
        return "percent"
    return "ratio"


def _signal_plain(raw: Any) -> Any:
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float):
        return Decimal(str(raw))
    return raw
