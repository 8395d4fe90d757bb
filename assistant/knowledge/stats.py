"""Corpus statistics: part of the retriever contract, so answering reads the same numbers from every retriever.

`CorpusStats` is what answering needs of the indexed corpus: how many chunks, their mean length, the
document frequency of a lexicon term, the vocabulary, near words of a question word inside that
vocabulary (offline word semantics; empty when the semantic data is missing), and the corpus words an
abbreviation stands for (assistant/knowledge/abbreviations.py). `IndexStats` serves one
index generation; `TextStats` serves a fixed list of texts (the in-memory test double uses it).
"""

from __future__ import annotations

import threading
from typing import Protocol

import numpy as np

from assistant.knowledge import lexicon, semantic
from assistant.knowledge.abbreviations import Abbreviations


class CorpusStats(Protocol):
    n_chunks: int
    mean_chars: float

    def document_frequency(self, term: str) -> int: ...

    def text_frequency(self, text: str) -> int:
        """Chunks whose text contains the string (for words the tokenizer splits differently: 约谈)."""
        ...

    def vocabulary(self) -> list[str]: ...

    def near_words(self, word: str, threshold: float, limit: int) -> list[semantic.Neighbour]: ...

    def full_forms(self, short: str, limit: int = 2) -> list[str]:
        """Corpus words an abbreviation the corpus never has stands for (实控人 → 实际控制人)."""
        ...


class _NearWords:
    """Near words within this corpus's vocabulary, built on first use (one matrix per statistics object),
    and substring frequencies of strings the tokenizer does not produce (cached)."""

    def _raw_texts(self) -> list[str]:  # pragma: no cover - provided by the subclasses
        raise NotImplementedError

    def text_frequency(self, text: str) -> int:
        text = lexicon.normalize(text)
        found = self._substrings.get(text)
        if found is None:
            if self._texts is None:  # normalised on first use: most questions never need it
                self._texts = [lexicon.normalize(t) for t in self._raw_texts()]
            found = sum(text in t for t in self._texts)
            if len(self._substrings) > 5000:
                self._substrings.clear()
            self._substrings[text] = found
        return found

    def __init__(self) -> None:
        self._texts: list[str] | None = None
        self._substrings: dict[str, int] = {}
        self._matrix: semantic.VocabularyMatrix | None = None
        self._built = False
        self._cache: dict[tuple[str, float, int], list[semantic.Neighbour]] = {}
        self._lock = threading.Lock()
        self._abbreviations: Abbreviations | None = None

    def full_forms(self, short: str, limit: int = 2) -> list[str]:
        if self._abbreviations is None:
            with self._lock:
                if self._abbreviations is None:
                    self._abbreviations = Abbreviations(self.vocabulary(), self.document_frequency, self.n_chunks)
        return self._abbreviations.full_forms(short, limit)

    def near_words(self, word: str, threshold: float, limit: int) -> list[semantic.Neighbour]:
        if not self._built:
            with self._lock:
                if not self._built:
                    lex = semantic.get()
                    self._matrix = lex.matrix([w for w in self.vocabulary() if len(w) >= 2]) if lex else None
                    self._built = True
        if self._matrix is None:
            return []
        key = (word, threshold, limit)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._matrix.neighbours(word, threshold, limit)
            if len(self._cache) > 20000:
                self._cache.clear()
        return found

    def vocabulary(self) -> list[str]:  # pragma: no cover - provided by the subclasses
        raise NotImplementedError


class IndexStats(_NearWords):
    """CorpusStats of one index generation: from the term counts the snapshot holds, or from its lexical
    index when that lives in the database (document frequencies kept per generation there)."""

    def __init__(self, snapshot) -> None:
        super().__init__()
        self._chunks = snapshot.chunks
        self.mean_chars = float(np.mean([len(c.text) for c in snapshot.chunks])) if snapshot.chunks else 1.0
        self._shared = snapshot.lexical
        if self._shared is not None:
            self.n_chunks = len(snapshot.chunks)
            return
        counts = snapshot.counts
        self.n_chunks = counts.n_rows
        self._ids = counts.term_ids
        self._vocab = counts.vocab
        # an index whose every document was removed keeps its vocabulary, with no rows to count
        self._df = (np.bincount(counts.counts.indices, minlength=len(counts.vocab)) if self.n_chunks
                    else np.zeros(len(counts.vocab), dtype=np.int64))

    def _raw_texts(self) -> list[str]:
        return [c.text for c in self._chunks]

    def document_frequency(self, term: str) -> int:
        term = lexicon.normalize(term)
        if self._shared is not None:
            return self._shared.document_frequency(term)
        tid = self._ids.get(term)
        return int(self._df[tid]) if tid is not None else 0

    def vocabulary(self) -> list[str]:
        if self._shared is not None:
            return self._shared.vocabulary()
        return [t for t, df in zip(self._vocab, self._df) if df]


class TextStats(_NearWords):
    """CorpusStats over a few texts (an in-memory corpus)."""

    def __init__(self, texts: list[str]) -> None:
        super().__init__()
        self.n_chunks = len(texts)
        self._sets = [set(lexicon.tokenize(t)) for t in texts]
        self._raw = list(texts)
        self.mean_chars = float(np.mean([len(t) for t in texts])) if texts else 1.0

    def _raw_texts(self) -> list[str]:
        return self._raw

    def document_frequency(self, term: str) -> int:
        term = lexicon.normalize(term)
        return sum(term in s for s in self._sets)

    def vocabulary(self) -> list[str]:
        return sorted(set().union(*self._sets)) if self._sets else []
