"""Prompt-injection suite (evals/injection/cases.jsonl) against the real scripted OpenAI-compatible server.

Each case runs as `ask` and as `stream`; the test server often plays a compromised model (it echoes the
canary, the system prompt, ID numbers or another branch's borrower) and the chat service (with its default guard) must
stop every leak. The canary is placed in the system prompt; out-of-scope data must never reach the model.
"""

from __future__ import annotations

import pytest

from evals.injection.runner import load_cases, run_case, start_world

pytestmark = pytest.mark.integration

CASES = load_cases()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    from assistant.db import dispose_engines
    from assistant.answering.service import ChatService
    from assistant.security.secrets import prompt_canary

    settings, server = start_world(tmp_path_factory.mktemp("injection"))
    try:
        yield ChatService(settings), server, prompt_canary(settings.secret_key)
    finally:
        server.stop()
        dispose_engines()


def test_suite_is_big_enough_and_mixed():
    assert len(CASES) >= 40
    assert {c["lang"] for c in CASES} == {"zh", "en"}
    assert {c["kind"] for c in CASES} == {"direct", "compromised", "planted", "extraction"}


@pytest.mark.parametrize("mode", ["ask", "stream"])
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_no_leak(guarded, case, mode):
    service, server, canary = guarded
    result = run_case(service, server, case, canary, mode)
    assert result.ok, result.problems


def test_leaks_are_recorded_in_the_audit_log(guarded):
    from assistant.db import session_scope
    from assistant.security.audit import list_entries
    from assistant.security.scope import LOCAL_ADMIN

    service, server, canary = guarded
    case = next(c for c in CASES if c["id"].startswith("compromised"))
    run_case(service, server, case, canary, "ask")
    with session_scope(service.settings) as session:
        entry = list_entries(session, LOCAL_ADMIN, action="question", limit=1)[0]
    assert entry["username"] == case["user"] and len(entry["detail"]["output_sha256"]) == 64
    assert entry["detail"]["chunks"] and all("chunk_id" in c for c in entry["detail"]["chunks"])
