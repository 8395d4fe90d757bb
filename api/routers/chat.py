"""POST /api/chat: a cited answer as JSON (like `assistant ask --json`) or, on request, an SSE stream."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from api.deps import ChatDep, ScopeDep, SettingsDep
from api.sse import NO_BUFFERING_HEADERS, answer_events, in_one_thread, wants_event_stream
from assistant.answering.input_checks import check_question

router = APIRouter(prefix="/api", tags=["问答"])


class ChatRequest(BaseModel):
    message: str = Field(description="问题，例如“关注类贷款多久检查一次？”")
    conversation_id: str | None = Field(default=None, max_length=64, description="继续已有会话时传入")


class CitationOut(BaseModel):
    number: int = 0
    chunk_id: str
    doc_title: str
    article: str
    quote: str
    sources: list[str] = Field(default_factory=list, description="条文所在的文件（同一内容的 .docx 与 .pdf 合并为一份）")


class StandardAnswerOut(BaseModel):
    id: int
    label: str = "标准答复"


class RecordOut(BaseModel):
    """A borrower record field the answer states (the web chat shows it as a chip opening the borrower)."""

    borrower_id: str
    table: str = Field(description="记录表：贷款台账、押品、保证人、检查记录、外部事件、财务报表、资金流水、借款人档案")
    record_id: str
    field: str
    text: str
    as_of: str
    ref: str


class ChatResponse(BaseModel):
    answer: str
    citations: list[CitationOut]
    records: list[RecordOut] = Field(default_factory=list, description="回答所用的借款人记录（问题涉及借款人时）")
    refused: bool
    conversation_id: str | None = None
    standard_answer: StandardAnswerOut | None = Field(
        default=None, description="风险管理部门维护的标准答复（按原文返回）时给出其编号")


SSE_DOC = {
    200: {
        "description": "JSON 回答；请求头 `Accept: text/event-stream` 时为 SSE 流："
                       "`event: meta|delta|citations|replace|done`，data 为 JSON。",
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    }
}


@router.post("/chat", summary="提问（带引用的回答）", response_model=ChatResponse, responses=SSE_DOC)
def chat(
    body: ChatRequest,
    service: ChatDep,
    scope: ScopeDep,
    settings: SettingsDep,
    accept: Annotated[str | None, Header()] = None,
):
    question = check_question(body.message, settings.max_question_chars)
    if wants_event_stream(accept):
        events = iter(service.stream(question, conversation_id=body.conversation_id, scope=scope))
        first = next(events)  # bad input (unknown conversation …) surfaces here as a 4xx, not mid-stream
        return StreamingResponse(in_one_thread(answer_events(first, events)), media_type="text/event-stream",
                                 headers=NO_BUFFERING_HEADERS)
    answer = service.ask(question, conversation_id=body.conversation_id, scope=scope)
    payload = answer.as_json()
    payload.setdefault("conversation_id", answer.conversation_id)
    return payload
