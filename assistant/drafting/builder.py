"""Build the InspectionReport of one loaded borrower from its records, signals and classification advice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant import clock
from assistant.drafting.clauses import ClauseLookup
from assistant.drafting.context import DraftContext
from assistant.drafting.facts import Fact
from assistant.drafting.report import InspectionReport, Section, Statement
from assistant.drafting.sections_credit import basic_section, credit_section, funds_section
from assistant.drafting.sections_finance import finance_section
from assistant.drafting.sections_guarantee import credit_report_section, guarantee_section
from assistant.drafting.sections_signals import (
    classification_section,
    conclusion_facts,
    conclusion_section,
    signals_section,
)
from assistant.prompts import render_prompt
from assistant.records.models import Borrower
from assistant.records.rules import DEFAULT_RULES, RiskRules
from assistant.records.signals import classification_advice, evaluate_signals


@dataclass(frozen=True)
class Narrative:
    """A paragraph that may be written by the template or by an LLM, from the same facts."""

    section: str                 # finance | conclusion
    facts: dict[str, Fact]

    def fact_texts(self) -> dict[str, str]:
        return {key: fact.text for key, fact in self.facts.items()}

    def template_text(self) -> str:
        if self.section == "finance":
            return render_prompt("inspection_finance_summary", f=self.fact_texts(),
                                 has_previous="previous_period" in self.facts).strip()
        return render_prompt("inspection_conclusion", f=self.fact_texts()).strip()


def build_inspection_report(borrower: Borrower, *, today: date | None = None, lookup: ClauseLookup | None = None,
                            rules: RiskRules = DEFAULT_RULES) -> tuple[InspectionReport, list[Narrative]]:
    """The report with template narratives filled in, and the narratives an LLM may rewrite."""
    ctx = DraftContext(borrower, today or clock.today(), rules, lookup or ClauseLookup(None))
    ctx.context("检查基准日", "date", ctx.today, "as_of")
    ctx.register_rules()
    signals = evaluate_signals(borrower, rules, ctx.today)
    finance, finance_facts = finance_section(ctx)
    classification, suggested = classification_section(ctx, classification_advice(borrower, rules), signals)
    sections = [basic_section(ctx), credit_section(ctx), funds_section(ctx), finance, guarantee_section(ctx),
                credit_report_section(ctx), signals_section(ctx, signals), classification,
                conclusion_section(ctx, signals, suggested)]
    narratives = [Narrative("conclusion", conclusion_facts(ctx, signals, suggested))]
    if finance_facts:
        narratives.insert(0, Narrative("finance", finance_facts))
    report = InspectionReport(borrower.id, borrower.name, borrower.branch, borrower.officer_name or "",
                              ctx.today, sections, ctx.book)
    fill_narratives(report, narratives, {n.section: n.template_text() for n in narratives}, "template")
    return report, narratives


def fill_narratives(report: InspectionReport, narratives: list[Narrative], texts: dict[str, str],
                    source: str) -> None:
    """Put each narrative text into its section's placeholder statement."""
    report.narrative_source = source
    for narrative in narratives:
        section: Section = report.section(narrative.section)
        index = next(i for i, s in enumerate(section.statements) if s.kind == "narrative")
        section.statements[index] = Statement(texts[narrative.section], tuple(narrative.facts.values()),
                                              kind="narrative")
