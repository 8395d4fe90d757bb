"""Narrative paragraphs written by an LLM from the report's facts, kept only when every mention is grounded."""

from __future__ import annotations

from assistant.drafting.builder import Narrative, fill_narratives
from assistant.drafting.grounding import report_checker
from assistant.drafting.report import InspectionReport
from assistant.prompts import render_prompt

MAX_CHARS = 800
PURPOSES = {
    "finance": ("生产经营及财务分析（小结）", "概括最近一期与上期相比的收入、利润、资产负债率、流动比率、应收账款周转率和经营性现金流变化。"),
    "conclusion": ("结论", "概括本次检查发现的风险信号数量与性质，并给出建议风险分类。"),
}


def narrative_messages(report: InspectionReport, narrative: Narrative) -> list[tuple[str, str]]:
    title, purpose = PURPOSES[narrative.section]
    facts = [{"label": fact.label, "text": fact.text} for fact in narrative.facts.values()]
    user = render_prompt("inspection_narrative", borrower_name=report.borrower_name, section_title=title,
                         purpose=purpose, facts=facts)
    return [("system", render_prompt("inspection_narrative_system")), ("human", user)]


def apply_llm_narratives(report: InspectionReport, narratives: list[Narrative], chat_model) -> bool:
    """Ask the model for every narrative; keep them only if all are grounded, else keep the template texts.

    Returns True when the LLM texts were kept. Rejection reasons land in report.narrative_rejected.
    """
    from assistant.llm import LLMUnavailable

    checker = report_checker(report)
    texts: dict[str, str] = {}
    for narrative in narratives:
        try:
            text = chat_model.complete(narrative_messages(report, narrative)).strip()
        except LLMUnavailable as exc:
            report.narrative_rejected.append(f"大模型不可用，已改用模板文字：{exc}")
            return False
        problems = _problems(checker, text)
        if problems:
            report.narrative_rejected.extend(f"{PURPOSES[narrative.section][0]}：{p}" for p in problems)
            return False
        texts[narrative.section] = text
    fill_narratives(report, narratives, texts, "llm")
    return True


def _problems(checker, text: str) -> list[str]:
    if not text:
        return ["大模型返回空内容"]
    if len(text) > MAX_CHARS:
        return [f"段落过长（{len(text)}字）"]
    return checker.check(text).problems_zh()
