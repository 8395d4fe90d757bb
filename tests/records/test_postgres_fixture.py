"""The PostgreSQL test fixture fails loudly (never skips) when the server binaries are missing."""

from __future__ import annotations

import pytest

from tests.support import postgres

pytestmark = pytest.mark.unit


def test_missing_binaries_fail_with_instructions(monkeypatch):
    monkeypatch.setattr(postgres.glob, "glob", lambda pattern: [])
    with pytest.raises(pytest.fail.Exception, match="Install the Debian package `postgresql`"):
        postgres._binaries()


def test_database_urls_keep_the_driver():
    server = postgres.PostgresServer("postgresql+psycopg://postgres@127.0.0.1:5433/postgres")
    assert server.url_for("x") == "postgresql+psycopg://postgres@127.0.0.1:5433/x"
    assert postgres._libpq(server.base_url).startswith("postgresql://")
