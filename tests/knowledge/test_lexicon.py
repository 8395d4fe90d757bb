"""Lexicon: domain words survive segmentation, bigrams, stopwords, synonym expansion, lazy jieba cache."""

from __future__ import annotations

import pytest

from assistant.knowledge import lexicon

pytestmark = pytest.mark.unit


def test_domain_words_are_kept_whole_and_bigrams_added():
    tokens = lexicon.tokenize("借新还旧和受托支付都要在贷后检查中核实，抵押率不能超标")
    for word in ("借新还旧", "受托支付", "贷后检查", "抵押率"):
        assert word in tokens
    assert {"借新", "新还", "还旧"} <= set(tokens)


def test_stopwords_punctuation_and_single_characters_are_dropped():
    tokens = lexicon.tokenize("请问，逾期的贷款怎么办？")
    assert "的" not in tokens and "怎么办" not in tokens and "，" not in tokens
    assert "逾期" in tokens


def test_full_width_text_is_normalised():
    assert "90" in lexicon.tokenize("逾期超过９０天")


def test_article_labels_get_no_bigrams():
    tokens = lexicon.tokenize("第十一条 借款人")
    assert "十一" not in tokens


def test_synonyms_expand_officer_wording_with_lower_weight():
    weights = lexicon.query_terms("逾期多少天算不良？钱流向哪里了")
    assert weights["逾期"] == 1.0
    assert weights["逾期天数"] == lexicon.SYNONYM_WEIGHT
    assert weights["资金流向"] == lexicon.SYNONYM_WEIGHT
    assert lexicon.query_terms("现场看一下")["现场检查"] == lexicon.SYNONYM_WEIGHT


def test_tables_are_large_enough():
    assert len(lexicon.domain_terms()) >= 80
    assert len(lexicon.synonyms()) >= 40
    for required in ("展期", "归行率", "实际控制人", "审议表", "三查"):
        assert required in lexicon.domain_terms()


def test_jieba_cache_lives_under_home_not_in_package(home, monkeypatch):
    monkeypatch.setattr(lexicon, "_tokenizer", None)
    lexicon.get_tokenizer()
    assert (home / "cache" / "jieba-daihou.cache").exists()
    assert not list(lexicon.DATA_DIR.parent.glob("*.cache"))


def test_spoken_questions_are_normalised_before_tokenising():
    from assistant.knowledge.colloquial import is_yes_no, plain_question

    assert plain_question("请问一下银行要不要参与呀") == " 银行要参与呀"
    assert plain_question("可不可以转成本金") == "可以转为本金"
    assert plain_question("有啥区别") == "有什么区别"
    assert "不要" not in lexicon.query_terms("借款人破产清算，银行要不要参与？")
    assert is_yes_no("同业资产也要做风险分类吗？") and is_yes_no("算不算重组")
    assert not is_yes_no("次级类客户多久检查一次？")


@pytest.mark.unit
def test_every_hand_list_entry_carries_its_reason():
    """Hand lists are data with a reason per entry (the last column), not words in code."""
    from assistant.answering.terms import DATA_DIR as ANSWERING_DATA
    from assistant.knowledge import lexicon

    files = {"synonyms.txt": 3, "colloquial.txt": 3, "doc_aliases.txt": 3, "stopwords.txt": 2,
             "ocr_lookalikes.txt": 3, "own_bank_words.txt": 2}
    paths = [(lexicon.DATA_DIR / name, n) for name, n in files.items()]
    paths += [(ANSWERING_DATA / name, n) for name, n in
              {"answer_synonyms.txt": 3, "generic_words.txt": 2, "quantity_cues.txt": 2, "light_characters.txt": 2,
               "record_topics.txt": 3, "asked_facts.txt": 3, "locality_words.txt": 2, "measure_suffixes.txt": 2,
               "wei_verbs.txt": 2, "limit_cues.txt": 2, "everyday_latin.txt": 2, "any_acts.txt": 2,
               "verb_complements.txt": 2}.items()]
    for path, columns in paths:
        rows = lexicon.read_table(path)
        assert rows, path
        for row in rows:
            assert len(row) == columns and row[-1].strip() and row[-1] != "TODO", (path.name, row)


def test_the_unit_of_a_count_is_taken_back_from_the_word_jieba_glued_it_into():
    """几个/人才/能: after 几个 the 人 is what is counted; 人才 (talent) is no word of the question."""
    assert lexicon.cut("出席委员最少几个人才能形成决议") [3:6] == ["几个", "人", "才"]
    assert "人才" not in lexicon.tokenize("出席委员最少几个人才能形成决议")
    assert "人民币" in lexicon.cut("几个人民币")  # 民币 is no word: nothing to take back
    assert "人才" in lexicon.tokenize("引进人才")



def test_closed_class_words_are_known_by_their_dictionary_tag():
    assert lexicon.is_function_word("我") and lexicon.is_function_word("该") and lexicon.is_function_word("在")
    assert not lexicon.is_function_word("约")  # an adverb tag, yet 约/谈 is 约谈
    assert not lexicon.is_function_word("贷")


def test_core_post_loan_words_are_indexed_whole():
    tokens = lexicon.tokenize("客户想续贷，押品重估后发现借款人失联、涉诉，他行已抽贷")
    assert {"续贷", "重估", "失联", "涉诉", "他行", "抽贷"} <= set(tokens)
    tokens = lexicon.tokenize("办理无还本续贷后高管被问责，评估值下降，须增信")
    assert {"无还本续贷", "高管", "问责", "评估值", "增信"} <= set(tokens)


def test_a_one_character_phrase_expands_only_as_a_word_of_its_own():
    assert "审批" in lexicon.query_terms("固贷想做12年，支行自己能批吗？")
    assert "审批" not in lexicon.query_terms("批量贷款怎么检查")  # 批 inside 批量 is no 审批


@pytest.mark.unit
def test_a_separable_verb_opened_by_ge_or_le_is_the_word_the_rules_write():
    from assistant.knowledge.colloquial import plain_question

    assert plain_question("我能替他在回执上签个字吗") == "我能替他在回执上签字吗"
    assert plain_question("客户还了款以后") == "客户还款以后"
    assert plain_question("他签了个字就走了").startswith("他签字")
    assert plain_question("打个电话行不行").startswith("打电话")
    assert "签字" in lexicon.query_terms("替客户签个字")
    # a numeral, a pronoun or 上/下 before 个 counts; a word that is no dictionary word stays apart
    for kept in ("一个月内", "这个表", "上个月", "检查了两次", "做了检查"):
        assert plain_question(kept) == kept


@pytest.mark.unit
def test_a_two_character_officer_phrase_expands_only_where_a_word_starts():
    """人行 (the central bank) is not said in 个人行为, 他项 (the mortgage certificate) not in 其他项目."""
    from assistant.knowledge.lexicon import said_as_word, word_starts

    text = "个人行为造成的其他项目损失"
    starts = word_starts(lexicon.cut(text))
    assert not said_as_word("人行", text, starts) and not said_as_word("他项", text, starts)
    assert said_as_word("个人", text, starts)
    assert "个人" in lexicon.query_terms("房贷逾期怎么办")  # 房贷 → 个人住房贷款
    assert "个人" not in lexicon.query_terms("住房贷款逾期怎么办")  # 房贷 inside 住房贷款 (住房/贷款) says no 房贷


def test_a_phrase_said_whole_starts_and_ends_where_words_do():
    from assistant.knowledge import lexicon

    assert lexicon.said_whole("本行", "本行规定的期限") and lexicon.said_whole("行里", "行里有啥规矩")
    assert not lexicon.said_whole("本行", "借款人本行业经营情况") and not lexicon.said_whole("行里", "钱存在银行里")
