"""The app shell: health, OpenAPI, web page, Chinese errors for unknown routes and crashes, limits."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.deps import get_retriever_dep
from tests.api.fakes import BrokenRetriever

pytestmark = pytest.mark.unit

CONTRACT_PATHS = {
    "/api/health": "get", "/api/search": "get", "/api/chat": "post", "/api/conversations": "get",
    "/api/conversations/{conversation_id}": "get", "/api/documents": "post",
    "/api/documents/{doc_id}": "delete", "/api/documents/reindex": "post",
    "/v1/chat/completions": "post", "/v1/models": "get",
}


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_health_is_cheap_and_ok(client, app):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert app.state.services.built("retriever") is None  # nothing heavy built by a health check


def test_openapi_lists_the_contract(client):
    spec = client.get("/openapi.json").json()
    for path, method in CONTRACT_PATHS.items():
        assert method in spec["paths"][path], path
    assert client.get("/docs").status_code == 200


def test_index_page_and_docs_page_are_served(client):
    # The web page's own links are the web tests' business (api/web is redesigned separately);
    # here the app serves both the page and the API docs (offline: tests/api/test_docs_ui.py).
    response = client.get("/")
    assert response.status_code == 200 and "贷后助手" in response.text
    docs = client.get("/docs")
    assert docs.status_code == 200 and "贷后助手 API" in docs.text and "/openapi.json" in docs.text


def test_unknown_route_and_method_answer_in_chinese(client):
    missing = client.get("/api/nothing-here")
    assert missing.status_code == 404 and has_chinese(missing.json()["detail"])
    wrong = client.delete("/api/health")
    assert wrong.status_code == 405 and has_chinese(wrong.json()["detail"])


def test_unexpected_error_is_a_generic_500_without_details(app, client, caplog):
    app.dependency_overrides[get_retriever_dep] = BrokenRetriever
    response = client.get("/api/search", params={"q": "贷后检查"})
    assert response.status_code == 500
    body = response.text
    assert has_chinese(response.json()["detail"])
    assert "secret" not in body and "Traceback" not in body and "RuntimeError" not in body
    assert "RuntimeError" in caplog.text  # the traceback went to the log
    assert client.get("/api/health").status_code == 200


def test_rate_limit_per_client(home, monkeypatch):
    monkeypatch.setenv("ASSISTANT_RATE_LIMIT_PER_MINUTE", "3")
    from api.app import create_app
    from assistant.config import reset_settings

    reset_settings()
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        codes = [client.get("/v1/models").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = client.get("/v1/models")
        assert has_chinese(limited.json()["detail"]) and limited.headers["retry-after"] == "60"
        assert client.get("/api/health").status_code == 200  # health checks are never limited
        other = client.get("/v1/models", headers={"Authorization": "Bearer another-user"})
        assert other.status_code == 200  # the window is per client


def test_json_body_over_the_limit_is_413(client):
    big = '{"message": "' + "贷" * 600_000 + '"}'
    response = client.post("/api/chat", content=big.encode(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert has_chinese(response.json()["detail"])
    assert client.get("/api/health").status_code == 200


def test_chunked_body_over_the_limit_is_413(client):
    def body():
        for _ in range(40):
            yield b"x" * 64 * 1024

    response = client.post("/api/chat", content=body(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert has_chinese(response.json()["detail"])
