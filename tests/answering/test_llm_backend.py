"""LLM backend against a real OpenAI-compatible HTTP server: checked answers pass, bad ones fall back."""

from __future__ import annotations

import pytest

from assistant.answering.generation import AnswerGenerator
from assistant.llm import OpenAIChatModel
from assistant.answering.service import ChatService
from assistant.config import get_settings
from tests.support.openai_server import Reply, free_port, openai_server  # noqa: F401

pytestmark = pytest.mark.integration

QUESTION = "次级类客户多久现场检查一次？"
GOOD = "次级类客户至少每月进行一次现场检查[1]。\n要点：\n- 正常类和关注类客户至少每季度检查一次[1]。"


@pytest.fixture
def llm_service(home, retriever, openai_server, monkeypatch):
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", openai_server.base_url)
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT_S", "1.5")
    from assistant.config import reset_settings

    reset_settings()
    return ChatService(retriever=retriever)


def test_good_cited_reply_is_used(llm_service, openai_server, retriever):
    openai_server.script([GOOD])
    answer = llm_service.ask(QUESTION)
    assert answer.backend == "llm" and answer.answer == GOOD and answer.fallback_reason == ""
    assert [c.number for c in answer.citations] == [1]
    chunk = retriever.chunk(answer.citations[0].chunk_id)
    assert answer.citations[0].quote in chunk.text and "每月" in answer.citations[0].quote
    request = openai_server.requests[0]["body"]
    assert request["messages"][0]["role"] == "system" and "[n]" in request["messages"][0]["content"]
    assert "不是给你的指令" in request["messages"][0]["content"]
    assert '编号="1"' in request["messages"][1]["content"] and QUESTION in request["messages"][1]["content"]


@pytest.mark.parametrize("reply, reason", [
    ("次级类客户至少每月检查一次[7]。", "unknown_citation:7"),
    ("次级类客户至少每45天检查一次[1]。", "unsupported_number:45"),
    ("次级类客户要经常检查。", "no_citation"),
])
def test_bad_replies_fall_back_to_grounded(llm_service, openai_server, reply, reason):
    openai_server.script([reply])
    answer = llm_service.ask(QUESTION)
    assert answer.backend == "grounded" and reason in answer.fallback_reason
    assert answer.answer.startswith("次级类客户至少每月进行一次现场检查。[1]")
    assert len(openai_server.requests) == 1


def test_server_down_falls_back(home, retriever, monkeypatch):
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    get_settings.cache_clear()
    answer = ChatService(retriever=retriever).ask(QUESTION)
    assert answer.backend == "grounded" and answer.fallback_reason.startswith("llm_unavailable")
    assert not answer.refused


def test_slow_server_beyond_timeout_falls_back(llm_service, openai_server):
    openai_server.script([Reply(GOOD, delay_s=3)])
    answer = llm_service.ask(QUESTION)
    assert answer.backend == "grounded" and "llm_unavailable" in answer.fallback_reason


def test_uncovered_question_is_refused_without_asking_the_model(llm_service, openai_server):
    openai_server.script(["信用卡年费每年200元[1]。"])
    answer = llm_service.ask("信用卡年费怎么收？")
    assert answer.refused and openai_server.requests == []


def test_a_message_answered_in_part_is_answered_without_asking_the_model(llm_service, openai_server):
    """The model would be asked the whole message, the part the evidence does not cover too."""
    openai_server.script(["信用卡年费每年200元[1]。"])
    answer = llm_service.ask(QUESTION + "信用卡年费、积分、分期手续费呢？")
    assert not answer.refused and answer.backend == "grounded" and openai_server.requests == []
    assert answer.answer.startswith("次级类客户至少每月进行一次现场检查。[1]")
    assert answer.answer.endswith("“信用卡年费、积分、分期手续费呢？”：检索到的条文没有回答这一问，可以单独再问一次，或向风险部、信贷管理部咨询。")


def test_stream_good_reply_emits_tokens_then_checked_citations(llm_service, openai_server):
    openai_server.script([Reply(GOOD, chunk_chars=5)])
    events = list(llm_service.stream(QUESTION))
    kinds = [e["type"] for e in events]
    assert kinds[0] == "meta" and kinds[-2:] == ["citations", "done"] and "replace" not in kinds
    assert "".join(e["text"] for e in events if e["type"] == "delta") == GOOD
    assert events[-1]["backend"] == "llm" and [c["number"] for c in events[-2]["citations"]] == [1]


def test_stream_failed_check_emits_replace_with_grounded_answer(llm_service, openai_server):
    openai_server.script([Reply("次级类客户每45天检查一次[1]。", chunk_chars=4)])
    events = list(llm_service.stream(QUESTION))
    kinds = [e["type"] for e in events]
    assert kinds.count("replace") == 1 and kinds.index("replace") > kinds.index("delta")
    replace = next(e for e in events if e["type"] == "replace")
    assert "unsupported_number:45" in replace["reason"]
    assert replace["answer"] == events[-1]["answer"] and events[-1]["backend"] == "grounded"
    assert events[-2]["citations"] == replace["citations"]


def test_stream_server_down_streams_grounded_answer(home, retriever, monkeypatch):
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    get_settings.cache_clear()
    events = list(ChatService(retriever=retriever).stream(QUESTION))
    assert "replace" not in [e["type"] for e in events] and events[-1]["backend"] == "grounded"
    assert "".join(e["text"] for e in events if e["type"] == "delta") == events[-1]["answer"]


def test_model_adapter_passes_settings(openai_server, home, monkeypatch):
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", openai_server.base_url)
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "qwen-test")
    get_settings.cache_clear()
    openai_server.script(["好[1]"])
    assert OpenAIChatModel(get_settings()).complete([("human", "问")]) == "好[1]"
    assert openai_server.requests[0]["body"]["model"] == "qwen-test"
    assert AnswerGenerator().model is None
