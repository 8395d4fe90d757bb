"""OpenAI-compatible /v1/chat/completions and /v1/models, so existing chat clients can use the assistant."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from api.deps import ChatDep, ScopeDep, SettingsDep, get_services
from api.errors import INTERNAL_ERROR_ZH
from api.openai_format import (
    MODEL_ID,
    ChatCompletionRequest,
    completion,
    parse_sources,
    parse_record_borrowers,
    render_records,
    render_sources,
    split_dialogue,
    stream_chunks,
)
from api.sse import NO_BUFFERING_HEADERS, in_one_thread
from assistant.answering.input_checks import check_question
from assistant.errors import UserError
from assistant.security.scope import Scope

router = APIRouter(prefix="/v1", tags=["OpenAI 兼容"])
log = logging.getLogger("api")

MODEL_CREATED = 1767225600  # 2026-01-01, a fixed date: the model list must not change between calls


@router.get("/models", summary="可用模型（OpenAI 格式）")
def list_models() -> dict:
    return {"object": "list", "data": [
        {"id": MODEL_ID, "object": "model", "created": MODEL_CREATED, "owned_by": "daihou"},
    ]}


@router.post("/chat/completions", summary="对话补全（OpenAI 格式，引用列在回答末尾）")
def chat_completions(body: ChatCompletionRequest, request: Request, service: ChatDep, scope: ScopeDep,
                     settings: SettingsDep):
    history, last_question = split_dialogue(body.messages)
    question = check_question(last_question, settings.max_question_chars)
    conversation_id = _seed_conversation(request, scope, history) if history else None
    if body.stream:
        events = iter(service.stream(question, conversation_id=conversation_id, scope=scope))
        first = next(events)  # bad input surfaces as a 4xx before the stream starts
        return StreamingResponse(in_one_thread(_guarded(stream_chunks(_chain(first, events), body.model))),
                                 media_type="text/event-stream", headers=NO_BUFFERING_HEADERS)
    answer = service.ask(question, conversation_id=conversation_id, scope=scope)
    content = (answer.answer + render_sources(c.as_json() for c in answer.citations)
               + render_records(r.as_json() for r in answer.records))
    return completion(content, question, body.model)


def _seed_conversation(request: Request, scope: Scope, history: list[tuple[str, str]]) -> str:
    """A stored conversation holding the client's earlier turns, so follow-ups resolve against them."""
    from assistant.answering.conversations import ConversationStore
    from assistant.answering.types import Answer, Citation

    store = get_services(request).get("conversations", ConversationStore)
    conversation_id = store.create(scope, title=history[0][0][:200])
    for question, reply in history:
        text, sources = parse_sources(reply)  # our own earlier answer: its citations come back too
        answer = Answer(answer=text, citations=[Citation(**c) for c in sources], resolved_question=question)
        borrowers = parse_record_borrowers(reply)  # 它/这户 in the next question refer to these
        store.append(conversation_id, question, answer, {"borrowers": borrowers} if borrowers else {})
    return conversation_id


def _chain(first: dict, rest: Iterator[dict]) -> Iterator[dict]:
    yield first
    yield from rest


def _guarded(chunks: Iterator[str]) -> Iterator[str]:
    """An error after the stream started becomes an OpenAI error event (the SDK raises it)."""
    try:
        yield from chunks
    except Exception as exc:
        message = exc.message if isinstance(exc, UserError) else INTERNAL_ERROR_ZH
        if not isinstance(exc, UserError):
            log.exception("OpenAI 兼容流式回答中断")
        yield f"data: {json.dumps({'error': {'message': message, 'type': 'server_error'}}, ensure_ascii=False)}\n\n"
