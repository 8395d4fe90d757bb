"""Repairs of what OCR misreads in a Chinese rule book, made on OCR'd page text only (assistant/knowledge/ocr.py).

A character accuracy of 0.998 still loses answers (evals/README.md, OCR): a list item's closing “；” read as
“：” makes the item the intro of a new list, a dash in a chain of steps read as the numeral 一 breaks the
steps' words, a character read as its look-alike (未 as 末) breaks a word. Each repair is made only where
the page or the dictionary says it is one; none changes the clean text of the sample rule books or the
regulations (tests/knowledge/test_ocr_repair.py).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from assistant.knowledge.lexicon import DATA_DIR, get_tokenizer, read_table

# a look-alike swap must make the clause this many times likelier under jieba's word frequencies: on the
# clean texts no swap gains more than 3.5×, and 100× keeps three quarters of simulated misreadings repaired
SWAP_GAIN = math.log(100)
DASH = "—"

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_MARKER = re.compile(r"^\s*(?:[（(](?P<paren>[一二三四五六七八九十]{1,3}|\d{1,2})[）)]"
                     r"|(?P<listed>[一二三四五六七八九十]{1,3}|\d{1,2})[、.．](?!\d)|(?P<circled>[①-⑳]))")
_DIGITS = "一二三四五六七八九"
_SENTENCE_DONE = ("。", "；", "：", "！", "？", ";", ":", "!", "?")
_CLOSING = {"：": "；", ":": ";"}


def repair_page(text: str) -> str:
    """One OCR'd page (lines joined by "\n") with look-alikes, dashes and list items' ends repaired."""
    lines = [restore_dashes(swap_lookalikes(line)) for line in text.split("\n")]
    return "\n".join(close_items(lines))


def close_items(lines: list[str]) -> list[str]:
    """A list item ending in “：” whose next line is the next item of its list (（一）… then （二）…) ends in
    “；”: an intro is followed by its first item, never by its sibling's successor, so the colon is a misread
    “；”. Items wrap over several lines; the item is the paragraph the colon ends."""
    out = list(lines)
    for k, line in enumerate(lines[:-1]):
        if not line.endswith(tuple(_CLOSING)):
            continue
        first, after = marker(lines[_paragraph_start(lines, k)]), marker(lines[k + 1])
        if first and after == (first[0], first[1] + 1):
            out[k] = line[:-1] + _CLOSING[line[-1]]
    return out


def _paragraph_start(lines: list[str], k: int) -> int:
    """The line the paragraph ending on line k starts on: back while the line above leaves its sentence open."""
    while k > 0 and not marker(lines[k]) and not lines[k - 1].endswith(_SENTENCE_DONE):
        k -= 1
    return k


def marker(line: str) -> tuple[str, int] | None:
    """(style, number) of the enumeration marker a line starts with: （三） → ("paren cjk", 3), 2、 → ("listed
    arabic", 2), ② → ("circled", 2); None when it starts with none."""
    match = _MARKER.match(line)
    if not match:
        return None
    style, numeral = match.lastgroup, match.group(match.lastgroup)
    if style == "circled":
        return style, ord(numeral) - ord("①") + 1
    if numeral.isdigit():
        return f"{style} arabic", int(numeral)
    number = _cjk_number(numeral)
    return (f"{style} cjk", number) if number else None


def _cjk_number(numeral: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20; None for what is no number (一二)."""
    tens, ten, ones = numeral.partition("十")
    if not ten:
        tens, ones = "", numeral
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (_digit(tens, 1) if ten else 0) * 10 + _digit(ones, 0)


def _digit(char: str, empty: int) -> int:
    return _DIGITS.index(char) + 1 if char else empty


def restore_dashes(line: str) -> str:
    """“申请一调查一审批” → “申请—调查—审批”: OCR reads a dash as the numeral 一. A 一 is a dash only in a chain
    of three or more steps, each a dictionary word of 2–4 characters; 统一, 每一, 一次, 逐一 are never cut so."""
    return _CJK_RUN.sub(lambda run: _dashed(run.group()), line)


def _dashed(run: str) -> str:
    parts = run.split("一")
    dashes: set[int] = set()  # i: the 一 after parts[i] is a dash
    i = 0
    while i < len(parts) - 2:
        j = i + 1
        while j < len(parts) - 1 and _is_word(parts[j]):
            j += 1
        if j - i >= 2 and _ends_in_word(parts[i]) and _starts_with_word(parts[j]):
            dashes.update(range(i, j))
            i = j
        else:
            i += 1
    return "".join(part + (DASH if n in dashes else "一") for n, part in enumerate(parts[:-1])) + parts[-1]


def _is_word(text: str) -> bool:
    return 2 <= len(text) <= 4 and bool(get_tokenizer().FREQ.get(text))


def _ends_in_word(text: str) -> bool:
    return any(_is_word(text[-n:]) for n in (2, 3, 4) if len(text) >= n)


def _starts_with_word(text: str) -> bool:
    return any(_is_word(text[:n]) for n in (2, 3, 4) if len(text) >= n)


@lru_cache(maxsize=1)
def lookalikes() -> dict[str, str]:
    """Character → the characters OCR takes it for (data/ocr_lookalikes.txt, both ways)."""
    pairs: dict[str, str] = {}
    for first, second, _reason in read_table(DATA_DIR / "ocr_lookalikes.txt"):
        pairs[first] = pairs.get(first, "") + second
        pairs[second] = pairs.get(second, "") + first
    return pairs


def swap_lookalikes(line: str) -> str:
    """预计末来三年 → 预计未来三年: a character is swapped for its look-alike when that makes a word of 2–4
    characters that was no word before (末来 → 未来) and the clause becomes far likelier (SWAP_GAIN)."""
    return _CJK_RUN.sub(lambda run: _swapped(run.group()), line)


def _swapped(clause: str) -> str:
    score, _ = _best_cut(clause)
    for i, char in enumerate(clause):
        for other in lookalikes().get(char, ""):
            candidate = clause[:i] + other + clause[i + 1:]
            candidate_score, words = _best_cut(candidate)
            if candidate_score - score >= SWAP_GAIN and _makes_new_word(clause, words, i):
                clause, score = candidate, candidate_score
                break
    return clause


def _best_cut(clause: str) -> tuple[float, list[str]]:
    """jieba's most likely cut of a clause (its own DAG and route) and that cut's log probability."""
    tokenizer = get_tokenizer()
    route: dict[int, tuple[float, int]] = {}
    tokenizer.calc(clause, tokenizer.get_DAG(clause), route)
    words, start = [], 0
    while start < len(clause):
        end = route[start][1] + 1
        words.append(clause[start:end])
        start = end
    return route[0][0], words


def _makes_new_word(clause: str, words: list[str], i: int) -> bool:
    """The swapped character at i sits in a word of 2–4 characters whose unswapped form is no word."""
    start = 0
    for word in words:
        if start <= i < start + len(word):
            return 2 <= len(word) <= 4 and not get_tokenizer().FREQ.get(clause[start:start + len(word)])
        start += len(word)
    return False
