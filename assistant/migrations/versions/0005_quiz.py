"""Question bank, quiz sessions and trainee attempts (quiz)."""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "quiz_items",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("topic", sa.String(64), nullable=False, index=True),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("difficulty", sa.String(8), nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("edited", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        _when("created_at"),
        sa.Column("reviewed_by", sa.String(128), nullable=False, server_default=""),
        _when("reviewed_at", nullable=True),
    )
    op.create_table(
        "quiz_sessions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("trainer", sa.String(128), nullable=False, index=True),
        sa.Column("items", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _when("opened_at"),
        _when("deadline", nullable=True),
        _when("closed_at", nullable=True),
    )
    op.create_table(
        "quiz_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(36), sa.ForeignKey("quiz_sessions.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("trainee", sa.String(128), nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("results", sa.JSON, nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        _when("submitted_at"),
        sa.UniqueConstraint("session_id", "trainee", name="uq_quiz_attempt_trainee"),
    )


def downgrade() -> None:
    op.drop_table("quiz_attempts")
    op.drop_table("quiz_sessions")
    op.drop_table("quiz_items")
