"""Minutes (Markdown, .docx) and 审议表: content, grounding of every figure, quorum warning, audit."""

from __future__ import annotations

import io
import zipfile

import pytest

from assistant.meeting import service
from assistant.meeting.review import ITEM_TITLES
from assistant.security.scope import LOCAL_ADMIN
from tests.meeting.conftest import BRANCH, DECEMBER

pytestmark = pytest.mark.integration


def _minutes(branch="城东支行", day=DECEMBER):
    from assistant.db import session_scope
    from assistant.meeting.minutes import build_minutes

    with session_scope() as session:
        return build_minutes(session, LOCAL_ADMIN, branch, day)


def test_markdown_minutes_have_every_part_and_every_review_item(sample_db):
    text = service.draft(LOCAL_ADMIN, "城东支行", DECEMBER, "md", use_llm=False).content.decode("utf-8")
    for heading in ("一、参会人员", "二、会议议程", "三、上次会议决议落实情况", "四、信贷资产质量总体情况",
                    "五、逐户审议", "六、会议决议汇总", "七、会议总体情况"):
        assert heading in text
    section = text.split("### B006 宏图房地产开发有限公司", 1)[1].split("### ", 1)[0]
    for title in ITEM_TITLES:
        assert f"**{title}**" in section
    for table in ("授信资金使用情况表", "授信客户资金动态表", "销售收入归行对照表", "贷款五级分类情况"):
        assert table in text
    assert "待补充（市场价）" in section and "采取法律措施" in section
    assert "| 损失 | 1 | 1 | 4000.00万元 |" in text


def test_every_figure_in_the_minutes_traces_to_records(sample_db):
    from assistant.drafting.grounding import FactChecker
    from assistant.meeting.render import render_markdown

    for branch in ("城东支行", "城西支行", "高新支行"):
        minutes = _minutes(branch)
        result = FactChecker(minutes.book.facts, minutes.verbatim()).check(render_markdown(minutes))
        assert result.ok, (branch, result.problems_zh()[:5])
        assert len(result.traced) > 200


def test_quorum_warning_line_when_members_are_missing(fixture_db):
    few = [{"name": "甲", "role": "行长（主持）"}, {"name": "乙", "role": "风险经理"},
           {"name": "丙", "role": "分管副行长", "present": False}]
    service.create(LOCAL_ADMIN, BRANCH, DECEMBER, attendees=few)
    text = service.draft(LOCAL_ADMIN, BRANCH, DECEMBER, "md", use_llm=False).content.decode("utf-8")
    assert "注意：本次会议出席委员2人，少于城南支行规定的5人" in text and "不得形成决议" in text


def test_docx_minutes_and_review_forms(sample_db):
    from docx import Document

    docx = service.draft(LOCAL_ADMIN, "高新支行", DECEMBER, "docx", use_llm=False)
    document = Document(io.BytesIO(docx.content))
    assert document.paragraphs[0].text == "高新支行贷后管理例会会议纪要" and len(document.tables) > 10
    form = Document(io.BytesIO(service.forms(LOCAL_ADMIN, "高新支行", DECEMBER, "B025").content))
    labels = [row.cells[0].text for row in form.tables[0].rows]
    for label in ("客户名称", "授信金额", "用信余额", "风险分类", "风险信号", "客户经理汇报要点", "审议意见／决议",
                  "责任部门／责任人", "完成时限", "主持人签字", "行长签字"):
        assert label in labels
    cells = {row.cells[0].text: row.cells[1].text for row in form.tables[0].rows}
    assert cells["客户名称"] == "永安建筑工程有限公司" and cells["授信金额"] == "1200.00万元"
    assert "逾期91天" in cells["风险信号"] and "____年__月__日" in cells["行长签字"]
    bundle = zipfile.ZipFile(io.BytesIO(service.forms(LOCAL_ADMIN, "高新支行", DECEMBER).content))
    assert len(bundle.namelist()) == len(_minutes("高新支行").reviews)


def test_drafts_and_exports_are_audited(sample_db):
    from sqlalchemy import select

    from assistant.db import session_scope
    from assistant.security.models import AuditEntry

    service.draft(LOCAL_ADMIN, "城西支行", DECEMBER, "md", use_llm=False)
    service.forms(LOCAL_ADMIN, "城西支行", DECEMBER, "B009")
    with session_scope() as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [e.action for e in entries] == ["draft", "export"]
    assert entries[0].detail["output_sha256"] and "B009" in entries[0].detail["borrowers"]
