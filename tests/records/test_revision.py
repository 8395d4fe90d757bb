"""The records revision: bumped by the database on any change to borrowers, loans or collateral, and
the per-scope caches built on it (names an answer must not mention, an officer's own borrowers)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from assistant.security.scope import Scope

pytestmark = pytest.mark.integration

WANGLEI = Scope("wanglei", "officer", branch="城东支行", officer_code="o_wanglei")


def _revision() -> int:
    from assistant.db import session_scope
    from assistant.records.revision import records_revision

    with session_scope() as session:
        return records_revision(session)


@pytest.mark.parametrize("statement", [
    "UPDATE borrowers SET name = '恒达机械制造股份有限公司' WHERE id = 'B001'",
    "UPDATE loans SET balance = balance + 1 WHERE loan_id = 'L00101'",
    "DELETE FROM collateral WHERE collateral_id = 'C00101'",
])
def test_any_change_to_the_directory_tables_moves_the_revision(loaded_sample, statement):
    from assistant.db import session_scope

    before = _revision()
    with session_scope() as session:  # plain SQL, as an operator would: no product code path involved
        session.execute(text(statement))
    assert _revision() > before


def test_reads_and_other_tables_leave_the_revision_alone(loaded_sample):
    from assistant.db import session_scope
    from assistant.security import audit

    before = _revision()
    with session_scope() as session:
        session.execute(text("SELECT count(*) FROM borrowers")).scalar()
        audit.record(session, WANGLEI, "search", "押品")
    assert _revision() == before


def test_scope_caches_follow_a_reassignment_at_once(loaded_sample):
    from assistant.db import session_scope
    from assistant.security.filters import hidden_borrower_names, own_borrower_ids

    with session_scope() as session:
        assert "华瑞建材有限公司" in hidden_borrower_names(session, WANGLEI)  # B003 is lina's
        assert "B003" not in own_borrower_ids(session, WANGLEI)
        again = hidden_borrower_names(session, WANGLEI)
    assert "华瑞建材有限公司" in again
    with session_scope() as session:
        session.execute(text("UPDATE borrowers SET officer_code = 'o_wanglei' WHERE id = 'B003'"))
    with session_scope() as session:
        assert "华瑞建材有限公司" not in hidden_borrower_names(session, WANGLEI)
        assert "B003" in own_borrower_ids(session, WANGLEI)


def test_the_cache_builds_once_per_revision_and_scope(loaded_sample):
    from assistant.db import session_scope
    from assistant.records.revision import ScopeCache

    builds = []
    cache = ScopeCache(lambda session, scope: builds.append(scope) or len(builds))
    other = Scope("lina", "officer", branch="城东支行", officer_code="o_lina")
    with session_scope() as session:
        assert [cache.get(session, WANGLEI), cache.get(session, WANGLEI), cache.get(session, other)] == [1, 1, 2]
    with session_scope() as session:
        session.execute(text("UPDATE loans SET overdue_days = overdue_days WHERE loan_id = 'L00101'"))
    with session_scope() as session:
        assert cache.get(session, WANGLEI) == 3
