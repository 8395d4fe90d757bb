"""Standard answers (标准问答): checked on save, served first to the roles and branch they are for, flagged
(not served) once a later ingest changes their clause, and fed by the 有误 review queue; all audited."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from assistant.answering.service import ChatService
from assistant.curation.checks import Reference
from assistant.curation.matching import Phrasing, best_match
from assistant.curation.service import Draft
from assistant.errors import Forbidden, NotFound, UserError
from assistant.security.scope import Scope
from tests.conftest import SAMPLE_CORPUS

pytestmark = pytest.mark.integration

RULES = SAMPLE_CORPUS / "knowledge" / "示范银行贷后管理实施细则.md"
TITLE = "示范银行贷后管理实施细则"
RISK = Scope(username="fx", role="risk")
OFFICER = Scope(username="wl", role="officer", branch="城东支行", officer_code="o_wanglei")
OTHER_BRANCH = Scope(username="gx", role="officer", branch="高新支行", officer_code="o_x")
TRAINER = Scope(username="px", role="trainer")
QUESTION = "正常类法人客户多久做一次现场检查？"
ANSWER = "正常类、关注类的法人客户，每季度至少进行一次现场检查，并按季撰写定期分析报告。[1]"


def _draft(**changes) -> Draft:
    values = dict(question=QUESTION, answer=ANSWER, references=[Reference(TITLE, "第十三条")],
                  variants=["正常类法人客户现场检查的频率是多少"], roles=["officer", "head", "risk"])
    values.update(changes)
    return Draft(**values)


@pytest.fixture
def rules(tmp_path, home):
    from assistant.knowledge.ingest import ingest_paths

    folder = tmp_path / "kb"
    folder.mkdir()
    shutil.copy(RULES, folder / RULES.name)
    assert not ingest_paths([folder]).errors
    return folder


@pytest.fixture
def chat(rules) -> ChatService:
    return ChatService()


def _audit(action: str = "curation") -> list:
    from assistant.db import session_scope
    from assistant.security.audit import AuditEntry

    with session_scope() as session:
        return [(e.username, e.target, e.detail) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))]


def test_saved_answer_is_served_first_with_its_clause(chat):
    saved = chat.curation.save(RISK, _draft())
    assert saved["status"] == "active" and saved["citations"][0]["article"] == "第十三条"
    answer = chat.ask("正常类法人客户多久做一次现场检查", scope=OFFICER)
    assert answer.standard_answer_id == saved["id"] and answer.backend == "standard"
    assert answer.answer == ANSWER and not answer.refused
    assert answer.as_json()["standard_answer"] == {"id": saved["id"], "label": "标准答复"}
    [citation] = answer.citations
    assert citation.doc_title == TITLE and citation.article == "第十三条" and "每季度" in citation.quote
    by_variant = chat.ask("请问正常类法人客户现场检查的频率是多少？", scope=OFFICER)
    assert by_variant.standard_answer_id == saved["id"]
    streamed = list(chat.stream(QUESTION, scope=OFFICER))
    assert streamed[-1]["standard_answer"]["id"] == saved["id"]
    assert [e for e in _audit("question") if e[2].get("standard_answer_id") == saved["id"]]


def test_a_near_question_about_another_class_or_number_is_not_served(chat):
    chat.curation.save(RISK, _draft())
    for question in ("次级类法人客户多久做一次现场检查？", "正常类法人客户不用做现场检查吗？"):
        assert chat.ask(question, scope=OFFICER).standard_answer_id is None, question


def test_not_served_to_a_role_or_branch_outside_its_scope(chat):
    saved = chat.curation.save(RISK, _draft(branch="城东支行"))
    assert chat.ask(QUESTION, scope=OFFICER).standard_answer_id == saved["id"]
    assert chat.ask(QUESTION, scope=OTHER_BRANCH).standard_answer_id is None
    assert chat.ask(QUESTION, scope=TRAINER).standard_answer_id is None  # trainer not in roles


@pytest.mark.parametrize("changes, reason", [
    (dict(references=[Reference(TITLE, "第九十九条")]), "没有第九十九条"),
    (dict(references=[Reference("示范银行不存在的办法", "第一条")]), "没有文档《示范银行不存在的办法》"),
    (dict(answer="正常类每季度至少检查一次。[1]另须每周电话回访。"), "第2句没有标注引用"),
    (dict(answer="正常类每45天至少检查一次。[1]"), "数字 45 在所引条文中找不到"),
    (dict(answer="正常类每季度至少检查一次。[2]"), "没有对应的引用"),
    (dict(answer=""), "正文不能为空"),
    (dict(question="  "), "标准问题不能为空"),
])
def test_save_is_refused_with_the_reason_and_nothing_stored(chat, changes, reason):
    with pytest.raises(UserError) as refused:
        chat.curation.save(RISK, _draft(**changes))
    assert reason in refused.value.message
    assert chat.curation.listing(RISK) == [] and _audit() == []


def test_only_the_risk_department_curates(chat):
    for scope in (OFFICER, TRAINER, Scope(username="h", role="head", branch="城东支行")):
        with pytest.raises(Forbidden):
            chat.curation.save(scope, _draft())
        with pytest.raises(Forbidden):
            chat.curation.queue(scope)
    with pytest.raises(NotFound):
        chat.curation.retire(RISK, 12345)


def test_a_changed_clause_flags_the_answer_and_it_is_not_served(chat, rules):
    from assistant.knowledge.ingest import ingest_paths

    saved = chat.curation.save(RISK, _draft())
    path = rules / RULES.name
    path.write_text(path.read_text(encoding="utf-8").replace("每季度至少进行一次现场检查", "每两个月至少进行一次现场检查"),
                    encoding="utf-8")
    assert not ingest_paths([rules]).errors
    fresh = ChatService()
    answer = fresh.ask(QUESTION, scope=OFFICER)
    assert answer.standard_answer_id is None
    [row] = fresh.curation.listing(RISK)
    assert row["status"] == "needs_review" and "第十三条的条文已修改" in row["review_reason"]
    assert any(d.get("op") == "flag" for _, _, d in _audit())
    # the curator rewrites it against the new text: served again
    rewritten = fresh.curation.save(RISK, _draft(answer="正常类、关注类的法人客户，每两个月至少进行一次现场检查。[1]"),
                                    saved["id"])
    assert rewritten["status"] == "active"
    assert fresh.ask(QUESTION, scope=OFFICER).standard_answer_id == saved["id"]


def test_a_removed_document_flags_the_answer(chat, rules):
    from assistant.knowledge.ingest import doc_id_for, remove_document

    chat.curation.save(RISK, _draft())
    remove_document(doc_id_for(rules / RULES.name))
    assert ChatService().ask(QUESTION, scope=OFFICER).standard_answer_id is None
    [row] = ChatService().curation.listing(RISK, "needs_review")
    assert "已从知识库删除" in row["review_reason"]


def test_retired_answers_are_not_served(chat):
    saved = chat.curation.save(RISK, _draft())
    chat.curation.retire(RISK, saved["id"])
    assert chat.ask(QUESTION, scope=OFFICER).standard_answer_id is None
    assert [op["op"] for _, _, op in _audit()] == ["create", "retire"]


def test_wrong_feedback_queue_convert_and_dismiss(chat):
    from assistant.answering.feedback import record_feedback
    from assistant.db import session_scope

    first = chat.ask("正常类法人客户现场检查怎么安排", scope=OFFICER)
    second = chat.ask("押品多久重估一次？", scope=OFFICER)
    with session_scope() as session:
        for asked, comment in ((first, "频率说得不清楚"), (second, "")):
            record_feedback(session, chat.store, OFFICER, asked.conversation_id, 0, "wrong", comment)
    queue = chat.curation.queue(RISK)
    assert [q["question"] for q in queue] == ["正常类法人客户现场检查怎么安排", "押品多久重估一次？"]
    assert queue[0]["comment"] == "频率说得不清楚" and queue[0]["answer"] == first.answer
    assert queue[0]["citations"] == [c.as_json() for c in first.citations]
    converted = chat.curation.convert(RISK, queue[0]["id"], _draft(question="正常类法人客户现场检查怎么安排"))
    chat.curation.dismiss(RISK, queue[1]["id"], "答复无误")
    assert chat.curation.queue(RISK) == []
    done = {q["id"]: q for q in chat.curation.queue(RISK, "")}
    assert done[queue[0]["id"]]["standard_answer_id"] == converted["id"]
    assert done[queue[1]["id"]]["review_status"] == "dismissed" and done[queue[1]["id"]]["reviewed_by"] == "fx"
    with pytest.raises(UserError):  # closed once
        chat.curation.dismiss(RISK, queue[1]["id"])
    assert chat.ask("正常类法人客户现场检查怎么安排", scope=OFFICER).standard_answer_id == converted["id"]
    assert [d["op"] for _, _, d in _audit()] == ["converted", "create", "dismissed"]


def test_matching_needs_the_same_numbers_negation_and_terms():
    curated = [(0, Phrasing("逾期60天以上的贷款如何分类？"))]
    assert best_match("逾期60天以上的贷款如何分类", curated)
    assert best_match("逾期90天以上的贷款如何分类？", curated) is None
    assert best_match("逾期60天以上的贷款不如何分类？", curated) is None
    assert best_match("怎样报告重大风险事件？", curated) is None


@pytest.mark.unit
def test_a_decimal_clause_reference_is_read_as_the_books_own_label():
    """A book numbered 3.1.2 instead of 第X条: 第3.1.2条 and 3.1.2款 name the clause labelled 3.1.2."""
    from assistant.curation.clauses import normalised_label

    assert normalised_label("第3.1.2条") == normalised_label("3.1.2款") == "3.1.2"
    assert normalised_label("第12条") == "第十二条" and normalised_label("三、检查频率") == "三、检查频率"
