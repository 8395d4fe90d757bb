"""Alembic environment: runs migrations on the connection handed over by assistant.db.upgrade."""

from alembic import context
from sqlalchemy import create_engine

from assistant.config import get_settings

connection = context.config.attributes.get("connection")


def _run(conn) -> None:
    context.configure(connection=conn, render_as_batch=conn.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:  # `alembic` command line: use the configured database
    with create_engine(get_settings().resolved_database_url).begin() as conn:
        _run(conn)
