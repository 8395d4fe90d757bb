"""贷后管理例会: meetings, reviewed borrowers with reasons, attendees, and decisions with follow-up."""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("branch", sa.String(64), nullable=False, index=True),
        sa.Column("meeting_date", sa.Date, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),  # 月度 / 季度
        sa.Column("status", sa.String(16), nullable=False, server_default="draft"),
        sa.Column("chair", sa.String(64), nullable=False, server_default=""),
        sa.Column("created_by", sa.String(64), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("branch", "meeting_date", name="uq_meeting_branch_date"),
    )
    op.create_table(
        "meeting_reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("meeting_id", sa.String(36), sa.ForeignKey("meetings.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("borrower_id", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.UniqueConstraint("meeting_id", "borrower_id", name="uq_review_meeting_borrower"),
    )
    op.create_table(
        "meeting_attendees",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("meeting_id", sa.String(36), sa.ForeignKey("meetings.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(64), nullable=False),
        sa.Column("present", sa.Boolean, nullable=False, server_default=sa.true()),
    )
    op.create_table(
        "meeting_decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("meeting_id", sa.String(36), sa.ForeignKey("meetings.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("borrower_id", sa.String(32), nullable=False, index=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.Column("responsible_department", sa.String(64), nullable=False),
        sa.Column("responsible_person", sa.String(64), nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="open"),
        sa.Column("done_at", sa.Date, nullable=True),
        sa.Column("follow_up", sa.Text, nullable=False, server_default=""),
        sa.Column("created_by", sa.String(64), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("meeting_decisions", "meeting_attendees", "meeting_reviews", "meetings"):
        op.drop_table(table)
