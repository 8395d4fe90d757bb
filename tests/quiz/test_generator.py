"""Rule-based generation over the shared regulations: shape, checks, determinism, no repeated facts, bad input."""

from __future__ import annotations

import re
import time

import pytest

from assistant.errors import UserError
from assistant.knowledge.types import Chunk
from assistant.quiz.checks import check_item
from assistant.quiz.generator import generate_quiz
from assistant.quiz.types import ITEM_TYPES

pytestmark = pytest.mark.unit
KEYS = {"id", "type", "stem", "options", "answer", "explanation", "citation", "topic", "difficulty"}


def _chunk(text: str, article: str = "第三条", title: str = "示范银行贷后管理办法") -> Chunk:
    return Chunk(chunk_id=f"c-{article}", doc_id="d1", doc_title=title, text=text, source_type="internal_rule",
                 article=article)


def test_items_have_the_contract_shape_and_pass_the_check(regulation_chunks):
    quiz = generate_quiz(regulation_chunks, 40, seed=3)
    by_id = {c.chunk_id: c for c in regulation_chunks}
    assert len(quiz.items) == 40 and quiz.generated == 40 + quiz.discarded
    for item in quiz.items:
        data = item.as_json()
        assert set(data) == KEYS and set(data["citation"]) == {"doc_title", "article", "quote"}
        assert re.fullmatch(r"第.+条", item.citation.article)
        assert item.stem.startswith(f"根据《{item.citation.doc_title}》{item.citation.article}")
        assert check_item(item, by_id[item.chunk_id].text) == []
    assert {item.type for item in quiz.items} == set(ITEM_TYPES)


def test_answers_match_their_type(regulation_chunks):
    for item in generate_quiz(regulation_chunks, 60, seed=5).items:
        if item.type == "single":
            assert item.answer in item.options and len(item.options) == 4
            assert len(set(item.options.values())) == 4
        elif item.type == "multiple":
            assert len(item.answer) >= 2 and set(item.answer) <= set(item.options)
            assert len(item.answer) < len(item.options)
        elif item.type == "true_false":
            assert item.answer in ("对", "错") and not item.options
        else:
            assert item.answer and item.answer in item.citation.quote and "（　　）" in item.stem


def test_same_seed_same_quiz_and_other_seed_other_quiz(regulation_chunks):
    first = [i.as_json() for i in generate_quiz(regulation_chunks, 20, seed=11).items]
    again = [i.as_json() for i in generate_quiz(regulation_chunks, 20, seed=11).items]
    other = [i.as_json() for i in generate_quiz(regulation_chunks, 20, seed=12).items]
    assert first == again and first != other


def test_no_two_items_test_the_same_fact(regulation_chunks):
    items = generate_quiz(regulation_chunks, 100, seed=7).items
    facts = [fact for item in items for fact in item.facts if not fact.startswith("touch:")]
    assert len(facts) == len(set(facts))
    assert len({item.stem + str(item.options) for item in items}) == len(items)


def test_overdue_thresholds_are_asked_with_same_kind_distractors(regulation_chunks):
    items = generate_quiz(regulation_chunks, 20, seed=1, types=["single"], topic="风险分类").items
    numeric = [i for i in items if i.options[i.answer].endswith("天")]
    assert numeric, "expected an overdue-days question"
    for item in numeric:
        assert all(option.endswith("天") for option in item.options.values())


def test_types_and_topic_filters(regulation_chunks):
    quiz = generate_quiz(regulation_chunks, 10, seed=2, types=["true_false"], topic="受托支付")
    assert {i.type for i in quiz.items} == {"true_false"} and {i.topic for i in quiz.items} == {"受托支付"}


def test_twenty_items_in_under_two_seconds(regulation_chunks):
    start = time.perf_counter()
    generate_quiz(regulation_chunks, 20, seed=0)
    assert time.perf_counter() - start < 2.0


def test_false_statement_differs_only_in_the_perturbed_fact():
    chunk = _chunk("第三条　对关注类客户，客户经理应至少每季度开展一次现场检查，并在检查后五个工作日内提交书面报告。")
    items = [generate_quiz([chunk], 1, seed=4, types=[kind]).items[0] for kind in ("fill", "single", "multiple")
             if kind != "multiple"]
    for item in items:
        assert check_item(item, chunk.text) == []
    answers = [generate_quiz([chunk], 1, seed=seed, types=["true_false"]).items[0] for seed in range(8)]
    wrong = [i for i in answers if i.answer == "错"]
    assert wrong and all(check_item(i, chunk.text) == [] for i in wrong)
    original = "对关注类客户，客户经理应至少每季度开展一次现场检查，并在检查后五个工作日内提交书面报告"
    for item in wrong:
        shown = item.evidence[0].shown
        changed = [k for k in range(len(original)) if k < len(shown) and shown[k] != original[k]]
        assert shown != original and changed and changed[-1] - changed[0] < 5


def test_check_rejects_a_tampered_item(regulation_chunks):
    quiz = generate_quiz(regulation_chunks, 40, seed=3, types=["single", "true_false"])
    by_id = {c.chunk_id: c for c in regulation_chunks}
    single = next(i for i in quiz.items if i.type == "single")
    wrong = next(letter for letter in single.options if letter != single.answer)
    tampered = single.__class__(**{**single.__dict__, "answer": wrong})
    assert check_item(tampered, by_id[single.chunk_id].text)
    also_correct = dict(single.options, **{wrong: single.options[single.answer] + "以上"})
    tampered = single.__class__(**{**single.__dict__, "options": also_correct})
    assert check_item(tampered, by_id[single.chunk_id].text)
    tf = next(i for i in quiz.items if i.type == "true_false")
    flipped = tf.__class__(**{**tf.__dict__, "answer": "对" if tf.answer == "错" else "错"})
    assert check_item(flipped, by_id[tf.chunk_id].text)


def test_source_without_usable_clauses_is_refused():
    prose = Chunk(chunk_id="p", doc_id="d", doc_title="走访记录", text="今天走访了客户，经营正常。",
                  source_type="case_note")
    with pytest.raises(UserError, match="没有可出题的条款"):
        generate_quiz([prose], 5)


def test_more_items_than_the_source_supports_says_how_many(regulation_chunks):
    few = [c for c in regulation_chunks if c.article in ("第十一条", "第十二条") and "风险分类" in c.doc_title]
    with pytest.raises(UserError, match=r"最多能生成 \d+ 道") as excinfo:
        generate_quiz(few, 50)
    possible = int(re.search(r"最多能生成 (\d+) 道", excinfo.value.message).group(1))
    assert len(generate_quiz(few, possible).items) == possible


@pytest.mark.parametrize("n, types", [(0, None), (5, ["essay"])])
def test_bad_options_are_refused(regulation_chunks, n, types):
    with pytest.raises(UserError):
        generate_quiz(regulation_chunks, n, types=types)


def test_no_item_gives_away_another_items_answer(regulation_chunks):
    items = generate_quiz(regulation_chunks, 100, seed=9).items
    asked = {(i.chunk_id, i.evidence[0].original) for i in items if i.type in ("fill", "single")}
    shown = {(i.chunk_id, e.original) for i in items if i.type in ("true_false", "multiple") for e in i.evidence}
    assert not asked & shown
    for item in items:
        if item.type in ("fill", "single"):
            key = item.options.get(item.answer, item.answer)
            assert key not in item.stem
