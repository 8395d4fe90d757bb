"""BorrowerDesk: the chat's answer to a question about the caller's own borrowers, records and rules joined.

ChatService asks the desk first. When the question names no borrower the desk returns None and the rule
chat answers as before; otherwise the answer is written here from the records (each fact with its record
source), the risk rules (each statement with its clause) and the case notes linked to the borrower.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy.exc import SQLAlchemyError

from assistant import clock
from assistant.answering.borrower_chat.directory import Directory, Mentions, name_forms, without_spans
from assistant.answering.borrower_chat.facts import BorrowerPart, Line, RecordFact, build_part
from assistant.answering.borrower_chat.topics import Topics, topics_of, warm_record_topics
from assistant.answering.terms import DATA_DIR
from assistant.answering.types import Answer, Citation
from assistant.drafting.clauses import ClauseLookup
from assistant.knowledge.lexicon import read_table
from assistant.knowledge.types import Chunk
from assistant.prompts import render_prompt
from assistant.records.repository import borrowers_for_review
from assistant.records.revision import ScopeCache
from assistant.records.rules import ClauseRef
from assistant.security.scope import Scope

log = logging.getLogger(__name__)

MAX_BORROWERS = 3  # a question naming more borrowers than this is asked to narrow down
DIRECTORY_CACHE = 256  # scopes (role, branch, officer) whose directory is kept between questions
NOTE_QUOTE = 320   # characters of a case-note passage quoted in the answer
NOTE_PARAGRAPHS = 2  # paragraphs of a case note quoted (those closest to the question)
NOTE_DOCS = 3      # case notes listed for a history question, newest first


@dataclass
class BorrowerReply:
    answer: Answer
    borrower_ids: list[str] = field(default_factory=list)
    kind: str = "records"  # records | clarify | unknown
    candidates: list[str] = field(default_factory=list)  # a clarify reply: the borrowers offered, in order
    rest: str = ""  # an unknown reply: the question without the borrower reference, for the rule chat


class _Knowledge:
    """Clause quotes and case-note chunks of the live index generation (rebuilt when the generation changes)."""

    def __init__(self, source: Callable[[], object | None]) -> None:
        self._source = source
        self._lock = threading.Lock()
        self._generation: object = object()
        self.lookup = ClauseLookup(None)
        self.notes: dict[str, Chunk] = {}
        self.by_borrower: dict[str, dict[str, list[Chunk]]] = {}  # borrower id → case-note doc id → chunks

    def refresh(self) -> None:
        index = self._source()
        generation = getattr(index, "generation", None) if index is not None else None
        with self._lock:
            if generation == self._generation and generation is not None:
                return
            self.lookup = ClauseLookup(index)
            chunks = index.chunks() if index is not None else []
            notes: dict[str, Chunk] = {}
            by_borrower: dict[str, dict[str, list[Chunk]]] = {}
            for chunk in chunks:
                if chunk.superseded:
                    continue
                notes.setdefault(chunk.doc_id, chunk)
                if chunk.borrower_id:
                    by_borrower.setdefault(chunk.borrower_id, {}).setdefault(chunk.doc_id, []).append(chunk)
            self.notes, self.by_borrower = notes, by_borrower
            self._generation = generation


class BorrowerDesk:
    def __init__(self, settings, index: Callable[[], object | None]) -> None:
        self.settings = settings
        self.knowledge = _Knowledge(index)
        self._directories: ScopeCache[Directory] = ScopeCache(Directory.load, size=DIRECTORY_CACHE)

    def directory(self, session, scope: Scope) -> Directory:
        """The scope's directory, rebuilt only when borrowers, loans or collateral changed (records revision)."""
        return self._directories.get(session, scope)

    def warm_up(self) -> None:
        """The live generation's clauses and case notes and the word tables, loaded before the first question."""
        from assistant.answering.borrower_chat.directory import load_word_tables

        load_word_tables()
        topics_of("押品")
        warm_record_topics()
        self.knowledge.refresh()

    def reply(self, question: str, scope: Scope, previous: list[str] | None, model=None,
              previous_question: str = "", candidates: list[str] | None = None,
              earlier: list[list[str]] | None = None) -> BorrowerReply | None:
        """The borrower answer, or None when the question is not about a borrower of the caller's.
        `previous`: the borrowers of the last turn; `earlier`: those of every turn so far, oldest first."""
        from assistant.db import session_scope

        topics = topics_of(question)
        try:
            with session_scope(self.settings) as session:
                directory = self.directory(session, scope)
                mentions = directory.find(question, previous, topics.words, candidates, earlier)
                if not mentions.any:
                    return None
                if mentions.ambiguous or len(mentions.ids) > MAX_BORROWERS:
                    return self._clarify(mentions, directory)
                if mentions.unknown and not mentions.ids:
                    reply = _unknown()
                    reply.rest = without_spans(question, mentions.unknown_spans)
                    return reply
                if mentions.followed and not topics.asked - {"next", "status"} and previous_question:
                    topics = topics_of(f"{previous_question} {question}")  # “下次呢？” asks the previous topic again
                borrowers = borrowers_for_review(session, scope, ids=mentions.ids)
                order = {bid: i for i, bid in enumerate(mentions.ids)}
                borrowers.sort(key=lambda b: order[b.id])
                today = clock.today()
                parts = [build_part(b, topics, today) for b in borrowers]
                reply = self._answer(parts, mentions, topics, question)
        except SQLAlchemyError as exc:  # records unreachable: the rule chat still answers
            log.warning("borrower records unavailable for chat: %s", exc)
            return None
        if model is not None:
            _phrase(reply.answer, question, model)
        return reply

    def _clarify(self, mentions: Mentions, directory: Directory) -> BorrowerReply:
        groups = [(said, [(i, directory.name(i)) for i in ids]) for said, ids in mentions.ambiguous]
        if not groups:
            groups = [("问题中", [(i, directory.name(i)) for i in mentions.ids])]
        text = render_prompt("borrower_clarify", groups=groups).strip()
        ids = [i for _, group in groups for i, _ in group]
        if not ids:
            return _unknown()
        return BorrowerReply(Answer(text, [], refused=False, backend="records"), [], "clarify", list(dict.fromkeys(ids)))

    def _notes(self, part: BorrowerPart, numbering: _Numbering, question: str) -> list[str]:
        """Case notes about the borrower (linked in its records, or ingested with its borrower id), newest
        first, each with the passage closest to the question."""
        if not part.want_notes:
            return []
        docs = dict(self.knowledge.by_borrower.get(part.borrower.id, {}))
        for doc_id, _title in part.notes:
            if doc_id in self.knowledge.notes and doc_id not in docs:
                docs[doc_id] = [self.knowledge.notes[doc_id]]
        if not docs:
            return ["知识库中没有该借款人的走访记录或风险事件报告。"]
        ordered = sorted(docs.values(), key=lambda chunks: chunks[0].doc_title, reverse=True)
        b = part.borrower
        asked = question.replace(b.name, " ").replace(b.id, " ")
        for form in sorted(name_forms(b.name, b.kind), key=len, reverse=True):  # what is asked, not who
            asked = asked.replace(form, " ")
        return [numbering.passage(*_closest(chunks, asked)) for chunks in ordered[:NOTE_DOCS]]

    def _answer(self, parts: list[BorrowerPart], mentions: Mentions, topics: Topics,
                question: str = "") -> BorrowerReply:
        self.knowledge.refresh()
        numbering = _Numbering(self.knowledge)
        rendered, records = [], []
        for part in parts:
            b = part.borrower
            rendered.append({
                "heading": f"{b.name}（{b.id}，{b.branch}，客户经理{b.officer_name or b.officer_code}）：",
                "records": [_record_text(line) for line in part.records],
                "rules": [numbering.statement(line) for line in part.rules],
                "notes": self._notes(part, numbering, question),
            })
            records += [fact for line in part.records + part.rules for fact in line.facts]
        text = render_prompt("borrower_answer", parts=rendered).strip()
        if mentions.unknown:
            text += "\n" + render_prompt("borrower_unknown").strip()
        answer = Answer(text, numbering.citations, refused=False, backend="records",
                        evidence_ids=[c.chunk_id for c in numbering.citations])
        answer.records = _distinct(records)
        return BorrowerReply(answer, [p.borrower.id for p in parts])


def _phrase(answer: Answer, question: str, model) -> None:
    """Let the model phrase a records answer; keep the draft when the reply adds anything or the model fails."""
    from assistant.answering.borrower_chat.phrasing import phrase_messages, phrasing_problem
    from assistant.llm import LLMUnavailable

    if answer.refused or not answer.records:
        return
    try:
        reply = model.complete(phrase_messages(question, answer.answer))
    except LLMUnavailable as exc:
        answer.fallback_reason = f"llm_unavailable:{exc}"
        return
    problem = phrasing_problem(reply, answer.answer, [c.quote for c in answer.citations],
                               {c.number for c in answer.citations})
    if problem:
        answer.fallback_reason = f"records_check_failed:{problem}"
        return
    answer.answer, answer.backend = reply.strip(), "llm"


def _unknown() -> BorrowerReply:
    return BorrowerReply(Answer(render_prompt("borrower_unknown").strip(), [], refused=True, backend="records"),
                         [], "unknown")


def _record_text(line: Line) -> str:
    return f"{line.text}（{line.source}）" if line.source else line.text


def _distinct(facts: list[RecordFact]) -> list[RecordFact]:
    seen, out = set(), []
    for fact in facts:
        key = (fact.ref, fact.field)
        if key not in seen:
            seen.add(key)
            out.append(fact)
    return out


class _Numbering:
    """[n] markers for the clauses and case notes the knowledge base holds, in order of first use."""

    def __init__(self, knowledge: _Knowledge) -> None:
        self.knowledge = knowledge
        self.citations: list[Citation] = []
        self._numbers: dict[str, int] = {}

    def _number(self, chunk_id: str, doc_title: str, article: str, quote: str) -> int:
        if chunk_id not in self._numbers:
            self._numbers[chunk_id] = len(self.citations) + 1
            self.citations.append(Citation(self._numbers[chunk_id], chunk_id, doc_title, article, quote))
        return self._numbers[chunk_id]

    def clause(self, ref: ClauseRef) -> str:
        cited = self.knowledge.lookup.cite(ref)
        if cited is None or not cited.chunk_id:
            return ref.label()
        return f"{ref.label()}[{self._number(cited.chunk_id, ref.doc_title, ref.article, cited.quote or '')}]"

    def statement(self, line: Line) -> str:
        if not line.clauses:
            return line.text
        labels = "；".join(dict.fromkeys(self.clause(ref) for ref in line.clauses))
        return f"{line.text.rstrip('。')}（{labels}）。"

    def passage(self, chunk: Chunk, quote: str) -> str:
        quote = quote if len(quote) <= NOTE_QUOTE else quote[:NOTE_QUOTE] + "……"
        number = self._number(chunk.chunk_id, chunk.doc_title, chunk.article or chunk.section, quote)
        return f"《{chunk.doc_title}》{chunk.section or ''}[{number}]：{quote}"


def _body(text: str) -> str:
    """A chunk's text on one line, without headings and without quoted material (“> …”: pasted mails and
    letters are what someone else wrote, not the officer's note, and are never repeated as facts)."""
    lines = [line.strip() for line in text.splitlines()
             if line.strip() and not line.lstrip().startswith(("#", ">"))]
    return "".join(lines)


def _paragraphs(text: str) -> list[str]:
    return [p for p in (_body(line) for line in text.splitlines()) if len(p) > 20]


# the shape of the facts a question can ask of a note: a date or deadline, an amount
_FACT_SHAPES = {
    "when": re.compile(r"\d{4}年|\d{1,2}月|\d{1,2}日|\d{4}-\d{2}-\d{2}|[上中下]旬|月[底末]|年[底末]|季度末"
                       r"|\d+个?(?:工作日|日|天|周|月)内"),
    "amount": re.compile(r"\d+(?:\.\d+)?\s*(?:万元|亿元|元|万)"),
}
ASKED_FACT_WEIGHT = 4  # a passage holding the asked kind of fact counts as this many more shared character pairs


@lru_cache(maxsize=1)
def _asked_fact_cues() -> tuple[tuple[str, str], ...]:
    return tuple((row[0].strip(), row[1].strip()) for row in read_table(DATA_DIR / "asked_facts.txt"))


def asked_facts(question: str) -> set[str]:
    """The kinds of fact (when, amount) the question asks for, by data/asked_facts.txt."""
    return {kind for kind, cue in _asked_fact_cues() if cue in question}


def _closest(chunks: list[Chunk], question: str) -> tuple[Chunk, str]:
    """The paragraphs of a case note closest to the question (two at most, in the note's order, from one
    chunk; the first paragraphs on a tie): most character pairs shared with the question, and a bonus for
    holding the kind of fact asked (“下回啥时候再去看” wants the paragraph with a date in it)."""
    pairs = {question[i:i + 2] for i in range(len(question) - 1)}
    pairs = {pair for pair in pairs if " " not in pair}
    shapes = [_FACT_SHAPES[kind] for kind in sorted(asked_facts(question))]
    candidates = [(c, p) for c in chunks for p in _paragraphs(c.text)]
    if not candidates:
        return chunks[0], _body(chunks[0].text)

    def score(i: int) -> int:
        text = candidates[i][1]
        return sum(1 for pair in pairs if pair in text) + ASKED_FACT_WEIGHT * sum(1 for shape in shapes
                                                                                 if shape.search(text))

    scored = sorted(range(len(candidates)), key=lambda i: (-score(i), i))
    best = candidates[scored[0]][0]
    chosen = sorted(i for i in scored[:NOTE_PARAGRAPHS] if candidates[i][0] is best)
    return best, "".join(candidates[i][1] for i in chosen)
