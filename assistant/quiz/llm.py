"""Scenario questions and reworded stems from an OpenAI-compatible model; every item is checked against its clause."""

from __future__ import annotations

import json
import logging
import re

from assistant.knowledge.types import Chunk
from assistant.prompts import render_prompt
from assistant.quiz.checks import check_item
from assistant.quiz.types import Citation, Evidence, GeneratedQuiz, QuizItem

log = logging.getLogger(__name__)
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


def parse_json_reply(reply: str) -> dict | None:
    """The JSON object of a model reply (code fences and text around it tolerated)."""
    text = _FENCE.sub("", reply.strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        return None
    try:
        data = json.loads(text[start:end + 1])
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def _ask(model, prompt: str) -> dict | None:
    from assistant.llm import LLMUnavailable

    try:
        return parse_json_reply(model.complete([("human", prompt)]))
    except LLMUnavailable as exc:
        log.warning("quiz LLM unavailable: %s", exc)
        return None


def scenario_item(model, base: QuizItem, chunk: Chunk) -> QuizItem | None:
    """A scenario single-choice item testing the same fact as `base`, or None when the model's item fails."""
    key = base.evidence[0].key
    data = _ask(model, render_prompt("quiz_scenario", doc_title=chunk.doc_title, article=chunk.article,
                                     clause=chunk.text, key=key, stem=base.stem))
    if not data or not isinstance(data.get("options"), dict):
        return None
    options = {str(k).strip().upper(): str(v).strip() for k, v in data["options"].items()}
    answer, quote = str(data.get("answer", "")).strip().upper(), str(data.get("quote", "")).strip()
    item = QuizItem(id=base.id + "s", type="single", stem=str(data.get("stem", "")).strip(), options=options,
                    answer=answer, explanation=f"《{chunk.doc_title}》{chunk.article}规定：“{quote}”。",
                    citation=Citation(chunk.doc_title, chunk.article, quote), topic=base.topic,
                    difficulty="难", evidence=[Evidence(quote, quote, "", True, options.get(answer, ""))],
                    facts=list(base.facts), chunk_id=base.chunk_id, source="llm")
    return item if not check_item(item, chunk.text) else None


def reworded_item(model, base: QuizItem, chunk: Chunk) -> QuizItem | None:
    """`base` with a reworded stem (options, key and citation unchanged), or None when the stem fails the check."""
    data = _ask(model, render_prompt("quiz_reword", doc_title=chunk.doc_title, article=chunk.article,
                                     clause=chunk.text, stem=base.stem))
    stem = str((data or {}).get("stem", "")).strip()
    item = QuizItem(**{**base.__dict__, "stem": stem, "source": "llm"})
    return item if stem and not check_item(item, chunk.text) else None


def enrich(quiz: GeneratedQuiz, chunks: dict[str, Chunk], model, share: float = 0.25) -> GeneratedQuiz:
    """Turn a share of the single-choice items into scenario (else reworded) items; failures keep the original."""
    singles = [i for i, item in enumerate(quiz.items) if item.type == "single" and item.chunk_id in chunks]
    budget = max(1, round(len(quiz.items) * share)) if singles else 0
    for index in singles[:budget]:
        base = quiz.items[index]
        chunk = chunks[base.chunk_id]
        for make in (scenario_item, reworded_item):
            quiz.generated += 1
            better = make(model, base, chunk)
            if better is not None:
                quiz.items[index] = better
                break
            quiz.discarded += 1
    return quiz
