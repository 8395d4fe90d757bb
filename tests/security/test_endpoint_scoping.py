"""Branch and officer scoping over HTTP: a table of endpoints × users; hidden case notes never show.

Add a row to LIST_ENDPOINTS for every new endpoint that returns borrower data, drafts, case-note chunks
or meeting material, and a row to OBJECT_ENDPOINTS for every endpoint addressing one such object.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient

from tests.conftest import KEEP_ENV
from tests.security.scoping_world import BORROWERS, NOTES, QUERY, USERS, build_world

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str
    params: dict = field(default_factory=dict)
    json: dict | None = None
    headers: dict = field(default_factory=dict)


XHR = {"X-Requested-With": "XMLHttpRequest"}
LIST_ENDPOINTS = [
    Endpoint("search", "GET", "/api/search", params={"q": QUERY, "k": 20}),
    Endpoint("search_case_notes", "GET", "/api/search", params={"q": QUERY, "k": 20, "source_type": "case_note"}),
    Endpoint("chat", "POST", "/api/chat", json={"message": QUERY}),
    Endpoint("chat_sse", "POST", "/api/chat", json={"message": QUERY}, headers={"Accept": "text/event-stream"}),
    Endpoint("openai", "POST", "/v1/chat/completions",
             json={"model": "daihou", "messages": [{"role": "user", "content": QUERY}]}),
    Endpoint("documents", "GET", "/api/documents"),
    Endpoint("borrowers", "GET", "/api/borrowers"),
]


def _served_paths() -> set[str]:
    from api.app import create_app
    from assistant.config import Settings

    return set(create_app(Settings()).openapi()["paths"])


SERVED = _served_paths()  # rows for routes that do not exist yet become active when the route lands


def _hidden_strings(username: str) -> list[str]:
    visible = USERS[username][3]
    hidden_notes = [n for n in NOTES if n not in visible]
    hidden_borrowers = {NOTES[n][1] for n in hidden_notes}
    role = USERS[username][0]
    if role in ("risk", "admin"):
        return []
    return [NOTES[n][3] for n in hidden_notes] + [BORROWERS[b] for b in sorted(hidden_borrowers)]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from assistant.config import get_settings, reset_settings
    from assistant.db import dispose_engines

    home = tmp_path_factory.mktemp("scoping") / "home"
    with pytest.MonkeyPatch.context() as mp:
        for key in [k for k in os.environ if k.startswith("ASSISTANT_") and k not in KEEP_ENV]:
            mp.delenv(key)
        mp.setenv("ASSISTANT_HOME", str(home))
        mp.setenv("ASSISTANT_RATE_LIMIT_PER_MINUTE", "0")
        reset_settings()
        dispose_engines()
        built = build_world(home)
        from api.app import create_app

        with TestClient(create_app(get_settings())) as client:  # the production wiring, nothing overridden
            yield built, client
        reset_settings()
        dispose_engines()


def _call(client: TestClient, endpoint: Endpoint, token: str):
    headers = {"Authorization": f"Bearer {token}", **endpoint.headers}
    return client.request(endpoint.method, endpoint.path, params=endpoint.params, json=endpoint.json,
                          headers=headers)


def _cases():
    for endpoint in LIST_ENDPOINTS:
        if endpoint.path not in SERVED:
            continue
        for username in USERS:
            yield pytest.param(endpoint, username, id=f"{endpoint.name}-{username}")


@pytest.mark.parametrize("endpoint, username", list(_cases()))
def test_hidden_case_notes_and_borrowers_never_appear(world, endpoint, username):
    built, client = world
    response = _call(client, endpoint, built.tokens[username])
    assert response.status_code in (200, 403), response.text
    leaked = [s for s in _hidden_strings(username) if s in response.text]
    assert not leaked, f"{username} saw {leaked} via {endpoint.name}"


@pytest.mark.parametrize("username", ["wanglei", "head_east", "zhangwei", "risk"])
def test_own_case_notes_are_found(world, username):
    """Positive control: the scoping tests above are not passing because nothing is ever found."""
    built, client = world
    response = _call(client, LIST_ENDPOINTS[0], built.tokens[username])
    assert response.status_code == 200
    for marker in built.visible_markers(username):
        assert marker in response.text


def test_trainer_sees_rules_but_no_case_notes(world):
    built, client = world
    results = _call(client, LIST_ENDPOINTS[0], built.tokens["trainer"]).json()["results"]
    assert results and all(r.get("source_type") != "case_note" for r in results)


def test_other_users_conversations_are_404(world):
    built, client = world
    own = _call(client, LIST_ENDPOINTS[2], built.tokens["wanglei"]).json()["conversation_id"]
    mine = client.get(f"/api/conversations/{own}", headers={"Authorization": f"Bearer {built.tokens['wanglei']}"})
    assert mine.status_code == 200
    for other in ("lina", "head_east", "zhangwei"):
        theirs = client.get(f"/api/conversations/{own}",
                            headers={"Authorization": f"Bearer {built.tokens[other]}"})
        assert theirs.status_code == 404 and MARKERS_NOT_IN(theirs.text)


def MARKERS_NOT_IN(text: str) -> bool:  # noqa: N802 - reads as a predicate in asserts
    return not any(n[3] in text for n in NOTES.values())


_BORROWER_READERS = {"B001": {"wanglei", "head_east", "risk"}, "B003": {"lina", "head_east", "risk"},
                     "B007": {"zhangwei", "head_west", "risk"}}
OBJECT_ENDPOINTS = [  # (OpenAPI path template, borrower id, users that may see it)
    (template, borrower, readers)
    for template in ("/api/borrowers/{borrower_id}", "/api/borrowers/{borrower_id}/report",
                     "/api/borrowers/{borrower_id}/report.docx")
    for borrower, readers in _BORROWER_READERS.items()
]


@pytest.mark.parametrize("template, object_id, allowed", [r for r in OBJECT_ENDPOINTS if r[0] in SERVED],
                         ids=[f"{t}-{i}" for t, i, _ in OBJECT_ENDPOINTS if t in SERVED])
def test_objects_outside_scope_are_404_or_403(world, template, object_id, allowed):
    built, client = world
    path = template.format(borrower_id=object_id)
    for username in USERS:
        response = client.get(path, headers={"Authorization": f"Bearer {built.tokens[username]}"})
        if username not in allowed:
            assert response.status_code in (403, 404), (username, response.status_code)
            assert BORROWERS[object_id] not in response.text
        else:
            assert response.status_code != 403 and response.status_code < 500, (username, response.text[:300])


def _note_chunk_ids(client, built) -> dict[str, str]:
    """note id -> chunk id, found by the risk user (who sees every branch)."""
    results = _call(client, LIST_ENDPOINTS[1], built.tokens["risk"]).json()["results"]
    found = {}
    for note, (_b, _id, _code, marker) in NOTES.items():
        found[note] = next(r["chunk_id"] for r in results if marker in r["text"])
    return found


@pytest.mark.skipif("/api/chunks/{chunk_id}" not in SERVED, reason="no chunk route")
def test_case_note_chunks_outside_scope_are_404(world):
    built, client = world
    chunk_ids = _note_chunk_ids(client, built)
    leaks = []
    for username, (_role, _branch, _code, visible) in USERS.items():
        for note, chunk_id in chunk_ids.items():
            response = client.get(f"/api/chunks/{chunk_id}",
                                  headers={"Authorization": f"Bearer {built.tokens[username]}"})
            if note not in visible and (response.status_code not in (403, 404) or NOTES[note][3] in response.text):
                leaks.append((username, note, response.status_code))
    assert not leaks
