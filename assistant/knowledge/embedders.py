"""Embedders behind the Embedder protocol: hashed character n-grams (no download) and sentence-transformers."""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from functools import lru_cache
from typing import Sequence

import numpy as np

BUCKETS = 1 << 18  # hashed n-gram space in which document frequencies are counted
ORDER_WEIGHTS = {1: 0.2, 2: 1.0, 3: 0.3}  # measured on evals/retrieval
_MULT = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))
_MIX = np.uint64(0xFF51AFD7ED558CCD)
ST_MISSING = (
    "未安装 sentence-transformers：请安装 .[st] 以使用 sentence-transformers 模型"
    "（pip install -e '.[st]'）。Install .[st] to use sentence-transformers models."
)


class MissingExtra(RuntimeError):
    """An optional dependency is needed for the configured component."""


def _codepoints(text: str) -> np.ndarray:
    """Code points with every character that is not a letter, digit or CJK ideograph set to 0."""
    text = unicodedata.normalize("NFKC", text).lower()
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    keep = ((cps >= 0x3400) & (cps <= 0x9FFF)) | ((cps >= 48) & (cps <= 57)) | ((cps >= 97) & (cps <= 122))
    return np.where(keep, cps, 0)


def ngram_features(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(bucket ids, weights) of the character 1–3-grams of a text; grams across punctuation are dropped."""
    cps = _codepoints(text)
    buckets, weights = [], []
    for n in (1, 2, 3):
        if len(cps) < n:
            break
        h = np.zeros(len(cps) - n + 1, np.uint64)
        valid = np.ones(len(h), bool)
        for i in range(n):
            part = cps[i : len(cps) - n + 1 + i]
            h = (h ^ part) * _MULT[i]
            valid &= part > 0
        h = h[valid] ^ np.uint64(n)
        h = (h ^ (h >> np.uint64(29))) * _MIX
        buckets.append((h >> np.uint64(20)) % np.uint64(BUCKETS))
        weights.append(np.full(len(h), ORDER_WEIGHTS[n], np.float32))
    if not buckets:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    return np.concatenate(buckets).astype(np.int64), np.concatenate(weights)


@lru_cache(maxsize=4)
def _projection(dimension: int) -> tuple[np.ndarray, np.ndarray]:
    """Fixed bucket → (dimension, sign) map: the same in every process, so stored vectors stay valid."""
    rng = np.random.default_rng(20261124)
    return rng.integers(0, dimension, BUCKETS), rng.choice(np.array([-1.0, 1.0], np.float32), BUCKETS)


class _TextByText:
    """Embedders that encode one text at a time with `_embed`, queries and documents alike."""

    dimension: int

    def _embed(self, text: str) -> np.ndarray:  # pragma: no cover - provided by the subclasses
        raise NotImplementedError

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), np.float32)
        for i, text in enumerate(texts):
            out[i] = self._embed(text)
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self._embed(text)


class NgramEmbedder(_TextByText):
    """TF-IDF over hashed character n-grams, sign-hashed down to `dimension` dims and L2-normalised.

    The idf is fitted on the corpus when the index is built and stored with the index generation.
    """

    name = "ngram"

    def __init__(self, dimension: int = 512, idf: np.ndarray | None = None) -> None:
        self.dimension = dimension
        self.idf = idf if idf is not None else np.ones(BUCKETS, np.float32)
        self._dims, self._signs = _projection(dimension)
        self._version: str | None = None

    @staticmethod
    def fit_idf(texts: Sequence[str]) -> np.ndarray:
        df = np.zeros(BUCKETS, np.float64)
        for text in texts:
            df[np.unique(ngram_features(text)[0])] += 1
        return np.log((1 + len(texts)) / (1 + df)).astype(np.float32) + 1.0

    @property
    def version(self) -> str:
        """Changes whenever the idf changes: stored vectors are only comparable within one version."""
        if self._version is None:
            self._version = hashlib.sha1(self.idf.tobytes()).hexdigest()[:10] + f"d{self.dimension}"
        return self._version

    def _embed(self, text: str) -> np.ndarray:
        buckets, weights = ngram_features(text)
        uniq, inverse = np.unique(buckets, return_inverse=True)
        tf = np.bincount(inverse, weights=weights).astype(np.float32)
        values = (1 + np.log1p(tf)) * self.idf[uniq] * self._signs[uniq]
        vec = np.bincount(self._dims[uniq], weights=values, minlength=self.dimension).astype(np.float32)
        norm = np.linalg.norm(vec)
        return vec / norm if norm > 0 else vec



class SentenceTransformerEmbedder:
    """A sentence-transformers model (local path or cached name), loaded on first use."""

    name = "st"

    def __init__(self, model: str, device: str = "cpu", query_prefix: str | None = None) -> None:
        self.model_name = model
        self.device = device
        self.query_prefix = default_query_prefix(model) if query_prefix is None else query_prefix
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                try:
                    from sentence_transformers import SentenceTransformer
                except ImportError as exc:
                    raise MissingExtra(ST_MISSING) from exc
                self._model = SentenceTransformer(self.model_name, device=self.device)
        return self._model

    @property
    def dimension(self) -> int:
        model = self._load()
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    @property
    def version(self) -> str:
        return hashlib.sha1(f"{self.model_name}|{self.query_prefix}".encode()).hexdigest()[:10]

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._load().encode(list(texts), batch_size=32, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts) if texts else np.zeros((0, self.dimension), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([self.query_prefix + text])[0]


class WordVectorEmbedder(_TextByText):
    """SIF-weighted mean of 200-d word vectors (assistant/knowledge/semantic.py), no model download.

    Words are the lexicon's jieba words; each weighs a / (a + p(w)) with p(w) from jieba's dictionary
    frequencies (smooth inverse frequency, corpus-independent so stored vectors stay valid), and the
    first principal direction is not removed (it would tie vectors to one corpus). Words without a
    vector are skipped; a text with none gets a zero vector (the retriever then has only BM25).
    """

    name = "wordvec"
    SIF_A = 1e-4

    def __init__(self, lexicon_data=None) -> None:
        from assistant.knowledge import semantic

        self._lex = lexicon_data or semantic.get()
        if self._lex is None:
            raise MissingExtra("语义词向量不可用：请运行 `assistant semantic build`。Run `assistant semantic build`.")
        self.dimension = int(self._lex.vectors.shape[1])
        self.model_name = f"csw-{semantic.SOURCE_VERSION}-sif"

    @property
    def version(self) -> str:
        return hashlib.sha1(self.model_name.encode()).hexdigest()[:10]

    def _embed(self, text: str) -> np.ndarray:
        from assistant.knowledge import lexicon

        tokenizer = lexicon.get_tokenizer()
        total = max(tokenizer.total, 1)
        vec = np.zeros(self.dimension, np.float32)
        for word, bigram in lexicon.terms(text):
            if bigram:
                continue
            v = self._lex.vector(word)
            if v is not None:
                p = tokenizer.FREQ.get(word, 0) / total
                vec += (self.SIF_A / (self.SIF_A + p)) * v
        norm = np.linalg.norm(vec)
        return vec / norm if norm > 0 else vec



def default_query_prefix(model: str) -> str:
    """bge models retrieve better when the query (not the passage) carries their instruction."""
    lowered = model.lower()
    if "bge" in lowered and "zh" in lowered:
        return "为这个句子生成表示以用于检索相关文章："
    if "bge" in lowered:
        return "Represent this sentence for searching relevant passages: "
    return ""


def make_embedder(settings, idf: np.ndarray | None = None):
    """The configured embedder, or None when vectors are turned off (embedder = "none")."""
    if settings.embedder == "none":
        return None
    if settings.embedder == "st":
        if not settings.st_model:
            raise MissingExtra("未配置 ASSISTANT_ST_MODEL（模型路径或名称）。Set ASSISTANT_ST_MODEL.")
        prefix = settings.st_query_prefix
        return SentenceTransformerEmbedder(settings.st_model, settings.st_device, prefix)
    if settings.embedder == "wordvec":
        return WordVectorEmbedder()
    return NgramEmbedder(idf=idf)
