"""Scope → retriever filters, plus a defence-in-depth check of retrieved case notes against the scope."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy import column, select, table
from sqlalchemy.orm import Session

from assistant.records.revision import ScopeCache
from assistant.security.scope import Scope

# Read through a lightweight table clause so this module does not depend on the records models.
_BORROWERS = table("borrowers", column("id"), column("branch"), column("officer_code"), column("name"))


def own_borrower_ids(session: Session, scope: Scope) -> tuple[str, ...]:
    """Ids of the borrowers an officer manages (officer_code and branch both match)."""
    return _OWN_IDS.get(session, scope)


def _read_own_ids(session: Session, scope: Scope) -> tuple[str, ...]:
    stmt = select(_BORROWERS.c.id).where(_BORROWERS.c.officer_code == scope.officer_code,
                                         _BORROWERS.c.branch == scope.branch)
    return tuple(sorted(session.scalars(stmt)))


_OWN_IDS = ScopeCache(_read_own_ids)


def scope_filters(scope: Scope, session: Session | None = None) -> dict:
    """The `branches` and `borrower_ids` fields of SearchFilters for `scope`.

    risk/admin: every case note; head: case notes of their branch; officer: case notes of their
    branch about their own borrowers; trainer: no case notes at all (branches=() and borrower_ids=()).
    Officers need `session` (or the product database is opened) to look up their borrowers.
    """
    if scope.all_branches:
        return {"branches": None, "borrower_ids": None}
    if not scope.sees_borrowers:
        return {"branches": (), "borrower_ids": ()}
    if scope.role != "officer":
        return {"branches": (scope.branch,), "borrower_ids": None}
    return {"branches": (scope.branch,), "borrower_ids": _officer_ids(scope, session)}


def _officer_ids(scope: Scope, session: Session | None) -> tuple[str, ...]:
    if session is not None:
        return own_borrower_ids(session, scope)
    from assistant.db import session_scope

    with session_scope() as own_session:
        return own_borrower_ids(own_session, scope)


def scoped(filters, scope: Scope, session: Session | None = None):
    """`filters` (a SearchFilters, or None) narrowed to `scope`; a caller can narrow, never widen."""
    from assistant.knowledge.types import SearchFilters

    base = filters or SearchFilters()
    limits = scope_filters(scope, session)
    return replace(base, branches=_narrow(base.branches, limits["branches"]),
                   borrower_ids=_narrow(base.borrower_ids, limits["borrower_ids"]))


def _narrow(requested: tuple[str, ...] | None, allowed: tuple[str, ...] | None):
    if allowed is None:
        return requested
    if requested is None:
        return allowed
    return tuple(v for v in requested if v in allowed)


def chunk_visible(chunk, scope: Scope, own_ids: Iterable[str] | None = None) -> bool:
    """Whether a retrieved chunk may be shown: only case notes are branch-owned.

    A case note with no branch is shared with everyone; one with a branch needs the branch to be
    visible, and for officers its borrower (if any) must be theirs (`own_ids`).
    """
    if chunk.source_type != "case_note" or not chunk.branch:
        return True
    branches = scope.visible_branches()
    if branches is not None and chunk.branch not in branches:
        return False
    if scope.role == "officer" and chunk.borrower_id:
        return chunk.borrower_id in set(own_ids or ())
    return True


def item_allowed(item, scope: Scope, session: Session | None = None) -> bool:
    """Whether a chunk or catalog record may be shown outside search (a clause, a chunk preview, the
    catalog): the predicate search applies through its mask (a chunk of a branch or a borrower only within
    the scope's branches and borrowers), and no case note at all for a scope that sees no borrowers."""
    if item.source_type == "case_note" and not scope.sees_borrowers:
        return False
    if not item.branch and not item.borrower_id:
        return True
    limits = scope_filters(scope, session)
    branches, borrowers = limits["branches"], limits["borrower_ids"]
    return ((branches is None or not item.branch or item.branch in branches)
            and (borrowers is None or not item.borrower_id or item.borrower_id in borrowers))


def visible_hits(hits: list, scope: Scope, session: Session | None = None) -> list:
    """Drop any hit the scope may not see (after the retriever's own filtering, as a second wall)."""
    own = _officer_ids(scope, session) if scope.role == "officer" else ()
    return [hit for hit in hits if chunk_visible(hit.chunk, scope, own)]


def hidden_borrower_names(session: Session, scope: Scope) -> list[str]:
    """Names of borrowers outside `scope`: an answer that mentions one has leaked."""
    return list(_HIDDEN_NAMES.get(session, scope))


def _read_hidden_names(session: Session, scope: Scope) -> tuple[str, ...]:
    rows = session.execute(select(_BORROWERS.c.name, _BORROWERS.c.branch, _BORROWERS.c.officer_code))
    return tuple(name for name, branch, code in rows if name and not scope.may_see_borrower(branch, code))


_HIDDEN_NAMES = ScopeCache(_read_hidden_names)


class ScopedRetriever:
    """A retriever bound to one caller: every search is narrowed to the scope and re-checked after."""

    def __init__(self, inner, scope: Scope, settings=None) -> None:
        self.inner = inner
        self.scope = scope
        self.settings = settings

    def search(self, query: str, k: int = 5, filters=None) -> list:
        from assistant.db import session_scope

        with session_scope(self.settings) as session:
            hits = self.inner.search(query, k=k, filters=scoped(filters, self.scope, session))
            return visible_hits(hits, self.scope, session)

    def __getattr__(self, name: str):  # chunk(), documents() … of the wrapped retriever
        return getattr(self.inner, name)
