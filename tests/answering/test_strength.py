"""Evidence strength and the refusal gates built on it: unknown things, weak evidence, passing mentions."""

from __future__ import annotations

import pytest

from assistant.answering.refusal import assess
from assistant.answering.strength import TextStats, content_terms, salience, strength
from assistant.answering.terms import question_terms
from assistant.knowledge.types import Chunk, SearchHit

pytestmark = pytest.mark.unit

RULE = "第八条　次级类客户至少每月进行一次现场检查，现场检查后五个工作日内录入系统。"
FILLER = "例会由支行行长主持，参会人员应提前准备材料，会议纪要由信贷管理部整理归档并报送上级行。"
LONG = FILLER * 3 + "考核内容包括催收率、回收率、客户投诉处理及时率等。" + FILLER * 3
CORPUS = [RULE, LONG, FILLER, "第九条　贷款发放后应按月监测借款人的资金流向。"]


def _hits(*texts: str) -> list[SearchHit]:
    return [SearchHit(Chunk(f"c{i}", "d", "示范规程", text, "第八条"), 1.0, lexical_score=5.0)
            for i, text in enumerate(texts)]


def test_a_short_rule_is_stronger_evidence_than_a_passing_mention():
    stats = TextStats(CORPUS)
    content = content_terms(question_terms("客户投诉怎么处理？"), stats)
    focus = next(t for t in content if t.term == "投诉")
    assert salience(focus, LONG, stats) < 0.85 <= salience(focus, "客户投诉应在五日内处理。", stats)
    rule_terms = content_terms(question_terms("次级类客户多久现场检查一次？"), stats)
    assert strength(rule_terms, RULE, stats) > strength(rule_terms, FILLER, stats)


def test_a_thing_the_corpus_never_names_is_refused_even_when_other_words_match():
    question = question_terms("次级类客户的差旅费怎么报销？")
    verdict = assess(question, _hits(RULE), TextStats(CORPUS))
    assert not verdict.covered and verdict.reason == "topic_not_in_corpus"
    assert "差旅费" in verdict.missing_terms
    assert assess(question, _hits(RULE)).reason != "topic_not_in_corpus"  # hits alone are not the corpus


def test_a_question_resting_on_one_word_mentioned_in_passing_is_refused():
    verdict = assess(question_terms("客户投诉怎么处理？"), _hits(LONG), TextStats(CORPUS))
    assert not verdict.covered and verdict.reason == "mentioned_in_passing"


def test_a_covered_question_is_answered():
    verdict = assess(question_terms("次级类客户多久现场检查一次？"), _hits(RULE, FILLER), TextStats(CORPUS))
    assert verdict.covered and verdict.strength >= 0.3
