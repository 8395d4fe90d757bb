"""LLM-written narrative paragraphs against a real OpenAI-compatible test server: kept only when grounded."""

from __future__ import annotations

import pytest

from assistant.drafting.render_md import render_markdown
from tests.support.openai_server import Reply, openai_server  # noqa: F401  (the fixture)

pytestmark = pytest.mark.integration


@pytest.fixture
def llm_settings(sample_home, openai_server):
    from assistant.config import Settings

    return Settings(home=sample_home, llm_base_url=openai_server.base_url, llm_timeout_s=5)


def _facts(draft, section: str) -> dict[str, str]:
    report = draft("B002")
    statement = next(s for s in report.section(section).statements if s.kind == "narrative")
    return {fact.label: fact.text for fact in statement.facts}


def _faithful(draft) -> list[str]:
    f = _facts(draft, "finance")
    c = _facts(draft, "conclusion")
    finance = (f"报告期{f['报告期']}，年化营业收入{f['年化营业收入']}，较上期变动{f['年化营业收入变动率']}，"
               f"流动比率{f['流动比率']}，资产负债率{f['资产负债率']}，经营性现金流有所变化。")
    conclusion = (f"{c['名称']}本次检查共发现风险信号{c['风险信号数']}项，其中高风险{c['高风险信号数']}项，"
                  f"建议风险分类为{c['建议风险分类']}类，应加强贷后监测。")
    return [finance, conclusion]


def test_faithful_llm_paragraphs_are_kept(draft, llm_settings, openai_server):
    replies = _faithful(draft)
    openai_server.script(replies)
    report = draft("B002", settings=llm_settings, use_llm=True)
    assert report.narrative_source == "llm" and report.narrative_rejected == []
    markdown = render_markdown(report)
    assert replies[0] in markdown and replies[1] in markdown
    assert "大模型依据记录数据撰写" in markdown
    prompt = openai_server.requests[0]["body"]["messages"][-1]["content"]
    assert "鑫源纺织有限公司" in prompt and "年化营业收入" in prompt


@pytest.mark.parametrize("bad, culprit", [
    ("年化营业收入同比增长35.5%，经营向好。", "35.5%"),
    ("实际控制人王大明近期增持股份，经营稳定。", "王大明"),
    ("公司于2026年03月15日新签大额订单。", "2026年03月15日"),
])
def test_invented_fact_rejects_the_llm_draft(draft, llm_settings, openai_server, bad, culprit):
    openai_server.script([bad, _faithful(draft)[1]])
    report = draft("B002", settings=llm_settings, use_llm=True)
    assert report.narrative_source == "template"
    assert any(culprit in reason for reason in report.narrative_rejected)
    markdown = render_markdown(report)
    assert bad not in markdown
    assert markdown == render_markdown(draft("B002")).replace("\n", "\n")  # same as the draft without LLM


def test_unreachable_model_falls_back_to_the_template(draft, llm_settings, openai_server):
    openai_server.script([Reply("服务器错误", status=500)])
    report = draft("B002", settings=llm_settings, use_llm=True)
    assert report.narrative_source == "template"
    assert report.narrative_rejected and "大模型不可用" in report.narrative_rejected[0]
