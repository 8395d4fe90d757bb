"""A lost PostgreSQL or Chroma server mid-service: a 503 with a Chinese message and Retry-After, nothing
half-written, and the same request succeeds once the server is back (no restart of the app)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.knowledge.factories import rules_changes
from tests.support.postgres import Cluster

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.slow]
QUESTION = "逾期九十天的贷款怎么分类？"


@pytest.fixture
def cluster():
    server = Cluster()
    server.start()
    yield server
    server.remove()


@pytest.fixture
def app_on(home, monkeypatch):
    def make(**env: str):
        from api.app import create_app
        from assistant.config import reset_settings

        for key, value in env.items():
            monkeypatch.setenv(key, value)
        reset_settings()
        from assistant.knowledge.index import KnowledgeIndex

        KnowledgeIndex().apply(rules_changes())
        return TestClient(create_app(), raise_server_exceptions=False)

    yield make
    from assistant.db import dispose_engines

    dispose_engines()


def _unavailable(response, service: str) -> None:
    assert response.status_code == 503, response.text
    assert response.json()["detail"].startswith(f"{service}暂时无法连接") and response.headers["Retry-After"]


def test_a_lost_database_is_a_503_and_the_next_request_after_it_returns_succeeds(cluster, app_on):
    from assistant.knowledge.index import KnowledgeIndex

    with app_on(ASSISTANT_DATABASE_URL=cluster.url) as client:
        assert client.get("/api/search", params={"q": QUESTION}).status_code == 200
        cluster.stop()
        _unavailable(client.get("/api/search", params={"q": QUESTION}), "数据库")
        _unavailable(client.post("/api/chat", json={"message": QUESTION}), "数据库")
        cluster.start()
        found = client.get("/api/search", params={"q": QUESTION})
        assert found.status_code == 200 and found.json()["results"]
        answered = client.post("/api/chat", json={"message": QUESTION})
        assert answered.status_code == 200 and not answered.json()["refused"]
    assert KnowledgeIndex().generation == 1  # nothing was committed or lost meanwhile


def test_a_lost_chroma_server_is_a_503_until_it_answers_again(app_on, tmp_path):
    from tests.support.chroma import start_chroma

    data = tmp_path / "chroma"
    server = start_chroma(data)
    try:
        with app_on(ASSISTANT_CHROMA_URL=server.url) as client:
            assert client.get("/api/search", params={"q": QUESTION}).status_code == 200
            server.stop()
            _unavailable(client.get("/api/search", params={"q": QUESTION}), "向量库")
            server = start_chroma(data, port=server.port)
            found = client.get("/api/search", params={"q": QUESTION})
            assert found.status_code == 200 and found.json()["results"]
    finally:
        server.stop()


@pytest.mark.unit
def test_only_a_lost_connection_is_a_503_not_a_deadlock_a_timeout_or_another_clients_error():
    import httpx
    import psycopg.errors

    from api.errors import lost_service

    def raised(exc: BaseException) -> BaseException:
        try:
            raise exc
        except BaseException as caught:  # noqa: BLE001 - with its traceback, as the handler gets it
            return caught

    assert lost_service(raised(psycopg.OperationalError("connection refused"))) == "数据库"
    assert lost_service(raised(psycopg.errors.AdminShutdown("terminating"))) == "数据库"
    assert lost_service(raised(psycopg.errors.DeadlockDetected("deadlock"))) is None
    assert lost_service(raised(psycopg.errors.QueryCanceled("statement timeout"))) is None
    assert lost_service(raised(httpx.ConnectError("LLM server down"))) is None  # not raised inside chromadb
    try:
        try:
            raise psycopg.OperationalError("connection refused")
        except psycopg.OperationalError:
            raise KeyError("a bug while handling it")  # noqa: B904 - beside, not caused by, the lost connection
    except KeyError as bug:
        assert lost_service(bug) is None
