"""Scoped repository: the scope is enforced in the query; out-of-scope borrowers look exactly like unknown ones."""

from __future__ import annotations

import pytest

from assistant.errors import NotFound
from assistant.records.repository import (
    BorrowerFilters,
    borrower_detail,
    borrowers_for_review,
    get_borrower,
    list_borrowers,
)
from assistant.security.scope import LOCAL_ADMIN, Scope
from tests.records.conftest import SAMPLE_TODAY

pytestmark = pytest.mark.integration

WANGLEI = Scope("wanglei", "officer", branch="城东支行", officer_code="o_wanglei")
EAST_HEAD = Scope("east_head", "head", branch="城东支行")
RISK = Scope("risk", "risk")
TRAINER = Scope("trainer", "trainer", branch="城东支行")


@pytest.fixture
def session(loaded_sample):
    from assistant.db import session_scope

    with session_scope() as session:
        yield session


def test_list_rows_follow_the_cli_contract(session):
    rows = list_borrowers(session, LOCAL_ADMIN)
    assert len(rows) == 32
    b004 = next(row for row in rows if row["id"] == "B004")
    assert set(b004) == {"id", "name", "branch", "classification", "balance", "overdue_days"}
    assert b004 == {"id": "B004", "name": "金穗农业科技有限公司", "branch": "城东支行", "classification": "关注",
                    "balance": 5000000.0, "overdue_days": 95}
    b015 = next(row for row in rows if row["id"] == "B015")
    assert b015["balance"] == 14000000.0   # two loans summed


def test_officer_sees_only_own_borrowers(session):
    ids = [row["id"] for row in list_borrowers(session, WANGLEI)]
    assert ids == ["B001", "B002", "B005", "B016", "B022", "B031"]
    assert get_borrower(session, WANGLEI, "B001").name == "恒达机械制造有限公司"
    with pytest.raises(NotFound) as other_officer:
        get_borrower(session, WANGLEI, "B003")        # same branch, another officer
    with pytest.raises(NotFound) as unknown:
        get_borrower(session, WANGLEI, "B999")
    assert other_officer.value.message.replace("B003", "") == unknown.value.message.replace("B999", "")
    assert other_officer.value.status == 404


def test_head_sees_branch_risk_sees_all_trainer_nothing(session):
    east = list_borrowers(session, EAST_HEAD)
    assert {row["branch"] for row in east} == {"城东支行"} and len(east) == 11
    with pytest.raises(NotFound):
        get_borrower(session, EAST_HEAD, "B007")      # 城西支行
    assert len(list_borrowers(session, RISK)) == 32
    assert list_borrowers(session, TRAINER) == []
    with pytest.raises(NotFound):
        get_borrower(session, TRAINER, "B001")


def test_filters_narrow_within_scope(session):
    worst_substandard = list_borrowers(session, LOCAL_ADMIN, BorrowerFilters(classification="次级"))
    assert [row["id"] for row in worst_substandard] == ["B019", "B025"]
    assert [r["id"] for r in list_borrowers(session, WANGLEI, BorrowerFilters(branch="城西支行"))] == []
    big = list_borrowers(session, LOCAL_ADMIN, BorrowerFilters(min_credit_limit=10_000_000))
    assert "B022" in {row["id"] for row in big} and "B001" not in {row["id"] for row in big}
    assert [r["id"] for r in list_borrowers(session, LOCAL_ADMIN, BorrowerFilters(query="宏图"))] == ["B006"]


def test_detail_has_everything_with_computed_ratios_and_signals(session):
    detail = borrower_detail(session, LOCAL_ADMIN, "B023", today=SAMPLE_TODAY)
    for key in ("loans", "collateral", "guarantors", "statements", "flows", "inspections", "events", "signals",
                "classification_advice", "next_inspection_due"):
        assert key in detail
    latest = detail["statements"][-1]
    assert latest["period"] == "2026-09" and latest["ratios"]["current_ratio"] == pytest.approx(0.88)
    assert latest["change"]["previous_period"] == "2025-12"
    assert latest["change"]["current_ratio"] < -0.15
    assert {s["code"] for s in detail["signals"]} == {"current_ratio_low", "profit_decline"}
    assert detail["collateral"][0]["loan_to_value"] == pytest.approx(0.5556, abs=1e-4)  # within the 60% cap


def test_personal_data_masked_except_for_officers_and_heads(session):
    admin_view = borrower_detail(session, LOCAL_ADMIN, "B016", today=SAMPLE_TODAY)
    officer_view = borrower_detail(session, WANGLEI, "B016", today=SAMPLE_TODAY)
    assert "*" in admin_view["id_number"] and admin_view["phone"] == "138****0016"
    assert officer_view["id_number"] == get_borrower(session, WANGLEI, "B016").id_number
    company = borrower_detail(session, LOCAL_ADMIN, "B001", today=SAMPLE_TODAY)
    assert "*" not in company["id_number"]


def test_borrowers_for_review_loads_scope_in_one_go(session):
    east = borrowers_for_review(session, EAST_HEAD)
    assert [b.id for b in east][:3] == ["B001", "B002", "B003"]
    assert all(b.branch == "城东支行" for b in east)
    assert len(borrowers_for_review(session, RISK, branch="高新支行")) == 10
