"""The check a standard answer passes on save: every sentence carries a [n] marker, every marker a clause
that exists in the knowledge base, and every number of a sentence occurs in the clauses it cites."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answering.checks import numbers_of
from assistant.curation.clauses import Clause, find_clause
from assistant.errors import UserError

MAX_ANSWER_CHARS = 2000
MAX_CITATIONS = 8
_MARKER = re.compile(r"\[(\d{1,2})\]")
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*(?:\[\d{1,2}\])*")


@dataclass(frozen=True)
class Reference:
    """A clause as the curator names it: a document (title or id) and 第X条 or a section heading."""

    document: str
    article: str


def sentences(text: str) -> list[str]:
    """The statements of an answer, each with the markers that follow it."""
    return [s.strip() for s in _SENTENCE.findall(text) if _MARKER.sub("", s).strip(" 　，,、")]


def checked_clauses(index, answer: str, references: list[Reference], *, branch: str = "") -> list[Clause]:
    """The clauses cited, in marker order; UserError listing every reason the answer cannot be saved."""
    answer = answer.strip()
    if not answer:
        raise UserError("标准答复的正文不能为空。")
    if len(answer) > MAX_ANSWER_CHARS:
        raise UserError(f"标准答复的正文最多 {MAX_ANSWER_CHARS} 字，当前 {len(answer)} 字。")
    if not references:
        raise UserError("标准答复至少要引用一条条文。")
    if len(references) > MAX_CITATIONS:
        raise UserError(f"标准答复最多引用 {MAX_CITATIONS} 条条文。")
    problems: list[str] = []
    clauses: list[Clause | None] = []
    for number, reference in enumerate(references, 1):
        try:
            clause = find_clause(index, reference.document, reference.article)
        except UserError as exc:
            problems.append(f"引用[{number}]：{exc.message}")
            clauses.append(None)
            continue
        problems += [f"引用[{number}]：{reason}" for reason in _unfit(clause, branch)]
        clauses.append(clause)
    used: set[int] = set()
    for position, statement in enumerate(sentences(answer), 1):
        marks = [int(n) for n in _MARKER.findall(statement)]
        shown = _MARKER.sub("", statement)
        if not marks:
            problems.append(f"第{position}句没有标注引用（如 [1]）：“{shown}”")
            continue
        unknown = [n for n in marks if not 1 <= n <= len(references)]
        if unknown:
            problems.append(f"第{position}句的标注 [{unknown[0]}] 没有对应的引用")
            continue
        used.update(marks)
        cited = [clauses[n - 1] for n in marks if clauses[n - 1] is not None]
        if len(cited) == len(marks):
            allowed = numbers_of(" ".join(f"{c.label} {c.title or c.record.title} {c.text}" for c in cited))
            invented = sorted(numbers_of(shown) - allowed, key=lambda n: (len(n), n))
            if invented:
                problems.append(f"第{position}句的数字 {invented[0]} 在所引条文中找不到：“{shown}”")
    unused = [n for n in range(1, len(references) + 1) if n not in used]
    if unused:
        problems.append(f"引用[{unused[0]}] 没有被任何句子使用")
    if problems:
        raise UserError("标准答复未保存：" + "；".join(problems) + "。")
    return [clause for clause in clauses if clause is not None]


def _unfit(clause: Clause, branch: str) -> list[str]:
    record = clause.record
    reasons = []
    if record.source_type == "case_note":
        reasons.append(f"《{record.title}》是案例记录，标准答复只能引用制度条文")
    if record.superseded:
        reasons.append(f"《{record.title}》已废止，不能作为依据")
    if record.branch and record.branch != branch:
        reasons.append(f"《{record.title}》只适用于{record.branch}，标准答复的适用机构须为{record.branch}")
    return reasons
