"""What a question about a borrower asks for: the record topics named by its words (data/record_topics.txt)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.answering.terms import DATA_DIR
from assistant.knowledge.lexicon import read_table

TOPICS = ("status", "classification", "overdue", "signals", "collateral", "guarantor", "inspection", "payment",
          "meeting", "history", "events", "statements", "maturity", "terms", "next")


@lru_cache(maxsize=1)
def _words() -> tuple[tuple[str, str], ...]:
    rows = [(row[1].strip(), row[0].strip()) for row in read_table(DATA_DIR / "record_topics.txt")]
    unknown = {topic for _, topic in rows} - set(TOPICS)
    if unknown:
        raise ValueError(f"record_topics.txt: unknown topics {sorted(unknown)}")
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


# the experiential aspect: a verb + 过 (看过几回, 去过没有, 查过吗) asks what has been done; 超过, 经过, 通过,
# 不过 and 难过 are other words, and a 过 running on into a noun (过期, 过户) is not the aspect
_HAS_DONE = re.compile(r"(?<![超经通不难度越])过(?=[几没吗了的呢？?。，,！!]|$)")


@dataclass(frozen=True)
class Topics:
    asked: frozenset[str]
    words: tuple[str, ...]
    question: str = ""

    def __contains__(self, topic: str) -> bool:
        return topic in self.asked

    @property
    def only_next(self) -> bool:
        """Asks what to do without naming what about (“这户怎么办？”): every pending step is the answer."""
        return self.asked <= {"next", "status"}


def topics_of(question: str) -> Topics:
    """Topics whose words occur in the question; a longer word hides the shorter ones inside it."""
    asked, words, covered = set(), [], [False] * len(question)
    for word, topic in _words():
        start = question.find(word)
        while start >= 0:
            if not any(covered[start:start + len(word)]):
                asked.add(topic)
                words.append(word)
                for i in range(start, start + len(word)):
                    covered[i] = True
            start = question.find(word, start + 1)
    if _HAS_DONE.search(question):
        asked.add("history")
    return Topics(frozenset(asked), tuple(words), question)


@lru_cache(maxsize=4096)
def _is_place(word: str) -> bool:
    import jieba.posseg

    words = jieba.posseg.lcut(word)
    return len(words) == 1 and words[0].flag == "ns"


@lru_cache(maxsize=4096)
def _without_place(core: str) -> str:
    """苏州启衡自动化 → 启衡自动化: the place a company is registered in does not name it."""
    import jieba.posseg

    words = jieba.posseg.lcut(core)
    if len(words) > 1 and words[0].flag == "ns" and len(core) - len(words[0].word) >= 2:
        return core[len(words[0].word):]
    return core


@lru_cache(maxsize=4096)
def _pieces(value: str) -> frozenset[str]:
    """How a question may name a record value: the whole value, and its company 字号 or 3+ character words."""
    from assistant.answering.borrower_chat.directory import core_name

    import jieba

    value = (value or "").strip()
    if len(value) < 2:
        return frozenset()
    pieces = {value}
    core = core_name(value)
    if core != value:  # a company: its 字号 and longer prefixes of its core name, a leading place name aside
        core = _without_place(core)
        pieces |= {core[:n] for n in range(2, len(core) + 1)}
    pieces |= {w for w in jieba.lcut(value) if len(w) >= 3}
    # a legal form (…有限公司) or a place (南京) names no one record: “往来款” names a payment, “南京” does not
    return frozenset(p for p in pieces if not p.endswith("公司") and not _is_place(p))


def record_topics(borrower, question: str) -> frozenset[str]:
    """Topics whose record values the question names: a payment's memo or counterparty (“那笔往来款”, “打给汇金
    的钱”), a collateral's type or description (“那套住宅”), a guarantor's name. The borrower's own name is no
    such mention."""
    from assistant.answering.borrower_chat.directory import name_forms

    own = {*name_forms(borrower.name, borrower.kind), borrower.actual_controller or ""}
    text = question
    for name in sorted(own, key=len, reverse=True):
        if name:
            text = text.replace(name, "")
    values = [("payment", f.memo) for f in borrower.flows] + [("payment", f.counterparty) for f in borrower.flows]
    values += [("collateral", c.type) for c in borrower.collateral] + [("collateral", c.description)
                                                                        for c in borrower.collateral]
    values += [("guarantor", g.name) for g in borrower.guarantors]
    found = set()
    for topic, value in values:
        if topic not in found and any(p in text for p in _pieces(value)):
            found.add(topic)
    return frozenset(found)


# the parts of speech that say what a record is about: nouns (归行率, 车间, 官司), verbal nouns, abbreviations
_CONTENT_FLAGS = ("n", "vn", "nz", "j", "l", "eng")


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """Words of two characters or more that name a thing, by jieba's part-of-speech tags."""
    import jieba.posseg

    return frozenset(w.word for w in jieba.posseg.lcut(text)
                     if len(w.word) >= 2 and w.flag.startswith(_CONTENT_FLAGS) and w.flag != "nr")


SPECIFIC_TOPIC_WORD = 3  # a topic word this long names a measure (归行率, 抵押率), not a whole table (押品, 逾期)


def about_findings(borrower, question: str, topic_words: tuple[str, ...] = ()) -> list:
    """The borrower's inspections whose findings hold a content word of the question that is no part of
    its name and not in every inspection's findings: “7月归行率掉到多少” finds the visit that wrote the 归行率
    down, “下车间看到啥” the visits that looked at the workshop. A two-character topic word (押品, 逾期) names
    a table the answer already shows, and does not pull in every visit that mentions it."""
    from assistant.answering.borrower_chat.directory import name_forms

    items = [i for i in borrower.inspections if i.findings]
    if not items:
        return []
    own = [*name_forms(borrower.name, borrower.kind), borrower.actual_controller or ""]
    words = {w for w in content_words(question)
             if not any((w in t or t in w) and len(t) < SPECIFIC_TOPIC_WORD for t in topic_words)
             and not any(w in n for n in own if n)}
    hits = [i for i in items if any(w in i.findings for w in words if sum(w in j.findings for j in items) < len(items)
                                    or len(items) == 1)]
    return sorted(hits, key=lambda i: (i.date, i.id or 0), reverse=True)


def warm_record_topics() -> None:
    """Load jieba's part-of-speech model (about 1 s) before the first question needs it."""
    _without_place("南京示例")
