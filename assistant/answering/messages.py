"""The answering prompt: system and user messages around the numbered evidence (the client is assistant.llm)."""

from __future__ import annotations

from assistant.knowledge.types import SearchHit
from assistant.prompts import render_prompt


def answer_messages(question: str, hits: list[SearchHit]) -> list[tuple[str, str]]:
    """System and user messages with the evidence numbered [1]..[n] in the order of `hits`."""
    evidence = [{"doc_title": h.chunk.doc_title, "article": h.chunk.article or h.chunk.section,
                 "text": h.chunk.text} for h in hits]
    system = render_prompt("answer_system", evidence_count=len(hits))
    user = render_prompt("answer_user", evidence=evidence, question=question)
    return [("system", system), ("human", user)]
