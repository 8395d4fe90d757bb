"""Process-wide values built once on first use, safe when many request threads ask at the same moment."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def once(build: Callable[[], T]) -> Callable[[], T]:
    """`build()` run at most once; concurrent first callers wait for that one run instead of each running it.

    functools.lru_cache does not do this: fifty requests arriving before the first build finishes would
    run fifty builds (a second of CPU each for jieba's part-of-speech table), which is what made the
    first minute after a start take 20 s per answer. A build that raises is tried again on the next call.
    """
    lock = threading.Lock()
    box: list[T] = []

    @functools.wraps(build)
    def get() -> T:
        if box:
            return box[0]
        with lock:
            if not box:
                box.append(build())
        return box[0]

    def reset() -> None:
        with lock:
            box.clear()

    get.cache_clear = reset  # type: ignore[attr-defined]  # same name as lru_cache's, for tests
    return get
