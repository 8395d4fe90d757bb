"""Per-scope values derived from the borrower directory, cached until the records revision changes.

The database bumps `records_revision` on every insert, update or delete of borrowers, loans and
collateral (migration 0007), so one primary-key read per request tells whether anything cached from
those tables is stale. Used for the names an answer must not mention, an officer's own borrower ids
and the chat's borrower directory: each was a scan of the borrowers per request, twice for some.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy import column, select, table
from sqlalchemy.orm import Session

from assistant.security.scope import Scope

T = TypeVar("T")
_REVISION = table("records_revision", column("id"), column("value"))


def records_revision(session: Session) -> int:
    """The current revision of borrowers, loans and collateral, as `session`'s transaction sees it."""
    return int(session.scalar(select(_REVISION.c.value).where(_REVISION.c.id == 1)) or 0)


class ScopeCache(Generic[T]):
    """`build(session, scope)` per database and scope, rebuilt when the records revision moves on."""

    def __init__(self, build: Callable[[Session, Scope], T], size: int = 512) -> None:
        self._build = build
        self._size = size
        self._values: OrderedDict[tuple, tuple[int, T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session: Session, scope: Scope) -> T:
        key = (str(session.get_bind().url), scope)
        revision = records_revision(session)
        with self._lock:
            cached = self._values.get(key)
            if cached is not None and cached[0] == revision:
                self._values.move_to_end(key)
                return cached[1]
        value = self._build(session, scope)  # built from the same transaction the revision was read in
        with self._lock:
            self._values[key] = (revision, value)
            self._values.move_to_end(key)
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
