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
    return rejoin_split_verbs(text)


# a separable verb opened by 个 or 了 (签个字, 开个会, 还了款, 打个电话) is the dictionary word the rules write
# (签字, 开会, 还款, 打电话); its first character is a word of its own, never a numeral or a pronoun (一个月,
# 这个表, 每个人 stay as they are)
_INFIXES = frozenset("个了")
_NOT_VERBS = frozenset("一二三四五六七八九十两几每这那哪各某半多整上下")


def rejoin_split_verbs(text: str) -> str:
    if not any(c in text for c in _INFIXES):
        return text
    from assistant.knowledge import lexicon

    known = lexicon.get_tokenizer().FREQ
    words = lexicon.cut(text)
    out: list[str] = []
    i = 0
    while i < len(words):
        head = words[i]
        gap = 2 if words[i + 1:i + 3] == ["了", "个"] else 1  # 签了个字
        rest = words[i + 1 + gap] if i + 1 + gap < len(words) else ""
        if (len(head) == 1 and head not in _NOT_VERBS and i + 1 < len(words) and words[i + 1] in _INFIXES
                and 1 <= len(rest) <= 2 and known.get(head + rest)):
            out.append(head + rest)
            i += 2 + gap
            continue
        out.append(head)
        i += 1
    return "".join(out)
