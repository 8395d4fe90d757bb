"""SQLAlchemy models of borrower records: borrowers, loans, collateral, statements, flows, inspections, events."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assistant.db import Base

Money = Numeric(18, 2)
Ratio = Numeric(9, 4)

BORROWER_KINDS = ("法人", "个人经营", "个人消费")
CLASSIFICATIONS = ("正常", "关注", "次级", "可疑", "损失")
PAYMENT_MODES = ("受托支付", "自主支付")
FLOW_KINDS = ("disbursement_payment", "sales_receipt", "other")
INSPECTION_KINDS = ("现场", "非现场")
EVENT_KINDS = ("litigation", "enforcement", "credit_report", "controller_change")
SEVERITIES = ("高", "中", "低")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _child_fk() -> Mapped[str]:
    return mapped_column(String(32), ForeignKey("borrowers.id", ondelete="CASCADE"), index=True)


class Borrower(Base):
    """借款人: a company (法人) or an individual (个人经营 / 个人消费) managed by one officer."""

    __tablename__ = "borrowers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    industry: Mapped[str] = mapped_column(String(100), default="")
    actual_controller: Mapped[str] = mapped_column(String(100), default="")
    id_number: Mapped[str] = mapped_column(String(32), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    branch: Mapped[str] = mapped_column(String(64), index=True)
    officer_code: Mapped[str] = mapped_column(String(64), index=True)
    officer_name: Mapped[str] = mapped_column(String(64), default="")
    credit_limit: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    agreed_sales_receipt_ratio: Mapped[Decimal | None] = mapped_column(Ratio, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)

    loans: Mapped[list[Loan]] = relationship(order_by="Loan.loan_id", passive_deletes=True)
    collateral: Mapped[list[Collateral]] = relationship(order_by="Collateral.collateral_id",
                                                        passive_deletes=True)
    guarantors: Mapped[list[Guarantor]] = relationship(order_by="Guarantor.name", passive_deletes=True)
    statements: Mapped[list[FinancialStatement]] = relationship(order_by="FinancialStatement.period",
                                                                passive_deletes=True)
    flows: Mapped[list[AccountFlow]] = relationship(order_by="(AccountFlow.date, AccountFlow.flow_id)",
                                                    passive_deletes=True)
    inspections: Mapped[list[Inspection]] = relationship(order_by="(Inspection.date, Inspection.id)",
                                                         passive_deletes=True)
    events: Mapped[list[ExternalEvent]] = relationship(order_by="(ExternalEvent.date, ExternalEvent.id)",
                                                       passive_deletes=True)
    case_notes: Mapped[list[CaseNoteLink]] = relationship(order_by="CaseNoteLink.id", passive_deletes=True)


class Loan(Base):
    """贷款: one loan contract with its balance, overdue state and five-category classification."""

    __tablename__ = "loans"

    loan_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    borrower_id: Mapped[str] = _child_fk()
    product: Mapped[str] = mapped_column(String(32))
    amount: Mapped[Decimal] = mapped_column(Money)
    balance: Mapped[Decimal] = mapped_column(Money)
    start_date: Mapped[date] = mapped_column(Date)
    maturity_date: Mapped[date] = mapped_column(Date)
    rate: Mapped[Decimal | None] = mapped_column(Numeric(9, 6), nullable=True)
    agreed_purpose: Mapped[str] = mapped_column(String(500), default="")
    # 约定交易对象, separated by ；or ; (payments to anyone else are a purpose deviation)
    agreed_counterparties: Mapped[str] = mapped_column(Text, default="")
    payment_mode: Mapped[str] = mapped_column(String(16))
    repayment_schedule: Mapped[str] = mapped_column(Text, default="")
    overdue_principal: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    overdue_interest: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    overdue_days: Mapped[int] = mapped_column(Integer, default=0)
    extended: Mapped[bool] = mapped_column(Boolean, default=False)
    restructured: Mapped[bool] = mapped_column(Boolean, default=False)
    classification: Mapped[str] = mapped_column(String(8))


class Collateral(Base):
    """押品: pledged or mortgaged asset with its appraisals and registration term."""

    __tablename__ = "collateral"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    collateral_id: Mapped[str] = mapped_column(String(64), unique=True)
    borrower_id: Mapped[str] = _child_fk()
    loan_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    type: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(String(500), default="")
    appraised_value: Mapped[Decimal] = mapped_column(Money)
    appraisal_date: Mapped[date] = mapped_column(Date)
    previous_appraised_value: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    previous_appraisal_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    market_value: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    registration_no: Mapped[str] = mapped_column(String(64), default="")
    registration_end_date: Mapped[date | None] = mapped_column(Date, nullable=True)


class Guarantor(Base):
    """保证人: a person or company guaranteeing the borrower's debt."""

    __tablename__ = "guarantors"
    __table_args__ = (UniqueConstraint("borrower_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    borrower_id: Mapped[str] = _child_fk()
    name: Mapped[str] = mapped_column(String(200))
    relation: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class FinancialStatement(Base):
    """财务报表 for one period (YYYY-MM); ratios are computed in records.finance, never stored."""

    __tablename__ = "financial_statements"
    __table_args__ = (UniqueConstraint("borrower_id", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    borrower_id: Mapped[str] = _child_fk()
    period: Mapped[str] = mapped_column(String(7))
    # months covered by revenue / profit / cash flow (year-to-date: 12 annual, 6 half-year)
    months: Mapped[int] = mapped_column(Integer, default=12)
    revenue: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    net_profit: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    total_assets: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    total_liabilities: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    current_assets: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    current_liabilities: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    accounts_receivable: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    operating_cash_flow: Mapped[Decimal | None] = mapped_column(Money, nullable=True)


class AccountFlow(Base):
    """资金流水 on the borrower's accounts at our bank: disbursement payment, sales receipt, other."""

    __tablename__ = "account_flows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    flow_id: Mapped[str] = mapped_column(String(64), unique=True)
    borrower_id: Mapped[str] = _child_fk()
    loan_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    date: Mapped[date] = mapped_column(Date)
    direction: Mapped[str] = mapped_column(String(8))
    amount: Mapped[Decimal] = mapped_column(Money)
    counterparty: Mapped[str] = mapped_column(String(200), default="")
    memo: Mapped[str] = mapped_column(String(500), default="")
    kind: Mapped[str] = mapped_column(String(32))
    payment_mode: Mapped[str | None] = mapped_column(String(16), nullable=True)


class Inspection(Base):
    """贷后检查: an on-site (现场) or off-site (非现场) inspection with its findings."""

    __tablename__ = "inspections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    borrower_id: Mapped[str] = _child_fk()
    date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))
    officer: Mapped[str] = mapped_column(String(64), default="")
    findings: Mapped[str] = mapped_column(Text, default="")


class ExternalEvent(Base):
    """外部事件: litigation, enforcement, credit-report change or change of 实际控制人."""

    __tablename__ = "external_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    borrower_id: Mapped[str] = _child_fk()
    date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[str] = mapped_column(String(4), default="中")
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


class CaseNoteLink(Base):
    """A case note (案例 / 走访记录) in the knowledge base linked to a borrower."""

    __tablename__ = "case_note_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    borrower_id: Mapped[str] = _child_fk()
    doc_id: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(300), default="")


CHILD_MODELS = (Loan, Collateral, Guarantor, FinancialStatement, AccountFlow, Inspection, ExternalEvent,
                CaseNoteLink)
