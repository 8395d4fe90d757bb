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


def _first_inspection(borrower: Borrower, rules: RiskRules) -> list[Deadline]:
    days = rules.first_inspection_days.get(borrower.kind)
    if not borrower.loans or days is None:
        return []
    first = min(borrower.loans, key=lambda loan: loan.start_date)
    due = first.start_date + timedelta(days=days)
    done = min((i.date for i in borrower.inspections if i.date >= first.start_date), default=None)
    state = f"档案中最早的检查记录为{done.isoformat()}" if done else "档案中没有检查记录"
    return [Deadline("first_inspection", first.loan_id, due,
                     f"首次贷后检查应自首笔贷款发放（{first.start_date.isoformat()}）起{days}日内、即{due.isoformat()}前完成，"
                     f"{state}", Clauses.BANK_FIRST_INSPECTION)]


def _reappraisals(borrower: Borrower, rules: RiskRules) -> list[Deadline]:
    from assistant.records.signals_events import add_months

    out = []
    for item in borrower.collateral:
        months = next((m for name, m in rules.reappraisal_months.items() if name in (item.type or "")), None)
        if months is None or item.appraisal_date is None:
            continue
        due = add_months(item.appraisal_date, months)
        out.append(Deadline("reappraisal", item.loan_id or "", due,
                            f"押品{item.collateral_id}（{item.type}）每{months}个月至少重估一次，上次评估"
                            f"{item.appraisal_date.isoformat()}，下次重估应在{due.isoformat()}前完成", Clauses.BANK_REAPPRAISAL))
    return out


def _bands(rules: RiskRules) -> tuple[tuple[int, str, ClauseRef], ...]:
    return ((rules.attention_overdue_days, "关注", Clauses.CLASS_ATTENTION),
            (rules.substandard_overdue_days, "次级", Clauses.CLASS_SUBSTANDARD),
            (rules.doubtful_overdue_days, "可疑", Clauses.CLASS_DOUBTFUL),
            (rules.loss_overdue_days, "损失", Clauses.CLASS_LOSS))


def deadlines(borrower: Borrower, rules: RiskRules, today: date) -> list[Deadline]:
    out: list[Deadline] = _first_inspection(borrower, rules) + _reappraisals(borrower, rules)
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
