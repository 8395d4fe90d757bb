"""标准问答 and the 有误 review queue: the risk department (risk, admin) curates the answers the chat serves
first. Every change is audited (action "curation"); the checks live in assistant/curation."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field

from api.deps import ScopeDep, get_chat_dep

router = APIRouter(prefix="/api", tags=["标准问答"])

RowId = Annotated[int, Path(ge=1, le=2**31 - 1, description="编号")]


class ReferenceIn(BaseModel):
    document: str = Field(min_length=1, max_length=200, description="文档标题（可带书名号）或文档编号")
    article: str = Field(min_length=1, max_length=100, description="第X条，或无条文文档的小节标题")


class StandardAnswerIn(BaseModel):
    question: str = Field(max_length=200, description="标准问题")
    variants: list[str] = Field(default_factory=list, max_length=20, description="同义问法")
    answer: str = Field(max_length=2000, description="答复正文，每句以 [n] 标注所引条文")
    citations: list[ReferenceIn] = Field(max_length=8, description="[1]、[2]… 依次对应的条文")
    roles: list[Literal["officer", "head", "risk", "trainer", "admin"]] = Field(
        default_factory=list, description="可获得此答复的角色（留空为全部角色）")
    branch: str = Field(default="", max_length=64, description="适用机构（留空为全行）")


class DismissIn(BaseModel):
    note: str = Field(default="", max_length=1000, description="处理说明")


def _curation(request: Request):
    return get_chat_dep(request).curation


def _draft(body: StandardAnswerIn):
    from assistant.curation.checks import Reference
    from assistant.curation.service import Draft

    return Draft(question=body.question, answer=body.answer, variants=body.variants, roles=list(body.roles),
                 branch=body.branch, references=[Reference(r.document, r.article) for r in body.citations])


@router.get("/standard-answers", summary="标准问答列表（风险管理部门）")
def list_answers(request: Request, scope: ScopeDep,
                 status: Literal["active", "needs_review", "retired"] | None = None) -> dict:
    return {"answers": _curation(request).listing(scope, status)}


@router.get("/standard-answers/{answer_id}", summary="一条标准问答")
def get_answer(answer_id: RowId, request: Request, scope: ScopeDep) -> dict:
    return _curation(request).get(scope, answer_id)


@router.post("/standard-answers", summary="新增标准问答（保存时核对引用）", status_code=201,
             responses={400: {"description": "引用的条文不存在、句子未标注引用或数字与条文不符"},
                        403: {"description": "不是风险经理或管理员"}})
def create_answer(body: StandardAnswerIn, request: Request, scope: ScopeDep) -> dict:
    return _curation(request).save(scope, _draft(body))


@router.put("/standard-answers/{answer_id}", summary="修改标准问答（重新核对引用，恢复启用）")
def update_answer(answer_id: RowId, body: StandardAnswerIn, request: Request, scope: ScopeDep) -> dict:
    return _curation(request).save(scope, _draft(body), answer_id)


@router.delete("/standard-answers/{answer_id}", summary="停用标准问答")
def retire_answer(answer_id: RowId, request: Request, scope: ScopeDep) -> dict:
    return _curation(request).retire(scope, answer_id)


@router.get("/feedback/review", summary="“有误”反馈队列")
def review_queue(request: Request, scope: ScopeDep,
                 status: Literal["open", "dismissed", "converted", ""] = "open") -> dict:
    return {"feedback": _curation(request).queue(scope, status)}


@router.post("/feedback/review/{feedback_id}/dismiss", summary="驳回一条“有误”反馈")
def dismiss(feedback_id: RowId, body: DismissIn, request: Request, scope: ScopeDep) -> dict:
    return _curation(request).dismiss(scope, feedback_id, body.note)


@router.post("/feedback/review/{feedback_id}/convert", summary="把一条“有误”反馈写成标准问答",
             status_code=201)
def convert(feedback_id: RowId, body: StandardAnswerIn, request: Request, scope: ScopeDep) -> dict:
    return _curation(request).convert(scope, feedback_id, _draft(body))
