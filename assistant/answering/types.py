"""Value types of an answer: the text, its numbered citations, and whether it was refused."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Citation:
    number: int  # the [n] marker used in the answer text
    chunk_id: str
    doc_title: str
    article: str  # 第X条, or the section heading for documents without articles
    quote: str  # the sentence(s) of the chunk the statement rests on
    sources: tuple[str, ...] = ()  # files holding the text (two when a .pdf repeats a .docx)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", tuple(self.sources))  # as stored in a conversation: a list

    def as_json(self) -> dict:
        return {
            "number": self.number,
            "chunk_id": self.chunk_id,
            "doc_title": self.doc_title,
            "article": self.article,
            "quote": self.quote,
            "sources": list(self.sources),
        }


@dataclass
class Answer:
    answer: str
    citations: list[Citation] = field(default_factory=list)
    refused: bool = False
    conversation_id: str | None = None
    backend: str = "grounded"  # "grounded" or "llm"
    fallback_reason: str = ""  # why the LLM answer was not used ("" when it was, or none was asked)
    resolved_question: str = ""  # the question after follow-up resolution
    evidence_ids: list[str] = field(default_factory=list)  # every chunk retrieved, for audit
    decision: float | None = None  # the evidence decision's probability (answering/decision.py), for evals and audit
    records: list = field(default_factory=list)  # borrower_chat.facts.RecordFact behind a borrower answer
    standard_answer_id: int | None = None  # the curated answer (标准答复, assistant/curation) served as is
    unanswered: list[str] = field(default_factory=list)  # later questions of the message it names as not answered

    def as_json(self) -> dict:
        payload = {
            "answer": self.answer,
            "citations": [c.as_json() for c in self.citations],
            "refused": self.refused,
            "records": [r.as_json() for r in self.records],
        }
        if self.conversation_id is not None:
            payload["conversation_id"] = self.conversation_id
        if self.standard_answer_id is not None:
            payload["standard_answer"] = {"id": self.standard_answer_id, "label": "标准答复"}
        return payload
