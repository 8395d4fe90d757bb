"""LLM-written narratives through a real OpenAI-compatible server: kept only when every figure traces."""

from __future__ import annotations

import pytest

from assistant.meeting import service
from assistant.security.scope import LOCAL_ADMIN
from tests.meeting.conftest import BRANCH, DECEMBER
from tests.support.openai_server import Reply, openai_server  # noqa: F401 - fixture

pytestmark = pytest.mark.integration


@pytest.fixture
def llm(openai_server, october_meeting, monkeypatch):
    from tests.conftest import _reset_caches

    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", openai_server.base_url)
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT_S", "5")
    _reset_caches()
    return openai_server


def _template_summary() -> str:
    from assistant.db import session_scope
    from assistant.meeting.minutes import build_minutes

    with session_scope() as session:
        return build_minutes(session, LOCAL_ADMIN, BRANCH, DECEMBER).summary


def _draft() -> str:
    return service.draft(LOCAL_ADMIN, BRANCH, DECEMBER, "md").content.decode("utf-8")


def test_grounded_rewrite_is_used(llm):
    template = _template_summary()
    rewrite = template.replace("本次例会共审议借款人", "经逐户审议，本次会议共涉及借款人")
    llm.script([rewrite])
    llm.default_reply = "该户经营稳定，建议维持现有管理措施。"
    text = _draft()
    assert "经逐户审议，本次会议共涉及借款人" in text and "大模型撰写（已通过数字核对）" in text
    prompt = llm.requests[0]["body"]["messages"][-1]["content"]
    assert "事实清单" in prompt and "不得新增" in prompt


def test_invented_number_falls_back_to_the_template(llm):
    from assistant.db import session_scope
    from assistant.meeting.minutes import build_minutes
    from assistant.meeting.narrative import chat_model, llm_narratives

    template = _template_summary()
    llm.script([template.replace("本次例会共审议", "本次例会共审议（另有历史不良3.7亿元）")])
    llm.default_reply = "该户用信余额987.65万元，建议压缩。"
    with session_scope() as session:
        minutes = build_minutes(session, LOCAL_ADMIN, BRANCH, DECEMBER)
        llm_narratives(minutes, chat_model())
    assert minutes.summary == template and minutes.narrative_source == "template"
    assert any("3.7亿元" in p for p in minutes.narrative_rejected)
    assert any("987.65万元" in p for p in minutes.narrative_rejected)
    assert all("987.65" not in r.points for r in minutes.reviews)


def test_model_down_keeps_template(llm):
    llm.script([Reply("", status=500)])
    llm.default_reply = None
    assert "叙述段落来源：模板生成" in _draft()
