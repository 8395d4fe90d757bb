"""Decisions: all-or-nothing recording, bad input messages, quorum, status and follow-up at the next meeting."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from assistant.errors import Forbidden, NotFound, UserError
from assistant.meeting import service
from assistant.meeting.decisions import DecisionInput
from assistant.security.scope import LOCAL_ADMIN, Scope
from tests.meeting.conftest import BRANCH, DECEMBER, TODAY

pytestmark = pytest.mark.integration
OFFICER = Scope("qianyu", "officer", BRANCH, "o_qianyu")
OTHER_OFFICER = Scope("sunli", "officer", BRANCH, "o_sunli")


def _count(model) -> int:
    from assistant.db import session_scope

    with session_scope() as session:
        return session.scalar(select(func.count()).select_from(model))


def _good(borrower="M04", action="采取法律措施", deadline="2026-12-31"):
    return DecisionInput(borrower, action, "风险部", "孙立", deadline)


def test_decisions_are_stored_with_department_person_and_deadline(fixture_db):
    items = [_good(), DecisionInput("M07", "其他", "风险部", "孙立", "2027-01-31", "申请财产保全")]
    made = service.decide(LOCAL_ADMIN, items, branch=BRANCH, day=DECEMBER, today=TODAY)
    assert [(d["borrower_id"], d["action"], d["status"]) for d in made] == [
        ("M04", "采取法律措施", "open"), ("M07", "其他", "open")]
    assert made[1]["detail"] == "申请财产保全" and made[0]["deadline"] == "2026-12-31"


@pytest.mark.parametrize("bad,words", [
    (DecisionInput("M02", "补充担保", "公司部", "孙立", "2026-12-31"), "不在本次例会"),      # quarterly not due
    (DecisionInput("M04", "补充担保", "公司部", "孙立", "2026-11-01"), "完成时限2026-11-01已过"),
    (DecisionInput("M04", "补充担保", "公司部", "孙立", "2026-12-08"), "早于例会日期"),
    (DecisionInput("M04", "冻结账户", "公司部", "孙立", "2026-12-31"), "未知的措施「冻结账户」"),
    (DecisionInput("M04", "其他", "公司部", "孙立", "2026-12-31"), "须写明具体内容"),
    (DecisionInput("M04", "补充担保", "", "孙立", "2026-12-31"), "责任部门和责任人"),
    (DecisionInput("M04", "补充担保", "公司部", "孙立", "明年"), "不是有效日期"),
])
def test_bad_decision_rejects_the_whole_batch_and_the_new_meeting(october_meeting, bad, words):
    from assistant.meeting.models import Meeting, MeetingDecision

    meetings, decisions = _count(Meeting), _count(MeetingDecision)
    with pytest.raises(UserError) as caught:
        service.decide(LOCAL_ADMIN, [_good(), bad], branch=BRANCH, day=DECEMBER, today=TODAY)
    assert words in caught.value.message and caught.value.message.startswith("决议未保存")
    assert (_count(Meeting), _count(MeetingDecision)) == (meetings, decisions)


def test_no_decisions_without_quorum(fixture_db):
    from assistant.meeting.models import MeetingDecision

    few = [{"name": n, "role": r} for n, r in (("甲", "行长（主持）"), ("乙", "风险经理"), ("丙", "管户客户经理"))]
    meeting = service.create(LOCAL_ADMIN, BRANCH, DECEMBER, attendees=few)
    with pytest.raises(UserError, match="不得形成决议"):
        service.decide(LOCAL_ADMIN, [_good()], meeting_id=meeting["id"], today=TODAY)
    assert _count(MeetingDecision) == 0


def test_only_organisers_record_and_officers_follow_up_their_own(fixture_db):
    with pytest.raises(Forbidden):
        service.decide(OFFICER, [_good("M08", "补充担保")], branch=BRANCH, day=DECEMBER, today=TODAY)
    made = service.decide(LOCAL_ADMIN, [_good("M08", "补充担保")], branch=BRANCH, day=DECEMBER, today=TODAY)
    with pytest.raises(NotFound):
        service.update(OTHER_OFFICER, made[0]["id"], "done", "已补充")
    updated = service.update(OFFICER, made[0]["id"], "done", "已追加房产抵押。")
    assert updated["status"] == "done" and updated["follow_up"] == "已追加房产抵押。"
    with pytest.raises(UserError, match="状态应为"):
        service.update(LOCAL_ADMIN, made[0]["id"], "cancelled")


def test_next_meeting_shows_done_overdue_and_open(october_meeting):
    """October: M12 补充担保 due 2026-11-30 (open), M13 done on 2026-11-10. December shows both."""
    from assistant.db import session_scope
    from assistant.meeting.minutes import build_minutes

    with session_scope() as session:
        minutes = build_minutes(session, LOCAL_ADMIN, BRANCH, DECEMBER)
    status = {d["borrower_id"]: d["status_zh"] for d in minutes.follow_up}
    assert status == {"M12": "逾期未落实", "M13": "已落实"}
    assert "前次决议「补充担保」逾期未落实" in minutes.review("M12").item("风险信号处理情况").text
    with session_scope() as session:
        early = build_minutes(session, LOCAL_ADMIN, BRANCH, date(2026, 11, 20))
    assert {d["borrower_id"]: d["status"] for d in early.follow_up}["M12"] == "open"
