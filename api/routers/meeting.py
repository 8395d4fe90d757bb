"""贷后管理例会 API: selection, meetings, decisions (record, list, update) and outputs (纪要, 审议表)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field

from api.deps import ScopeDep, SettingsDep

router = APIRouter(prefix="/api/meetings", tags=["贷后管理例会"])

BranchQ = Annotated[str, Query(min_length=1, max_length=64, description="机构，例如“城东支行”")]
DateQ = Annotated[str, Query(min_length=10, max_length=10, description="例会日期 YYYY-MM-DD")]


class AttendeeIn(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    role: str = Field(min_length=1, max_length=64)
    present: bool = True


class MeetingIn(BaseModel):
    branch: str = Field(min_length=1, max_length=64)
    date: str = Field(min_length=10, max_length=10, description="YYYY-MM-DD")
    chair: str = Field("", max_length=64)
    attendees: list[AttendeeIn] | None = Field(None, max_length=200)


class DecisionIn(BaseModel):
    borrower_id: str = Field(min_length=1, max_length=32)
    action: str = Field(min_length=1, max_length=32, description="停止新增用信/压缩信用余额/补充担保/加强资金账户监管/采取法律措施/其他")
    responsible_department: str = Field(min_length=1, max_length=64)
    responsible_person: str = Field(min_length=1, max_length=64)
    deadline: str = Field(min_length=10, max_length=10, description="YYYY-MM-DD")
    detail: str = Field("", max_length=2000)


class DecisionsIn(BaseModel):
    decisions: list[DecisionIn] = Field(min_length=1, max_length=200)


class StatusIn(BaseModel):
    status: Literal["open", "done"]
    follow_up: str = Field("", max_length=2000)
    done_at: str | None = Field(None, min_length=10, max_length=10)


def _download(output) -> Response:
    from urllib.parse import quote

    disposition = f"attachment; filename*=UTF-8''{quote(output.filename)}"
    return Response(output.content, media_type=output.media_type, headers={
        "Content-Disposition": disposition, "X-Narrative-Source": output.narrative_source})


@router.get("/selection", summary="本次例会的审议名单及原因")
def selection(scope: ScopeDep, settings: SettingsDep, branch: BranchQ, date: DateQ) -> dict:
    from assistant.meeting import service

    return service.selection(scope, branch, date, settings)


@router.get("/picture", summary="支行风险概况（五级分类余额、本期新增逾期、风险信号、检查超期），与会议纪要一致")
def picture(scope: ScopeDep, settings: SettingsDep, branch: BranchQ, date: DateQ) -> dict:
    from assistant.meeting import service

    return service.picture(scope, branch, date, settings)


@router.post("", status_code=201, summary="创建例会（保存审议名单和参会人员）")
def create(body: MeetingIn, scope: ScopeDep, settings: SettingsDep) -> dict:
    from assistant.meeting import service

    attendees = [a.model_dump() for a in body.attendees] if body.attendees is not None else None
    return service.create(scope, body.branch, body.date, attendees=attendees, chair=body.chair, settings=settings)


@router.get("/minutes", summary="会议纪要（Markdown 或 Word）")
def minutes(scope: ScopeDep, settings: SettingsDep, branch: BranchQ, date: DateQ,
            format: Literal["md", "docx"] = "md") -> Response:
    from assistant.meeting import service

    return _download(service.draft(scope, branch, date, format, settings=settings))


@router.get("/forms", summary="贷后管理例会审议表（一户一表 .docx；不指定借款人时为 zip）")
def forms(scope: ScopeDep, settings: SettingsDep, branch: BranchQ, date: DateQ,
          borrower_id: Annotated[str | None, Query(max_length=32)] = None) -> Response:
    from assistant.meeting import service

    return _download(service.forms(scope, branch, date, borrower_id, settings=settings))


@router.get("/{meeting_id}", summary="例会详情（审议名单、参会人员）")
def get_meeting(meeting_id: str, scope: ScopeDep, settings: SettingsDep) -> dict:
    from assistant.meeting import service

    return service.get(scope, meeting_id, settings)


@router.post("/{meeting_id}/decisions", status_code=201, summary="记录决议（全部成功或全部不保存）")
def decide(meeting_id: str, body: DecisionsIn, scope: ScopeDep, settings: SettingsDep) -> dict:
    from assistant.meeting import service
    from assistant.meeting.decisions import DecisionInput

    items = [DecisionInput(**d.model_dump()) for d in body.decisions]
    return {"decisions": service.decide(scope, items, meeting_id=meeting_id, settings=settings)}


@router.get("/{meeting_id}/decisions", summary="本次例会的决议及落实状态")
def decisions(meeting_id: str, scope: ScopeDep, settings: SettingsDep) -> dict:
    from assistant.meeting import service

    return {"decisions": service.decisions(scope, meeting_id, settings)}


@router.patch("/decisions/{decision_id}", summary="登记决议落实情况")
def update(decision_id: Annotated[int, Path(ge=1, le=2**31 - 1)], body: StatusIn, scope: ScopeDep, settings: SettingsDep) -> dict:
    from assistant.meeting import service

    return service.update(scope, decision_id, body.status, body.follow_up, body.done_at, settings)
