"""Schema upgrades with Alembic: a database of an older version is brought to the newest schema with its
rows kept, and a migration that fails part-way leaves the schema exactly as it was (never half-applied)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text

from tests.support.postgres import postgres_server, postgres_url  # noqa: F401 - fixtures

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


def _revision(engine) -> str:
    with engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def test_an_older_schema_is_migrated_to_the_newest_with_its_rows(home, postgres_url, monkeypatch):
    from assistant.config import reset_settings
    from assistant.db import dispose_engines, get_engine, upgrade

    old = create_engine(postgres_url)
    upgrade(old, "0008")  # the schema before the knowledge index moved into the database
    with old.begin() as connection:
        connection.execute(text("INSERT INTO users (username, role, branch, officer_code, created_at) "
                                "VALUES ('wl', 'officer', '城东支行', 'o_wanglei', now())"))
    assert "kb_current" not in inspect(old).get_table_names()
    old.dispose()

    monkeypatch.setenv("ASSISTANT_DATABASE_URL", postgres_url)
    reset_settings()
    dispose_engines()
    engine = get_engine()  # the product migrates on first use
    assert _revision(engine) == "0009"
    assert {"kb_chunks", "kb_segment_terms", "kb_current"} <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        assert connection.execute(text("SELECT officer_code FROM users WHERE username = 'wl'")).scalar() == "o_wanglei"


def test_a_migration_failing_part_way_changes_nothing(postgres_url):
    from assistant.db import upgrade

    engine = create_engine(postgres_url)
    upgrade(engine, "0008")
    with engine.begin() as connection:  # an object in the way of the last step of 0009
        connection.execute(text("CREATE TABLE kb_flags (name text)"))
    before = set(inspect(engine).get_table_names())
    with pytest.raises(Exception, match="kb_flags"):
        upgrade(engine)
    inspector = inspect(engine)
    assert set(inspector.get_table_names()) == before  # kb_chunks … kb_current were rolled back with it
    assert _revision(engine) == "0008"
    engine.dispose()
