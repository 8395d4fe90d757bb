"""An officer's own amount meets the rule's band: 一百五十万 is in 100万元至300万元（含）."""

from __future__ import annotations

import pytest

from assistant.answering.amounts import holds, question_amounts

pytestmark = pytest.mark.unit


def test_amounts_are_read_in_yuan_whatever_the_numerals():
    assert question_amounts("一百五十万的贷款多久回访？") == [("一百五十万", 1.5e6)]
    assert question_amounts("客户授信1500万，我一个人去行不行？") == [("1500万", 1.5e7)]
    assert question_amounts("余额2.5亿元的客户") == [("2.5亿元", 2.5e8)]
    assert question_amounts("客户就要三四十万买台设备") == []  # a rough guess states no amount


@pytest.mark.parametrize("amount, text, expected", [
    (1.5e6, "贷款余额档次：100万元至300万元（含）；正常类：每4个月至少1次", True),
    (3.5e6, "贷款余额档次：100万元至300万元（含）；正常类：每4个月至少1次", False),
    (1.5e6, "100至300万元的贷款每季度回访一次", True),
    (1.5e7, "授信金额1000万元（含）以上的借款人", True),
    (5e6, "授信金额1000万元（含）以上的借款人", False),
    (2e5, "20万元以下的个人贷款可免现场调查", True),
    (2e5, "超过20万元的，应当现场调查", False),  # 超过 leaves the bound out
    (2e5, "不超过20万元的，可以线上签约", True),
    (1.5e7, "我行授信1500万元，以厂房抵押", True),  # a case note states the very amount
    (1.5e7, "我行授信1200万元，以厂房抵押", False),
])
def test_a_band_holds_the_amounts_it_states(amount, text, expected):
    assert holds(amount, text) is expected
