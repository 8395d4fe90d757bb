"""Risk-signal value types shared by the rule modules, the drafter and the meeting material."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from assistant.records.rules import ClauseRef


@dataclass(frozen=True)
class SignalValue:
    """One record value that triggered a signal: which record, which field, what value."""

    record: str        # table: loan, collateral, statement, flow, inspection, event, borrower
    record_id: str     # loan_id, collateral_id, flow_id, period, event/inspection id, borrower id
    field: str         # model attribute name, e.g. overdue_days; computed values use a descriptive name
    label_zh: str      # 逾期天数
    value: Any

    def as_dict(self) -> dict[str, Any]:
        return {"record": self.record, "record_id": self.record_id, "field": self.field,
                "label_zh": self.label_zh, "value": _plain(self.value)}


@dataclass(frozen=True)
class RiskSignal:
    """A risk warning computed from the records, with the values and the clause that ground it."""

    code: str
    title_zh: str
    severity: str      # 高 / 中 / 低
    values: tuple[SignalValue, ...]
    clause_ref: ClauseRef
    advice_zh: str
    borrower_id: str = ""
    extra_refs: tuple[ClauseRef, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title_zh": self.title_zh,
            "severity": self.severity,
            "values": [value.as_dict() for value in self.values],
            "clause_ref": self.clause_ref.as_dict(),
            "extra_refs": [ref.as_dict() for ref in self.extra_refs],
            "advice_zh": self.advice_zh,
            "borrower_id": self.borrower_id,
        }


@dataclass(frozen=True)
class ClassificationAdvice:
    """The five-category class the overdue rules call for, against the current (worst) class."""

    current: str | None
    suggested: str | None
    reason_zh: str
    clause_ref: ClauseRef | None
    values: tuple[SignalValue, ...] = ()

    @property
    def too_optimistic(self) -> bool:
        return self.current != self.suggested

    def as_dict(self) -> dict[str, Any]:
        return {"current": self.current, "suggested": self.suggested, "reason_zh": self.reason_zh,
                "clause_ref": self.clause_ref.as_dict() if self.clause_ref else None,
                "values": [value.as_dict() for value in self.values]}


SEVERITY_ORDER = {"高": 0, "中": 1, "低": 2}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
