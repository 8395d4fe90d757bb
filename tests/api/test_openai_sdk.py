"""/v1 with the real openai SDK against a real uvicorn server: models, non-stream, stream, context, errors."""

from __future__ import annotations

import pytest

from tests.api.live_server import live_server

pytestmark = pytest.mark.integration

REGULATION = "regulations/liudong_zijin_daikuan_2024.md"


@pytest.fixture
def server_url(home, shared_corpus):
    from api.app import create_app
    from assistant.knowledge.ingest import ingest_paths

    assert not ingest_paths([shared_corpus / REGULATION]).errors
    with live_server(create_app()) as base_url:
        yield f"{base_url}/v1"


@pytest.fixture
def api_key(home) -> str:
    """A real user's API token: the SDK always sends its key as `Authorization: Bearer`."""
    from assistant.db import session_scope
    from assistant.security.users import add_user, issue_token

    with session_scope() as session:
        add_user(session, "risk_wang", "risk")
        return issue_token(session, "risk_wang")


@pytest.fixture
def openai_client(server_url, api_key):
    from openai import OpenAI

    return OpenAI(base_url=server_url, api_key=api_key, max_retries=0, timeout=30)


def test_a_wrong_key_is_an_authentication_error(server_url, api_key):
    import openai

    client = openai.OpenAI(base_url=server_url, api_key="wrong-key", max_retries=0, timeout=30)
    with pytest.raises(openai.AuthenticationError) as refused:
        client.chat.completions.create(model="daihou-assistant", messages=[{"role": "user", "content": "受托支付"}])
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(refused.value))


def test_any_key_is_accepted_before_any_user_exists(server_url):
    """A fresh install has no users: the SDK's (required) key must not lock the caller out."""
    from openai import OpenAI

    client = OpenAI(base_url=server_url, api_key="sk-local-anything", max_retries=0, timeout=30)
    completion = client.chat.completions.create(
        model="daihou-assistant", messages=[{"role": "user", "content": "流动资金贷款什么情况下应当采用受托支付？"}])
    assert "参考来源：" in completion.choices[0].message.content


def test_models_lists_the_assistant(openai_client):
    assert [m.id for m in openai_client.models.list()] == ["daihou-assistant"]


def test_non_stream_answer_carries_numbered_sources(openai_client):
    completion = openai_client.chat.completions.create(
        model="daihou-assistant",
        messages=[{"role": "system", "content": "你是贷后助手"},
                  {"role": "user", "content": "流动资金贷款什么情况下应当采用受托支付？"}],
    )
    choice = completion.choices[0]
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    text = choice.message.content
    assert "[1]" in text and "参考来源：" in text
    assert "[1] 《流动资金贷款管理办法》第" in text.split("参考来源：")[1]
    assert completion.usage.total_tokens > 0


def test_stream_yields_chunks_then_sources(openai_client):
    stream = openai_client.chat.completions.create(
        model="daihou-assistant", stream=True,
        messages=[{"role": "user", "content": "流动资金贷款什么情况下应当采用受托支付？"}],
    )
    chunks = list(stream)
    assert len(chunks) > 3
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert "参考来源：" in text and "《流动资金贷款管理办法》" in text
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_earlier_messages_give_the_follow_up_its_context(openai_client):
    first = openai_client.chat.completions.create(
        model="daihou-assistant", messages=[{"role": "user", "content": "流动资金贷款什么情况下应当采用受托支付？"}])
    answer = first.choices[0].message.content  # clients send our whole reply back, sources included
    follow = openai_client.chat.completions.create(model="daihou-assistant", messages=[
        {"role": "user", "content": "流动资金贷款什么情况下应当采用受托支付？"},
        {"role": "assistant", "content": answer},
        {"role": "user", "content": "这条出自哪里？"},
    ])
    assert "《流动资金贷款管理办法》第" in follow.choices[0].message.content


def test_sources_round_trip():
    from api.openai_format import parse_sources, render_sources

    citations = [{"number": 1, "chunk_id": "c1", "doc_title": "流动资金贷款管理办法", "article": "第三十条",
                  "quote": "贷款人应采用受托支付。"}]
    text, parsed = parse_sources("答复[1]。" + render_sources(citations))
    assert text == "答复[1]。"
    assert parsed == [{**citations[0], "chunk_id": ""}]


def test_bad_requests_raise_sdk_errors_with_chinese_messages(openai_client):
    import openai

    with pytest.raises(openai.BadRequestError) as empty:
        openai_client.chat.completions.create(model="daihou-assistant",
                                              messages=[{"role": "user", "content": "   "}])
    assert "问题不能为空" in str(empty.value)
    with pytest.raises(openai.UnprocessableEntityError):
        openai_client.chat.completions.create(model="daihou-assistant", messages=[])
    with pytest.raises(openai.BadRequestError) as last_not_user:
        openai_client.chat.completions.create(model="daihou-assistant",
                                              messages=[{"role": "assistant", "content": "你好"}])
    assert "最后一条消息" in str(last_not_user.value)
