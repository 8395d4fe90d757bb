"""Risk signals and classification advice: every roster scenario fires its signal, healthy borrowers fire none."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from assistant.records import models as m
from assistant.records.readers import read_file
from assistant.records.rules import LEVEL_SEVERITY, Clauses, RiskRules
from assistant.records.schema import CHILD_TABLES
from assistant.records.signals import classification_advice, evaluate_signals, next_inspection_due
from assistant.records.validation import validate
from tests.records.conftest import SAMPLE_JSON, SAMPLE_TODAY

pytestmark = pytest.mark.unit

EXPECTED = {
    "B001": set(), "B015": set(), "B016": set(), "B018": set(), "B021": set(), "B022": set(), "B029": set(),
    "B030": set(), "B032": set(),
    "B002": {"revenue_decline"},
    "B003": {"overdue"},
    "B004": {"overdue", "classification_too_optimistic"},
    "B005": {"overdue"},
    "B006": {"overdue", "event_litigation"},
    "B007": {"collateral_coverage_low", "collateral_value_drop"},
    "B008": {"purpose_deviation"},
    "B009": {"sales_receipts_below_agreed"},
    "B010": {"event_litigation"},
    "B011": {"inspection_overdue"},
    "B012": {"extended"},
    "B013": {"restructured"},
    "B014": {"self_payment_over_threshold"},
    "B017": {"overdue"},
    "B019": {"overdue"},
    "B020": {"event_credit_report"},
    "B023": {"profit_decline", "current_ratio_low"},
    "B024": {"receivables_turnover_falling"},
    "B025": {"overdue"},
    "B026": {"overdue"},
    "B027": {"registration_term_short"},
    "B028": {"event_controller_change"},
    "B031": {"event_enforcement"},
}


def sample_borrowers() -> dict[str, m.Borrower]:
    """The sample file as transient ORM objects (no database): signals are pure functions of them."""
    validated = validate(read_file(SAMPLE_JSON), SAMPLE_TODAY)
    assert not validated.errors
    children: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for table in CHILD_TABLES:
        for row in validated.rows[table.key]:
            children[row["borrower_id"]][table.key].append(table.model(**row))
    borrowers = {}
    for row in validated.rows["borrowers"]:
        kids = children[row["id"]]
        borrowers[row["id"]] = m.Borrower(**row, loans=kids["loans"], collateral=kids["collateral"],
                                          guarantors=kids["guarantors"], statements=kids["statements"],
                                          flows=kids["flows"], inspections=kids["inspections"],
                                          events=kids["events"], case_notes=kids["case_notes"])
    return borrowers


SAMPLE = sample_borrowers()


def test_roster_is_complete():
    assert sorted(SAMPLE) == [f"B{n:03d}" for n in range(1, 33)] == sorted(EXPECTED)


@pytest.mark.parametrize("borrower_id", sorted(EXPECTED))
def test_each_scenario_fires_exactly_its_signals(borrower_id):
    signals = evaluate_signals(SAMPLE[borrower_id], today=SAMPLE_TODAY)
    assert {s.code for s in signals} == EXPECTED[borrower_id]
    for signal in signals:
        assert signal.severity in ("高", "中", "低") and signal.values and signal.advice_zh
        assert LEVEL_SEVERITY[signal.level] == signal.severity
        assert signal.clause_ref in Clauses.all().values()
        assert all(ref in Clauses.all().values() for ref in signal.extra_refs)
        shown = re.sub(r"[A-Z]\d+", "", signal.title_zh)  # record ids aside, amounts in 万元 and 2-decimal ratios
        assert not re.search(r"\d{5,}|\d\.\d{3,}", shown), signal.title_zh
        assert all(v.record and v.field and v.label_zh for v in signal.values)


def test_signal_values_name_the_records_that_triggered_them():
    (signal,) = evaluate_signals(SAMPLE["B014"], today=SAMPLE_TODAY)
    assert signal.clause_ref == Clauses.BANK_FIXED_ENTRUSTED and signal.clause_ref.article == "第二十四条"
    assert Clauses.FIXED_ENTRUSTED in signal.extra_refs and Clauses.BANK_SELF_PAY_BREACH in signal.extra_refs
    assert signal.title_zh == "贷款L01401单笔1200.00万元以自主支付方式支付，超过受托支付标准1000.00万元"
    values = {v.field: v for v in signal.values}
    assert values["amount"].value == Decimal("12000000.00") and values["amount"].record == "flow"
    assert values["payment_mode"].value == "自主支付"
    payload = signal.as_dict()
    assert payload["clause_ref"] == {"doc_title": "示范银行贷后管理实施细则", "article": "第二十四条"}
    assert {"doc_title": "固定资产贷款管理办法", "article": "第三十条"} in payload["extra_refs"]
    assert (payload["severity"], payload["level"]) == ("中", "橙")


# Written from 《示范银行风险预警信号处置指引》第五～七条 and 《…实施细则》第十七、二十七～三十四条 (not from the code).
EXPECTED_LEVELS = {
    ("B003", "overdue"): "橙", ("B026", "overdue"): "橙", ("B025", "overdue"): "红", ("B004", "overdue"): "红",
    ("B008", "purpose_deviation"): "红", ("B014", "self_payment_over_threshold"): "橙",
    ("B002", "revenue_decline"): "黄", ("B023", "current_ratio_low"): "橙", ("B023", "profit_decline"): "黄",
    ("B024", "receivables_turnover_falling"): "黄", ("B009", "sales_receipts_below_agreed"): "橙",
    ("B007", "collateral_coverage_low"): "橙", ("B007", "collateral_value_drop"): "橙",
    ("B027", "registration_term_short"): "橙", ("B031", "event_enforcement"): "橙",
    ("B010", "event_litigation"): "橙", ("B020", "event_credit_report"): "橙", ("B028", "event_controller_change"): "橙",
    ("B011", "inspection_overdue"): "橙", ("B012", "extended"): "橙", ("B013", "restructured"): "橙",
}


@pytest.mark.parametrize("borrower_id, code", sorted(EXPECTED_LEVELS))
def test_levels_follow_the_warning_signal_guide(borrower_id, code):
    signals = {s.code: s for s in evaluate_signals(SAMPLE[borrower_id], today=SAMPLE_TODAY)}
    assert signals[code].level == EXPECTED_LEVELS[(borrower_id, code)]


def _one_loan(days: int = 0, classification: str | None = "正常", events=(), kind: str = "法人") -> m.Borrower:
    loan = m.Loan(loan_id="L1", product="流动资金贷款", amount=Decimal(100), balance=Decimal(100),
                  start_date=date(2026, 1, 1), maturity_date=date(2027, 1, 1), payment_mode="受托支付",
                  overdue_days=days, overdue_principal=Decimal(100 if days else 0), overdue_interest=Decimal(0),
                  classification=classification, extended=False, restructured=False, agreed_counterparties="")
    return m.Borrower(id="X", name="x", kind=kind, branch="b", officer_code="o", loans=[loan],
                      events=[m.ExternalEvent(date=date(2026, 11, 1), kind=k, description=t, resolved=False)
                              for k, t in events])


@pytest.mark.parametrize("kind, text, level", [
    ("enforcement", "被列为失信被执行人。", "红"),
    ("enforcement", "主要结算账户被冻结。", "红"),
    ("enforcement", "被列为被执行人，账户未被冻结，未被列为失信被执行人。", "橙"),
    ("credit_report", "新增一笔查询记录。", "黄"),
    ("credit_report", "新增他行欠息1笔。", "橙"),
    ("litigation", "作为被告涉及买卖合同纠纷，涉案金额约20万元。", "黄"),
    ("litigation", "保证人被起诉，涉案金额约600万元。", "橙"),
    ("controller_change", "控股股东变更。", "橙"),
])
def test_event_levels(kind, text, level):
    (signal,) = [s for s in evaluate_signals(_one_loan(events=[(kind, text)]), today=SAMPLE_TODAY)
                 if s.code.startswith("event_")]
    assert signal.level == level and signal.clause_ref.doc_title == "示范银行风险预警信号处置指引"


@pytest.mark.parametrize("days, level", [(5, "黄"), (30, "黄"), (31, "橙"), (90, "橙"), (91, "红")])
def test_overdue_levels(days, level):
    signal = next(s for s in evaluate_signals(_one_loan(days, "损失"), today=SAMPLE_TODAY) if s.code == "overdue")
    assert signal.level == level and signal.clause_ref == Clauses.BANK_OVERDUE


def test_loan_without_classification_is_a_records_signal():
    codes = [s.code for s in evaluate_signals(_one_loan(95, None), today=SAMPLE_TODAY)]
    assert "classification_missing" in codes and "classification_too_optimistic" not in codes


def test_scenario_inspections_record_what_the_officer_found():
    routine = {i.findings for bid in ("B001", "B015", "B016", "B022", "B032") for i in SAMPLE[bid].inspections}
    for borrower_id in ("B002", "B004", "B005", "B006", "B007", "B009", "B019", "B020", "B023", "B025", "B031"):
        on_site = sorted((i for i in SAMPLE[borrower_id].inspections if i.kind == "现场"), key=lambda i: i.date)
        assert on_site[-1].findings not in routine, borrower_id


@pytest.mark.parametrize("borrower_id, current, suggested, article", [
    ("B004", "关注", "次级", "第十一条"),   # 95 days but 关注: too optimistic
    ("B026", "关注", "关注", "第十条"),     # exactly 90 days: not beyond 90
    ("B025", "次级", "次级", "第十一条"),   # 91 days
    ("B005", "可疑", "可疑", "第十二条"),
    ("B006", "损失", "损失", "第十三条"),
    ("B001", "正常", "正常", "第十条"),
])
def test_classification_advice(borrower_id, current, suggested, article):
    advice = classification_advice(SAMPLE[borrower_id])
    assert (advice.current, advice.suggested, advice.clause_ref.article) == (current, suggested, article)
    assert advice.too_optimistic == (current != suggested)
    assert advice.clause_ref.doc_title == "商业银行金融资产风险分类办法"


def test_overdue_band_boundaries():
    def loan_with(days: int, classification: str) -> m.Borrower:
        loan = m.Loan(loan_id="L1", product="流动资金贷款", amount=Decimal(100), balance=Decimal(100),
                      start_date=date(2025, 1, 1), maturity_date=date(2026, 1, 1), payment_mode="受托支付",
                      overdue_days=days, overdue_principal=Decimal(100), overdue_interest=Decimal(0),
                      classification=classification, extended=False, restructured=False, agreed_counterparties="")
        return m.Borrower(id="X", name="x", kind="法人", branch="b", officer_code="o", loans=[loan])

    assert classification_advice(loan_with(270, "次级")).suggested == "次级"
    assert classification_advice(loan_with(271, "次级")).suggested == "可疑"
    assert classification_advice(loan_with(360, "可疑")).suggested == "可疑"
    assert classification_advice(loan_with(361, "可疑")).suggested == "损失"
    assert classification_advice(loan_with(7, "正常")).suggested == "正常"
    assert classification_advice(loan_with(8, "正常")).suggested == "关注"


def test_inspection_due_by_category_and_litigation():
    assert next_inspection_due(SAMPLE["B011"], RiskRules()) == date(2026, 9, 10)       # 正常: quarterly
    assert next_inspection_due(SAMPLE["B025"], RiskRules()) == date(2026, 12, 20)     # 次级: monthly
    assert next_inspection_due(SAMPLE["B006"], RiskRules()) == date(2027, 5, 5)       # 损失: half-yearly
    assert next_inspection_due(SAMPLE["B018"], RiskRules()) is None                   # 个人消费 正常: no visits
    assert next_inspection_due(SAMPLE["B019"], RiskRules()) == date(2027, 2, 21)      # 个人消费 次级: quarterly
    assert next_inspection_due(_one_loan(classification="次级"), RiskRules()) == date(2026, 2, 1)
    stricter = RiskRules(inspection_interval_months={"正常": 1, "关注": 1, "次级": 1, "可疑": 1, "损失": 1})
    assert "inspection_overdue" in {s.code for s in evaluate_signals(SAMPLE["B001"], stricter, SAMPLE_TODAY)}


def test_thresholds_are_configuration():
    lenient = RiskRules(collateral_drop_ratio=Decimal("0.5"), ltv_caps={}, default_ltv_cap=Decimal("1.2"))
    assert evaluate_signals(SAMPLE["B007"], lenient, SAMPLE_TODAY) == []
    assert evaluate_signals(SAMPLE["B010"], today=date(2027, 12, 1), rules=RiskRules(
        inspection_interval_months={})) == []                                           # event older than a year
