"""`once`: a process-wide value built a single time even when many threads ask for it at once."""

from __future__ import annotations

import threading
import time

import pytest

from assistant.lazy import once

pytestmark = pytest.mark.unit


def test_concurrent_first_calls_share_one_build():
    builds = []

    @once
    def table() -> dict:
        builds.append(1)
        time.sleep(0.05)  # long enough for every thread to arrive while the first build runs
        return {"逾期": "v"}

    results = []
    threads = [threading.Thread(target=lambda: results.append(table())) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert len(builds) == 1 and len(results) == 20 and all(r is results[0] for r in results)


def test_a_failed_build_is_tried_again_and_cache_clear_rebuilds():
    attempts = []

    @once
    def flaky() -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("词典文件暂时不可读")
        return len(attempts)

    with pytest.raises(OSError):
        flaky()
    assert flaky() == 2 and flaky() == 2
    flaky.cache_clear()
    assert flaky() == 3
