"""Selection against a hand-checked fixture: thresholds (exactly 1000万), overdue 90 vs 91, signals, decisions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant.errors import Forbidden, NotFound
from assistant.meeting.config import DEFAULT_MEETING_RULES, MeetingRules
from assistant.security.scope import LOCAL_ADMIN, Scope
from tests.meeting.conftest import BRANCH, DECEMBER, FIXTURE, HEAD_EAST

pytestmark = pytest.mark.integration

# Written by hand from the fixture and 示范银行 第四十九条 (not produced by the code under test).
# December, after an October meeting in the same quarter: monthly borrowers, signals and open decisions only.
EXPECTED_DECEMBER = {
    "M01": {"monthly_credit"},                       # exactly 1000万: 以上含本数 (第五十九条)
    "M04": {"non_performing", "signal"},             # 次级, overdue 91 days: high overdue signal
    "M05": {"signal"},                               # 91 days but 关注: too optimistic + overdue, both 高
    "M06": {"non_performing", "signal"},
    "M07": {"monthly_credit", "non_performing", "signal"},
    "M03": {"signal"},                               # overdue 90 days: 橙色 (指引 第六条（一）), 第四十九条（三）
    "M08": {"signal"},                               # unresolved enforcement, 橙色
    "M11": {"signal"},                               # collateral value down 28.6% (> 20%)
    "M12": {"open_decision"},                        # October decision still open
    "M14": {"monthly_credit"},
}
# not selected in December: M02 (999.999999万, quarterly), M09 (litigation resolved),
# M10 (credit-report event 黄色), M13 (its decision is done), M15 (loan starts 2027-01-01)
QUARTERLY_JANUARY = {"M02", "M03", "M05", "M08", "M09", "M10", "M11", "M12", "M13"}


def _select(day, scope=LOCAL_ADMIN, rules=DEFAULT_MEETING_RULES):
    from assistant.db import session_scope
    from assistant.meeting.selection import select_for_review

    with session_scope() as session:
        result = select_for_review(session, scope, BRANCH, day, rules)
        return {i.borrower.id: {r.code for r in i.reasons} for i in result.items}, result


def test_fixture_has_twelve_borrowers_or_more():
    import json

    assert len(json.loads(FIXTURE.read_text(encoding="utf-8"))) >= 12


def test_december_after_october_meeting_matches_hand_checked_selection(october_meeting):
    selected, result = _select(DECEMBER)
    assert selected == EXPECTED_DECEMBER
    assert result.kind == "月度" and len(result.borrowers) == 14


def test_first_meeting_of_quarter_adds_every_borrower_below_threshold(october_meeting):
    selected, result = _select(date(2027, 1, 11))
    quarterly = {b for b, codes in selected.items() if "quarterly" in codes}
    assert quarterly == QUARTERLY_JANUARY and result.kind == "季度"
    assert selected["M15"] == {"monthly_credit"} and selected["M12"] == {"quarterly", "open_decision"}


def test_without_earlier_meeting_the_december_meeting_is_the_first_of_the_quarter(fixture_db):
    selected, _ = _select(DECEMBER)
    assert "quarterly" in selected["M02"] and "M15" not in selected


def test_month_rule_variant_and_threshold_are_configuration(fixture_db):
    month_rule = MeetingRules(quarterly_at_first_meeting=False)
    selected, _ = _select(DECEMBER, rules=month_rule)
    assert "M02" not in selected and selected["M03"] == {"signal"}
    lower = MeetingRules(quarterly_at_first_meeting=False, monthly_credit_threshold=Decimal("9999999.99"))
    assert _select(DECEMBER, rules=lower)[0]["M02"] == {"monthly_credit"}


def test_reasons_are_chinese_sentences_with_sources(october_meeting):
    _, result = _select(DECEMBER)
    reasons = {i.borrower.id: i.reasons for i in result.items}
    first = reasons["M01"][0]
    assert "1000.00万元" in first.text_zh and "（含）" in first.text_zh
    assert "《贷后例会制度》第一条" in first.source and "《示范银行贷后管理实施细则》第四十九条" in first.source
    assert "逾期91天" in reasons["M04"][1].text_zh
    assert "补充担保" in reasons["M12"][0].text_zh and "第五十五条" in reasons["M12"][0].source


def test_every_rule_source_names_an_article_that_holds_its_keyword(shared_corpus):
    from tests.conftest import REPO_ROOT

    for seed, bank in DEFAULT_MEETING_RULES.sources.values():
        assert seed.keyword in (shared_corpus / seed.source).read_text(encoding="utf-8")
        bank_text = (REPO_ROOT / bank.source).read_text(encoding="utf-8")
        article = bank_text.split(bank.article, 1)[1].split("第", 1)[0] + bank_text.split(bank.article, 1)[1][:400]
        assert bank.keyword in article


def test_officer_sees_only_own_borrowers(fixture_db):
    selected, _ = _select(DECEMBER, Scope("qianyu", "officer", BRANCH, "o_qianyu"))
    assert set(selected) == {"M08", "M09", "M10", "M11", "M12", "M13"}


@pytest.mark.parametrize("branch,day,error,words", [
    ("不存在支行", DECEMBER, NotFound, "未知的机构"),
    (BRANCH, date(2020, 1, 6), NotFound, "没有任何贷款记录"),
])
def test_unknown_branch_and_date_without_data(fixture_db, branch, day, error, words):
    from assistant.db import session_scope
    from assistant.meeting.selection import select_for_review

    with session_scope() as session, pytest.raises(error) as caught:
        select_for_review(session, LOCAL_ADMIN, branch, day)
    assert words in caught.value.message


def test_head_of_another_branch_is_forbidden(fixture_db):
    with pytest.raises(Forbidden, match="无权查看城南支行"):
        _select(DECEMBER, HEAD_EAST)
