"""OpenAI chat-completions shapes: request parsing, answer rendering with sources, and stream chunks."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterable, Iterator

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import UserError

MODEL_ID = "daihou-assistant"
SOURCES_HEADING = "参考来源："
RECORDS_HEADING = "所用记录："


class OpenAIMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str
    content: str | list[dict] | None = None


class ChatCompletionRequest(BaseModel):
    """The fields we use; temperature, max_tokens and the rest are accepted and ignored."""

    model_config = ConfigDict(extra="allow")

    model: str = MODEL_ID
    messages: list[OpenAIMessage] = Field(min_length=1)
    stream: bool = False


def message_text(message: OpenAIMessage) -> str:
    if isinstance(message.content, list):  # content parts: keep the text ones
        return "".join(str(p.get("text", "")) for p in message.content if p.get("type") == "text")
    return message.content or ""


def split_dialogue(messages: list[OpenAIMessage]) -> tuple[list[tuple[str, str]], str]:
    """Earlier (question, answer) pairs and the last user question; system messages are ignored."""
    dialogue = [m for m in messages if m.role in ("user", "assistant")]
    if not dialogue or dialogue[-1].role != "user":
        raise UserError("最后一条消息必须是用户（user）的提问。")
    pairs: list[tuple[str, str]] = []
    pending: str | None = None
    for message in dialogue[:-1]:
        if message.role == "user":
            pending = message_text(message)
        elif pending is not None:
            pairs.append((pending, message_text(message)))
            pending = None
    return pairs, message_text(dialogue[-1])


def render_sources(citations: Iterable[dict]) -> str:
    """The numbered sources list appended to the answer text ("" when nothing is cited)."""
    lines = []
    for position, citation in enumerate(citations, start=1):
        number = citation.get("number") or position
        where = citation.get("article") or ""
        files = citation.get("sources") or []
        held = f"（文件：{'、'.join(files)}）" if len(files) > 1 else ""
        lines.append(f"[{number}] 《{citation.get('doc_title', '')}》{where}：“{citation.get('quote', '')}”{held}")
    return f"\n\n{SOURCES_HEADING}\n" + "\n".join(lines) if lines else ""


def render_records(records: Iterable[dict]) -> str:
    """The borrower records an answer used, appended after the sources ("" for a rule answer)."""
    lines = [f"- {r.get('borrower_id', '')} {r.get('table', '')} {r.get('record_id', '')}：{r.get('text', '')}"
             f"（{r.get('as_of', '')}）" for r in records]
    return f"\n\n{RECORDS_HEADING}\n" + "\n".join(lines) if lines else ""


_SOURCE_LINE = re.compile(r"^\[(\d+)\] 《(.*?)》(.*?)：“(.*)”$")


def parse_sources(content: str) -> tuple[str, list[dict]]:
    """Split one of our rendered answers (sent back by the client as history) into text and citations."""
    content = content.partition(f"\n\n{RECORDS_HEADING}\n")[0]
    body, heading, sources = content.partition(f"\n\n{SOURCES_HEADING}\n")
    if not heading:
        return content, []
    citations = []
    for line in sources.splitlines():
        match = _SOURCE_LINE.match(line.strip())
        if match:
            number, title, article, quote = match.groups()
            citations.append({"number": int(number), "chunk_id": "", "doc_title": title,
                              "article": article, "quote": quote})
    return body, citations


_RECORD_LINE = re.compile(r"^- ([A-Za-z]\w*) ")


def parse_record_borrowers(content: str) -> list[str]:
    """The borrower ids of the records list of one of our answers (follow-ups such as 它 refer to them)."""
    _, heading, records = content.partition(f"\n\n{RECORDS_HEADING}\n")
    ids = [m.group(1) for m in map(_RECORD_LINE.match, records.splitlines()) if m] if heading else []
    return list(dict.fromkeys(ids))


def completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex[:24]}"


def completion(content: str, question: str, model: str) -> dict:
    prompt_tokens, completion_tokens = len(question), len(content)  # characters: a rough token count
    return {
        "id": completion_id(),
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                     "finish_reason": "stop"}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


def chunk_line(chunk_id: str, model: str, delta: dict, finish_reason: str | None = None) -> str:
    payload = {
        "id": chunk_id,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"


def event_text(event: dict) -> str:
    for key in ("text", "delta", "content", "answer"):
        value = event.get(key)
        if isinstance(value, str):
            return value
    return ""


def stream_chunks(events: Iterator[dict], model: str) -> Iterator[str]:
    """Service events as OpenAI chunks: text deltas, then the sources, a stop chunk and [DONE]."""
    chunk_id = completion_id()
    yield chunk_line(chunk_id, model, {"role": "assistant", "content": ""})
    citations: list[dict] = []
    records: list[dict] = []
    for event in events:
        kind = event.get("type")
        if kind == "delta":
            yield chunk_line(chunk_id, model, {"content": event_text(event)})
        elif kind == "replace":  # text already sent cannot be withdrawn: send the corrected answer
            yield chunk_line(chunk_id, model, {"content": "\n\n（更正后的回答）\n" + event_text(event)})
        elif kind == "citations":
            citations = list(event.get("citations") or [])
            records = list(event.get("records") or [])
    sources = render_sources(citations) + render_records(records)
    if sources:
        yield chunk_line(chunk_id, model, {"content": sources})
    yield chunk_line(chunk_id, model, {}, finish_reason="stop")
    yield "data: [DONE]\n\n"
