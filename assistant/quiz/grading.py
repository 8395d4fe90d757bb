"""Grades one trainee's answers item by item, with the explanation and citation of each item."""

from __future__ import annotations

import re

from assistant.knowledge.chunking import cn_to_int
from assistant.quiz.types import QuizItem

TRUE_WORDS = {"对", "正确", "是", "√", "t", "true", "y", "yes"}
FALSE_WORDS = {"错", "错误", "否", "×", "x", "f", "false", "n", "no"}
_PUNCT = re.compile(r"[\s\u3000，,。.、；;：:（）()“”\"'《》]+")
_NUMBER = re.compile(r"^(?:百分之)?([0-9]+|[零〇一二两三四五六七八九十百千]+)")


def normalise_choice(answer: str) -> str:
    return "".join(sorted(set(re.sub(r"[^A-Za-z]", "", answer or "").upper())))


def normalise_true_false(answer: str) -> str:
    word = (answer or "").strip().lower()
    return "对" if word in TRUE_WORDS else "错" if word in FALSE_WORDS else ""


def _number(text: str) -> int | None:
    match = _NUMBER.match(text)
    if not match:
        return None
    try:
        return cn_to_int(match.group(1))
    except ValueError:
        return None


def fill_matches(given: str, key: str) -> bool:
    """Same text ignoring punctuation, or the same number (90 = 九十, unit optional)."""
    given, key = _PUNCT.sub("", given or ""), _PUNCT.sub("", key)
    if not given:
        return False
    if given == key or (len(given) * 2 >= len(key) and given in key and not _number(key)):
        return True  # "受托支付" for "贷款人受托支付"
    number, key_number = _number(given), _number(key)
    if number is None or number != key_number:
        return False
    rest = _NUMBER.sub("", given)
    return not rest or rest in key


def is_correct(item: QuizItem, given: str) -> bool:
    if item.type in ("single", "multiple"):
        return normalise_choice(given) == normalise_choice(item.answer)
    if item.type == "true_false":
        return normalise_true_false(given) == item.answer
    return fill_matches(given, item.answer)


def grade(items: list[QuizItem], answers: dict[str, str]) -> list[dict]:
    """Per item: given, correct, key, explanation and citation (unanswered items count as wrong)."""
    return [{"item_id": item.id, "type": item.type, "topic": item.topic, "stem": item.stem,
             "given": answers.get(item.id, ""), "correct": is_correct(item, answers.get(item.id, "")),
             "answer": item.answer, "explanation": item.explanation,
             "citation": item.as_json()["citation"]} for item in items]
