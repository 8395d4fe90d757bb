"""Which paragraphs of a case note the borrower chat quotes: closest to the question, preferring the kind
of fact asked (a date for 啥时候, an amount for 多少钱)."""

from __future__ import annotations

import pytest

from assistant.answering.borrower_chat.desk import NOTE_PARAGRAPHS, _closest, asked_facts
from assistant.knowledge.types import Chunk

pytestmark = pytest.mark.unit

NOTE = ("# 走访记录\n"
        "本次走访看了车间和仓库，车间开工正常，仓库里原料和成品堆放整齐，车间主任陪同走访。\n"
        "财务负责人介绍应收账款回收放缓，主要下游客户付款周期拉长。\n"
        "双方约定客户经理于12月中旬再次上门，届时核对销售台账。\n"
        "借款人与供应商的纠纷已和解，和解款38万元已于上月付清。\n")


def _chunk(text: str = NOTE) -> Chunk:
    return Chunk("n1", "d1", "某公司走访记录", text, "case_note", borrower_id="B900")


def test_a_when_question_gets_the_paragraph_with_the_date():
    _chunk_, passage = _closest([_chunk()], "走访时说下回啥时候再去车间看看？")
    assert "12月中旬" in passage


def test_an_amount_question_gets_the_paragraph_with_the_amount():
    _chunk_, passage = _closest([_chunk()], "跟供应商的纠纷最后赔了多少钱？")
    assert "38万元" in passage


def test_without_an_asked_kind_shared_wording_decides():
    _chunk_, passage = _closest([_chunk()], "应收账款回收情况怎么样？")
    assert "应收账款回收放缓" in passage and passage.count("。") <= NOTE_PARAGRAPHS


def test_asked_kinds_come_from_the_cue_table():
    assert asked_facts("上回去看是哪天？") == {"when"}
    assert asked_facts("余额还有多少万") == {"amount"}
    assert asked_facts("经营情况怎么样") == set()
