"""KnowledgeIndex: the document catalog and atomic, incremental index commits through a generation store
(files under ASSISTANT_HOME, or PostgreSQL shared by every machine: assistant/knowledge/stores.py)."""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

from assistant.knowledge.generation import Snapshot, chroma_metadata, vector_key
from assistant.knowledge.stores import PENDING_VECTORS, generation_store, index_text
from assistant.knowledge.types import Chunk, DocumentRecord, IndexChanges

log = logging.getLogger(__name__)

BROKEN_VECTORS = "vectors.broken"  # names a collection Chroma failed to read; the next apply rebuilds it
REFIT_GROWTH = 2.0  # refit the n-gram idf (and re-embed) when the corpus doubled or halved since the fit
_st_embedders: dict[tuple, object] = {}

__all__ = ["BROKEN_VECTORS", "KnowledgeIndex", "index_text"]


class KnowledgeIndex:
    """Catalog + lexical index + vectors of the live generation; readers reload when the store's commit
    point moves."""

    def __init__(self, settings=None) -> None:
        from assistant.config import get_settings

        self.settings = settings or get_settings()
        self.root: Path = self.settings.index_dir
        self.store = generation_store(self.settings)
        self._snapshot = Snapshot()
        self._stamp: object | None = None
        self._lock = threading.RLock()
        self._vectors = None

    # ---- reading -------------------------------------------------------------------------
    @property
    def snapshot(self) -> Snapshot:
        self.refresh()
        return self._snapshot

    @property
    def generation(self) -> int:
        return self.snapshot.generation

    def documents(self) -> dict[str, DocumentRecord]:
        return dict(self.snapshot.documents)

    def chunk(self, chunk_id: str) -> Chunk | None:
        snap = self.snapshot
        pos = snap.chunk_pos.get(chunk_id)
        return snap.chunks[pos] if pos is not None else None

    def chunks(self) -> list[Chunk]:
        return list(self.snapshot.chunks)

    def sources(self, doc_id: str) -> list[str]:
        """File names holding a document's text: its own, then those stored as its duplicates."""
        documents = self.snapshot.documents
        record = documents.get(doc_id)
        if record is None:
            return []
        copies = sorted(r.source_path for r in documents.values() if r.duplicate_of == doc_id)
        return [Path(path).name for path in [record.source_path, *copies]]

    def refresh(self) -> bool:
        """Reload when another process committed (one stat call or one indexed row when nothing changed)."""
        stamp = self.store.stamp()
        if stamp is None or stamp == self._stamp:
            return False
        with self._lock:
            if stamp == self._stamp:  # another thread loaded it while this one waited for the lock
                return False
            loaded = self.store.load()
            if loaded is None:
                return False
            stamp, snapshot = loaded
            if snapshot.writer_pid != os.getpid() and self._snapshot.generation:
                from assistant.knowledge.vectorstore import reopen_embedded

                reopen_embedded(self.settings)
            self._snapshot, self._stamp = snapshot, stamp
        return True

    # ---- vectors -------------------------------------------------------------------------
    def embedder(self, snapshot: Snapshot | None = None):
        from assistant.knowledge.embedders import NgramEmbedder, make_embedder

        snap = snapshot or self.snapshot
        if self.settings.embedder == "ngram":
            if snap.idf is None:
                return None
            if snap._ngram_embedder is None:
                snap._ngram_embedder = NgramEmbedder(idf=snap.idf)
            return snap._ngram_embedder
        if self.settings.embedder in ("st", "wordvec"):
            key = (self.settings.embedder, self.settings.st_model, self.settings.st_device, self.settings.st_query_prefix)
            if key not in _st_embedders:
                _st_embedders[key] = make_embedder(self.settings)
            return _st_embedders[key]
        return None

    def vectors_failed(self, collection: str, exc: BaseException) -> None:
        """A query on the collection failed inside Chroma: note it for the next apply, warn once."""
        if (self.store.flag(BROKEN_VECTORS) or "").strip() == collection:
            return
        log.warning("向量库 %s 读取失败（%s），检索暂按词匹配进行，下次入库时重建向量", collection, exc)
        self.store.set_flag(BROKEN_VECTORS, collection)

    def vector_store(self, collection: str):
        from assistant.knowledge.vectorstore import ChromaVectorStore

        if self._vectors is None or self._vectors.collection_name != collection:
            self._vectors = ChromaVectorStore(self.settings, collection)
        return self._vectors

    # ---- writing -------------------------------------------------------------------------
    def apply(self, changes: IndexChanges) -> int:
        """Commit the changes as one new generation; returns its number. Readers never see half of it."""
        with self.store.writer_lock(), self._lock:
            self.refresh()
            previous = self._snapshot
            self._collect_crash_orphans(previous)
            if changes.is_empty():
                return previous.generation
            snapshot, rows, fresh = self._plan(previous, changes)
            new_keys = sorted(set(snapshot.keys) - set(previous.keys) - {""})
            self.store.set_flag(PENDING_VECTORS, json.dumps({"collection": snapshot.embedder.get("collection"),
                                                             "keys": new_keys}))
            rebuilt = self._write_vectors(snapshot, new_keys)
            stamp = self.store.commit(snapshot, previous, rows, fresh)
            self.store.clear_flag(BROKEN_VECTORS)  # before a failing delete can flag again
            if not rebuilt:
                self._delete_stale(previous, snapshot)
            self.store.clear_flag(PENDING_VECTORS)
            self.store.prune()
            self._snapshot, self._stamp = snapshot, stamp
            return snapshot.generation

    def rebuild(self) -> int:
        """A new generation of the same chunks with every chunk's lexicon terms read again (after a change
        of the domain dictionary or synonyms); vectors are kept. Returns the new generation."""
        with self.store.writer_lock(), self._lock:
            self.refresh()
            previous = self._snapshot
            snapshot = Snapshot(generation=self.store.next_generation(previous), documents=dict(previous.documents),
                                chunks=list(previous.chunks), keys=list(previous.keys), embedder=dict(previous.embedder),
                                idf=previous.idf)
            stamp = self.store.commit(snapshot, previous, [], [], rebuild=True)
            self.store.prune()
            self._snapshot, self._stamp = snapshot, stamp
            return snapshot.generation

    def check(self) -> dict:
        """What an operator checks: the store's generations and leftovers, and whether the live generation's
        vectors are all in the vector store."""
        report = {"backend": "postgresql" if self.settings.index_in_database else "files", **self.store.check()}
        snap = self.snapshot
        live_keys = [k for k in snap.keys if k]
        report.update(generation=snap.generation, documents=len(snap.documents), chunks=len(snap.chunks))
        collection = snap.embedder.get("collection")
        if collection and live_keys:
            try:
                found = self.vector_store(collection).existing(live_keys)
                report["vectors_missing"] = len(live_keys) - len(found)
            except Exception as exc:  # a broken collection is a finding, not a crash of the check
                report["vectors_missing"] = len(live_keys)
                report["problems"].append(f"向量库 {collection} 无法读取：{exc}")
            if report["vectors_missing"]:
                report["problems"].append(f"{report['vectors_missing']} 个条文缺少向量（下次入库或 index rebuild 补齐）")
        if self.store.flag(BROKEN_VECTORS):
            report["problems"].append("向量库曾读取失败，下次入库时重建")
        return report

    def _plan(self, previous: Snapshot, changes: IndexChanges) -> tuple[Snapshot, list[int], list[Chunk]]:
        """The new generation without its term counts, the previous rows it keeps, the chunks to tokenise."""
        replaced = set(changes.removals) | {record.doc_id for record, _ in changes.upserts}
        documents = {k: v for k, v in previous.documents.items() if k not in replaced}
        old_rows = {c: i for i, c in enumerate(previous.chunks)}
        kept = [i for i, c in enumerate(previous.chunks) if c.doc_id not in replaced]
        chunks = [previous.chunks[i] for i in kept]
        reused, fresh = [], []
        for record, new_chunks in changes.upserts:
            documents[record.doc_id] = record
            for chunk in new_chunks:
                row = old_rows.get(chunk)  # identical chunk (text and metadata): keep its terms
                (reused if row is not None else fresh).append((chunk, row))
        rows = kept + [row for _, row in reused]
        chunks += [c for c, _ in reused] + [c for c, _ in fresh]
        snapshot = Snapshot(generation=self.store.next_generation(previous), documents=documents, chunks=chunks)
        self._prepare_vectors(previous, snapshot, rows)
        return snapshot, rows, [c for c, _ in fresh]

    def _prepare_vectors(self, previous: Snapshot, snapshot: Snapshot, old_rows: list[int]) -> None:
        """Fix the embedder version (refitting the n-gram idf when due) and give every chunk its key."""
        from assistant.knowledge.embedders import NgramEmbedder

        kind = self.settings.embedder
        snapshot.keys = [""] * len(snapshot.chunks)
        if kind == "none":
            return
        if kind == "ngram":
            fitted_on = previous.embedder.get("fitted_on", 0)
            growth = len(snapshot.chunks) / max(fitted_on, 1)
            refit = previous.idf is None or previous.embedder.get("name") != "ngram"
            if refit or not (1 / REFIT_GROWTH < growth < REFIT_GROWTH):
                texts = [index_text(c) for c in snapshot.chunks]
                snapshot.idf, fitted_on = NgramEmbedder.fit_idf(texts), len(texts)
            else:
                snapshot.idf = previous.idf
            embedder = NgramEmbedder(idf=snapshot.idf)
            info = {"fitted_on": fitted_on}
        else:
            embedder = self.embedder(snapshot)
            info = {"model": embedder.model_name}
        version = embedder.version  # hashing the idf is not free: once per apply
        suffix = "ngram" if kind == "ngram" else f"{kind}-{version}"
        snapshot.embedder = {"name": kind, "version": version, "dimension": embedder.dimension,
                             "collection": f"{self.settings.chroma_collection}-{suffix}", **info}
        same = previous.embedder.get("version") == version and previous.embedder.get("name") == kind
        keys = [previous.keys[r] for r in old_rows] if same else []
        keys += [vector_key(c, version) for c in snapshot.chunks[len(keys):]]
        snapshot.keys = keys
        snapshot.key_pos = {k: i for i, k in enumerate(keys)}

    def _write_vectors(self, snapshot: Snapshot, keys: list[str]) -> bool:
        """Upsert the new keys; when the collection is known broken, or breaks now, rebuild it whole from
        the snapshot (the chunks are the source of truth). Returns whether it was rebuilt."""
        from assistant.knowledge.vectorstore import is_store_failure

        collection = snapshot.embedder.get("collection")
        if not collection:
            return False
        broken = (self.store.flag(BROKEN_VECTORS) or "").strip() == collection
        if not broken:
            try:
                self._upsert_vectors(snapshot, keys)
                return False
            except Exception as exc:
                if not is_store_failure(exc):
                    raise
                log.warning("向量库 %s 写入失败（%s），按当前知识库重建", collection, exc)
        store = self.vector_store(collection)
        store.drop()
        self._upsert_vectors(snapshot, sorted(set(snapshot.keys) - {""}))
        log.info("向量库 %s 已重建：%d 条", collection, store.count())
        return True

    def _upsert_vectors(self, snapshot: Snapshot, keys: list[str]) -> None:
        if not keys:
            return
        embedder = self.embedder(snapshot)
        rows = [snapshot.key_pos[k] for k in keys]
        store = self.vector_store(snapshot.embedder["collection"])
        for start in range(0, len(rows), 4096):
            part = [snapshot.chunks[r] for r in rows[start : start + 4096]]
            vectors = embedder.embed_documents([index_text(c) for c in part])
            store.upsert(keys[start : start + 4096], vectors, [chroma_metadata(c) for c in part])

    def _delete_stale(self, previous: Snapshot, snapshot: Snapshot) -> None:
        collection = previous.embedder.get("collection")
        stale = set(previous.keys) - set(snapshot.keys) - {""}
        if collection and stale:
            self._delete_vectors(collection, stale)  # stale keys are never read; a rebuild drops them

    def _collect_crash_orphans(self, live: Snapshot) -> None:
        """Vectors upserted by an apply that died before its commit are deleted now."""
        pending = self.store.flag(PENDING_VECTORS)
        if pending is None:
            return
        info = json.loads(pending or "{}")
        orphans = set(info.get("keys", [])) - set(live.keys)
        if orphans and info.get("collection"):
            self._delete_vectors(info["collection"], orphans)
        self.store.clear_flag(PENDING_VECTORS)

    def _delete_vectors(self, collection: str, keys: set[str]) -> None:
        """Delete keys; a collection failing inside Chroma is flagged for the next rebuild instead."""
        from assistant.knowledge.vectorstore import is_store_failure

        try:
            self.vector_store(collection).delete(sorted(keys))
        except Exception as exc:
            if not is_store_failure(exc):
                raise
            self.vectors_failed(collection, exc)
