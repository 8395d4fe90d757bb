"""InspectionReport: nine sections of statements and tables, each carrying its facts and clauses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from assistant.drafting.facts import Fact, FactBook, fmt_date

SECTIONS: tuple[tuple[str, str], ...] = (
    ("basic", "基本情况"),
    ("credit", "授信及用信情况"),
    ("funds", "资金用途及流向检查"),
    ("finance", "生产经营及财务分析"),
    ("guarantee", "担保情况"),
    ("credit_report", "征信及涉诉"),
    ("signals", "风险信号及处理"),
    ("classification", "风险分类建议"),
    ("conclusion", "结论与措施"),
)
CHINESE_ORDINALS = "一二三四五六七八九十"
StatementKind = Literal["fact", "rule", "narrative", "measure"]


@dataclass(frozen=True)
class ClauseCitation:
    """A rule clause cited by stable reference; `quote` only when the knowledge base holds the text."""

    doc_title: str
    article: str
    quote: str | None = None
    chunk_id: str | None = None
    version: str = ""

    @property
    def label(self) -> str:
        return f"《{self.doc_title}》{self.article}"

    def as_dict(self) -> dict[str, Any]:
        return {"doc_title": self.doc_title, "article": self.article, "label": self.label,
                "quote": self.quote, "chunk_id": self.chunk_id, "version": self.version}


@dataclass(frozen=True)
class Statement:
    """One sentence or paragraph of the draft with the facts it prints and the clauses it relies on."""

    text: str
    facts: tuple[Fact, ...] = ()
    clauses: tuple[ClauseCitation, ...] = ()
    kind: StatementKind = "fact"

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind, "facts": [f.as_dict() for f in self.facts],
                "clauses": [c.as_dict() for c in self.clauses]}


def say(template: str, *, statement_kind: StatementKind = "fact", cites: tuple[ClauseCitation, ...] = (),
        **facts: Fact) -> Statement:
    """A statement whose {placeholders} are filled with the facts' display texts."""
    text = template.format(**{name: fact.text for name, fact in facts.items()})
    return Statement(text, tuple(facts.values()), cites, statement_kind)


Cell = Fact | str


@dataclass(frozen=True)
class Table:
    """A table of the draft (loans, collateral, statements…); fact cells keep their provenance."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def text_rows(self) -> list[list[str]]:
        return [[cell.text if isinstance(cell, Fact) else cell for cell in row] for row in self.rows]

    def facts(self) -> list[Fact]:
        return [cell for row in self.rows for cell in row if isinstance(cell, Fact)]

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "columns": list(self.columns),
                "rows": [[cell.as_dict() if isinstance(cell, Fact) else {"text": cell} for cell in row]
                         for row in self.rows]}


@dataclass
class Section:
    key: str
    title: str
    statements: list[Statement] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def heading(self) -> str:
        index = [key for key, _ in SECTIONS].index(self.key)
        return f"{CHINESE_ORDINALS[index]}、{self.title}"

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "heading": self.heading,
                "statements": [s.as_dict() for s in self.statements],
                "tables": [t.as_dict() for t in self.tables]}


@dataclass
class InspectionReport:
    """A draft 贷后检查报告 for one borrower; every figure is a Fact with its source."""

    borrower_id: str
    borrower_name: str
    branch: str
    officer: str
    as_of: date
    sections: list[Section]
    book: FactBook
    narrative_source: str = "template"          # template | llm
    narrative_rejected: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.borrower_name}贷后检查报告"

    @property
    def as_of_text(self) -> str:
        return fmt_date(self.as_of)

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)

    def clauses(self) -> list[ClauseCitation]:
        seen: dict[str, ClauseCitation] = {}
        for section in self.sections:
            for statement in section.statements:
                for clause in statement.clauses:
                    seen.setdefault(clause.label, clause)
        return list(seen.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "borrower_id": self.borrower_id, "borrower_name": self.borrower_name, "title": self.title,
            "branch": self.branch, "officer": self.officer, "as_of": self.as_of.isoformat(),
            "sections": [section.as_dict() for section in self.sections],
            "record_ids": self.book.record_ids(),
            "clauses": [clause.as_dict() for clause in self.clauses()],
            "missing": sorted({fact.label for fact in self.book.missing()}),
            "narrative": {"source": self.narrative_source, "rejected": self.narrative_rejected},
        }
