"""Every clause a risk signal cites exists in the named rule text and says what we rely on; the thresholds of
the risk rules are the ones the sample bank's rule book (corpus/knowledge) states."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.records.rules import DEFAULT_RULES, Clauses, ClauseRef
from tests.conftest import REPO_ROOT

ARTICLE_START = re.compile(r"^第[一二三四五六七八九十百零]+条", re.M)


def article_text(text: str, article: str) -> str:
    """The article's text up to the next article heading (a regulation or rule-book file)."""
    match = re.search(rf"^{article}[\s　]", text, re.M)
    assert match, f"{article} not found"
    following = ARTICLE_START.search(text, match.end())
    return text[match.start():following.start() if following else len(text)]


def source_path(ref: ClauseRef, shared_corpus: Path) -> Path:
    """`corpus/…` is the sample knowledge base in this repository; anything else is under ../shared/corpus."""
    return REPO_ROOT / ref.source if ref.source.startswith("corpus/") else shared_corpus / ref.source


@pytest.mark.unit
@pytest.mark.parametrize("name", sorted(Clauses.all()))
def test_clause_exists_with_keyword(shared_corpus, name):
    ref = Clauses.all()[name]
    path = source_path(ref, shared_corpus)
    text = path.read_text(encoding="utf-8")
    if ref.source.startswith("corpus/"):
        assert f"\ntitle: {ref.doc_title}\n" in text and "superseded: false" in text, f"{path.name} is not current"
        assert ref.keyword in article_text(text, ref.article), f"{ref.label()} lacks 「{ref.keyword}」"
    elif ref.source.startswith("regulations/"):
        assert f"# {ref.doc_title}" in text, f"{path.name} is not 《{ref.doc_title}》"
        assert ref.keyword in article_text(text, ref.article), f"{ref.label()} lacks 「{ref.keyword}」"
    else:
        assert ref.doc_title in text.splitlines()[0], f"{path.name} is not {ref.doc_title}"
        marker = re.sub(r"^第(\d+)点$", r"\1、", ref.article)
        assert any(marker in line and ref.keyword in line for line in text.splitlines()), \
            f"{ref.source} has no line with 「{marker}」 and 「{ref.keyword}」"


@pytest.mark.unit
def test_classification_bands_cite_the_day_counts(shared_corpus):
    text = (shared_corpus / Clauses.CLASS_SUBSTANDARD.source).read_text(encoding="utf-8")
    for ref, days in ((Clauses.CLASS_SUBSTANDARD, "90"), (Clauses.CLASS_DOUBTFUL, "270"),
                      (Clauses.CLASS_LOSS, "360")):
        assert f"逾期超过{days}天" in article_text(text, ref.article)


def _pct(value) -> str:
    return f"{int(value * 100)}%"


def _wan(value) -> str:
    return f"{int(value / 10000)}万元"


@pytest.mark.unit
def test_risk_rule_thresholds_are_the_rule_books():
    """Each RiskRules default, printed as the rule book prints it, occurs in the article that sets it."""
    r = DEFAULT_RULES
    bank = (REPO_ROOT / Clauses.BANK_FINANCIAL.source).read_text(encoding="utf-8")
    guide = (REPO_ROOT / Clauses.GUIDE_LEVELS.source).read_text(encoding="utf-8")
    months = {1: "每月", 3: "每季度", 6: "每半年"}
    expected = {
        "第十三条": [months[r.inspection_interval_months[c]] for c in ("正常", "次级", "可疑")],
        "第十四条": [months[r.consumer_visit_months["次级"]] + "至少上门一次"],
        "第十七条": [f"超过规定期限{r.inspection_escalate_days}日"],
        "第二十三条": [f"超过{_wan(r.entrusted_payment_threshold)}"],
        "第二十四条": [f"超过{_wan(r.entrusted_payment_threshold)}"],
        "第二十五条": [f"不超过{_wan(r.personal_consumer_self_pay_limit)}", f"不超过{_wan(r.personal_business_self_pay_limit)}"],
        "第二十七条": [f"{r.contact_within_hours}小时内"],
        "第二十九条": ["单月低于约定水平", "连续两个月低于约定水平"],
        "第三十一条": [f"下降超过{_pct(r.revenue_decline_orange)}的，为橙色", f"下降超过{_pct(r.revenue_decline_yellow)}",
                     f"同比下降超过{_pct(r.profit_decline_ratio)}的，为黄色", f"流动比率低于{int(r.min_current_ratio)}",
                     f"应收账款周转率同比下降超过{_pct(r.turnover_decline_ratio)}", "两项及以上"],
        "第三十三条": [f"下降超过{_pct(r.collateral_drop_ratio)}"],
        "第三十四条": ["登记期限早于贷款到期日"],
        "第三十八条": [f"{r.contact_within_hours}小时内",
                     f"逾期超过{r.overdue_interview_days}天", f"逾期超过{r.overdue_legal_days}天",
                     f"逾期超过{r.substandard_overdue_days}天"],
        "第四十一条": [f"{r.attention_overdue_days}天以内", f"逾期超过{r.substandard_overdue_days}天",
                     f"逾期超过{r.doubtful_overdue_days}天", f"逾期超过{r.loss_overdue_days}天"],
    }
    missing = [(article, phrase) for article, phrases in expected.items() for phrase in phrases
               if phrase not in article_text(bank, article)]
    caps = article_text(bank, "第三十三条")  # 住宅70%；商业用房、办公用房60%；… (住房 is the records' synonym of 住宅)
    missing += [name for name, cap in r.ltv_caps.items()
                if name != "住房" and not re.search(rf"{name}[^；。]*?{_pct(cap)}", caps)]
    assert not missing, missing
    guide_expected = {"第五条": [f"逾期超过{r.substandard_overdue_days}天"],
                      "第六条": [f"逾期{r.overdue_orange_days + 1}天至{r.substandard_overdue_days}天",
                                f"超过{_wan(r.litigation_orange_amount)}", f"净资产的{_pct(r.litigation_orange_net_assets)}"],
                      "第七条": [f"逾期1天至{r.overdue_orange_days}天", f"下降超过{_pct(r.turnover_decline_ratio)}"]}
    missing = [(article, phrase) for article, phrases in guide_expected.items() for phrase in phrases
               if phrase not in article_text(guide, article)]
    assert not missing, missing
