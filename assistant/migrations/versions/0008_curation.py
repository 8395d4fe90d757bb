"""Standard answers (标准问答) curated by the risk department, and the review state of 有误 feedback (curation)."""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "standard_answers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("variants", sa.JSON, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("citations", sa.JSON, nullable=False),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("branch", sa.String(64), nullable=False, server_default=""),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("review_reason", sa.Text, nullable=False, server_default=""),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("updated_by", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("answer_feedback") as table:
        table.add_column(sa.Column("review_status", sa.String(16), nullable=False, server_default="open"))
        table.add_column(sa.Column("reviewed_by", sa.String(128), nullable=False, server_default=""))
        table.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("review_note", sa.Text, nullable=False, server_default=""))
        table.add_column(sa.Column("standard_answer_id", sa.Integer, nullable=True))
        table.add_column(sa.Column("citations", sa.JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("answer_feedback") as table:
        for column in ("citations", "standard_answer_id", "review_note", "reviewed_at", "reviewed_by",
                       "review_status"):
            table.drop_column(column)
    op.drop_table("standard_answers")
