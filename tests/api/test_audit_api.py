"""GET /api/audit as the web screen uses it: id-cursor paging that new entries do not shift, and a start time
with a time zone compared in UTC."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

pytestmark = pytest.mark.integration

CHINA = timezone(timedelta(hours=8))


def _seed(count: int) -> None:
    from assistant.db import session_scope
    from assistant.security import audit
    from assistant.security.scope import LOCAL_ADMIN

    with session_scope() as session:
        for i in range(count):
            audit.record(session, LOCAL_ADMIN, "search", f"问题{i}", {"chunks": []})


def test_pages_by_id_cursor_do_not_repeat_when_viewing_adds_entries(client):
    _seed(7)
    first = client.get("/api/audit", params={"limit": 4, "action": "search"}).json()["entries"]
    _seed(2)                                             # newer entries arrive while the admin reads page 1
    second = client.get("/api/audit", params={"limit": 4, "action": "search",
                                              "before_id": first[-1]["id"]}).json()["entries"]
    ids = [e["id"] for e in first + second]
    assert len(second) == 3 and len(set(ids)) == 7 and ids == sorted(ids, reverse=True)
    assert client.get("/api/audit", params={"before_id": 0}).status_code == 422


def test_since_with_a_time_zone_is_compared_in_utc_and_times_carry_utc(client):
    _seed(1)
    entry = client.get("/api/audit", params={"action": "search"}).json()["entries"][0]
    stamped = datetime.fromisoformat(entry["at"])
    assert stamped.utcoffset() == timedelta(0)
    local = stamped.astimezone(CHINA)                    # the same instant, written as 北京时间
    for since, expected in ((local - timedelta(minutes=1), 1), (local + timedelta(minutes=1), 0),
                            (stamped.replace(tzinfo=None) - timedelta(minutes=1), 1)):
        found = client.get("/api/audit", params={"action": "search", "since": since.isoformat()}).json()
        assert len(found["entries"]) == expected, since
