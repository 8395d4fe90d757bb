"""Generates a quiz from clause chunks without a model: facts → items of the requested types → automatic check."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from assistant.errors import UserError
from assistant.knowledge.types import Chunk
from assistant.quiz.checks import check_item
from assistant.quiz.clauses import Clause, is_citable, parse_clause
from assistant.quiz.distractors import DistractorPool
from assistant.quiz.facts import Fact, extract_facts
from assistant.quiz.items import build, is_blocked
from assistant.quiz.topics import classify
from assistant.quiz.types import ITEM_TYPES, TYPE_NAMES, GeneratedQuiz, ItemType, QuizItem

MAX_ITEMS_PER_CLAUSE = 5


@dataclass
class Candidate:
    clause: Clause
    fact: Fact
    facts: list[Fact]  # every fact of the clause (distractors must avoid them)
    topic: str


def prepare(chunks: Iterable[Chunk]) -> tuple[list[Candidate], DistractorPool]:
    """Every testable fact of the citable clauses, in document order, and the distractor pool of the corpus."""
    candidates, all_facts = [], []
    for chunk in chunks:
        if not is_citable(chunk):
            continue
        clause = parse_clause(chunk)
        facts = extract_facts(clause)
        all_facts += facts
        topic = classify(clause.body, chunk.chapter)
        candidates += [Candidate(clause, fact, facts, topic) for fact in facts]
    return candidates, DistractorPool(all_facts)


def generate_quiz(chunks: Sequence[Chunk], n: int = 20, *, seed: int = 0, types: Sequence[str] | None = None,
                  topic: str | None = None, chat_model=None) -> GeneratedQuiz:
    """`n` checked items; raises UserError when the source has no usable clause or cannot give `n` items.

    With `chat_model` (assistant.llm.ChatModel) some single-choice items become scenario or reworded items,
    each checked against its clause; a failed model item is dropped and the rule item kept."""
    kinds = _validate(n, types)
    candidates, pool = prepare(chunks)
    if topic:
        candidates = [c for c in candidates if c.topic == topic]
    if not candidates:
        where = f"主题“{topic}”下" if topic else ""
        raise UserError(f"所选资料{where}没有可出题的条款：需要带“第X条”编号、且含有期限、金额、频率、分类等要点的条文。")
    quiz = _fill(candidates, pool, n, kinds, random.Random(seed), seed)
    if len(quiz.items) < n:
        raise UserError(f"所选资料最多能生成 {len(quiz.items)} 道互不重复的题目，无法生成 {n} 道；"
                        "请减少题目数量、放宽题型或主题，或增加资料。")
    if chat_model is not None:
        from assistant.quiz.llm import enrich

        quiz = enrich(quiz, {chunk.chunk_id: chunk for chunk in chunks}, chat_model)
    return quiz


def _validate(n: int, types: Sequence[str] | None) -> list[ItemType]:
    if n < 1:
        raise UserError("题目数量至少为 1。")
    kinds = list(dict.fromkeys(types or ITEM_TYPES))
    unknown = [k for k in kinds if k not in ITEM_TYPES]
    if unknown:
        names = "、".join(f"{k}（{v}）" for k, v in TYPE_NAMES.items())
        raise UserError(f"未知题型：{'、'.join(unknown)}；可选：{names}。")
    return kinds  # type: ignore[return-value]


def _fill(candidates: list[Candidate], pool: DistractorPool, n: int, kinds: list[ItemType],
          rng: random.Random, seed: int) -> GeneratedQuiz:
    order = candidates[:]
    rng.shuffle(order)
    used: set[str] = set()
    per_clause: Counter[str] = Counter()
    items: list[QuizItem] = []
    generated = discarded = 0
    turn = 0
    while len(items) < n and order:
        kind = kinds[turn % len(kinds)]
        turn += 1
        built = _next_item(order, kind, kinds, pool, rng, used, per_clause)
        if built is None:
            break
        item, candidate = built
        generated += 1
        if check_item(item, candidate.clause.chunk.text):
            discarded += 1
            continue
        used.update(item.facts)
        if item.type == "multiple":  # one multiple-choice item per clause: its options are the clause
            used.add(f"multiple:{candidate.clause.key}")
        per_clause[candidate.clause.key] += 1
        items.append(item)
    return GeneratedQuiz(items, generated, discarded, seed, possible=len(items))


def _next_item(order: list[Candidate], kind: ItemType, kinds: list[ItemType], pool: DistractorPool,
               rng: random.Random, used: set[str], per_clause: Counter[str]):
    """The first unused candidate that gives an item of `kind` (else of another requested kind); removes it."""
    for wanted in [kind, *[k for k in kinds if k != kind]]:
        for index, candidate in enumerate(order):
            fact = candidate.fact
            if is_blocked(wanted, fact, used) or (wanted == "multiple" and f"multiple:{candidate.clause.key}" in used):
                continue
            if per_clause[candidate.clause.key] >= MAX_ITEMS_PER_CLAUSE:
                continue
            item = build(wanted, candidate.clause, fact, candidate.facts, pool, rng, candidate.topic, used)
            if item is not None:
                del order[index]
                return item, candidate
    return None
