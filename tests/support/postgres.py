"""A throwaway PostgreSQL server for tests (Debian binaries), or the one in ASSISTANT_TEST_POSTGRES_URL.

Import the fixtures into a conftest: `from tests.support.postgres import postgres_server, postgres_url`.
Missing binaries make the tests FAIL with a clear message: CI installs the `postgresql` package.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ENV_URL = "ASSISTANT_TEST_POSTGRES_URL"
# Read at import: the `home` fixture clears ASSISTANT_* variables before a test's fixtures run.
CONFIGURED_URL = os.environ.get(ENV_URL)
_counter = itertools.count(1)


@dataclass
class PostgresServer:
    """Where to reach the server: `base_url` names a maintenance database we may CREATE DATABASE from."""

    base_url: str

    def url_for(self, database: str) -> str:
        head, _, _ = self.base_url.rpartition("/")
        return f"{head}/{database}"

    def create_database(self) -> str:
        import psycopg

        name = f"assistant_test_{os.getpid()}_{next(_counter)}_{uuid.uuid4().hex[:6]}"
        with psycopg.connect(_libpq(self.base_url), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url_for(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.rpartition("/")[2]
        with psycopg.connect(_libpq(self.base_url), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        pytest.fail("PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb). Install the Debian "
                    f"package `postgresql` (CI does), or set {ENV_URL}=postgresql+psycopg://user@host:port/postgres.",
                    pytrace=False)
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the `postgres` user then."""
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser") is None:
        pytest.fail("running as root needs `runuser` to start PostgreSQL as the postgres user", pytrace=False)
    return ["runuser", "-u", "postgres", "--", *command]


def _run(command: list[str]) -> None:
    result = subprocess.run(_as_postgres(command), capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(command[:2])} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}",
                    pytrace=False)


class Cluster:
    """A fresh PostgreSQL cluster in a temp dir on a free port, which a test may stop and start again."""

    def __init__(self) -> None:
        self.bin_dir = _binaries()
        self.root = Path(tempfile.mkdtemp(prefix="assistant-pg-"))
        self.data, self.port = self.root / "data", _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        _run([str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
              "--locale=C.UTF-8"])
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        _run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"),
              "-o", options, "-w", "start"])

    def stop(self, mode: str = "immediate") -> None:
        subprocess.run(_as_postgres([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]),
                       capture_output=True, timeout=60)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One server per test session: the configured one, or a fresh cluster in a temp dir on a free port."""
    if CONFIGURED_URL:
        yield PostgresServer(CONFIGURED_URL)
        return
    cluster = Cluster()
    cluster.start()
    try:
        yield PostgresServer(cluster.url)
    finally:
        cluster.remove()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database for one test (dropped afterwards)."""
    url = postgres_server.create_database()
    yield url
    from assistant.db import dispose_engines

    dispose_engines()
    postgres_server.drop_database(url)
