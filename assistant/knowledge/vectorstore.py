"""Chroma vector store (embedded PersistentClient or a Chroma server), always fed our own embeddings."""

from __future__ import annotations

import logging
import threading
import time
from typing import Protocol, Sequence
from urllib.parse import urlparse

import numpy as np

_clients: dict[str, object] = {}
_lock = threading.Lock()
_retired: list[tuple[float, object]] = []  # (monotonic time retired, chromadb System) awaiting stop
log = logging.getLogger(__name__)
RETIRE_GRACE_S = 60.0
# HNSW's search breadth. At Chroma's default (100) a query for the retriever's 110 nearest missed a different few of
# them in each process (the graph of a small collection is rebuilt on load), so the same question could be answered
# differently after a restart; at 500 the nearest 110 of the sample bank came back the same in every run.
SEARCH_EF = 500


class VectorStore(Protocol):
    """Vectors with the metadata filters need. Chunk texts live in the knowledge index, not here: sent to
    Chroma they would only be indexed again by its full-text search (about a third of the insert time)."""

    def upsert(self, keys: Sequence[str], vectors: np.ndarray, metadatas: Sequence[dict]) -> None: ...

    def delete(self, keys: Sequence[str]) -> None: ...

    def query(self, vector: np.ndarray, n: int, where: dict | None = None) -> list[tuple[str, float]]: ...

    def count(self) -> int: ...


def chroma_client(settings):
    """One client per location: HttpClient when settings.chroma_url is set, else a PersistentClient."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    where = settings.chroma_url or str(settings.chroma_dir)
    with _lock:
        client = _clients.get(where)
        if client is None:
            chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
            if settings.chroma_url:
                url = urlparse(settings.chroma_url)
                client = chromadb.HttpClient(
                    host=url.hostname or "127.0.0.1",
                    port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https",
                    settings=chroma_settings,
                )
            else:
                settings.chroma_dir.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
            _clients[where] = client
    return client


def forget_clients() -> None:
    """Drop cached clients (tests that start and stop servers)."""
    with _lock:
        _clients.clear()


def reopen_embedded(settings) -> None:
    """See another process's writes: an embedded Chroma client keeps its segments cached in memory.

    The old client may still be serving queries on other threads, so its system is stopped only at a
    later reopen, once it has been retired for RETIRE_GRACE_S (queries take milliseconds).
    """
    if settings.chroma_url:
        return
    from chromadb.api.shared_system_client import SharedSystemClient

    where = str(settings.chroma_dir)
    now = time.monotonic()
    with _lock:
        _clients.pop(where, None)
        SharedSystemClient._identifier_to_refcount.pop(where, None)
        system = SharedSystemClient._identifier_to_system.pop(where, None)
        expired = [old for retired_at, old in _retired if now - retired_at > RETIRE_GRACE_S]
        _retired[:] = [(at, old) for at, old in _retired if now - at <= RETIRE_GRACE_S]
        if system is not None:
            _retired.append((now, system))
    for old in expired:
        old.stop()


def _search_ef(collection) -> int:
    hnsw = (getattr(collection, "configuration_json", None) or {}).get("hnsw") or {}
    return int(hnsw.get("ef_search") or 0)


class ChromaVectorStore:
    """One Chroma collection of unit vectors under cosine distance; ids are our vector keys."""

    def __init__(self, settings, collection: str) -> None:
        self.settings = settings
        self.collection_name = collection
        self._collection = None
        self._client = None
        self._batch_size: int | None = None

    @property
    def collection(self):
        client = chroma_client(self.settings)
        if self._collection is None or client is not self._client:  # the client was reopened
            self._client = client
            collection = client.get_or_create_collection(
                self.collection_name,
                configuration={"hnsw": {"space": "cosine", "ef_search": SEARCH_EF}},
                embedding_function=None,  # never let Chroma embed: its default model downloads
            )
            if _search_ef(collection) < SEARCH_EF:  # made before the breadth was raised
                try:
                    collection.modify(configuration={"hnsw": {"ef_search": SEARCH_EF}})
                except Exception as exc:  # a server that refuses: search as before, a few neighbours may differ
                    log.warning("向量库未能调宽检索范围（%s），检索照常进行，但近邻结果在重启后可能略有不同", exc)
            self._collection = collection
        return self._collection

    def _batches(self, n: int):
        if self._batch_size is None:
            self._batch_size = max(1, min(5000, chroma_client(self.settings).get_max_batch_size()))
        return range(0, n, self._batch_size), self._batch_size

    def upsert(self, keys, vectors, metadatas) -> None:
        starts, size = self._batches(len(keys))
        for start in starts:
            end = start + size
            self.collection.upsert(
                ids=list(keys[start:end]),
                embeddings=np.asarray(vectors[start:end], np.float32),
                metadatas=list(metadatas[start:end]),
            )

    def delete(self, keys) -> None:
        keys = list(keys)
        starts, size = self._batches(len(keys))
        for start in starts:
            self.collection.delete(ids=keys[start : start + size])

    def query(self, vector, n, where=None) -> list[tuple[str, float]]:
        """Nearest keys with cosine similarity, best first; `where` is a Chroma metadata filter."""
        if n <= 0:
            return []
        result = self.collection.query(
            query_embeddings=[np.asarray(vector, np.float32)],
            n_results=n,
            where=where or None,
            include=["distances"],
        )
        return [(key, 1.0 - float(dist)) for key, dist in zip(result["ids"][0], result["distances"][0])]

    def get(self, keys) -> dict[str, dict]:
        """The metadata stored with each key."""
        found = self.collection.get(ids=list(keys), include=["metadatas"])
        return dict(zip(found["ids"], found["metadatas"]))

    def count(self) -> int:
        return self.collection.count()

    def existing(self, keys) -> set[str]:
        """Which of the keys the collection holds (ids only)."""
        keys, found = list(keys), set()
        starts, size = self._batches(len(keys))
        for start in starts:
            found.update(self.collection.get(ids=keys[start : start + size], include=[])["ids"])
        return found

    def drop(self) -> None:
        """Delete the whole collection (a later call recreates it empty)."""
        try:
            chroma_client(self.settings).delete_collection(self.collection_name)
        except Exception as exc:  # noqa: BLE001 - absent already: nothing to drop
            if "does not exist" not in str(exc) and "not found" not in str(exc).lower():
                raise
        self._collection = None


def is_store_failure(exc: BaseException) -> bool:
    """A Chroma segment that cannot be read or written (e.g. HNSW files left half-written by a killed writer)."""
    try:
        from chromadb.errors import InternalError
    except ImportError:  # pragma: no cover - chromadb is a dependency
        return False
    return isinstance(exc, InternalError)
