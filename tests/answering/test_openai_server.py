"""The scripted OpenAI-compatible test server speaks the real protocol (checked with the openai client)."""

from __future__ import annotations

import openai
import pytest

from tests.support.openai_server import Reply, openai_server  # noqa: F401

pytestmark = pytest.mark.integration


def _client(server) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.base_url, api_key="k", timeout=5, max_retries=0)


def test_scripted_replies_in_order_and_requests_recorded(openai_server):
    openai_server.script(["第一", "第二"])
    client = _client(openai_server)
    first = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "问1"}])
    second = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "问2"}])
    assert [first.choices[0].message.content, second.choices[0].message.content] == ["第一", "第二"]
    assert [r["body"]["messages"][0]["content"] for r in openai_server.requests] == ["问1", "问2"]


def test_stream_yields_sse_chunks(openai_server):
    openai_server.script([Reply("逾期超过九十天", chunk_chars=3)])
    stream = _client(openai_server).chat.completions.create(
        model="m", messages=[{"role": "user", "content": "问"}], stream=True)
    pieces = [c.choices[0].delta.content or "" for c in stream if c.choices]
    assert "".join(pieces) == "逾期超过九十天"
    assert len([p for p in pieces if p]) == 3


def test_exhausted_script_and_error_status(openai_server):
    openai_server.script([Reply("坏了", status=503)])
    with pytest.raises(openai.APIStatusError):
        _client(openai_server).chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    with pytest.raises(openai.InternalServerError):
        _client(openai_server).chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
