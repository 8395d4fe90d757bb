"""Borrower records: borrowers, loans, collateral, guarantors, statements, flows, inspections, events."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(18, 2)


def _borrower_fk() -> sa.Column:
    return sa.Column("borrower_id", sa.String(32), sa.ForeignKey("borrowers.id", ondelete="CASCADE"),
                     nullable=False, index=True)


def _create_borrowers() -> None:
    op.create_table(
        "borrowers",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("industry", sa.String(100), nullable=False, server_default=""),
        sa.Column("actual_controller", sa.String(100), nullable=False, server_default=""),
        sa.Column("id_number", sa.String(32), nullable=False, server_default=""),
        sa.Column("phone", sa.String(32), nullable=False, server_default=""),
        sa.Column("branch", sa.String(64), nullable=False, index=True),
        sa.Column("officer_code", sa.String(64), nullable=False, index=True),
        sa.Column("officer_name", sa.String(64), nullable=False, server_default=""),
        sa.Column("credit_limit", MONEY, nullable=False, server_default="0"),
        sa.Column("agreed_sales_receipt_ratio", sa.Numeric(9, 4), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def _create_loans() -> None:
    op.create_table(
        "loans",
        sa.Column("loan_id", sa.String(64), primary_key=True),
        _borrower_fk(),
        sa.Column("product", sa.String(32), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("balance", MONEY, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("maturity_date", sa.Date, nullable=False),
        sa.Column("rate", sa.Numeric(9, 6), nullable=True),
        sa.Column("agreed_purpose", sa.String(500), nullable=False, server_default=""),
        sa.Column("agreed_counterparties", sa.Text, nullable=False, server_default=""),
        sa.Column("payment_mode", sa.String(16), nullable=False),
        sa.Column("repayment_schedule", sa.Text, nullable=False, server_default=""),
        sa.Column("overdue_principal", MONEY, nullable=False, server_default="0"),
        sa.Column("overdue_interest", MONEY, nullable=False, server_default="0"),
        sa.Column("overdue_days", sa.Integer, nullable=False, server_default="0"),
        sa.Column("extended", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("restructured", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("classification", sa.String(8), nullable=False),
    )


def _create_security_and_statements() -> None:
    op.create_table(
        "collateral",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("collateral_id", sa.String(64), nullable=False, unique=True),
        _borrower_fk(),
        sa.Column("loan_id", sa.String(64), nullable=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("description", sa.String(500), nullable=False, server_default=""),
        sa.Column("appraised_value", MONEY, nullable=False),
        sa.Column("appraisal_date", sa.Date, nullable=False),
        sa.Column("previous_appraised_value", MONEY, nullable=True),
        sa.Column("previous_appraisal_date", sa.Date, nullable=True),
        sa.Column("market_value", MONEY, nullable=True),
        sa.Column("registration_no", sa.String(64), nullable=False, server_default=""),
        sa.Column("registration_end_date", sa.Date, nullable=True),
    )
    op.create_table(
        "guarantors",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _borrower_fk(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("relation", sa.String(100), nullable=False, server_default=""),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("borrower_id", "name"),
    )
    amounts = ("revenue", "net_profit", "total_assets", "total_liabilities", "current_assets",
               "current_liabilities", "accounts_receivable", "operating_cash_flow")
    op.create_table(
        "financial_statements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _borrower_fk(),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("months", sa.Integer, nullable=False, server_default="12"),
        *(sa.Column(name, MONEY, nullable=True) for name in amounts),
        sa.UniqueConstraint("borrower_id", "period"),
    )


def _create_activity() -> None:
    op.create_table(
        "account_flows",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("flow_id", sa.String(64), nullable=False, unique=True),
        _borrower_fk(),
        sa.Column("loan_id", sa.String(64), nullable=True),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("counterparty", sa.String(200), nullable=False, server_default=""),
        sa.Column("memo", sa.String(500), nullable=False, server_default=""),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payment_mode", sa.String(16), nullable=True),
    )
    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _borrower_fk(),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("officer", sa.String(64), nullable=False, server_default=""),
        sa.Column("findings", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "external_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _borrower_fk(),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("severity", sa.String(4), nullable=False, server_default="中"),
        sa.Column("resolved", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "case_note_links",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _borrower_fk(),
        sa.Column("doc_id", sa.String(200), nullable=False, server_default=""),
        sa.Column("title", sa.String(300), nullable=False, server_default=""),
    )


def upgrade() -> None:
    _create_borrowers()
    _create_loans()
    _create_security_and_statements()
    _create_activity()


def downgrade() -> None:
    for table in ("case_note_links", "external_events", "inspections", "account_flows",
                  "financial_statements", "guarantors", "collateral", "loans", "borrowers"):
        op.drop_table(table)
