"""Rule-based follow-up resolution: ellipsis, sources, more, and new questions."""

from __future__ import annotations

import pytest

from assistant.answering.followup import resolve

pytestmark = pytest.mark.unit

PREVIOUS = "次级类客户多久现场检查一次？"


@pytest.mark.parametrize("follow_up, expected", [
    ("那关注类呢？", "关注类客户多久现场检查一次？"),
    ("关注类呢", "关注类客户多久现场检查一次？"),
    ("可疑呢？", "可疑类客户多久现场检查一次？"),
    ("那损失类呢", "损失类客户多久现场检查一次？"),
])
def test_ellipsis_replaces_the_contrasted_category(follow_up, expected):
    resolution = resolve(follow_up, PREVIOUS)
    assert resolution.kind == "ellipsis" and resolution.question == expected


def test_ellipsis_on_other_contrast_groups():
    resolution = resolve("那流动资金贷款呢？", "固定资产贷款单笔支付超过多少要受托支付？")
    assert resolution.question == "流动资金贷款单笔支付超过多少要受托支付？"
    assert resolve("自主支付呢", "受托支付适用于哪些情况？").question == "自主支付适用于哪些情况？"


@pytest.mark.parametrize("follow_up", ["这条出自哪里？", "依据是什么", "这个依据是什么？", "出处呢", "上面那条的原文是什么"])
def test_source_questions(follow_up):
    resolution = resolve(follow_up, PREVIOUS)
    assert resolution.kind == "sources" and resolution.question == PREVIOUS


@pytest.mark.parametrize("follow_up", ["还有呢？", "还有吗", "其他呢？", "继续"])
def test_more_questions(follow_up):
    assert resolve(follow_up, PREVIOUS).kind == "more"


def test_without_history_everything_is_new():
    assert resolve("那关注类呢？", None).kind == "new"
    assert resolve("还有呢？", None).kind == "new"


def test_unrelated_questions_stay_new():
    assert resolve("固定资产贷款什么情况下必须受托支付？", PREVIOUS).kind == "new"
    assert resolve("那汇率呢？", PREVIOUS).kind == "new"
