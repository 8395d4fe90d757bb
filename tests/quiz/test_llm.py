"""LLM scenario items against the real OpenAI-compatible test server: a supported item kept, others dropped."""

from __future__ import annotations

import json

import pytest

from assistant.llm import OpenAIChatModel
from assistant.config import get_settings
from assistant.quiz.generator import generate_quiz
from tests.support.openai_server import Reply, openai_server  # noqa: F401  (fixture)

pytestmark = pytest.mark.integration


@pytest.fixture
def model(home, openai_server, monkeypatch):
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", openai_server.base_url)
    from assistant.config import reset_settings

    reset_settings()
    return OpenAIChatModel(get_settings())


def _overdue_quiz(chunks, chat_model=None):
    clause = [c for c in chunks if "风险分类" in c.doc_title and c.article == "第十一条"]
    return generate_quiz(clause, 1, seed=0, types=["single"], chat_model=chat_model)


def _scenario(answer: str, quote: str) -> str:
    return json.dumps({"stem": "某企业贷款本金已逾期95天，按规定该笔金融资产至少应归为哪一类？",
                       "options": {"A": "关注类", "B": "次级类", "C": "可疑类", "D": "损失类"},
                       "answer": answer, "quote": quote}, ensure_ascii=False)


def test_supported_scenario_item_is_kept(regulation_chunks, model, openai_server):
    base = _overdue_quiz(regulation_chunks).items[0]
    quote = base.citation.quote if "次级类" in base.citation.quote else base.evidence[0].lead
    openai_server.script([_scenario("B", quote)])
    quiz = _overdue_quiz(regulation_chunks, model)
    item = quiz.items[0]
    assert item.source == "llm" and item.stem.startswith("某企业贷款本金已逾期95天")
    assert item.options[item.answer] == "次级类" and item.citation.article == "第十一条"
    assert quiz.discarded == 0
    prompt = openai_server.requests[0]["body"]["messages"][-1]["content"]
    assert "第十一条" in prompt and "情景" in prompt


def test_unsupported_scenario_item_is_dropped(regulation_chunks, model, openai_server):
    base = _overdue_quiz(regulation_chunks).items[0]
    openai_server.script([_scenario("B", "债务人逾期超过95天的应归为次级类"),  # quote not in the clause
                          json.dumps({"stem": base.stem.replace("根据", "依照")}, ensure_ascii=False)])
    quiz = _overdue_quiz(regulation_chunks, model)
    item = quiz.items[0]
    assert quiz.discarded == 1 and item.source == "llm" and item.stem.startswith("依照")
    assert item.answer == base.answer and item.options == base.options


def test_model_failure_keeps_the_rule_item(regulation_chunks, model, openai_server):
    base = _overdue_quiz(regulation_chunks).items[0]
    openai_server.script([Reply("boom", status=500), "这不是 JSON"])
    quiz = _overdue_quiz(regulation_chunks, model)
    assert quiz.items[0].as_json() == base.as_json() and quiz.discarded == 2
