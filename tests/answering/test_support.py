"""The sentence-level check: one evidence sentence must hold the question's focus and the asked-for kind of fact."""

from __future__ import annotations

import pytest

from assistant.answering.refusal import assess
from assistant.answering.strength import TextStats, content_terms
from assistant.answering.support import best_support, gives_kind, question_kind, unlisted
from assistant.answering.terms import question_terms
from assistant.knowledge.types import Chunk, SearchHit

pytestmark = pytest.mark.unit

PENALTY = "第二十条　借款人违约的，贷款人可以采取提前收回贷款、调整利率、收取罚息、停止发放等措施。"
VISITS = "第八条　次级类客户至少每月进行一次现场检查，检查结果由客户经理录入系统。"
CHAIR = "第三条　例会的主任委员由支行行长担任。"
KPI = "第五条　考核指标包括催收率、回收率、客户投诉处理及时率等，按季度公布。"
CORPUS = [PENALTY, VISITS, CHAIR, KPI, "第九条　贷款发放后应按月监测借款人的资金流向。"]


def _hits(*texts: str) -> list[SearchHit]:
    return [SearchHit(Chunk(f"c{i}", "d", "示范规程", text, "第八条"), 1.0, lexical_score=5.0)
            for i, text in enumerate(texts)]


def _support(question: str, *texts: str):
    terms, stats = question_terms(question), TextStats(CORPUS)
    return best_support(question, terms, content_terms(terms, stats), _hits(*texts))


def test_question_kinds():
    assert question_kind("罚息利率上浮多少？") == "quantity"
    assert question_kind("次级类客户多久检查一次？") == "quantity"
    assert question_kind("主任委员由谁担任？") == "who"
    assert question_kind("风险分类分为哪几类？") == "open"


def test_a_number_question_needs_a_number_and_a_who_question_a_role():
    assert gives_kind("quantity", VISITS) and not gives_kind("quantity", PENALTY)
    assert gives_kind("who", CHAIR) and not gives_kind("who", "贷款发放后应按月监测资金流向，防止挪用。")
    assert not gives_kind("open", "现场检查发现部分设备停工")  # states no rule
    assert gives_kind("open", "十三、是否存在押品价值不足的问题。")  # a checklist item says what to check


def test_a_rule_that_names_the_word_without_the_asked_fact_does_not_answer():
    assert not _support("罚息利率一般上浮多少？", PENALTY).answers
    assert _support("次级类客户多久现场检查一次？", VISITS).answers


def test_examples_in_a_list_are_passing_mentions_except_for_list_questions():
    assert "投诉" not in unlisted(KPI) and "催收率" in unlisted(KPI)
    assert not _support("客户投诉怎么处理？", KPI).answers
    assert _support("考核指标有哪些？", KPI).answers


def test_assess_refuses_what_no_sentence_answers_and_names_what_is_missing():
    stats = TextStats(CORPUS)
    verdict = assess(question_terms("罚息利率一般上浮多少？"), _hits(PENALTY), stats, "罚息利率一般上浮多少？")
    assert not verdict.covered and verdict.reason == "not_answered"
    covered = assess(question_terms("次级类客户多久现场检查一次？"), _hits(VISITS), stats, "次级类客户多久现场检查一次？")
    assert covered.covered and covered.support.text.startswith("第八条")


def test_a_yes_no_question_about_a_list_item_is_answered_by_the_list():
    question = "客户投诉处理及时率也算考核指标吗？"
    assert _support(question, KPI).answers


def test_a_class_question_with_lowest_is_not_a_number_question():
    assert question_kind("挪用了资金，分类最低放哪一档？") == "open"
    assert question_kind("罚息利率最低多少？") == "quantity"
