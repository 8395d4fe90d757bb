"""The knowledge index in PostgreSQL: one lexical index for every worker on every machine.

Chunks are stored once by content (`kb_chunks`), with their lexicon terms as postings (`kb_postings`,
an inverted index on (term, chunk) — the same jieba and lexicon pipeline as the file index). A generation
is its rows (`kb_members`), its terms' document frequencies (`kb_df`) and its manifest; `kb_current`
names the live one. A commit writes all of it in one transaction, so a reader on any machine sees the
previous generation or the new one whole. BM25 is scored in SQL from those statistics with the file
index's parameters, so both give the same ranking. Workers keep no index files: only the chunk list of
the live generation (for filters and citations), loaded when `kb_current` moves.

Why postings rather than a tsvector: BM25 needs each term's count in the chunk and the chunk's length,
and ts_rank is not BM25; a (term, chunk) primary key is the same inverted index a GIN would hold.
"""

from __future__ import annotations

import io
import json
import os
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone

import numpy as np
from sqlalchemy import text

from assistant.knowledge import lexicon
from assistant.knowledge.generation import Snapshot, chunk_dict
from assistant.knowledge.lexical import B, K1
from assistant.knowledge.stores import KEEP_GENERATIONS, index_text
from assistant.knowledge.types import Chunk, DocumentRecord

WRITER_LOCK = zlib.crc32(b"daihou-assistant knowledge index writer")  # pg_advisory_lock key

_SCORES = text("""
    SELECT m.row, sum(q.w * ln(1 + (:n - d.df + 0.5) / (d.df + 0.5))
                      * p.tf * (:k1 + 1) / (p.tf + :k1 * (1 - :b + :b * p.length / :avg))) AS score
    FROM unnest(CAST(:terms AS text[]), CAST(:weights AS float8[])) AS q(term, w)
    JOIN kb_df d ON d.generation = :g AND d.term = q.term
    JOIN kb_postings p ON p.term = q.term
    JOIN kb_members m ON m.generation = :g AND m.chunk_key = p.chunk_key
    GROUP BY m.row
""")
_MATCHED = text("""
    SELECT m.row, p.term FROM kb_members m JOIN kb_postings p ON p.chunk_key = m.chunk_key
    WHERE m.generation = :g AND m.row = ANY(CAST(:rows AS int[])) AND p.term = ANY(CAST(:terms AS text[]))
""")


def chunk_key(chunk: Chunk) -> str:
    """Content address of a chunk (text and metadata): an unchanged chunk keeps its postings."""
    import hashlib

    return hashlib.sha1(repr(chunk).encode("utf-8")).hexdigest()


class PostgresBM25:
    """The LexicalIndex contract (assistant/knowledge/lexical.py) over one generation in PostgreSQL, plus
    the statistics answering reads (document frequency, vocabulary)."""

    def __init__(self, engine, generation: int, n_rows: int, total_length: int) -> None:
        self.engine = engine
        self.generation = generation
        self.n_rows = n_rows
        self.avg_length = max(total_length / n_rows, 1e-9) if n_rows else 1.0
        self._df: dict[str, int] = {}

    def scores(self, terms: dict[str, float], mask: np.ndarray | None = None) -> np.ndarray:
        result = np.zeros(self.n_rows, np.float32)
        if not terms or not self.n_rows:
            return result
        names = list(terms)
        with self.engine.connect() as connection:
            rows = connection.execute(_SCORES, {"terms": names, "weights": [float(terms[t]) for t in names],
                                                "g": self.generation, "n": self.n_rows, "k1": K1, "b": B,
                                                "avg": self.avg_length}).all()
        if rows:
            index, values = zip(*rows)
            result[np.asarray(index, np.int64)] = np.asarray(values, np.float32)
        if mask is not None:
            result[~mask] = 0.0
        return result

    def matched_terms(self, rows: Sequence[int], terms: dict[str, float]) -> list[list[str]]:
        if not rows or not terms:
            return [[] for _ in rows]
        with self.engine.connect() as connection:
            found = connection.execute(_MATCHED, {"g": self.generation, "rows": [int(r) for r in rows],
                                                  "terms": list(terms)}).all()
        by_row: dict[int, list[str]] = {}
        for row, term in found:
            by_row.setdefault(row, []).append(term)
        order = {t: i for i, t in enumerate(terms)}  # ties keep the query's order, as the file index does
        return [sorted(by_row.get(int(r), []), key=lambda t: (-terms[t], -len(t), order[t])) for r in rows]

    def document_frequency(self, term: str) -> int:
        found = self._df.get(term)
        if found is None:
            with self.engine.connect() as connection:
                found = connection.execute(text("SELECT df FROM kb_df WHERE generation = :g AND term = :t"),
                                           {"g": self.generation, "t": term}).scalar() or 0
            if len(self._df) > 50_000:
                self._df.clear()
            self._df[term] = found
        return found

    def vocabulary(self) -> list[str]:
        with self.engine.connect() as connection:
            return list(connection.execute(text("SELECT term FROM kb_df WHERE generation = :g ORDER BY term"),
                                           {"g": self.generation}).scalars())


class PostgresGenerations:
    """The GenerationStore (assistant/knowledge/stores.py) in the records database."""

    def __init__(self, settings) -> None:
        self.settings = settings

    @property
    def engine(self):
        from assistant.db import get_engine

        return get_engine(self.settings)

    def stamp(self) -> int | None:
        with self.engine.connect() as connection:
            generation = connection.execute(text("SELECT generation FROM kb_current WHERE id = 1")).scalar()
        return generation or None

    def load(self) -> tuple[object, Snapshot] | None:
        engine = self.engine
        # one snapshot of the database: a generation pruned by a writer meanwhile is still read whole
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
            generation = connection.execute(text("SELECT generation FROM kb_current WHERE id = 1")).scalar()
            if not generation:
                return None
            head = connection.execute(text("SELECT manifest, n_rows, total_length, ngram_idf FROM kb_generations "
                                           "WHERE generation = :g"), {"g": generation}).one()
            members = connection.execute(text(
                "SELECT m.chunk_key, m.vector_key, c.body FROM kb_members m JOIN kb_chunks c USING (chunk_key) "
                "WHERE m.generation = :g ORDER BY m.row"), {"g": generation}).all()
        manifest = json.loads(head.manifest)
        snapshot = Snapshot(
            generation=generation,
            documents={k: DocumentRecord(**v) for k, v in manifest["documents"].items()},
            chunks=[Chunk(**json.loads(body)) for _, _, body in members],
            keys=[key for _, key, _ in members],
            embedder=manifest.get("embedder") or {},
            idf=np.load(io.BytesIO(head.ngram_idf)) if head.ngram_idf is not None else None,
            writer_pid=manifest.get("writer_pid", 0),
        )
        snapshot.chunk_keys = [key for key, _, _ in members]
        snapshot.lexical = PostgresBM25(engine, generation, head.n_rows, head.total_length)
        return generation, snapshot

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """One writer at a time across every process and machine (a session-level advisory lock)."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": WRITER_LOCK})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": WRITER_LOCK})
                connection.commit()

    def next_generation(self, previous: Snapshot) -> int:
        with self.engine.connect() as connection:
            highest = connection.execute(text("SELECT coalesce(max(generation), 0) FROM kb_generations")).scalar()
        return max(highest, previous.generation) + 1

    def commit(self, snapshot: Snapshot, previous: Snapshot, kept_rows: list[int], fresh: list[Chunk]) -> object:
        old_keys = getattr(previous, "chunk_keys", [])
        known = {c: old_keys[i] for i, c in enumerate(previous.chunks) if i < len(old_keys)}
        keys = [known.get(c) or chunk_key(c) for c in snapshot.chunks]
        snapshot.chunk_keys = keys
        new_rows = [(key, chunk) for key, chunk in zip(keys, snapshot.chunks) if chunk not in known]
        terms = {key: Counter(lexicon.tokenize(index_text(chunk))) for key, chunk in new_rows}
        lengths = {key: sum(counts.values()) for key, counts in terms.items()}
        live = set(keys)
        added, removed = sorted(live - set(old_keys)), sorted(set(old_keys) - live)
        with self.engine.begin() as connection:
            raw = connection.connection.driver_connection
            self._write_chunks(raw, new_rows, terms, lengths)
            self._write_members(raw, snapshot)
            total = connection.execute(text(
                "SELECT coalesce(sum(c.length), 0) FROM kb_chunks c WHERE c.chunk_key = ANY(CAST(:keys AS text[]))"),
                {"keys": keys}).scalar()
            self._write_df(connection, snapshot.generation, previous.generation, added, removed)
            connection.execute(text(
                "INSERT INTO kb_generations (generation, manifest, n_rows, total_length, ngram_idf, created_at) "
                "VALUES (:g, :manifest, :n, :total, :idf, :at)"),
                {"g": snapshot.generation, "manifest": json.dumps(_manifest(snapshot), ensure_ascii=False),
                 "n": len(keys), "total": int(total), "idf": _npy(snapshot.idf), "at": datetime.now(timezone.utc)})
            connection.execute(text("UPDATE kb_current SET generation = :g WHERE id = 1"),  # the commit point
                               {"g": snapshot.generation})
        snapshot.lexical = PostgresBM25(self.engine, snapshot.generation, len(keys), int(total))
        return snapshot.generation

    @staticmethod
    def _write_chunks(raw, rows: list[tuple[str, Chunk]], terms: dict[str, Counter], lengths: dict[str, int]) -> None:
        """New chunks and their postings through COPY into temporary tables (a chunk another generation
        already holds is kept as it is)."""
        if not rows:
            return
        with raw.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE new_chunks (LIKE kb_chunks) ON COMMIT DROP")
            cursor.execute("CREATE TEMP TABLE new_postings (LIKE kb_postings) ON COMMIT DROP")
            with cursor.copy("COPY new_chunks (chunk_key, body, length) FROM STDIN") as copy:
                for key, chunk in rows:
                    copy.write_row((key, json.dumps(chunk_dict(chunk), ensure_ascii=False), lengths[key]))
            with cursor.copy("COPY new_postings (term, chunk_key, tf, length) FROM STDIN") as copy:
                for key, counts in terms.items():
                    for term, tf in counts.items():
                        copy.write_row((term, key, tf, lengths[key]))
            cursor.execute("INSERT INTO kb_chunks SELECT * FROM new_chunks ON CONFLICT DO NOTHING")
            cursor.execute("INSERT INTO kb_postings SELECT * FROM new_postings ON CONFLICT DO NOTHING")

    @staticmethod
    def _write_members(raw, snapshot: Snapshot) -> None:
        with raw.cursor() as cursor:
            with cursor.copy("COPY kb_members (generation, row, chunk_key, vector_key) FROM STDIN") as copy:
                for row, (key, vector) in enumerate(zip(snapshot.chunk_keys, snapshot.keys)):
                    copy.write_row((snapshot.generation, row, key, vector))

    @staticmethod
    def _write_df(connection, generation: int, previous: int, added: list[str], removed: list[str]) -> None:
        """The previous generation's document frequencies plus the added chunks' terms, less the removed ones'."""
        connection.execute(text("""
            INSERT INTO kb_df (generation, term, df)
            SELECT :g, term, sum(df) FROM (
                SELECT term, df FROM kb_df WHERE generation = :prev
                UNION ALL
                SELECT term, count(*) FROM kb_postings WHERE chunk_key = ANY(CAST(:added AS text[])) GROUP BY term
                UNION ALL
                SELECT term, -count(*) FROM kb_postings WHERE chunk_key = ANY(CAST(:removed AS text[])) GROUP BY term
            ) AS change GROUP BY term HAVING sum(df) > 0
        """), {"g": generation, "prev": previous, "added": added, "removed": removed})

    def prune(self) -> None:
        """Drop generations before the last KEEP_GENERATIONS, then the chunks and postings no kept
        generation holds."""
        with self.engine.begin() as connection:
            floor = connection.execute(text(
                "SELECT generation FROM kb_generations ORDER BY generation DESC OFFSET :keep LIMIT 1"),
                {"keep": KEEP_GENERATIONS - 1}).scalar()
            if floor is None:
                return
            gone = list(connection.execute(text("""
                SELECT chunk_key FROM kb_members WHERE generation < :floor
                EXCEPT SELECT chunk_key FROM kb_members WHERE generation >= :floor"""), {"floor": floor}).scalars())
            for table in ("kb_members", "kb_df", "kb_generations"):
                connection.execute(text(f"DELETE FROM {table} WHERE generation < :floor"), {"floor": floor})
            if gone:
                for table in ("kb_postings", "kb_chunks"):
                    connection.execute(text(f"DELETE FROM {table} WHERE chunk_key = ANY(CAST(:keys AS text[]))"),
                                       {"keys": gone})

    def flag(self, name: str) -> str | None:
        with self.engine.connect() as connection:
            return connection.execute(text("SELECT value FROM kb_flags WHERE name = :n"), {"n": name}).scalar()

    def set_flag(self, name: str, value: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(text("INSERT INTO kb_flags (name, value) VALUES (:n, :v) "
                                    "ON CONFLICT (name) DO UPDATE SET value = excluded.value"), {"n": name, "v": value})

    def clear_flag(self, name: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(text("DELETE FROM kb_flags WHERE name = :n"), {"n": name})


def _manifest(snapshot: Snapshot) -> dict:
    from dataclasses import asdict

    return {"documents": {k: asdict(v) for k, v in snapshot.documents.items()}, "embedder": snapshot.embedder,
            "writer_pid": os.getpid()}


def _npy(array: np.ndarray | None) -> bytes | None:
    if array is None:
        return None
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()
