"""Render an InspectionReport to Markdown through prompts/inspection_report.md.j2."""

from __future__ import annotations

from typing import Any

from assistant.drafting.report import InspectionReport
from assistant.prompts import render_prompt

TEMPLATE = "inspection_report.md.j2"


def _cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def report_view(report: InspectionReport) -> dict[str, Any]:
    """The plain data the Markdown and Word templates read (texts only; provenance stays in the report)."""
    return {
        "title": report.title, "borrower_id": report.borrower_id, "branch": report.branch,
        "officer": report.officer, "as_of": report.as_of_text, "narrative_source": report.narrative_source,
        "sections": [{
            "heading": section.heading, "title": section.title,
            "statements": [{"text": s.text, "kind": s.kind, "cites": [c.label for c in s.clauses]}
                           for s in section.statements if s.text],
            "tables": [{"title": t.title, "columns": list(t.columns),
                        "rows": [[_cell(cell) for cell in row] for row in t.text_rows()]} for t in section.tables],
        } for section in report.sections],
        "clauses": [{"label": c.label, "quote": c.quote} for c in report.clauses()],
        "missing": sorted({f"{fact.text}" for fact in report.book.missing()}),
    }


def render_markdown(report: InspectionReport) -> str:
    return render_prompt(TEMPLATE, report=report_view(report)).strip() + "\n"
