"""Builds the four item types from a fact of a clause: the stem shows the statement in context, options same-kind."""

from __future__ import annotations

import hashlib
import random

from assistant.quiz.clauses import Clause, Statement
from assistant.quiz.distractors import DistractorPool
from assistant.quiz.facts import Fact
from assistant.quiz.types import BLANK, Citation, Evidence, ItemType, QuizItem

LETTERS = "ABCDE"
DIFFICULTY = {"true_false": "易", "single": "中", "fill": "难", "multiple": "难"}
MAX_OPTION_CHARS = 60


def shown_context(statement: Statement, shown: str) -> str:
    """A statement as the trainee reads it: list items keep their lead-in, lead-ins show their first items,
    and a headed item ("审慎性原则：…", "次级类：…") asks for its heading by its description."""
    head, sep, rest = shown.partition("：")
    if sep and len(head) <= 8 and BLANK in head:
        shown = f"“{rest}”描述的是{head}"
    if statement.lead:
        return f"{statement.lead}，其中一项是：{shown}"
    if statement.examples:
        return f"{shown}：" + "；".join(statement.examples) + "；……"
    return shown


def _prefix(clause: Clause) -> str:
    return f"根据《{clause.title}》{clause.article}，"


def _item_id(clause: Clause, facts: list[Fact], kind: str) -> str:
    raw = "|".join([clause.key, kind, *(f"{f.statement.index}:{f.start}:{f.value}" for f in facts)])
    return "q-" + hashlib.sha1(raw.encode()).hexdigest()[:10]


def _fact_ids(facts: list[Fact], shown: list[Statement] = (), clause_key: str = "") -> list[str]:
    """What an item uses up: its facts and their wording, the (statement, kind) blanks it asks, and
    "whole:" for statements it shows entirely (true/false, multiple choice), "touch:" for any it shows."""
    keys = ["|".join(f.identity) for f in facts] + [f.wording for f in facts] + [statement_key(f) for f in facts]
    keys += [f"touch:{f.clause_key}|s{f.statement.index}" for f in facts]
    keys += [f"whole:{clause_key}|s{st.index}" for st in shown] + [f"touch:{clause_key}|s{st.index}" for st in shown]
    return keys


def statement_key(fact: Fact) -> str:
    """One blank per statement: two blanks in one sentence would each show the other's answer."""
    return f"{fact.clause_key}|s{fact.statement.index}"


def is_blocked(kind: str, fact: Fact, used: set[str]) -> bool:
    """A true/false or multiple item shows whole statements: none may have been asked about already."""
    where = f"{fact.clause_key}|s{fact.statement.index}"
    if "|".join(fact.identity) in used or fact.wording in used or f"whole:{where}" in used:
        return True
    return f"touch:{where}" in used if kind in ("true_false", "multiple") else statement_key(fact) in used


def _explanation(clause: Clause, evidence: list[Evidence]) -> str:
    quoted = "；".join(f"“{e.original}”" for e in evidence)
    wrong = [f"“{e.replacement}”与条文不符，条文为“{e.key}”" for e in evidence if not e.true]
    return f"《{clause.title}》{clause.article}规定：{quoted}。" + ("".join(f"{w}。" for w in wrong))


def _item(clause: Clause, kind: ItemType, facts: list[Fact], stem: str, options: dict[str, str], answer: str,
          evidence: list[Evidence], topic: str, shown: list[Statement] = ()) -> QuizItem:
    quote = "……".join(dict.fromkeys(e.original for e in evidence))
    return QuizItem(id=_item_id(clause, facts, kind), type=kind, stem=stem, options=options, answer=answer,
                    explanation=_explanation(clause, evidence),
                    citation=Citation(clause.title, clause.article, quote), topic=topic,
                    difficulty=DIFFICULTY[kind], evidence=evidence, facts=_fact_ids(facts, shown, clause.key),
                    chunk_id=clause.chunk.chunk_id)


FLIP_KINDS = ("contrast", "modal")  # one opposite only: true/false and multiple choice, never a blank


def build_fill(clause: Clause, fact: Fact, wrong: list[str], rng: random.Random, topic: str) -> QuizItem | None:
    if not wrong or fact.kind in FLIP_KINDS:  # no same-kind alternative: the blank would not test anything
        return None
    st = fact.statement
    shown = st.render(fact.start, fact.end, BLANK)
    stem = _prefix(clause) + shown_context(st, shown) + "。"
    if fact.value in stem:  # the lead-in or the examples already state the answer
        return None
    evidence = [Evidence(st.text, shown, st.lead, True, fact.value)]
    return _item(clause, "fill", [fact], stem, {}, fact.value, evidence, topic)


def build_single(clause: Clause, fact: Fact, wrong: list[str], rng: random.Random, topic: str) -> QuizItem | None:
    if len(wrong) < 3 or fact.kind in FLIP_KINDS or (fact.kind == "term" and not fact.value.endswith(("贷款", "融资"))):
        return None
    choices = [fact.value, *rng.sample(wrong[:5], 3)]
    rng.shuffle(choices)
    options = dict(zip(LETTERS, choices))
    item = build_fill(clause, fact, wrong, rng, topic)
    if item is None:
        return None
    answer = next(letter for letter, text in options.items() if text == fact.value)
    return _item(clause, "single", [fact], item.stem, options, answer, item.evidence, topic)


def build_true_false(clause: Clause, fact: Fact, strict: list[str], rng: random.Random,
                     topic: str) -> QuizItem | None:
    st = fact.statement
    if not strict or st.examples:  # a lead-in shown with "……" is no statement to judge
        return None
    truthful = rng.random() < 0.4
    replacement = fact.value if truthful else rng.choice(strict[:3])
    shown = st.render(fact.start, fact.end, replacement)
    evidence = [Evidence(st.text, shown, st.lead, truthful, fact.value, "" if truthful else replacement)]
    stem = _prefix(clause) + shown_context(st, shown) + "。"
    return _item(clause, "true_false", [fact], stem, {}, "对" if truthful else "错", evidence, topic, [st])


def build_multiple(clause: Clause, fact: Fact, strict: list[str], rng: random.Random, topic: str,
                   others: list[Statement], clause_facts: list[Fact]) -> QuizItem | None:
    """Options are statements of one clause: the fact's statement perturbed (false) and 2–3 true ones."""
    st = fact.statement
    peers = [o for o in others if o.index != st.index and o.lead == st.lead and not o.examples
             and len(o.text) <= MAX_OPTION_CHARS]
    if not strict or len(peers) < 2 or len(st.text) > MAX_OPTION_CHARS:
        return None
    with_facts = {f.statement.index for f in clause_facts}
    plain = [o for o in peers if o.index not in with_facts]  # keep statements with facts for other items
    chosen = rng.sample(plain, min(3, len(plain)))
    chosen += rng.sample([o for o in peers if o not in chosen], max(0, min(2, len(peers)) - len(chosen)))
    wrong = rng.choice(strict[:3])
    evidence = [Evidence(o.text, o.text, o.lead, True) for o in chosen]
    evidence.append(Evidence(st.text, st.render(fact.start, fact.end, wrong), st.lead, False, fact.value, wrong))
    rng.shuffle(evidence)
    options = {LETTERS[i]: e.shown for i, e in enumerate(evidence)}
    answer = "".join(LETTERS[i] for i, e in enumerate(evidence) if e.true)
    if st.lead:
        noun = next((w for w in ("情形", "要求", "条件", "内容") if w in st.lead), "事项")
        noun = "情形" if "情况" in st.lead else noun
        stem = _prefix(clause) + f"“{st.lead}”。下列各项中属于该条所列{noun}的有{BLANK}。"
    else:
        stem = _prefix(clause) + f"下列说法中符合该条规定的有{BLANK}。"
    return _item(clause, "multiple", [fact], stem, options, answer, evidence, topic, [st, *chosen])


def build(kind: ItemType, clause: Clause, fact: Fact, clause_facts: list[Fact], pool: DistractorPool,
          rng: random.Random, topic: str, used: set[str] = frozenset()) -> QuizItem | None:
    """An item of `kind` on `fact`, or None; `used` holds what earlier items of the quiz used up."""
    if kind in ("fill", "single"):
        wrong = pool.candidates(fact, clause_facts, strict=False)
        return (build_fill if kind == "fill" else build_single)(clause, fact, wrong, rng, topic)
    strict = pool.candidates(fact, clause_facts, strict=True)
    if kind == "true_false":
        return build_true_false(clause, fact, strict, rng, topic)
    free = [st for st in clause.statements if f"touch:{clause.key}|s{st.index}" not in used]
    return build_multiple(clause, fact, strict, rng, topic, free, clause_facts)
