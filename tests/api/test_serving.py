"""Serving under load: warm-up before the first request, stage timings per request, the thread limit."""

from __future__ import annotations

import json
import threading
import time

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.integration

RULE = ("# 示范银行押品巡查细则（测试用）\n\n"
        "第一条　客户经理对抵押房产每半年至少巡查一次，并留存巡查影像。\n").encode("utf-8")


@pytest.fixture
def rule_home(home):
    from assistant.knowledge.ingest import ingest_paths

    path = home.parent / "rule.md"
    path.write_bytes(RULE)
    assert ingest_paths([path]).added
    return home


def test_the_served_app_loads_the_chat_before_it_answers(rule_home, monkeypatch):
    from api.app import create_app
    app = create_app(warm_up=True)
    assert app.state.services.built("chat") is None
    with TestClient(app):
        chat = app.state.services.built("chat")
        assert chat is not None and chat._retriever is not None and chat._generator is not None


def test_warm_up_on_an_empty_knowledge_base_still_starts(home):
    from api.app import create_app

    with TestClient(create_app(warm_up=True), raise_server_exceptions=False) as client:
        assert client.get("/api/health").status_code == 200
        assert client.post("/api/chat", json={"message": "押品多久巡查一次？"}).status_code in (200, 503)


def test_each_api_response_names_its_stages_and_the_timings_file_gets_one_line(rule_home, monkeypatch):
    from api.app import create_app
    from assistant.config import reset_settings

    timings = rule_home / "timings.jsonl"
    monkeypatch.setenv("ASSISTANT_TIMINGS_FILE", str(timings))
    reset_settings()
    with TestClient(create_app()) as client:
        search = client.get("/api/search", params={"q": "押品巡查"})
        chat = client.post("/api/chat", json={"message": "抵押房产多久巡查一次？"})
        streamed = client.post("/api/chat", json={"message": "抵押房产多久巡查一次？"},
                               headers={"Accept": "text/event-stream"})
    stages = {part.split(";")[0] for part in search.headers["server-timing"].split(", ")}
    assert {"retrieval", "db_write"} <= stages
    stages = {part.split(";")[0] for part in chat.headers["server-timing"].split(", ")}
    assert {"records", "retrieval", "compose", "guard", "db_write"} <= stages
    assert "event: done" in streamed.text
    rows = [json.loads(line) for line in timings.read_text(encoding="utf-8").splitlines()]
    assert [(r["path"], r["status"]) for r in rows] == [("/api/search", 200), ("/api/chat", 200), ("/api/chat", 200)]
    assert rows[2]["db_write_ms"] > 0 and rows[2]["total_ms"] >= rows[2]["compose_ms"]  # streamed: timed to the end


def test_request_threads_bound_the_handlers_running_at_once(home, monkeypatch):
    from api.app import create_app
    from assistant.config import reset_settings

    monkeypatch.setenv("ASSISTANT_REQUEST_THREADS", "2")
    reset_settings()
    app = create_app()
    running, peak, lock = [0], [0], threading.Lock()
    release = threading.Event()

    @app.get("/api/test-slow")
    def slow() -> dict:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        release.wait(10)  # released by the test once the bound is seen
        with lock:
            running[0] -= 1
        return {}

    def release_when_the_bound_is_reached() -> None:
        """On a busy machine the second handler may start late: wait for two to run (not a fixed 0.5 s),
        then leave time for a third to start if nothing bounds them, then let them all finish."""
        deadline = time.monotonic() + 10
        while running[0] < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3)
        release.set()

    with TestClient(app) as client:
        threads = [threading.Thread(target=client.get, args=("/api/test-slow",)) for _ in range(5)]
        for t in threads:
            t.start()
        threading.Thread(target=release_when_the_bound_is_reached).start()
        for t in threads:
            t.join(15)
    assert peak[0] == 2
