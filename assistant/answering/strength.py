"""Evidence strength: how well one chunk covers a question's content words, weighted by corpus IDF and salience."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np

from assistant.answering.terms import GENERIC, QuestionTerms, _parts, variants
from assistant.knowledge import lexicon

K1, B = 1.2, 0.6  # the lexical index's BM25 constants: salience saturates the way ranking does
UNKNOWN_SHARE = 0.5  # an unknown word counts half of an unseen word's IDF: it may just be colloquial
GUESS_SHARE = 0.3  # an unknown pair of characters no dictionary has (多少天算 → 天算) is a segmentation guess
_QUESTION_WORD = re.compile("什么|哪|几|多少|多久|多长|谁|怎|吗|呢")
_NOUN_TAGS = ("n", "nr", "ns", "nt", "nz", "vn", "eng")


class CorpusStats(Protocol):
    """Document frequencies of the indexed chunks (assistant.knowledge's lexicon terms)."""

    n_chunks: int
    mean_chars: float

    def document_frequency(self, term: str) -> int: ...


class IndexStats:
    """CorpusStats of one index generation (term counts already held by the snapshot)."""

    def __init__(self, snapshot) -> None:
        counts = snapshot.counts
        self.n_chunks = counts.n_rows
        self._ids = counts.term_ids
        self._df = np.bincount(counts.counts.indices, minlength=len(counts.vocab)) if self.n_chunks else []
        self.mean_chars = float(np.mean([len(c.text) for c in snapshot.chunks])) if snapshot.chunks else 1.0

    def document_frequency(self, term: str) -> int:
        tid = self._ids.get(lexicon.normalize(term))
        return int(self._df[tid]) if tid is not None else 0


class TextStats:
    """CorpusStats over a few texts (the retrieved hits) when no index is at hand, e.g. in unit tests."""

    def __init__(self, texts: list[str]) -> None:
        self.n_chunks = len(texts)
        self._sets = [set(lexicon.tokenize(t)) for t in texts]
        self.mean_chars = float(np.mean([len(t) for t in texts])) if texts else 1.0

    def document_frequency(self, term: str) -> int:
        term = lexicon.normalize(term)
        return sum(term in s for s in self._sets)


_cache: dict[int, tuple[int, IndexStats]] = {}


def stats_for(retriever) -> CorpusStats | None:
    """IndexStats of the retriever's live generation (cached), or None for retrievers without an index."""
    index = getattr(retriever, "index", None)
    snapshot = getattr(index, "snapshot", None) if index is not None else None
    if snapshot is None or not hasattr(snapshot, "counts"):
        return None
    cached = _cache.get(id(index))
    if cached is None or cached[0] != snapshot.generation:
        cached = _cache[id(index)] = (snapshot.generation, IndexStats(snapshot))
    return cached[1]


@lru_cache(maxsize=1)
def _noun_tags() -> dict[str, str]:
    import jieba.posseg

    return jieba.posseg.POSTokenizer(lexicon.get_tokenizer()).word_tag_tab


def word_tag(term: str) -> str:
    """jieba's part-of-speech tag of a dictionary word ("" when unknown)."""
    return _noun_tags().get(term, "")


def in_dictionary(term: str) -> bool:
    return term in lexicon.domain_terms() or bool(lexicon.get_tokenizer().FREQ.get(term))


def names_a_thing(term: str) -> bool:
    """A domain word or a dictionary noun (网点, 手续费, 违约金), not a colloquial verb (放出去, 写明)."""
    return term in lexicon.domain_terms() or _noun_tags().get(term, "").startswith(_NOUN_TAGS)


@dataclass(frozen=True)
class ContentTerm:
    term: str
    forms: tuple[str, ...]  # surface forms the corpus knows (variants, rule-word expansions, parts)
    weight: float  # question weight × IDF
    known: bool  # some form occurs in the corpus
    thing: bool  # a specific (not generic) word that names a thing (see names_a_thing)


def idf(df: int, n: int) -> float:
    return math.log1p((n - df + 0.5) / (df + 0.5))


def content_terms(terms: QuestionTerms, stats: CorpusStats) -> list[ContentTerm]:
    """The question's words minus question words and phrases already carried by a longer term."""
    out = []
    for term, weight in terms.key.items():
        if _QUESTION_WORD.search(term) or any(term != o and term in o for o in terms.key if o not in GENERIC):
            continue
        candidates = [*variants(term), *terms.expansions.get(term, ())]
        forms = tuple(f for f in candidates if stats.document_frequency(f))
        if not forms and len(term) >= 3:
            parts = _parts(term)
            forms = tuple(parts) if parts and all(stats.document_frequency(p) for p in parts) else ()
        if forms:
            value = idf(min(stats.document_frequency(f) for f in forms), stats.n_chunks)
        else:
            guess = 1.0 if in_dictionary(term) else GUESS_SHARE
            value = guess * UNKNOWN_SHARE * idf(0, stats.n_chunks)
        specific = weight >= 1.0
        out.append(ContentTerm(term, forms, weight * value, bool(forms), specific and names_a_thing(term)))
    return out


def salience(term: ContentTerm, text: str, stats: CorpusStats) -> float:
    """BM25 term saturation in this text, 1.0 for one mention in an average-length chunk (capped)."""
    tf = max((text.count(f) for f in term.forms), default=0)
    if not tf:
        return 0.0
    k = K1 * (1 - B + B * len(text) / max(stats.mean_chars, 1.0))
    return min(1.0, (tf / (tf + k)) * (1 + K1))


def strength(content: list[ContentTerm], text: str, stats: CorpusStats) -> float:
    """Share of the question's IDF mass present, and salient, in one chunk's text (0–1)."""
    total = sum(t.weight for t in content)
    if not total:
        return 0.0
    return sum(t.weight * salience(t, text, stats) for t in content if t.known) / total
