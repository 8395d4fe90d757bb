"""Cuts one clause (a chunk of a 条) into statements: sentences, and list items with their lead-in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.knowledge.types import Chunk

ARTICLE_PREFIX = re.compile(r"^\s*第[零〇一二两三四五六七八九十百千0-9]+条[\s　]*")
ITEM_PREFIX = re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]\s*|^([一二三四五六七八九十]{1,3})、\s*")
HEADED_ITEM = re.compile(r"^([^，。：；]{2,8})。")  # "真实性原则。风险分类应…" → "真实性原则：风险分类应…"
SENTENCE_SPLIT = re.compile(r"(?<=[。；;！？])")
MAX_STATEMENT_CHARS = 110


@dataclass(frozen=True)
class Statement:
    """One sentence or list item of a clause; `lead` is the lead-in sentence of a list item ('' otherwise)."""

    index: int
    text: str  # without the closing punctuation
    lead: str = ""
    examples: tuple[str, ...] = ()  # for a lead-in sentence: its first list items (shown as context)

    @property
    def is_item(self) -> bool:
        return bool(self.lead)

    def render(self, start: int, end: int, replacement: str) -> str:
        """The statement text with text[start:end] replaced."""
        return self.text[:start] + replacement + self.text[end:]


@dataclass
class Clause:
    """A citable clause and its statements."""

    chunk: Chunk
    body: str  # the clause text without the "第X条" prefix, whitespace-normalised
    statements: list[Statement] = field(default_factory=list)

    @property
    def article(self) -> str:
        return self.chunk.article

    @property
    def title(self) -> str:
        return self.chunk.doc_title

    @property
    def key(self) -> str:
        return f"{self.chunk.doc_title}|{self.chunk.article}|{self.chunk.paragraph}"


def _clean(text: str) -> str:
    return re.sub(r"[ \t\u3000]+", "", text).strip()


def _strip_end(text: str) -> str:
    return text.rstrip("。；;，,：: ")


def _paragraphs(body: str) -> list[str]:
    return [_clean(line) for line in body.splitlines() if _clean(line)]


def parse_clause(chunk: Chunk) -> Clause:
    """Statements of one clause; long or heading-like lines give no statement."""
    body = ARTICLE_PREFIX.sub("", chunk.text.strip())
    clause = Clause(chunk, "\n".join(_paragraphs(body)))
    lead, items = "", []
    for line in _paragraphs(body):
        item = ITEM_PREFIX.match(line)
        if item and lead:
            items.append(_strip_end(HEADED_ITEM.sub(r"\1：", ITEM_PREFIX.sub("", line))))
            _add(clause, items[-1], lead)
            continue
        _add_lead(clause, lead, items)
        lead, items = "", []
        line = HEADED_ITEM.sub(r"\1：", ITEM_PREFIX.sub("", line))
        for sentence in SENTENCE_SPLIT.split(line):
            sentence = sentence.strip()
            if not sentence:
                continue
            if sentence.endswith(("：", ":")):
                lead = _strip_end(sentence)
            else:
                _add(clause, sentence, "")
    _add_lead(clause, lead, items)
    return clause


def _add_lead(clause: Clause, lead: str, items: list[str]) -> None:
    """A lead-in sentence becomes a statement of its own, shown with its first items as examples."""
    if lead and items and len(lead) <= MAX_STATEMENT_CHARS:
        examples = tuple(item for item in items[:2] if len(item) <= 40)
        if examples:
            clause.statements.append(Statement(len(clause.statements), lead, "", examples))


def _add(clause: Clause, text: str, lead: str) -> None:
    text = _strip_end(text)
    if 6 <= len(text) <= MAX_STATEMENT_CHARS and len(lead) <= MAX_STATEMENT_CHARS:
        clause.statements.append(Statement(len(clause.statements), text, lead))


def is_citable(chunk: Chunk) -> bool:
    """Only clauses with an article number can be cited as 第X条."""
    return bool(chunk.article) and not chunk.superseded
