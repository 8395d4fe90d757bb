"""Risk-signal value types shared by the rule modules, the drafter and the meeting material."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from assistant.records.rules import LEVEL_SEVERITY, SEVERITY_LEVEL, ClauseRef


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
    severity: str      # 高 / 中 / 低, one to one with `level` (rules.LEVEL_SEVERITY)
    values: tuple[SignalValue, ...]
    clause_ref: ClauseRef
    advice_zh: str
    borrower_id: str = ""
    extra_refs: tuple[ClauseRef, ...] = field(default=())
    level: str = ""    # 红 / 橙 / 黄 (《示范银行风险预警信号处置指引》第三条); derived from severity when omitted

    def __post_init__(self) -> None:
        if not self.level:
            object.__setattr__(self, "level", SEVERITY_LEVEL[self.severity])
        elif LEVEL_SEVERITY.get(self.level) != self.severity:
            raise ValueError(f"signal {self.code}: level {self.level} does not match severity {self.severity}")

    @classmethod
    def at(cls, level: str, code: str, title_zh: str, values: tuple[SignalValue, ...], clause_ref: ClauseRef,
           advice_zh: str, borrower_id: str, *extra_refs: ClauseRef | None) -> "RiskSignal":
        """A signal of a 指引 level (红/橙/黄); its severity follows from the level."""
        return cls(code, title_zh, LEVEL_SEVERITY[level], values, clause_ref, advice_zh, borrower_id,
                   tuple(ref for ref in extra_refs if ref is not None), level)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title_zh": self.title_zh,
            "severity": self.severity,
            "level": self.level,
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
    extra_refs: tuple[ClauseRef, ...] = ()

    @property
    def too_optimistic(self) -> bool:
        return self.current != self.suggested

    def as_dict(self) -> dict[str, Any]:
        return {"current": self.current, "suggested": self.suggested, "reason_zh": self.reason_zh,
                "clause_ref": self.clause_ref.as_dict() if self.clause_ref else None,
                "extra_refs": [ref.as_dict() for ref in self.extra_refs],
                "values": [value.as_dict() for value in self.values]}


SEVERITY_ORDER = {"高": 0, "中": 1, "低": 2}
LEVEL_ORDER = {"红": 0, "橙": 1, "黄": 2}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
