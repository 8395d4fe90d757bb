"""SQLAlchemy engine, sessions and schema migrations shared by records, conversations, users and audit."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from assistant.config import Settings, get_settings

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
T = TypeVar("T")

_engines: dict[str, Engine] = {}
_migrated: set[str] = set()
_lock = threading.Lock()


class Base(DeclarativeBase):
    """Declarative base for every table of the product."""


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def get_engine(settings: Settings | None = None) -> Engine:
    """One engine per database URL, created on first use and migrated to the newest schema."""
    settings = settings or get_settings()
    url = settings.resolved_database_url
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            if url.startswith("sqlite"):
                settings.home.mkdir(parents=True, exist_ok=True)
                engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
            _engines[url] = engine
        if url not in _migrated:
            upgrade(engine)
            _migrated.add(url)
    return engine


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` with Alembic (the only way tables are created)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def session_factory(settings: Settings | None = None) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(settings), expire_on_commit=False)


@contextmanager
def session_scope(settings: Settings | None = None) -> Iterator[Session]:
    """A transaction: committed when the block ends, rolled back on any error."""
    session = session_factory(settings)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def write(work: Callable[[Session], T], settings: Settings | None = None) -> T:
    """Run `work(session)` in a committed transaction and return its result once it is on disk.

    On SQLite the process's writes go through one writer thread (see BatchWriter) instead of each
    request thread taking the database lock in turn; on PostgreSQL, which takes concurrent writers,
    `work` runs here in its own transaction. Either way the call returns only after the commit, so a
    request that answered has its rows stored, and a failing `work` raises here with nothing written.
    """
    settings = settings or get_settings()
    url = settings.resolved_database_url
    if not url.startswith("sqlite"):
        from assistant.timing import stage

        with stage("db_write"), session_scope(settings) as session:
            return work(session)
    writer = _writers.get(url)
    if writer is None:
        sessions = session_factory(settings)  # outside _lock: it takes the lock itself
        with _lock:
            writer = _writers.get(url) or _writers.setdefault(url, BatchWriter(sessions))
    return writer.run(work)


class BatchWriter:
    """One thread that commits the process's write transactions, many per commit (group commit).

    Each request thread hands over a unit of work and waits for the commit that contains it. The writer
    takes every unit waiting in the queue (up to `max_batch`), runs them in one transaction and commits
    once: one lock acquisition and one fsync serve the whole batch, and request threads never sleep in
    SQLite's busy handler behind each other (its back-off sleeps grow to 100 ms a try). If a unit
    fails, the batch is rolled back and its units are run again one transaction each, so only the
    failing unit's caller sees the error and nothing of it is kept.
    """

    def __init__(self, sessions: sessionmaker[Session], max_batch: int = 128) -> None:
        self._sessions = sessions
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[tuple[Callable[[Session], object], Future, float]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="db-writer", daemon=True)
        self._thread.start()

    def run(self, work: Callable[[Session], T]) -> T:
        from assistant import timing

        if threading.current_thread() is self._thread:
            raise RuntimeError("write() called from inside a write unit")
        future: Future = Future()
        queued = time.perf_counter()
        self._queue.put((work, future, queued))
        try:
            return future.result()
        finally:
            timing.add("db_write", time.perf_counter() - queued)

    def stop(self) -> None:
        """End the thread once the units already queued are committed."""
        self._queue.put(None)  # type: ignore[arg-type]

    def _loop(self) -> None:
        while True:
            unit = self._queue.get()
            if unit is None:
                return
            batch = [unit]
            while len(batch) < self._max_batch:
                try:
                    unit = self._queue.get_nowait()
                except queue.Empty:
                    break
                if unit is None:
                    self._commit(batch)
                    return
                batch.append(unit)
            self._commit(batch)

    def _commit(self, batch: list[tuple[Callable[[Session], object], Future, float]]) -> None:
        session = self._sessions()
        try:
            results = [work(session) for work, _future, _queued in batch]
            session.commit()
        except BaseException:  # noqa: BLE001 - a unit failed: retry one by one, so it fails alone
            session.rollback()
            session.close()
            for unit in batch:
                self._commit_one(*unit)
            return
        finally:
            session.close()
        for (_work, future, _queued), result in zip(batch, results):
            future.set_result(result)

    def _commit_one(self, work: Callable[[Session], object], future: Future, _queued: float) -> None:
        session = self._sessions()
        try:
            result = work(session)
            session.commit()
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller
            session.rollback()
            future.set_exception(exc)
        else:
            future.set_result(result)
        finally:
            session.close()


_writers: dict[str, BatchWriter] = {}


def dispose_engines() -> None:
    """Close every pooled connection (tests switch ASSISTANT_HOME between cases)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _migrated.clear()
        for writer in _writers.values():
            writer.stop()
        _writers.clear()
