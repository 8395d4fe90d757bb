"""`assistant serve --workers 2` over one ASSISTANT_HOME: new index seen without restart, shared conversations."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.api.live_server import free_port

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ASSISTANT = str(Path(sys.executable).parent / "assistant")
NEW_RULE = (
    "# 示范银行押品重估操作规程（测试用）\n\n"
    "第一条　抵押物为厂房的，押品管理岗每半年重估一次价值，并将重估报告交风险部复核。\n"
).encode("utf-8")
NEW_TITLE = "示范银行押品重估操作规程（测试用）"
QUERY = "厂房抵押物 半年重估"


def fresh_get(base: str, path: str, **params) -> httpx.Response:
    """A new TCP connection per request, so the kernel may hand it to either worker."""
    return httpx.get(base + path, params=params, timeout=30)


@pytest.fixture
def server(home, shared_corpus, monkeypatch):
    monkeypatch.setenv("ASSISTANT_RATE_LIMIT_PER_MINUTE", "10000")
    ingest = subprocess.run([ASSISTANT, "ingest", str(shared_corpus / "regulations")], capture_output=True)
    assert ingest.returncode == 0, ingest.stderr.decode()
    port = free_port()
    proc = subprocess.Popen([ASSISTANT, "serve", "--port", str(port), "--workers", "2", "--log-level", "warning"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_workers(base, proc)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def _wait_for_workers(base: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode()
        try:
            if fresh_get(base, "/api/health").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("server did not start")


def workers_seen(base: str, seconds: float = 60) -> set[int]:
    """The kernel hands connections to whichever worker wakes first, which may favour one for a while;
    ask until both answered or the time is up."""
    seen: set[int] = set()
    deadline = time.monotonic() + seconds
    while len(seen) < 2 and time.monotonic() < deadline:
        seen.add(fresh_get(base, "/api/health").json()["worker"])
    return seen


def loaded_generations(base: str, seconds: float = 90) -> dict[int, int]:
    """worker pid -> index generation it has loaded; searches until both workers have loaded one."""
    seen: dict[int, int] = {}
    deadline = time.monotonic() + seconds
    while len(seen) < 2 and time.monotonic() < deadline:
        hits = fresh_get(base, "/api/search", q=QUERY).json()["results"]
        assert hits
        health = fresh_get(base, "/api/health").json()
        if health.get("index_generation") is not None:
            seen[health["worker"]] = health["index_generation"]
    return seen


def test_both_workers_see_a_new_ingest_and_share_conversations(server, tmp_path):
    assert len(workers_seen(server)) == 2
    assert sorted(loaded_generations(server).values()) == [1, 1]  # both workers hold the old index
    for _ in range(10):
        hits = fresh_get(server, "/api/search", q=QUERY).json()["results"]
        assert all("押品重估操作规程" not in h["doc_title"] for h in hits)

    new_file = tmp_path / "yapin.md"
    new_file.write_bytes(NEW_RULE)
    ingest = subprocess.run([ASSISTANT, "ingest", str(new_file)], capture_output=True)
    assert ingest.returncode == 0, ingest.stderr.decode()

    served_by: set[int] = set()
    deadline = time.monotonic() + 90
    for _ in range(20):
        hits = fresh_get(server, "/api/search", q=QUERY).json()["results"]
        assert hits and hits[0]["doc_title"] == NEW_TITLE
        health = fresh_get(server, "/api/health").json()
        served_by.add(health["worker"])
        assert health["index_generation"] == 2  # noticed without a restart
    while len(served_by) < 2 and time.monotonic() < deadline:
        assert fresh_get(server, "/api/search", q=QUERY).json()["results"][0]["doc_title"] == NEW_TITLE
        health = fresh_get(server, "/api/health").json()
        served_by.add(health["worker"])
        assert health["index_generation"] == 2
    assert len(served_by) == 2

    first = httpx.post(server + "/api/chat", json={"message": "厂房抵押物多久重估一次？"}, timeout=30).json()
    conversation_id = first["conversation_id"]
    for _ in range(6):
        follow = httpx.post(server + "/api/chat", timeout=30,
                            json={"message": "这条出自哪里？", "conversation_id": conversation_id})
        assert follow.status_code == 200 and "押品重估操作规程" in follow.json()["answer"]
    shown = fresh_get(server, f"/api/conversations/{conversation_id}").json()
    assert len(shown["messages"]) == 14
