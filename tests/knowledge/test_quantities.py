"""An officer's own figure meets the rule's band: 一百五十万 is in 100万元至300万元（含）, 逾期二十来天 in 逾期16至30天."""

from __future__ import annotations

import pytest

from assistant.knowledge.quantities import Quantity, holds, question_quantities

pytestmark = pytest.mark.unit


def _money(yuan: float) -> Quantity:
    return Quantity("", "money", yuan)


def _days(days: float) -> Quantity:
    return Quantity("", "days", days)


def test_quantities_are_read_in_yuan_or_days_whatever_the_numerals():
    assert question_quantities("一百五十万的贷款多久回访？") == [Quantity("一百五十万", "money", 1.5e6)]
    assert question_quantities("客户授信1500万，我一个人去行不行？") == [Quantity("1500万", "money", 1.5e7)]
    assert question_quantities("贷款逾期二十来天了，催收该怎么搞？") == [Quantity("二十来天", "days", 20.0)]
    assert question_quantities("逾期三个月了算哪一类？") == [Quantity("三个月", "days", 90.0)]
    assert question_quantities("现场检查拖了一个多月还没做") == [Quantity("一个多月", "days", 30.0)]
    assert question_quantities("抵押率能到七成吗") == [Quantity("七成", "share", 70.0)]
    assert question_quantities("罚息是不是加收50%？") == [Quantity("50%", "share", 50.0)]
    assert question_quantities("客户就要三四十万买台设备") == []  # a rough guess states no amount
    assert question_quantities("2024年的报表要交吗") == []  # a year of the calendar is a date
    assert question_quantities("3月20日前要交吗") == []  # so is a day of a month
    assert question_quantities("授信1,500万的客户") == [Quantity("1,500万", "money", 1.5e7)]
    assert question_quantities("半年了还没检查") == [Quantity("半年", "days", 182.0)]
    assert question_quantities("逾期半个月了还没还") == [Quantity("半个月", "days", 15.0)]
    assert question_quantities("押品跌了半成要不要补") == [Quantity("半成", "share", 5.0)]
    assert question_quantities("半成品库存可以质押吗") == []  # semi-finished goods
    # figures of speech: 千万别 (by all means), 八成要出事 (most likely), 哪一天, 一年做几次
    for idiom in ("千万别这么填", "八成要出事", "哪一天开会", "一年做几次检查"):
        assert question_quantities(idiom) == [], idiom
    assert question_quantities("千万以上的大户") == [Quantity("千万", "money", 1e7, "above", True)]


def test_the_officers_own_bound_is_read_with_the_figure():
    assert question_quantities("逾期超过90天算不良吗") == [Quantity("90天", "days", 90.0, "above", False)]
    assert question_quantities("占比超过一成，剩下的还能挂正常吗") == [Quantity("一成", "share", 10.0, "above", False)]
    assert question_quantities("个贷金额不到20万") == [Quantity("20万", "money", 2e5, "below", False)]
    assert question_quantities("不超过20万元的个贷能简化吗") == [Quantity("20万元", "money", 2e5, "below", True)]
    assert question_quantities("二十万以下的个贷") == [Quantity("二十万", "money", 2e5, "below", True)]
    assert question_quantities("逾期二十来天了") == [Quantity("二十来天", "days", 20.0)]  # a figure of its own
    # negated: 没超过90天 is at most 90, 还没满90天 under it
    assert question_quantities("逾期没超过90天") == [Quantity("90天", "days", 90.0, "below", True)]
    assert question_quantities("还没满90天") == [Quantity("90天", "days", 90.0, "below", False)]
    assert question_quantities("占比10%及以上") == [Quantity("10%", "share", 10.0, "above", True)]
    assert question_quantities("还不到90天") == [Quantity("90天", "days", 90.0, "below", False)]  # 还 negates nothing
    assert question_quantities("还超过90天") == [Quantity("90天", "days", 90.0, "above", False)]


@pytest.mark.parametrize("question, text, expected", [
    # the rule states the very threshold the officer asks about, whichever side owns the bound
    ("占比超过一成，剩下的还能挂正常吗", "债权超过10%被分为不良的，所有债权均应归为不良", 1.0),
    ("客户在我行10%以上的债权成了不良", "债权超过10%被分为不良的", 1.0),
    ("逾期超过90天算不良吗", "逾期超过90天的，至少归为次级类", 1.0),
    ("逾期超过90天算不良吗", "逾期91天至180天的，归为次级类", 1.0),  # 超过90天 starts at 91天
    ("逾期超过90天算不良吗", "逾期61至90天的，归为关注类", 0.5),  # the band below it answers nothing
    ("个贷金额不到20万", "金额不超过二十万元人民币的贷款", 1.0),
    ("个贷金额不到20万", "超过20万元的，应当现场调查", 0.5),
])
def test_a_bounded_figure_meets_the_band_on_its_bound(question, text, expected):
    from assistant.knowledge.quantities import fit

    [quantity] = question_quantities(question)
    assert fit(quantity, text) == expected


@pytest.mark.parametrize("quantity, text, expected", [
    (_money(1.5e6), "贷款余额档次：100万元至300万元（含）；正常类：每4个月至少1次", True),
    (_money(3.5e6), "贷款余额档次：100万元至300万元（含）；正常类：每4个月至少1次", False),
    (_money(1.5e6), "100至300万元的贷款每季度回访一次", True),
    (_money(1.5e7), "授信金额1000万元（含）以上的借款人", True),
    (_money(5e6), "授信金额1000万元（含）以上的借款人", False),
    (_money(2e5), "20万元以下的个人贷款可免现场调查", True),
    (_money(2e5), "超过20万元的，应当现场调查", False),  # 超过 leaves the bound out
    (_money(2e5), "不超过20万元的，可以线上签约", True),
    (_money(1.5e7), "我行授信1500万元，以厂房抵押", True),  # a case note states the very amount
    (_money(1.5e7), "我行授信1200万元，以厂房抵押", False),
    (_days(20), "（二）逾期16至30天：客户经理会同风险经理上门催收", True),
    (_days(20), "（一）逾期1至15天：客户经理电话催收", False),
    (_days(91), "逾期超过90天的，至少归为次级类", True),
    (_days(90), "逾期超过90天的，至少归为次级类", False),
    (_days(91), "逾期满91天的", True),
    (_days(10), "客户经理应当在贷款发放后15日内完成首次回访", True),
    (_days(20), "客户经理应当在贷款发放后15日内完成首次回访", False),
    (_money(2e7), "2024年3月2日发放2000万元", True),
    (_days(20), "2024年3月20日发放", False),  # 20 of a date is no duration
    (Quantity("", "share", 70.0), "住宅抵押率不超过70%", True),
    (_money(1.5e6), "100万元（不含）至300万元（含）", True),
    (_money(1e6), "100万元（不含）至300万元（含）", False),  # （不含） leaves the bound out
    (_money(5e6), "授信1,000万元以上的", False),
    (_money(2e7), "授信1,000万元以上的", True),
    (_days(20), "不满30天的", True),
    (_days(30), "不满30天的", False),
    (_days(20), "3月1日至31日", False),  # days of a month, no band of durations
    (_days(20), "2024年至2025年", False),
    (Quantity("", "share", 70.0), "商铺抵押率不超过50%", False),
])
def test_a_band_holds_the_quantities_it_states(quantity, text, expected):
    assert holds(quantity, text) is expected


def test_a_band_leaving_the_figure_out_still_answers_whether():
    from assistant.knowledge.quantities import fit

    assert fit(_days(4 * 365), "展期期限累计不得超过原期限的一半，且最长不超过3年。") == 0.5
    assert fit(_days(4 * 365), "逾期90天以内的，由支行催收。") == 0.5
    assert fit(_days(4 * 365), "借款人应当提出书面申请。") == 0.0
    assert fit(_money(4e5), "对于贷款金额五十万元人民币以下的固定资产相关融资需求，可参照本办法执行。") == 1.0
