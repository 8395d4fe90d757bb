"""Review, question bank, sessions and grading on a real SQLite database migrated to 0005."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assistant.db import session_scope
from assistant.errors import Conflict, NotFound, UserError
from assistant.quiz import bank, sessions
from assistant.quiz.generator import generate_quiz
from assistant.quiz.models import QuizSession

pytestmark = pytest.mark.integration


@pytest.fixture
def items(home, regulation_chunks):
    return generate_quiz(regulation_chunks, 8, seed=21).items


def _key_answers(items, wrong_ids=()):
    answers = {}
    for item in items:
        answer = item.answer
        if item.id in wrong_ids and item.type == "true_false":
            answer = "对" if answer == "错" else "错"
        elif item.id in wrong_ids and item.type == "fill":
            answer = "不知道"
        elif item.id in wrong_ids:
            answer = next(letter for letter in item.options if letter not in answer)
        answers[item.id] = answer
    return answers


def test_review_approve_edit_reject_builds_the_bank_by_topic(items):
    assert bank.add_items(items) == [i.id for i in items]
    assert bank.add_items(items) == []  # same items again: nothing duplicated
    assert len(bank.list_items(status="pending")) == len(items)
    first, second, third = items[:3]
    bank.approve(first.id, "trainer1")
    bank.reject(second.id, "trainer1", "题干不清楚")
    edited = bank.edit(third.id, "trainer1", {"stem": third.stem + "（改）", "topic": "贷后检查"})
    assert edited.status == "pending" and edited.edited and edited.item.stem.endswith("（改）")
    bank.approve(third.id, "trainer1")
    approved = bank.approved_items()
    assert {i.id for i in approved} == {first.id, third.id}
    assert bank.topic_counts()["贷后检查"] >= 1
    assert bank.get_item(second.id).note == "题干不清楚"
    assert [i.id for i in bank.approved_items(topic="贷后检查")] == [third.id]


def test_bad_edits_are_refused_and_nothing_changes(items):
    bank.add_items(items)
    single = next(i for i in items if i.type == "single")
    with pytest.raises(UserError, match="单选题"):
        bank.edit(single.id, "t", {"answer": "Z"})
    with pytest.raises(UserError, match="不能修改"):
        bank.edit(single.id, "t", {"citation": {}})
    with pytest.raises(NotFound):
        bank.approve("q-missing", "t")
    assert bank.get_item(single.id).item.answer == single.answer


def test_session_grading_results_per_trainee_and_topic(items):
    session_id = sessions.open_session("十一月测验", "trainer1", items, time_limit_min=30)
    wrong = {items[0].id, items[1].id}
    outcome = sessions.submit_answers(session_id, "王磊", _key_answers(items, wrong))
    assert (outcome["score"], outcome["total"]) == (len(items) - 2, len(items))
    graded = {r["item_id"]: r for r in outcome["results"]}
    assert not graded[items[0].id]["correct"] and graded[items[2].id]["correct"]
    assert graded[items[0].id]["citation"]["article"] and graded[items[0].id]["explanation"]
    sessions.submit_answers(session_id, "李娜", _key_answers(items))
    report = sessions.results(session_id)
    assert [(t["trainee"], t["score"]) for t in report["trainees"]] == [("李娜", len(items)), ("王磊", len(items) - 2)]
    assert sum(t["answered"] for t in report["topics"]) == 2 * len(items)
    assert sum(t["correct"] for t in report["topics"]) == 2 * len(items) - 2


def test_second_attempt_and_closed_session_are_refused_without_loss(items):
    session_id = sessions.open_session("测验", "trainer1", items)
    sessions.submit_answers(session_id, "张伟", _key_answers(items))
    with pytest.raises(Conflict, match="已经提交过"):
        sessions.submit_answers(session_id, "张伟", {})
    sessions.close_session(session_id)
    with pytest.raises(Conflict, match="已结束"):
        sessions.submit_answers(session_id, "刘洋", _key_answers(items))
    report = sessions.results(session_id)
    assert [(t["trainee"], t["score"]) for t in report["trainees"]] == [("张伟", len(items))]


def test_expired_time_limit_refuses_answers(items):
    session_id = sessions.open_session("限时测验", "trainer1", items, time_limit_min=10)
    with session_scope() as db:
        row = db.get(QuizSession, session_id)
        row.deadline = row.opened_at - timedelta(minutes=1)
    with pytest.raises(Conflict, match="截止"):
        sessions.submit_answers(session_id, "陈静", _key_answers(items))


def test_bad_session_input(items):
    with pytest.raises(UserError, match="没有题目"):
        sessions.open_session("空", "t", [])
    session_id = sessions.open_session("测验", "t", items)
    with pytest.raises(UserError, match="不属于本场测验"):
        sessions.submit_answers(session_id, "赵敏", {"q-other": "A"})
    with pytest.raises(NotFound):
        sessions.submit_answers("no-such-session", "赵敏", {})


def test_fill_answers_accept_equivalent_numerals():
    from assistant.quiz.grading import fill_matches, normalise_true_false

    assert fill_matches("90", "90天") and fill_matches("九十天", "90天") and fill_matches(" 一千万元 ", "一千万元")
    assert not fill_matches("60天", "90天") and not fill_matches("", "90天")
    assert normalise_true_false("正确") == "对" and normalise_true_false("×") == "错"
