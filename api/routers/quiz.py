"""培训测验 API: generate from indexed rules, review the bank, run sessions, grade, results and exports."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from api.deps import ScopeDep, SettingsDep
from assistant.errors import Forbidden
from assistant.security.scope import Scope

router = APIRouter(prefix="/api/quiz", tags=["培训测验"])
ItemType = Literal["single", "multiple", "true_false", "fill"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class GenerateIn(BaseModel):
    source: str = Field(min_length=1, max_length=200, description="知识库中的文档标题（可带书名号）")
    n: int = Field(20, ge=1, le=200)
    seed: int = 0
    types: list[ItemType] | None = None
    topic: str | None = Field(None, max_length=64)
    save: bool = Field(False, description="存入题库（待审核）")


class EditIn(BaseModel):
    stem: str | None = Field(None, max_length=2000)
    options: dict[str, str] | None = None
    answer: str | None = Field(None, max_length=200)
    explanation: str | None = Field(None, max_length=4000)
    topic: str | None = Field(None, max_length=64)
    difficulty: Literal["易", "中", "难"] | None = None


class RejectIn(BaseModel):
    reason: str = Field("", max_length=500)


class SessionIn(BaseModel):
    title: str = Field("贷后管理培训测验", max_length=200)
    topic: str | None = Field(None, max_length=64)
    item_ids: list[str] | None = Field(None, max_length=200, description="指定已审核题目；不填则按主题取")
    n: int | None = Field(None, ge=1, le=200)
    time_limit_min: int | None = Field(None, ge=1, le=600)


class AnswersIn(BaseModel):
    answers: dict[str, str] = Field(max_length=500)


def _trainer(scope: Scope) -> str:
    if scope.role not in ("trainer", "admin"):
        raise Forbidden("只有培训岗或管理员可以管理测验。")
    return scope.username


@router.post("/generate", summary="从知识库中的规章生成测验题")
def generate(body: GenerateIn, scope: ScopeDep, settings: SettingsDep) -> dict:
    from assistant.quiz.bank import add_items
    from assistant.quiz.generator import generate_quiz
    from assistant.quiz.source import chunks_from_index

    _trainer(scope)
    model = None
    if settings.llm_base_url:
        from assistant.llm import OpenAIChatModel

        model = OpenAIChatModel(settings)
    quiz = generate_quiz(chunks_from_index(body.source, settings), body.n, seed=body.seed, types=body.types,
                         topic=body.topic, chat_model=model)
    if body.save:
        add_items(quiz.items, settings)
    return quiz.as_json()


@router.get("/items", summary="题库：按审核状态和主题列出")
def items(scope: ScopeDep, settings: SettingsDep,
          status: Annotated[Literal["pending", "approved", "rejected"] | None, Query()] = None,
          topic: Annotated[str | None, Query(max_length=64)] = None) -> dict:
    from assistant.quiz.bank import list_items, topic_counts

    _trainer(scope)
    return {"items": [e.as_json() for e in list_items(status=status, topic=topic, settings=settings)],
            "topics": topic_counts(settings)}


@router.post("/items/{item_id}/approve", summary="审核通过")
def approve(item_id: str, scope: ScopeDep, settings: SettingsDep) -> dict:
    from assistant.quiz.bank import approve as approve_item

    return approve_item(item_id, _trainer(scope), settings).as_json()


@router.post("/items/{item_id}/reject", summary="退回")
def reject(item_id: str, body: RejectIn, scope: ScopeDep, settings: SettingsDep) -> dict:
    from assistant.quiz.bank import reject as reject_item

    return reject_item(item_id, _trainer(scope), body.reason, settings).as_json()


@router.patch("/items/{item_id}", summary="修改题目（回到待审核）")
def edit(item_id: str, body: EditIn, scope: ScopeDep, settings: SettingsDep) -> dict:
    from assistant.quiz.bank import edit as edit_item

    return edit_item(item_id, _trainer(scope), body.model_dump(exclude_none=True), settings).as_json()


@router.post("/sessions", summary="开一场测验", status_code=201)
def open_session(body: SessionIn, scope: ScopeDep, settings: SettingsDep) -> dict:
    from assistant.quiz.bank import approved_items
    from assistant.quiz.sessions import open_session as open_quiz

    trainer = _trainer(scope)
    pool = approved_items(body.topic, settings)
    if body.item_ids:
        wanted = set(body.item_ids)
        pool = [item for item in pool if item.id in wanted]
    session_id = open_quiz(body.title, trainer, pool[: body.n or None], time_limit_min=body.time_limit_min,
                           settings=settings)
    return {"session_id": session_id}


@router.get("/sessions", summary="测验场次：培训岗/管理员看本人开设的，其他用户看本人答过的")
def list_sessions(scope: ScopeDep, settings: SettingsDep,
                  limit: Annotated[int, Query(ge=1, le=200, description="最多返回条数（最新在前）")] = 50) -> dict:
    """Trainers and admins: the sessions they opened (status, item count, answer count). Everyone else:
    only the sessions they answered, with their own score - never other trainees' participation."""
    from assistant.quiz.sessions import sessions_answered_by, sessions_opened_by

    if scope.role in ("trainer", "admin"):
        return {"view": "trainer", "sessions": sessions_opened_by(scope.username, limit=limit, settings=settings)}
    return {"view": "trainee", "sessions": sessions_answered_by(scope.username, limit=limit, settings=settings)}


@router.get("/sessions/{session_id}", summary="试题（不含答案），供答题")
def paper(session_id: str, scope: ScopeDep, settings: SettingsDep) -> dict:
    from assistant.quiz.sessions import session_items

    return {"session_id": session_id, "items": [
        {k: v for k, v in item.as_json().items() if k not in ("answer", "explanation", "citation")}
        for item in session_items(session_id, settings)]}


@router.post("/sessions/{session_id}/answers", summary="提交答案并判分（每人一次）")
def answer(session_id: str, body: AnswersIn, scope: ScopeDep, settings: SettingsDep) -> dict:
    from assistant.quiz.sessions import submit_answers

    return submit_answers(session_id, scope.username, body.answers, settings=settings)


@router.post("/sessions/{session_id}/close", summary="结束测验")
def close(session_id: str, scope: ScopeDep, settings: SettingsDep) -> dict:
    from assistant.quiz.sessions import close_session

    _trainer(scope)
    close_session(session_id, settings)
    return {"session_id": session_id, "status": "closed"}


@router.get("/sessions/{session_id}/results", summary="成绩：按答题人和主题")
def results(session_id: str, scope: ScopeDep, settings: SettingsDep) -> dict:
    from assistant.quiz.sessions import results as session_results

    _trainer(scope)
    return session_results(session_id, settings)


@router.get("/sessions/{session_id}/results.xlsx", summary="导出成绩（Excel）")
def results_xlsx(session_id: str, scope: ScopeDep, settings: SettingsDep) -> Response:
    import io

    from assistant.quiz.export import results_to_xlsx
    from assistant.quiz.sessions import results as session_results

    _trainer(scope)
    buffer = io.BytesIO()
    results_to_xlsx(session_results(session_id, settings), buffer)
    return Response(buffer.getvalue(), media_type=XLSX,
                    headers={"Content-Disposition": 'attachment; filename="quiz-results.xlsx"'})


@router.get("/sessions/{session_id}/paper.docx", summary="导出试卷（Word，可含答案）")
def paper_docx(session_id: str, scope: ScopeDep, settings: SettingsDep,
               keys: Annotated[bool, Query(description="附答案、解析和出处")] = False) -> Response:
    import io

    from assistant.quiz.export import quiz_to_docx
    from assistant.quiz.sessions import session_items

    _trainer(scope)
    buffer = io.BytesIO()
    quiz_to_docx(session_items(session_id, settings), buffer, with_keys=keys)
    name = "quiz-with-keys.docx" if keys else "quiz.docx"
    return Response(buffer.getvalue(), media_type=DOCX,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
