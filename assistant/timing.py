"""Where a request's time goes: named stages timed inside the request, reported by the API per request.

    with stage("retrieval"):
        hits = retriever.search(...)

Outside a request (the CLI, tests) `stage` costs one context-variable lookup. Inside one, the API's
timing middleware (api/timing.py) collects the stages into the `Server-Timing` header and, when
ASSISTANT_TIMINGS_FILE is set, into one JSON line per request that evals/load_test.py summarises.
Stages may nest (db_write inside guard); each is reported on its own, so they can add up to more than
the total. Time not in any stage is waiting: for a worker thread, the GIL, the network.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# stage name → seconds, for the request being served in this context (None outside a request)
_stages: ContextVar[dict[str, float] | None] = ContextVar("request_stages", default=None)

STAGES = ("auth", "records", "retrieval", "compose", "guard", "db_read", "db_write", "db_write_wait")


def begin() -> dict[str, float]:
    """Start collecting for the current request; the returned dict fills as stages end."""
    stages: dict[str, float] = {}
    _stages.set(stages)
    return stages


@contextmanager
def stage(name: str) -> Iterator[None]:
    stages = _stages.get()
    if stages is None:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        stages[name] = stages.get(name, 0.0) + time.perf_counter() - started


def add(name: str, seconds: float) -> None:
    """Record time measured elsewhere (e.g. by the database writer thread) against the current request."""
    stages = _stages.get()
    if stages is not None:
        stages[name] = stages.get(name, 0.0) + seconds
