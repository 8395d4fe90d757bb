"""Writes on the SQLite default: one writer thread, many units per commit, each caller answered after
its own commit, a failing unit failing alone."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, func, select

from assistant.security.scope import Scope

pytestmark = pytest.mark.integration

ALICE = Scope("alice", "officer", branch="城东支行", officer_code="o_alice")


def _count(session) -> int:
    from assistant.security.models import AuditEntry

    return session.scalar(select(func.count()).select_from(AuditEntry))


def test_concurrent_writes_are_all_kept_in_fewer_commits(home):
    from assistant.db import get_engine, session_scope, write
    from assistant.security import audit

    commits = []
    event.listen(get_engine(), "commit",
                 lambda conn: commits.append(1) if threading.current_thread().name == "db-writer" else None)
    seen_after_return = []

    def one(n: int) -> None:
        entry = write(lambda s: audit.record(s, ALICE, "search", f"问题{n}"))
        with session_scope() as session:  # on disk once write() returned: a new connection sees it
            seen_after_return.append(session.get(type(entry), entry.id) is not None)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    with session_scope() as session:
        assert _count(session) == 200
    assert seen_after_return == [True] * 200
    assert 0 < len(commits) < 200  # units that waited together went out in one commit


def test_a_failing_unit_fails_alone_and_leaves_nothing(home):
    from assistant.db import session_scope, write
    from assistant.security import audit

    barrier = threading.Barrier(21)
    errors: list[Exception] = []

    def good(n: int) -> None:
        barrier.wait()
        write(lambda s: audit.record(s, ALICE, "search", f"好{n}"))

    def bad(session):
        audit.record(session, ALICE, "search", "半截")  # added, then the unit fails: must not be kept
        raise ValueError("坏单元")

    def failing() -> None:
        barrier.wait()
        try:
            write(bad)
        except ValueError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=good, args=(n,)) for n in range(20)] + [threading.Thread(target=failing)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert [str(e) for e in errors] == ["坏单元"]
    with session_scope() as session:
        from assistant.security.models import AuditEntry

        targets = set(session.scalars(select(AuditEntry.target)))
    assert targets == {f"好{n}" for n in range(20)}


def test_write_inside_a_write_unit_is_refused(home):
    from assistant.db import write

    with pytest.raises(RuntimeError):
        write(lambda session: write(lambda inner: None))
