"""A revision number of the borrower directory, bumped by the database on every change to it (records).

Request paths cache what they derive from borrowers, loans and collateral per scope (the names an
answer must not mention, an officer's own borrower ids, the chat's borrower directory) and check this
one-row number instead of re-reading the tables per request. Triggers bump it, so every writer counts
(the importer, the API, an operator's SQL), not only the code paths that remember to.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLES = ("borrowers", "loans", "collateral")
EVENTS = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    op.create_table(
        "records_revision",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.execute("INSERT INTO records_revision (id, value) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION bump_records_revision() RETURNS trigger AS $$
            BEGIN
                UPDATE records_revision SET value = value + 1 WHERE id = 1;
                RETURN NULL;
            END $$ LANGUAGE plpgsql""")
        for table in TABLES:  # once per statement: an import of 10,000 rows bumps it a few times, not 10,000
            op.execute(f"CREATE TRIGGER {table}_revision AFTER INSERT OR UPDATE OR DELETE ON {table} "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION bump_records_revision()")
        return
    for table in TABLES:  # SQLite has row triggers only
        for event in EVENTS:
            op.execute(f"CREATE TRIGGER {table}_revision_{event.lower()} AFTER {event} ON {table} "
                       f"BEGIN UPDATE records_revision SET value = value + 1 WHERE id = 1; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_revision ON {table}")
        op.execute("DROP FUNCTION IF EXISTS bump_records_revision()")
    else:
        for table in TABLES:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_revision_{event.lower()}")
    op.drop_table("records_revision")
