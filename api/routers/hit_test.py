"""POST /api/retrieval-test: 检索测试 for the people who curate the knowledge base (risk, admin) — the ranked
chunks with scores and matched words, the refusal decision with its reason, the answer the chat would give."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import ChatDep, ScopeDep, SettingsDep
from assistant.answering.hit_test import HIT_TEST_ROLES, MAX_HITS
from assistant.errors import Forbidden
from assistant.timing import stage

router = APIRouter(prefix="/api", tags=["检索"])


class HitTestIn(BaseModel):
    question: str = Field(description="要测试的问题，与制度问答中的提问相同")
    k: Annotated[int, Field(ge=1, le=MAX_HITS, description="列出的条文数")] = 10


@router.post("/retrieval-test", summary="检索测试：排序条文、得分、命中词与拒答判断",
             responses={403: {"description": "仅风险经理和管理员可用"}})
def retrieval_test(body: HitTestIn, chat: ChatDep, scope: ScopeDep, settings: SettingsDep) -> dict:
    from assistant.answering import hit_test
    from assistant.db import write
    from assistant.security import audit

    if scope.role not in HIT_TEST_ROLES:
        raise Forbidden("只有风险经理和管理员可以使用检索测试。")
    with stage("retrieval"):
        result = hit_test.run(chat, body.question, scope, body.k)
    report = result.as_json()
    chunks = [{"chunk_id": h.chunk.chunk_id, "doc_id": h.chunk.doc_id, "version": h.chunk.version}
              for h in result.hits]
    write(lambda session: audit.record(session, scope, "retrieval_test", result.question[:255],
                                       {"chunks": chunks, "refused": result.answer.refused}), settings)
    return report
