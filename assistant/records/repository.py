"""Scoped reads of borrower records: the caller's Scope is part of every query, never a filter afterwards."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, case, false, func, select
from sqlalchemy.orm import Session, selectinload

from assistant.errors import NotFound
from assistant.records.models import CLASSIFICATIONS, Borrower, Loan
from assistant.security.scope import Scope

NOT_FOUND = "未找到借款人 {id}，或您无权查看该借款人"


@dataclass(frozen=True)
class BorrowerFilters:
    """Optional narrowing of a borrower list (within the caller's scope)."""

    branch: str | None = None
    officer_code: str | None = None
    classification: str | None = None   # worst classification of the borrower's loans
    kind: str | None = None
    query: str | None = None            # substring of id or name
    min_credit_limit: Decimal | None = None


def scoped(statement: Select, scope: Scope) -> Select:
    """Restrict a borrower query to what `scope` may see (branch, and own borrowers for officers)."""
    branches = scope.visible_branches()
    if branches is not None:
        statement = statement.where(Borrower.branch.in_(branches) if branches else false())
    if scope.role == "officer":
        statement = statement.where(Borrower.officer_code == scope.officer_code)
    return statement


def _rank_expr():
    return func.max(case({name: rank for rank, name in enumerate(CLASSIFICATIONS)}, value=Loan.classification,
                         else_=0))


def _summary_statement(scope: Scope, filters: BorrowerFilters) -> Select:
    rank = _rank_expr().label("rank")
    statement = (
        select(Borrower.id, Borrower.name, Borrower.branch, rank,
               func.coalesce(func.sum(Loan.balance), 0).label("balance"),
               func.coalesce(func.max(Loan.overdue_days), 0).label("overdue_days"),
               func.count(Loan.loan_id).label("loans"))
        .outerjoin(Loan, Loan.borrower_id == Borrower.id)
        .group_by(Borrower.id, Borrower.name, Borrower.branch)
        .order_by(Borrower.id)
    )
    statement = scoped(statement, scope)
    for column, value in ((Borrower.branch, filters.branch), (Borrower.officer_code, filters.officer_code),
                          (Borrower.kind, filters.kind)):
        if value:
            statement = statement.where(column == value)
    if filters.query:
        pattern = f"%{filters.query}%"
        statement = statement.where(Borrower.id.like(pattern) | Borrower.name.like(pattern))
    if filters.min_credit_limit is not None:
        statement = statement.where(Borrower.credit_limit >= filters.min_credit_limit)
    if filters.classification:
        statement = statement.having(rank == CLASSIFICATIONS.index(filters.classification))
    return statement


def list_borrowers(session: Session, scope: Scope, filters: BorrowerFilters | None = None) -> list[dict]:
    """Summary rows, exactly the `borrowers list --json` contract:
    {"id","name","branch","classification" (worst loan),"balance" (sum, 元, number),"overdue_days" (max)}."""
    rows = session.execute(_summary_statement(scope, filters or BorrowerFilters())).all()
    return [{
        "id": row.id,
        "name": row.name,
        "branch": row.branch,
        "classification": CLASSIFICATIONS[int(row.rank)] if row.loans else None,
        "balance": float(Decimal(row.balance).quantize(Decimal("0.01"))),
        "overdue_days": int(row.overdue_days),
    } for row in rows]


def _loaded(statement: Select) -> Select:
    return statement.options(
        selectinload(Borrower.loans), selectinload(Borrower.collateral), selectinload(Borrower.guarantors),
        selectinload(Borrower.statements), selectinload(Borrower.flows), selectinload(Borrower.inspections),
        selectinload(Borrower.events), selectinload(Borrower.case_notes))


def get_borrower(session: Session, scope: Scope, borrower_id: str) -> Borrower:
    """The borrower with every related record loaded; NotFound (same message) if unknown or out of scope."""
    statement = _loaded(scoped(select(Borrower).where(Borrower.id == borrower_id), scope))
    borrower = session.scalars(statement).one_or_none()
    if borrower is None:
        raise NotFound(NOT_FOUND.format(id=borrower_id))
    return borrower


def borrowers_for_review(session: Session, scope: Scope, branch: str | None = None,
                         ids: Collection[str] | None = None) -> list[Borrower]:
    """Every borrower in scope (optionally one branch, or only `ids`), fully loaded, ordered by id."""
    statement = scoped(select(Borrower), scope).order_by(Borrower.id)
    if branch:
        statement = statement.where(Borrower.branch == branch)
    if ids is not None:
        statement = statement.where(Borrower.id.in_(list(ids)))
    return list(session.scalars(_loaded(statement)))


def borrower_detail(session: Session, scope: Scope, borrower_id: str, today=None) -> dict:
    """`borrowers show --json`: the borrower with loans, collateral, statements (ratios), flows, signals."""
    from assistant.records.serialize import borrower_to_dict, reveals_personal_data

    return borrower_to_dict(get_borrower(session, scope, borrower_id), today=today,
                            reveal_personal=reveals_personal_data(scope))
