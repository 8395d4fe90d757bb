"""The rate limiter's sliding window, driven by a fake clock."""

from __future__ import annotations

import pytest

from api.limits import RateLimitMiddleware, human_size

pytestmark = pytest.mark.unit


def test_window_slides_after_a_minute():
    now = [1000.0]
    limiter = RateLimitMiddleware(app=None, per_minute=2, clock=lambda: now[0])
    assert limiter._allow("a") and limiter._allow("a")
    assert not limiter._allow("a")
    assert limiter._allow("b")
    now[0] += 60.5
    assert limiter._allow("a")


def test_human_size_is_chinese_friendly():
    assert human_size(20 * 1024 * 1024) == "20.0 MB"
    assert human_size(500) == "500 字节"
