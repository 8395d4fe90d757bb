"""Risk signals and classification advice: every roster scenario fires its signal, healthy borrowers fire none."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from assistant.records import models as m
from assistant.records.readers import read_file
from assistant.records.rules import Clauses, RiskRules
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
    "B023": {"profit_decline", "current_ratio_low", "current_ratio_falling"},
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
        assert signal.clause_ref in Clauses.all().values()
        assert all(v.record and v.field and v.label_zh for v in signal.values)


def test_signal_values_name_the_records_that_triggered_them():
    (signal,) = evaluate_signals(SAMPLE["B014"], today=SAMPLE_TODAY)
    assert signal.clause_ref == Clauses.FIXED_ENTRUSTED and signal.clause_ref.article == "第三十条"
    values = {v.field: v for v in signal.values}
    assert values["amount"].value == Decimal("12000000.00") and values["amount"].record == "flow"
    assert values["payment_mode"].value == "自主支付"
    payload = signal.as_dict()
    assert payload["clause_ref"] == {"doc_title": "固定资产贷款管理办法", "article": "第三十条"}


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
    assert next_inspection_due(SAMPLE["B025"], RiskRules()) == date(2026, 12, 21)     # 次级: monthly
    assert next_inspection_due(SAMPLE["B006"], RiskRules()) == date(2027, 3, 10)      # 损失: half-yearly
    assert next_inspection_due(SAMPLE["B018"], RiskRules()) is None                   # 个人消费: own rules
    stricter = RiskRules(inspection_interval_days={"正常": 30, "关注": 30, "次级": 30, "可疑": 30, "损失": 30})
    assert "inspection_overdue" in {s.code for s in evaluate_signals(SAMPLE["B001"], stricter, SAMPLE_TODAY)}


def test_thresholds_are_configuration():
    lenient = RiskRules(collateral_drop_ratio=Decimal("0.5"), min_collateral_coverage=Decimal("0.5"))
    assert evaluate_signals(SAMPLE["B007"], lenient, SAMPLE_TODAY) == []
    assert evaluate_signals(SAMPLE["B010"], today=date(2027, 12, 1), rules=RiskRules(
        inspection_interval_days={})) == []                                           # event older than a year
