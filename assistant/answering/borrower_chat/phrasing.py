"""An LLM may phrase a borrower answer; its reply is used only if it adds no number, date, id or name.

The grounded draft (records + rules) is the whole truth the model may use: every figure, date and record id
of the reply must be in the draft or in a cited clause, every company name must be in the draft, every [n]
must be a citation of the draft, and a draft that cites keeps citing.
"""

from __future__ import annotations

import re

from assistant.prompts import render_prompt

_DATE = re.compile(r"(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})日?")
_ID = re.compile(r"[A-Za-z]{1,4}\d{3,}")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_MARKER = re.compile(r"\[(\d+)\]")
_COMPANY = re.compile(r"[\u4e00-\u9fff]{2,20}?(?:有限责任公司|有限公司)")
_SUFFIX = re.compile(r"(?:有限责任公司|有限公司)$")


def phrase_messages(question: str, draft: str) -> list[tuple[str, str]]:
    return [("system", render_prompt("borrower_phrase_system")),
            ("human", render_prompt("borrower_phrase_user", question=question, draft=draft))]


def _dates(text: str) -> set[str]:
    return {f"{y}-{int(m):02d}-{int(d):02d}" for y, m, d in _DATE.findall(text)}


def _numbers(text: str) -> set[str]:
    text = _MARKER.sub(" ", _ID.sub(" ", _DATE.sub(" ", text))).replace(",", "")
    return {str(float(n)) for n in _NUMBER.findall(text)}


def phrasing_problem(reply: str, draft: str, quotes: list[str], cited: set[int]) -> str:
    """"" when the reply may replace the draft, else why not (for the answer's fallback_reason)."""
    if not reply.strip():
        return "empty"
    allowed = draft + "\n" + "\n".join(quotes)
    if _dates(reply) - _dates(allowed):
        return "date_not_in_records"
    if {i.upper() for i in _ID.findall(reply)} - {i.upper() for i in _ID.findall(draft)}:
        return "id_not_in_records"
    if _numbers(reply) - _numbers(allowed):
        return "number_not_in_records"
    if any(not _named_in(match, draft) for match in _COMPANY.findall(reply)):
        return "name_not_in_records"
    markers = {int(n) for n in _MARKER.findall(reply)}
    if markers - cited:
        return "unknown_citation"
    if cited and not markers:
        return "citations_dropped"
    return ""


def _named_in(match: str, draft: str) -> bool:
    """The company name ending `match` (which may start with words before the name) is in the draft."""
    suffix = _SUFFIX.search(match)
    stem = len(match) - (len(suffix.group()) if suffix else 0)
    return any(match[k:] in draft for k in range(0, max(stem - 1, 0)))
