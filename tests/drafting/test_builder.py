"""The inspection report built from the sample borrowers: sections, provenance, clauses, missing data."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import update

from assistant.drafting.grounding import report_checker
from assistant.drafting.render_md import render_markdown
from assistant.drafting.report import SECTIONS
from assistant.errors import NotFound

pytestmark = pytest.mark.integration


def _texts(report) -> str:
    return render_markdown(report)


def test_all_nine_sections_in_order_with_provenance(draft):
    report = draft("B001")
    assert [s.title for s in report.sections] == [title for _, title in SECTIONS]
    facts = [f for s in report.sections for st in s.statements for f in st.facts] + \
            [f for s in report.sections for t in s.tables for f in t.facts()]
    assert facts and all(f.sources for f in facts)
    limit = next(f for f in facts if f.label == "授信额度")
    assert limit.text == "800.00万元"
    assert [s.as_dict() for s in limit.sources] == [{"table": "borrowers", "record_id": "B001",
                                                      "field": "credit_limit"}]
    assert "待补充" not in _texts(report)


def test_too_optimistic_classification_is_corrected_with_quoted_clause(draft):
    report = draft("B004")
    section = report.section("classification")
    statement = section.statements[0]
    assert "按逾期规则建议：次级" in statement.text
    clause = statement.clauses[0]
    assert clause.label == "《商业银行金融资产风险分类办法》第十一条"
    assert clause.quote and "逾期超过90天" in clause.quote and clause.chunk_id
    codes = [st.text for st in report.section("signals").statements]
    assert any("应至少为次级类" in text for text in codes)


@pytest.mark.parametrize("borrower_id, expected", [("B001", "正常"), ("B003", "关注"), ("B005", "可疑"),
                                                   ("B006", "损失"), ("B025", "次级"), ("B026", "关注")])
def test_suggested_class_follows_overdue_bands(draft, borrower_id, expected):
    report = draft(borrower_id)
    suggested = next(f for st in report.section("classification").statements for f in st.facts
                     if f.label == "建议风险分类")
    assert suggested.value == expected


def test_every_figure_of_every_sample_draft_is_grounded_and_fast(draft, sample_home):
    from assistant.db import session_scope
    from assistant.records.repository import list_borrowers
    from assistant.security.scope import LOCAL_ADMIN

    with session_scope() as session:
        ids = [row["id"] for row in list_borrowers(session, LOCAL_ADMIN)]
    assert len(ids) >= 30
    for borrower_id in ids:
        started = time.perf_counter()
        report = draft(borrower_id)
        markdown = _texts(report)
        assert time.perf_counter() - started < 1.0, borrower_id
        result = report_checker(report).check(markdown)
        assert result.ok, (borrower_id, result.problems_zh())
        assert len(result.traced) >= 10


def test_clause_not_in_knowledge_base_is_cited_without_quote(records_home):
    from assistant.drafting.service import draft_inspection

    report = draft_inspection("B004", use_llm=False)
    clause = report.section("classification").statements[0].clauses[0]
    assert clause.label == "《商业银行金融资产风险分类办法》第十一条" and clause.quote is None
    assert "知识库未收录该条原文" in render_markdown(report)


def _change(model, where, **values):
    from assistant.db import session_scope

    with session_scope() as session:
        session.execute(update(model).where(where).values(**values))


def test_loan_without_classification_shows_missing_and_a_signal(records_home):
    from assistant.drafting.service import draft_inspection
    from assistant.records.models import Loan

    _change(Loan, Loan.borrower_id == "B002", classification="")
    report = draft_inspection("B002", use_llm=False)
    markdown = render_markdown(report)
    assert "待补充（风险分类）" in markdown
    assert "缺少风险分类" in markdown
    assert "风险分类" in report.as_dict()["missing"]


def test_missing_statement_figure_prints_to_be_completed(records_home):
    from assistant.drafting.service import draft_inspection
    from assistant.records.models import FinancialStatement as S

    _change(S, (S.borrower_id == "B001") & (S.period == "2026-09"), revenue=None)
    markdown = render_markdown(draft_inspection("B001", use_llm=False))
    assert "待补充（营业收入）" in markdown and "待补充（年化营业收入）" in markdown


def test_unknown_and_out_of_scope_borrowers_get_the_same_not_found(draft):
    from assistant.security.scope import Scope

    with pytest.raises(NotFound) as unknown:
        draft("B999")
    officer = Scope("wanglei", "officer", branch="城东支行", officer_code="o_wanglei")
    with pytest.raises(NotFound) as other_branch:
        draft("B007", scope=officer)
    assert unknown.value.status == other_branch.value.status == 404
    assert other_branch.value.message == unknown.value.message.replace("B999", "B007")
    assert draft("B001", scope=officer).borrower_id == "B001"
