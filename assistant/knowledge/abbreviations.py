"""Officers' abbreviations read against the corpus's own words: 实控人 → 实际控制人, 流贷 → 流动资金贷款.

A Chinese abbreviation keeps the first character of the word and, in order, leading characters of some
of its later components (实际|控制|人 → 实控人; 流动|资金|贷款 → 流贷, 流动贷款). A question word the corpus
never has is read as the abbreviation of a corpus word when it can be built that way; the corpus word
must be common enough to be a term of its own (a word used in few chunks is no one's desk slang), and
among several the most common ones win. No list is involved: new rule books bring new full forms.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from assistant.knowledge import lexicon

MIN_CHUNKS = 3  # a full form used in fewer chunks is too rare to have a desk abbreviation (small corpora: 1)
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]+$")


@lru_cache(maxsize=50000)
def _component_starts(word: str) -> frozenset[int]:
    """Where the components of a word begin: its segmentation by the general dictionary (the word itself
    left out), 实际控制人 → 实际|控制|人 → {0, 2, 4}."""
    tokenizer = lexicon.get_tokenizer()
    starts, n = {0}, len(word)
    for i in range(n):
        for j in range(i + 2, n + 1):
            if (i, j) != (0, n) and tokenizer.FREQ.get(word[i:j]):
                starts.add(i)
                if j < n:
                    starts.add(j)
    return frozenset(starts)


def abbreviates(short: str, word: str) -> bool:
    """Whether `short` is built from `word` the way abbreviations are: same first character, then each
    character either continues the previous one or begins a later component."""
    if len(short) < 2 or len(word) <= len(short) or short[0] != word[0]:
        return False
    starts = _component_starts(word)

    def rest(k: int, previous: int) -> bool:
        if k == len(short):
            return True
        return any(word[p] == short[k] and (p == previous + 1 or p in starts) and rest(k + 1, p)
                   for p in range(previous + 1, len(word)))

    return rest(1, 0)


class Abbreviations:
    """Full forms in one corpus's vocabulary, found by first character."""

    def __init__(self, vocabulary: list[str], document_frequency, n_chunks: int) -> None:
        self._by_first: dict[str, list[tuple[int, str]]] = defaultdict(list)
        least = MIN_CHUNKS if n_chunks >= 10 * MIN_CHUNKS else 1
        for word in vocabulary:
            if len(word) >= 3 and _CJK_WORD.match(word):
                df = document_frequency(word)
                if df >= least:
                    self._by_first[word[0]].append((df, word))
        for words in self._by_first.values():
            words.sort(key=lambda p: (-p[0], p[1]))

    def full_forms(self, short: str, limit: int = 2) -> list[str]:
        """The most common corpus words `short` abbreviates (none for a word that is no abbreviation)."""
        if not _CJK_WORD.match(short) or not 2 <= len(short) <= 4:
            return []
        return [word for _, word in self._by_first.get(short[0], ()) if abbreviates(short, word)][:limit]


def phrase_full_forms(short: str, texts: list[str], limit: int = 2) -> list[str]:
    """Full forms of `short` written in the texts as phrases the tokenizer cuts into several words (个体户 →
    个体工商户, cut 个体|工商户; 五金厂 → 五金加工厂): a run of Chinese characters from its first character to its last,
    at most three characters between two of its own, that it abbreviates."""
    if not _CJK_WORD.match(short) or not 2 <= len(short) <= 4:
        return []
    gap = "[\u4e00-\u9fff]{0,3}?"
    pattern = re.compile(re.escape(short[0]) + "".join(gap + re.escape(c) for c in short[1:]))
    found: list[str] = []
    for text in texts:
        for match in pattern.finditer(text):
            phrase = match.group(0)
            if len(phrase) > len(short) and phrase not in found and abbreviates(short, phrase):
                found.append(phrase)
    return found[:limit]


def spell_out(text: str, stats) -> str:
    """The text with each abbreviation the corpus never has replaced by the corpus word it stands for
    (实控人 → 实际控制人), so that the word weighs fully and a document it names is recognised."""
    # longest first: 实控人 is read before the 实控 inside it
    for word in sorted(lexicon.unseen_candidates(text, stats.document_frequency), key=len, reverse=True):
        full = stats.full_forms(word, 1)
        if full and word in text:
            text = text.replace(word, full[0], 1)
    return text
