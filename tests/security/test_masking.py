"""Masking of 身份证号, mobile and card/account numbers in realistic Chinese text."""

from __future__ import annotations

import pytest

from assistant.security.masking import find_personal_data, mask_for_scope, mask_text
from assistant.security.scope import Scope

pytestmark = pytest.mark.unit

OFFICER = Scope("wanglei", "officer", "城东支行", "o_wanglei")
RISK = Scope("risk", "risk")


@pytest.mark.parametrize("text, expected", [
    ("借款人周建国，身份证号110105196803152319，住址略。", "借款人周建国，身份证号110105********2319，住址略。"),
    ("实际控制人身份证：44030619851203002X。", "实际控制人身份证：440306********002X。"),
    ("ID 32010219900101123x end", "ID 320102********123X end"),
    ("联系电话13812345678，备用电话 139-0011-2233", "联系电话138****5678，备用电话 139****2233"),
    ("手机：+86 186 2000 3344。", "手机：186****3344。"),
    ("还款账户6222021001112223334，", "还款账户***************3334，"),
    ("银行卡号 6217 0012 3456 7890 123 已冻结", "银行卡号 ***************0123 已冻结"),
    ("对公结算账户 320601040012345，", "对公结算账户 ***********2345，"),
])
def test_personal_data_is_masked(text, expected):
    assert mask_text(text) == expected


@pytest.mark.parametrize("text", [
    "授信金额8000000元，逾期95天，截至20261124。",
    "合同编号HT2024-00123，贷款余额1,200,000.00元。",
    "统一社会信用代码91310000MA1FL1234X。",
    "chunk 3f2a9c1234567890123456bd 版本2024年第2号",
    "电话区号0571-88886666",
    # identifiers whose dash-joined pieces happen to be all digits
    "会话3c985ba4-9866-4591-8903-c3eb71215a17已保存",
    "conversation 0f1e2d3c-1234-5678-9012-345678901234",
    "流水号AB-1234-5678-9012-3456",
])
def test_ordinary_numbers_are_left_alone(text):
    assert mask_text(text) == text


def test_find_reports_kinds_in_order():
    kinds = [d.kind for d in find_personal_data("电话13812345678，身份证110105196803152319，卡6222021001112223334")]
    assert kinds == ["mobile", "id_number", "account"]


def test_officer_keeps_numbers_from_own_evidence_but_not_invented_ones():
    evidence = ["走访记录：借款人周建国电话13812345678。"]
    answer = "请联系周建国（13812345678），其配偶电话13900001111，身份证110105196803152319。"
    masked = mask_for_scope(answer, OFFICER, evidence)
    assert "13812345678" in masked
    assert "13900001111" not in masked and "139****1111" in masked
    assert "110105196803152319" not in masked


def test_risk_role_sees_masked_numbers_even_from_evidence():
    evidence = ["借款人电话13812345678。"]
    assert mask_for_scope("电话13812345678", RISK, evidence) == "电话138****5678"
