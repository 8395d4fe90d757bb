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
    return Topics(frozenset(asked), tuple(words))
