"""Two `assistant serve` processes (2 workers each), each with its own ASSISTANT_HOME, sharing only
PostgreSQL and a Chroma server: an upload through one is answered by the other at its next request,
no worker keeps index files, and concurrent traffic over both gets no 5xx."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.api.live_server import free_port
from tests.api.test_workers import NEW_RULE, NEW_TITLE, QUERY, fresh_get
from tests.support.postgres import postgres_server, postgres_url  # noqa: F401 - fixtures

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.postgres]
ASSISTANT = str(Path(sys.executable).parent / "assistant")


@pytest.fixture
def shared_services(home, postgres_url, tmp_path):
    from tests.support.chroma import start_chroma

    chroma = start_chroma(tmp_path / "chroma")
    try:
        yield {"ASSISTANT_DATABASE_URL": postgres_url, "ASSISTANT_CHROMA_URL": chroma.url,
               "ASSISTANT_RATE_LIMIT_PER_MINUTE": "100000"}
    finally:
        chroma.stop()


def _machine(shared: dict, home: Path) -> dict:
    return {**os.environ, **shared, "ASSISTANT_HOME": str(home)}


def _serve(env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([ASSISTANT, "serve", "--port", str(port), "--workers", "2", "--log-level", "warning"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode()
        try:
            if fresh_get(base, "/api/health").status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.3)
    raise AssertionError("server did not start")


def test_an_upload_through_one_server_is_served_by_the_other_at_once(shared_services, shared_corpus, tmp_path):
    first, second = _machine(shared_services, tmp_path / "a"), _machine(shared_services, tmp_path / "b")
    ingest = subprocess.run([ASSISTANT, "ingest", str(shared_corpus / "regulations")], env=first, capture_output=True)
    assert ingest.returncode == 0, ingest.stderr.decode()
    servers = [_serve(first), _serve(second)]
    try:
        (_, a), (_, b) = servers
        assert fresh_get(b, "/api/search", q=QUERY).json()["results"]  # B answers from the shared index
        uploaded = httpx.post(a + "/api/documents", files={"files": ("yapin.md", NEW_RULE, "text/markdown")},
                              headers={"X-Requested-With": "fetch"}, timeout=120)
        assert uploaded.status_code == 200, uploaded.text
        hits = fresh_get(b, "/api/search", q=QUERY).json()["results"]  # the very next request to B
        assert hits[0]["doc_title"] == NEW_TITLE
        generations, deadline = {}, time.monotonic() + 60
        while len(generations) < 2 and time.monotonic() < deadline:  # both of B's workers, each on its first try
            assert fresh_get(b, "/api/search", q=QUERY).json()["results"][0]["doc_title"] == NEW_TITLE
            health = fresh_get(b, "/api/health").json()
            if "index_generation" in health:  # a worker that has served no search yet has loaded no index
                generations[health["worker"]] = health["index_generation"]
        assert sorted(generations.values()) == [2, 2]
        assert not list((tmp_path / "b").rglob("gen-*")) and not list((tmp_path / "a").rglob("gen-*"))

        failures: list[str] = []
        stop = time.monotonic() + 15

        def client(n: int) -> None:
            base = (a, b)[n % 2]
            with httpx.Client(timeout=60) as http:
                while time.monotonic() < stop:
                    for response in (http.get(base + "/api/search", params={"q": QUERY}),
                                     http.post(base + "/api/chat", json={"message": "厂房抵押物多久重估一次？"})):
                        if response.status_code >= 500:
                            failures.append(f"{response.status_code} {response.text[:200]}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        more = NEW_RULE.replace("每半年".encode(), "每季度".encode()).replace("（测试用）".encode(), "（二）".encode())
        uploaded = httpx.post(a + "/api/documents", files={"files": ("yapin2.md", more, "text/markdown")},
                              headers={"X-Requested-With": "fetch"}, timeout=120)  # a commit under load
        for thread in threads:
            thread.join()
        assert uploaded.status_code == 200 and failures == []
        assert fresh_get(b, "/api/health").json()["index_generation"] == 3
        assert "（二）" in fresh_get(b, "/api/search", q="厂房抵押物 每季度重估").json()["results"][0]["doc_title"]
    finally:
        for proc, _ in servers:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
