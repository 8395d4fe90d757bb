"""The risk manager's branch picture: balances by five categories, new overdue, signals by type, inspections due."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from assistant.drafting.facts import Fact, FactBook, Source, make_fact
from assistant.drafting.report import Statement, Table, say
from assistant.records.models import CLASSIFICATIONS, Borrower
from assistant.records.signal_types import RiskSignal

CLASS_COLUMNS = ("风险分类", "户数", "贷款笔数", "贷款余额", "余额占比")
OVERDUE_COLUMNS = ("借款人", "贷款编号", "逾期天数", "逾期本金", "风险分类")
SIGNAL_COLUMNS = ("风险信号", "等级", "涉及户数")
SIGNAL_NAMES = {"overdue": "贷款逾期", "classification_too_optimistic": "风险分类偏乐观", "extended": "展期",
                "restructured": "重组", "collateral_coverage_low": "押品覆盖不足", "collateral_value_drop": "押品价值下降",
                "registration_term_short": "抵押登记期限不足", "self_payment_over_threshold": "应受托支付而自主支付",
                "purpose_deviation": "资金用途偏离", "current_ratio_low": "流动比率过低", "revenue_decline": "营业收入下降",
                "profit_decline": "净利润下降", "current_ratio_falling": "流动比率下降",
                "receivables_turnover_falling": "应收账款周转率下降", "sales_receipts_below_agreed": "销售资金归行率不足",
                "event_litigation": "涉诉", "event_enforcement": "被执行", "event_credit_report": "征信恶化",
                "event_controller_change": "实际控制人变更", "inspection_overdue": "现场检查超期"}


@dataclass
class BranchPicture:
    statements: list[Statement]
    tables: list[Table]                 # 五级分类, 本期新增逾期, 风险信号分布 (in this order)
    facts: dict[str, Fact] = field(default_factory=dict)   # the figures of the statements, by name
    inspections_overdue: list[str] = field(default_factory=list)   # borrower ids
    signal_codes: list[str] = field(default_factory=list)  # code of each row of the signal table


def _derived(book: FactBook, label: str, kind, value, sources) -> Fact:
    return book.add(make_fact(label, kind, value, *(sources or (Source("loans", "*", "balance"),)),
                              origin="derived"))


def _class_table(book: FactBook, borrowers: list[Borrower]) -> tuple[Table, Fact, Fact, Fact]:
    groups: dict[str, list] = defaultdict(list)
    for b in borrowers:
        for loan in b.loans:
            groups[loan.classification].append(loan)
    total = sum((loan.balance for loans in groups.values() for loan in loans), Decimal("0"))
    rows = []
    for name in CLASSIFICATIONS:
        loans = groups.get(name, [])
        src = [Source("loans", loan.loan_id, "balance") for loan in loans]
        balance = sum((loan.balance for loan in loans), Decimal("0"))
        share = (balance / total).quantize(Decimal("0.0001")) if total else None
        rows.append((name, _derived(book, f"{name}类户数", "count", len({l.borrower_id for l in loans}), src),
                     _derived(book, f"{name}类笔数", "count", len(loans), src),
                     _derived(book, f"{name}类余额", "amount", balance, src),
                     _derived(book, f"{name}类占比", "percent", share, src)))
    bad = [loan for name in ("次级", "可疑", "损失") for loan in groups.get(name, [])]
    bad_src = [Source("loans", loan.loan_id, "balance") for loan in bad]
    bad_balance = sum((loan.balance for loan in bad), Decimal("0"))
    all_src = [Source("loans", l.loan_id, "balance") for loans in groups.values() for l in loans]
    return (Table("贷款五级分类情况", CLASS_COLUMNS, tuple(rows)), _derived(book, "贷款余额合计", "amount", total, all_src),
            _derived(book, "不良贷款余额", "amount", bad_balance, bad_src),
            _derived(book, "不良率", "percent", (bad_balance / total).quantize(Decimal("0.0001")) if total else None,
                     all_src))


def _overdue_table(book: FactBook, borrowers: list[Borrower], period_days: int) -> Table:
    rows = []
    for b in borrowers:
        for loan in b.loans:
            if 0 < (loan.overdue_days or 0) <= period_days:
                rec = lambda label, kind, field: book.add(make_fact(  # noqa: E731
                    label, kind, getattr(loan, field), Source("loans", loan.loan_id, field)))
                rows.append((book.add(make_fact("借款人", "name", b.name, Source("borrowers", b.id, "name"))),
                             rec("贷款编号", "id", "loan_id"), rec("逾期天数", "count", "overdue_days"),
                             rec("逾期本金", "amount", "overdue_principal"), rec("风险分类", "text", "classification")))
    return Table("本期新增逾期贷款", OVERDUE_COLUMNS, tuple(rows))


def _signal_table(book: FactBook, signals: dict[str, list[RiskSignal]]) -> tuple[Table, list[str]]:
    counts: dict[tuple[str, str], set[str]] = defaultdict(set)
    for borrower_id, items in signals.items():
        for s in items:
            counts[(s.code, s.severity)].add(borrower_id)
    ordered = sorted(counts.items(), key=lambda kv: (kv[0][1] != "高", kv[0][0]))
    rows = tuple((SIGNAL_NAMES.get(code, code), severity,
                  _derived(book, "涉及户数", "count", len(ids), [Source("borrowers", i, "signals") for i in sorted(ids)]))
                 for (code, severity), ids in ordered)
    return Table("风险信号分布", SIGNAL_COLUMNS, rows), [code for (code, _), _ in ordered]


def branch_picture(book: FactBook, borrowers: list[Borrower], signals: dict[str, list[RiskSignal]],
                   period_start: date, meeting_date: date) -> BranchPicture:
    """Computed from the records of every borrower of the branch in the caller's scope."""
    classes, total, bad, ratio = _class_table(book, borrowers)
    period_days = (meeting_date - period_start).days
    overdue = _overdue_table(book, borrowers, period_days)
    by_signal, codes = _signal_table(book, signals)
    late = sorted(b for b, items in signals.items() if any(s.code == "inspection_overdue" for s in items))
    start = book.add(make_fact("统计期起始日", "date", period_start, Source("meetings", "previous", "meeting_date"),
                               origin="context"))
    facts = dict(count=_derived(book, "借款人户数", "count", len(borrowers),
                                [Source("borrowers", b.id, "id") for b in borrowers]),
                 total=total, bad=bad, ratio=ratio, start=start,
                 new=_derived(book, "新增逾期笔数", "count", len(overdue.rows), None),
                 late=_derived(book, "现场检查超期户数", "count", len(late),
                               [Source("borrowers", b, "signals") for b in late]))
    statements = [
        say("本行（支行）管户借款人{count}户，贷款余额合计{total}，其中不良贷款余额{bad}，不良率{ratio}。", **facts),
        say("自{start}以来新增逾期贷款{new}笔；现场检查超期{late}户。", start=start, new=facts["new"],
            late=facts["late"]),
    ]
    if late:
        ids = [book.add(make_fact("借款人编号", "id", b, Source("borrowers", b, "id"))) for b in late]
        statements.append(Statement("现场检查超期的借款人：" + "、".join(f.text for f in ids) + "。", tuple(ids)))
    return BranchPicture(statements, [classes, overdue, by_signal], facts, late, codes)


def _v(cell):
    """The plain JSON value of a table cell (numbers as numbers, dates as ISO text)."""
    return cell.as_dict()["value"] if isinstance(cell, Fact) else cell


def picture_dict(picture: BranchPicture) -> dict:
    """The picture as JSON for charts: the same figures the minutes print, plus the tables with their sources."""
    classes, overdue, by_signal = picture.tables
    facts = {name: _v(fact) for name, fact in picture.facts.items()}
    return {
        "period_start": facts.get("start"),
        "summary": {"borrowers": facts.get("count"), "total_balance": facts.get("total"),
                    "bad_balance": facts.get("bad"), "bad_ratio": facts.get("ratio"),
                    "new_overdue_loans": facts.get("new"), "inspections_overdue": facts.get("late")},
        "classes": [dict(zip(("classification", "borrowers", "loans", "balance", "share"), map(_v, row)))
                    for row in classes.rows],
        "new_overdue": [{"borrower_id": row[0].sources[0].record_id,
                         **dict(zip(("borrower", "loan_id", "overdue_days", "overdue_principal", "classification"),
                                    map(_v, row)))} for row in overdue.rows],
        "signals": [{"code": code, "name": row[0], "severity": row[1], "borrowers": _v(row[2])}
                    for code, row in zip(picture.signal_codes, by_signal.rows)],
        "inspections_overdue": list(picture.inspections_overdue),
        "statements": [statement.text for statement in picture.statements],
        "tables": [table.as_dict() for table in picture.tables],
    }
