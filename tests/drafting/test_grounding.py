"""The grounding checker: numbers (万/亿/%/元), dates, identifiers and names against the facts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant.drafting.facts import Source, make_fact
from assistant.drafting.grounding import FactChecker

pytestmark = pytest.mark.unit
SRC = Source("loans", "L00101", "balance")


@pytest.fixture
def checker():
    facts = [make_fact("贷款余额", "amount", Decimal("3000000"), SRC),
             make_fact("营业收入变动率", "percent", Decimal("-0.1234"), SRC),
             make_fact("流动比率", "ratio", Decimal("0.8532"), SRC),
             make_fact("逾期天数", "count", 95, SRC),
             make_fact("到期日", "date", date(2026, 8, 21), SRC),
             make_fact("报告期", "period", "2026-09", SRC),
             make_fact("名称", "name", "金穗农业科技有限公司", SRC),
             make_fact("实际控制人", "name", "赵丽萍", SRC),
             make_fact("贷款编号", "id", "L00401", SRC)]
    return FactChecker(facts, verbatim=["《信贷风险管理的50个要点》第41点"])


@pytest.mark.parametrize("text", [
    "贷款余额300.00万元", "贷款余额300万元", "余额3,000,000元", "余额0.03亿元", "收入下降12.34%",
    "收入变动-12.3%", "流动比率0.85", "逾期95天", "到期日2026年08月21日", "到期日2026-08-21",
    "最近一期（2026年09月）", "2026年财务状况", "金穗农业科技有限公司实际控制人赵丽萍", "贷款L00401",
    "依据《信贷风险管理的50个要点》第41点",
])
def test_faithful_mentions_are_grounded(checker, text):
    result = checker.check(text)
    assert result.ok, result.problems_zh()


@pytest.mark.parametrize("text, culprit", [
    ("贷款余额350.00万元", "350.00万元"), ("余额301万元", "301万元"), ("收入下降15%", "15%"),
    ("逾期96天", "96"), ("到期日2026年09月21日", "2026年09月21日"), ("2025年财务状况", "2025年"),
    ("资金流向宏远贸易有限公司", "资金流向宏远贸易有限公司"), ("实际控制人王大明已变更", "王大明"),
    ("贷款L99999", "L99999"), ("流动比率0.91", "0.91"),
])
def test_invented_mentions_are_caught(checker, text, culprit):
    result = checker.check(text)
    assert [m.text for m in result.ungrounded] == [culprit]


def test_missing_values_are_not_facts():
    checker = FactChecker([make_fact("营业收入", "amount", None, SRC)])
    assert checker.check("营业收入待补充（营业收入）").ok
    assert not checker.check("营业收入0.00万元").ok
