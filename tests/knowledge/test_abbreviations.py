"""Abbreviations read against the corpus's own words, with no list: 实控人 → 实际控制人."""

from __future__ import annotations

import pytest

from assistant.knowledge import lexicon
from assistant.knowledge.abbreviations import Abbreviations, abbreviates, phrase_full_forms

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("short, word", [
    ("实控人", "实际控制人"), ("流贷", "流动资金贷款"), ("固贷", "固定资产贷款"), ("个贷", "个人贷款"),
    ("流动贷款", "流动资金贷款"), ("授信额", "授信额度"), ("贷检报告", "贷后检查报告"),
])
def test_an_abbreviation_keeps_the_first_character_and_leading_characters_of_later_components(short, word):
    assert abbreviates(short, word)


@pytest.mark.parametrize("short, word", [
    ("上有", "上述情况"),  # 有 begins no component
    ("控人", "实际控制人"),  # the first character is kept
    ("贷款", "贷款"), ("银票", "银行承兑汇票"),  # not shorter / 票 is inside 汇票
])
def test_other_strings_are_no_abbreviation(short, word):
    assert not abbreviates(short, word)


def test_full_forms_are_common_corpus_words_most_common_first():
    df = {"实际控制人": 40, "实际控制人员": 3, "实际控制权": 2, "流动资金贷款": 90}
    table = Abbreviations(list(df), lambda w: df.get(w, 0), n_chunks=500)
    assert table.full_forms("实控人") == ["实际控制人", "实际控制人员"]
    assert table.full_forms("实控权") == []  # 实际控制权 is in 2 chunks of 500: nobody's desk word
    assert table.full_forms("流贷") == ["流动资金贷款"] and table.full_forms("拨备") == []
    assert table.full_forms("flow") == [] and table.full_forms("流") == []


def test_unseen_candidates_are_words_or_runs_of_characters_jieba_could_not_place():
    known = {"客户", "授信"}
    found = lexicon.unseen_candidates("客户实控人换了，授信额还能用吗", lambda w: int(w in known))
    assert {"实控人", "授信额"} <= set(found) and "客户" not in found


def test_spelling_out_reads_the_longest_abbreviation_and_keeps_whole_words_whole():
    from assistant.knowledge.abbreviations import spell_out
    from assistant.knowledge.stats import TextStats

    stats = TextStats(["借款人实际控制人变更的，应当报告。", "个人经营贷款的资金用途应当明确。"])
    assert spell_out("客户实控人换了", stats) == "客户实际控制人换了"  # not 实际控制人人
    assert spell_out("个人经营贷走自主支付", stats) == "个人经营贷走自主支付"  # 个人|经营 is no abbreviation


def test_an_abbreviation_is_read_against_phrases_the_tokenizer_cuts_into_words():
    """个体工商户 is no index word (个体|工商户), yet 个体户 stands for it; 五金厂 for 五金加工厂."""
    texts = ["以个体工商户、农户为借款人的个人经营贷款。", "某五金加工厂在本社有流动资金贷款。"]
    assert phrase_full_forms("个体户", texts) == ["个体工商户"]
    assert phrase_full_forms("五金厂", texts) == ["五金加工厂"]
    assert phrase_full_forms("农贷", texts) == []  # 农户为借款人的个人经营贷: too far apart, no abbreviation
    assert phrase_full_forms("拖拉机", texts) == []
