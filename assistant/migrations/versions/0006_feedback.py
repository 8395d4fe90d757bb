"""Answer feedback from the web page: 有用 / 有误 per user and answer (answering)."""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(36), nullable=False, index=True),
        sa.Column("turn", sa.Integer, nullable=False),
        sa.Column("username", sa.String(128), nullable=False, index=True),
        sa.Column("rating", sa.String(16), nullable=False, index=True),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.Column("question", sa.Text, nullable=False, server_default=""),
        sa.Column("answer", sa.Text, nullable=False, server_default=""),
        sa.Column("refused", sa.Integer, nullable=False, server_default="0"),
        sa.Column("chunk_ids", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("conversation_id", "turn", "username", name="uq_feedback_turn_user"),
    )


def downgrade() -> None:
    op.drop_table("answer_feedback")
