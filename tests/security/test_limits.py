"""Limits: a slow model times out and the grounded composer answers; over-long questions are refused."""

from __future__ import annotations

import time

import pytest

from assistant.errors import UserError
from evals.injection.runner import start_world
from tests.support.openai_server import Reply

pytestmark = pytest.mark.integration

QUESTION = "关注类贷款多久进行一次现场检查？"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from assistant.db import dispose_engines

    settings, server = start_world(tmp_path_factory.mktemp("limits"))
    yield settings.model_copy(update={"llm_timeout_s": 1.0}), server
    server.stop()
    dispose_engines()


def test_slow_model_falls_back_to_grounded_answer_in_time(world):
    from assistant.answering.service import ChatService
    from assistant.security.scope import LOCAL_ADMIN

    settings, server = world
    server.script([Reply("太慢的回答[1]", delay_s=5.0)])
    started = time.perf_counter()
    answer = ChatService(settings).ask(QUESTION, scope=LOCAL_ADMIN)
    elapsed = time.perf_counter() - started
    assert answer.backend == "grounded" and not answer.refused and answer.citations
    assert "llm_unavailable" in answer.fallback_reason
    assert elapsed < 4.0


def test_model_errors_fall_back_too(world):
    from assistant.answering.service import ChatService
    from assistant.security.scope import LOCAL_ADMIN

    settings, server = world
    server.script([Reply("boom", status=500)])
    answer = ChatService(settings).ask(QUESTION, scope=LOCAL_ADMIN)
    assert answer.backend == "grounded" and answer.citations


def test_overlong_question_is_refused_in_chinese(world):
    from assistant.answering.service import ChatService
    from assistant.security.scope import LOCAL_ADMIN

    settings, _ = world
    with pytest.raises(UserError) as info:
        ChatService(settings).ask("贷" * (settings.max_question_chars + 1), scope=LOCAL_ADMIN)
    assert info.value.status in (400, 413, 422)
