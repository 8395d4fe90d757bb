"""Officers' spoken questions to plain question text: fillers and politeness out, A-not-A and slang question words mapped."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "colloquial.txt"
_CJK = "\u4e00-\u9fff"
# 要不要 / 能不能 / 算不算 / 有没有 / 可不可以 / 需不需要: a yes/no marker, not a word of the topic
_A_NOT_A = re.compile(rf"([{_CJK}])[不没]\1")
_YES_NO = re.compile(rf"([{_CJK}])[不没]\1|吗[？?。]?\s*$|是否|能否|可否|行不行|算不算|有没有|要不要")


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[str, str], ...]:
    """(spoken, plain) pairs from data/colloquial.txt, longest first; an empty plain side deletes."""
    from assistant.knowledge.lexicon import read_table

    pairs = [(row[0].strip(), row[1].strip() if len(row) > 1 else "") for row in read_table(DATA)]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def is_yes_no(question: str) -> bool:
    """要不要参与 / 能…吗 / 是否: the question asks whether, not what or how much."""
    return bool(_YES_NO.search(question))


def plain_question(text: str) -> str:
    """The question with politeness, fillers and spoken question words normalised (meaning unchanged):
    请问一下流贷能不能拿去还别的贷款呀 → 流贷能拿去还别的贷款."""
    text = _A_NOT_A.sub(r"\1", text)
    for spoken, plain in _rules():
        if spoken in text:
            text = text.replace(spoken, plain if plain else " ")
    return text
