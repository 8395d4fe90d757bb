"""SSE through a real uvicorn server: each event reaches the client when it is produced (no buffering)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from api.deps import get_chat_dep
from tests.api.live_server import live_server

pytestmark = pytest.mark.integration

PAUSE_S = 0.4


class SlowChat:
    """Emits a delta, then pauses before the rest, like a model generating slowly."""

    def stream(self, question: str, conversation_id=None, scope=None) -> Iterator[dict]:
        yield {"type": "meta", "conversation_id": "c-1"}
        yield {"type": "delta", "text": "关注类贷款"}
        time.sleep(PAUSE_S)
        yield {"type": "delta", "text": "每季度至少检查一次。"}
        yield {"type": "citations", "citations": []}
        yield {"type": "done", "answer": "关注类贷款每季度至少检查一次。", "citations": [], "refused": False}


def test_first_delta_arrives_before_the_answer_is_finished(home):
    from api.app import create_app

    app = create_app()
    app.dependency_overrides[get_chat_dep] = SlowChat
    with live_server(app) as base_url:
        start = time.perf_counter()
        arrivals: dict[str, float] = {}
        with httpx.stream("POST", f"{base_url}/api/chat", json={"message": "关注类多久检查？"},
                          headers={"Accept": "text/event-stream"}, timeout=10) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            for line in response.iter_lines():
                if line.startswith("event: "):
                    arrivals.setdefault(line[7:], time.perf_counter() - start)
    assert list(arrivals) == ["meta", "delta", "citations", "done"]
    # the first delta is not held back until the stream ends: it arrives a pause before the rest
    assert arrivals["delta"] - arrivals["meta"] < PAUSE_S / 2
    assert arrivals["done"] - arrivals["delta"] >= PAUSE_S * 0.9
