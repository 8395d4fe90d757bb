"""Citation checks of a generated answer: markers point at given evidence, numbers come from it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.knowledge import sentences
from assistant.answering.types import Citation
from assistant.knowledge.types import SearchHit
from assistant.numerals import DIGITS, parse_cn

_MARKER = re.compile(r"\[(\d{1,3})\]")
_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_CHINESE = re.compile(r"[零〇一二两三四五六七八九十百千万]+")


@dataclass
class CitationCheck:
    ok: bool
    reason: str = ""  # "no_citation", "unknown_citation:7", "unsupported_number:45"
    cited: list[int] = field(default_factory=list)


def numbers_of(text: str) -> set[str]:
    """Every number in a text as a canonical string (Chinese numerals converted, 第X条 included)."""
    found = {n.rstrip("0").rstrip(".") if "." in n else n for n in _ARABIC.findall(text)}
    for run in _CHINESE.findall(text):
        if (len(run) == 1 and run in "一两") or not (set(run) & (set(DIGITS) | {"十"})):
            continue  # 一次、两者 are words; a lone 万/千 is a unit of an arabic number
        value = parse_cn(run)
        if value is not None:
            found.add(str(value))
    return found


def check_answer(text: str, hits: list[SearchHit]) -> CitationCheck:
    """Every [n] refers to a provided chunk and every number of the answer occurs in the cited chunks."""
    cited = sorted({int(n) for n in _MARKER.findall(text)})
    if not cited:
        return CitationCheck(False, "no_citation")
    unknown = [n for n in cited if not 1 <= n <= len(hits)]
    if unknown:
        return CitationCheck(False, f"unknown_citation:{unknown[0]}", cited)
    sources = " ".join(f"{hits[n - 1].chunk.article} {hits[n - 1].chunk.doc_title} {hits[n - 1].chunk.text}"
                       for n in cited)
    allowed = numbers_of(sources)
    invented = sorted(numbers_of(_MARKER.sub(" ", text)) - allowed)
    if invented:
        return CitationCheck(False, f"unsupported_number:{invented[0]}", cited)
    return CitationCheck(True, "", cited)


def _overlap(a: str, b: str) -> int:
    grams = {a[i:i + 2] for i in range(len(a) - 1)}
    return sum(1 for i in range(len(b) - 1) if b[i:i + 2] in grams)


def _statements_citing(text: str, number: int) -> list[str]:
    parts = re.split(r"(?<=\])|\n", text)
    return [p for p in parts if f"[{number}]" in p]


def citations_for(text: str, hits: list[SearchHit], cited: list[int]) -> list[Citation]:
    """One citation per cited chunk; the quote spans the chunk sentences closest to the citing statements."""
    out = []
    for number in cited:
        chunk = hits[number - 1].chunk
        spans = [(s.start, s.end) for s in sentences.spans(chunk.text)] or [(0, len(chunk.text))]
        best = [max(spans, key=lambda s: _overlap(statement, chunk.text[s[0]:s[1]]))
                for statement in _statements_citing(text, number)] or spans[:1]
        start, end = min(s[0] for s in best), max(s[1] for s in best)
        out.append(Citation(number, chunk.chunk_id, chunk.doc_title, chunk.article or chunk.section,
                            chunk.text[start:end]))
    return out
