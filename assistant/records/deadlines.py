"""Dated deadlines the rules set from a borrower's records: the day a loan enters a stricter overdue band and
the notices before maturity. Part of the records view (`borrowers show --json` → deadlines), so every date the
chat states traces to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from assistant.records.models import Borrower
from assistant.records.rules import Clauses, ClauseRef, RiskRules, class_rank


@dataclass(frozen=True)
class Deadline:
    code: str          # next_class | maturity_notice | maturity_check | extension_request
    loan_id: str
    date: date
    text_zh: str
    clause_ref: ClauseRef

    def as_dict(self) -> dict:
        return {"code": self.code, "loan_id": self.loan_id, "date": self.date.isoformat(), "text_zh": self.text_zh,
                "clause_ref": self.clause_ref.as_dict()}


def _bands(rules: RiskRules) -> tuple[tuple[int, str, ClauseRef], ...]:
    return ((rules.attention_overdue_days, "关注", Clauses.CLASS_ATTENTION),
            (rules.substandard_overdue_days, "次级", Clauses.CLASS_SUBSTANDARD),
            (rules.doubtful_overdue_days, "可疑", Clauses.CLASS_DOUBTFUL),
            (rules.loss_overdue_days, "损失", Clauses.CLASS_LOSS))


def deadlines(borrower: Borrower, rules: RiskRules, today: date) -> list[Deadline]:
    out: list[Deadline] = []
    for loan in borrower.loans:
        days = loan.overdue_days or 0
        if days > 0:
            # the next band the loan has not reached yet and its class is not already at: “超过N天” = from day N+1
            for limit, cls, clause in _bands(rules):
                if days <= limit and class_rank(loan.classification) < class_rank(cls):
                    when = today + timedelta(days=limit + 1 - days)
                    out.append(Deadline("next_class", loan.loan_id, when,
                                        f"贷款{loan.loan_id}若仍未归还，自逾期第{limit + 1}天（{when.isoformat()}）起"
                                        f"至少归为{cls}类", clause))
                    break
        elif loan.maturity_date and loan.maturity_date > today:
            for code, before, what in (("maturity_notice", rules.maturity_notice_days, "向借款人发出到期还款提示"),
                                       ("extension_request", rules.extension_request_days, "为借款人申请展期的最晚日期"),
                                       ("maturity_check", rules.maturity_check_days, "核实还款资金来源和账户备付情况")):
                when = loan.maturity_date - timedelta(days=before)
                if when >= today:
                    text = (f"贷款{loan.loan_id}到期日{loan.maturity_date.isoformat()}，到期前{before}日"
                            f"（{when.isoformat()}）{what}")
                    out.append(Deadline(code, loan.loan_id, when, text, Clauses.BANK_MATURITY))
    return out
