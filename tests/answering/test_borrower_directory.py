"""Recognising borrowers in a question (ids, loan ids, full and short names, 这户/它) and what it asks about."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.answering.borrower_chat.directory import Directory, Entry, name_forms
from assistant.answering.borrower_chat.facts import money
from assistant.answering.borrower_chat.topics import record_topics, topics_of

pytestmark = pytest.mark.unit


def directory(*rows: tuple[str, str, str], owners: dict[str, str] | None = None) -> Directory:
    return Directory([Entry(i, n, k, name_forms(n, k)) for i, n, k in rows], owners)


# Names invented for these tests (no relation to the sample bank), so the mechanism is tested, not a list.
SCOPE = directory(("X1", "青禾智能装备有限公司", "法人"), ("X2", "青禾物流有限公司", "法人"),
                  ("X3", "白鹭纸业股份有限公司", "法人"), ("X4", "欧阳明", "个人经营"),
                  owners={"L90001": "X3"})


def test_company_short_names_are_prefixes_of_the_name_without_its_legal_form():
    forms = name_forms("白鹭纸业股份有限公司", "法人")
    assert {"白鹭纸业股份有限公司", "白鹭纸业", "白鹭", "白鹭纸业公司"} <= set(forms)
    assert name_forms("欧阳明", "个人经营") == ("欧阳明",)


def test_ids_loan_ids_and_names_are_recognised_in_order():
    assert SCOPE.find("X3和欧阳明这两户怎么样").ids == ["X3", "X4"]  # ids of any format, as the bank numbers them
    found = SCOPE.find("L90001这笔贷款和欧阳明的情况")
    assert found.ids == ["X3", "X4"]
    assert SCOPE.find("白鹭纸业最近怎么样").ids == ["X3"]


def test_a_short_name_shared_by_two_borrowers_is_ambiguous_and_the_longer_name_decides():
    found = SCOPE.find("青禾那户余额多少")
    assert found.ids == [] and found.ambiguous == [("青禾", ["X1", "X2"])]
    assert SCOPE.find("青禾物流余额多少").ids == ["X2"]
    assert SCOPE.find("青禾智能装备有限公司余额多少").ids == ["X1"]


def test_a_short_name_going_on_into_another_trade_names_another_company():
    """Only 青禾智能装备 and 青禾物流 are in scope: 青禾化工 is someone else (or nobody), never X1 or X2."""
    found = SCOPE.find("青禾化工逾期了怎么处理")
    assert found.ids == [] and not found.ambiguous and found.unknown == 1
    assert SCOPE.find("青禾装备逾期了怎么处理").ids == ["X1"]  # an abbreviation of its own trade (智能装备)


def test_unknown_ids_and_formal_names_count_as_unknown_references():
    assert SCOPE.find("B099现在什么情况").unknown == 1
    assert SCOPE.find("KH20240012逾期了吗").unknown == 1
    assert not SCOPE.find("2026年的检查要求").any
    assert SCOPE.find("红星机电有限公司逾期怎么办").unknown == 1
    assert not SCOPE.find("关注类贷款多久检查一次？").any


def test_pronouns_and_short_follow_ups_refer_to_the_previous_borrowers():
    previous = ["X3"]
    assert SCOPE.find("那它的押品呢？", previous, topics_of("那它的押品呢？").words).ids == ["X3"]
    assert SCOPE.find("押品呢？", previous, topics_of("押品呢？").words).followed
    # a new rule question after a borrower turn is not about that borrower
    assert not SCOPE.find("次级类多久检查一次？", previous, topics_of("次级类多久检查一次？").words).any
    # 其他 holds 他 but points at nobody
    assert not SCOPE.find("其他银行怎么规定的？", previous).any
    # a borrower that left the scope is not followed
    assert not SCOPE.find("那它的押品呢？", ["X9"]).any


def test_a_pronoun_after_a_rule_question_still_means_the_borrower_talked_about_before_it():
    turns = [["X3"], []]  # a borrower turn, then a rule question
    assert SCOPE.find("那他家现在逾期了吗", [], topics_of("逾期").words, earlier=turns).ids == ["X3"]
    # a bare follow-up with no pronoun goes on about the rule question, not the borrower
    assert not SCOPE.find("押品呢？", [], topics_of("押品呢？").words, earlier=turns).any
    # further back than a few turns, 这户 points at nobody
    assert not SCOPE.find("这户逾期了吗", [], earlier=[["X3"], [], [], [], []]).any


def test_ordinals_of_the_conversation_recall_its_borrowers_in_the_order_they_came_up():
    turns = [["X3"], ["X4"]]
    assert SCOPE.find("再说回第一家，它押品登记到哪天", ["X4"], earlier=turns).ids == ["X3"]
    assert SCOPE.find("上一家的押品呢", ["X4"], earlier=turns).ids == ["X3"]
    one = SCOPE.find("第一家的押品呢", ["X3"], topics_of("第一家的押品呢").words, earlier=[["X3"]])
    assert one.ids == ["X3"]  # with one borrower so far, a plain follow-up


def test_a_trade_said_before_na_jia_names_the_borrowers_of_that_trade():
    assert SCOPE.find("物流那家逾期多少天").ids == ["X2"]
    assert SCOPE.find("纸业那户押品呢").ids == ["X3"]
    two = directory(("Y1", "远帆粮油有限公司", "法人"), ("Y2", "丰谷粮油贸易有限公司", "法人"))
    assert two.find("粮油那家上次检查是哪天").ambiguous == [("粮油", ["Y1", "Y2"])]
    # a name said before the trade is another company's; a trade without 那家 is a kind of business
    assert not SCOPE.find("富川物流那户最近咋样？").ids
    assert not SCOPE.find("物流企业的贷款多久检查一次").any


def test_questions_find_the_inspections_whose_findings_they_name():
    from datetime import date
    from types import SimpleNamespace as Row

    from assistant.answering.borrower_chat.topics import about_findings

    visits = [Row(id=1, date=date(2026, 3, 1), findings="车间开机率约七成，押品现状良好。"),
              Row(id=2, date=date(2026, 6, 1), findings="回款归行率约两成，押品现状良好。"),
              Row(id=3, date=date(2026, 9, 1), findings="一条产线停机，车间开机率约五成，押品现状良好。")]
    borrower = Row(name="远山科技有限公司", kind="法人", actual_controller="周远山", inspections=visits)
    assert [v.id for v in about_findings(borrower, "下车间看到啥了")] == [3, 1]
    assert [v.id for v in about_findings(borrower, "归行率掉到多少", ("归行率",))] == [2]
    # a word every visit wrote down, or a two-character table name, singles out no visit
    assert about_findings(borrower, "押品现状怎么样", ("押品",)) == []
    assert about_findings(borrower, "远山科技最近怎么样") == []


def test_topics_longer_words_win_and_unnamed_questions_ask_for_next_steps():
    topics = topics_of("这户押品评估价值多少，下次现场检查什么时候？")
    assert {"collateral", "inspection", "next"} <= set(topics.asked)
    assert topics_of("这户怎么办？").only_next


def _borrower_with_records():
    from types import SimpleNamespace as Row

    return Row(name="远山科技有限公司", kind="法人", actual_controller="周远山",
               flows=[Row(memo="设备尾款", counterparty="苏州启衡自动化有限公司")],
               collateral=[Row(type="商铺", description="远山科技有限公司名下临街商铺两间")],
               guarantors=[Row(name="钱立群")])


def test_a_question_naming_a_record_value_asks_for_that_record_table():
    """The mechanism, not a word list: the values come from this borrower's own records."""
    borrower = _borrower_with_records()
    assert record_topics(borrower, "远山那笔设备尾款是哪天付的") == {"payment"}
    assert record_topics(borrower, "给启衡的钱有发票吗") == {"payment"}
    assert record_topics(borrower, "那两间商铺还在吗") == {"collateral"}
    assert record_topics(borrower, "钱立群还能代偿吗") == {"guarantor"}


def test_the_borrowers_own_names_and_common_words_name_no_record():
    borrower = _borrower_with_records()
    assert record_topics(borrower, "远山科技最近怎么样") == frozenset()  # its own name is in the description
    assert record_topics(borrower, "周远山联系上了吗") == frozenset()
    assert record_topics(borrower, "南京那边的有限公司怎么样") == frozenset()


def test_amounts_are_printed_exactly_as_recorded():
    assert money(Decimal("5000000")) == "500万元"
    assert money(Decimal("14400000.00")) == "1440万元"
    assert money(Decimal("50798.61")) == "50,798.61元"
    assert money(Decimal("1825850")) == "1,825,850.00元"


DRAFT = ("白鹭纸业股份有限公司（X3，城东支行，客户经理甲）：\n- 贷款L90001（流动资金贷款）逾期95天，余额500万元"
         "（记录：贷款台账 2026-11-24）\n按规定：\n- 逾期超过90天的至少归为次级类（《细则》第四十一条[1]）。")


@pytest.mark.parametrize("reply, problem", [
    ("白鹭纸业的贷款L90001已逾期95天，余额500万元（记录：贷款台账 2026-11-24），按规定应归为次级类[1]。", ""),
    ("关于白鹭纸业股份有限公司：贷款逾期95天[1]。", ""),
    ("贷款L90001逾期96天[1]。", "number_not_in_records"),
    ("贷款L90001应在2026-12-01前下调分类[1]。", "date_not_in_records"),
    ("贷款L90002逾期95天[1]。", "id_not_in_records"),
    ("保证人红星机电有限公司承担连带责任[1]。", "name_not_in_records"),
    ("贷款逾期95天[2]。", "unknown_citation"),
    ("贷款逾期95天，应归为次级类。", "citations_dropped"),
])
def test_an_llm_phrasing_may_not_add_a_number_date_id_name_or_citation(reply, problem):
    from assistant.answering.borrower_chat.phrasing import phrasing_problem

    assert phrasing_problem(reply, DRAFT, ["逾期超过90天的，至少归为次级类。"], {1}) == problem
