"""The knowledge index in PostgreSQL: one lexical index for every worker on every machine.

Chunks are stored once by content (`kb_chunks`, each with a number that never changes). Each ingest
writes a segment: for every lexicon term of its new chunks (the same jieba and lexicon pipeline as the
file index), one posting list of chunk numbers and term counts (`kb_segment_terms`, keyed by term). A
generation is its rows (`kb_members`), its terms' document frequencies (`kb_df`) and its manifest with
the segments still holding live chunks; `kb_current` names the live one. A commit writes all of it in one
transaction, so a reader on any machine sees the previous generation or the new one whole.

A query reads the posting lists of its terms from the live segments and scores BM25 with the file index's
formula and parameters (the document frequencies and lengths of the generation), so both rank alike.
Posting lists are packed arrays, not a row per (term, chunk): a common term has tens of thousands of
postings at 100k chunks, and summing those row by row in SQL costs hundreds of milliseconds where numpy
takes one. Workers keep no index files, only the live chunk list (for filters and citations).
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone

import numpy as np
from sqlalchemy import text

from assistant.errors import UserError
from assistant.knowledge import lexicon
from assistant.knowledge.generation import Snapshot, chunk_dict, content_address
from assistant.knowledge.lexical import B, K1
from assistant.knowledge.stores import KEEP_GENERATIONS, PENDING_VECTORS, index_text
from assistant.knowledge.types import Chunk, DocumentRecord

WRITER_LOCK = zlib.crc32(b"daihou-assistant knowledge index writer")  # pg_advisory_lock key
MAX_SEGMENTS = 24  # more live segments than this: the commit merges them into one
_NO, _TF = np.dtype("<i4"), np.dtype("<i4")


def _terms(chunk: Chunk) -> Counter:
    return Counter(lexicon.tokenize(index_text(chunk)))


class PostgresBM25:
    """The LexicalIndex contract (assistant/knowledge/lexical.py) over one generation in PostgreSQL, plus
    the statistics answering reads (document frequency, vocabulary)."""

    def __init__(self, engine, generation: int, segments: list[int], chunk_nos: np.ndarray,
                 lengths: np.ndarray, chunk_segments: np.ndarray, df: dict[str, int] | None = None) -> None:
        self.engine = engine
        self.generation = generation
        # the segment holding each row's postings: a merge moves live chunks to a new segment, and a chunk
        # removed before the merge and added back keeps its old one; a list's entry counts only there
        self._segment_of = chunk_segments
        self.segments = segments
        self.n_rows = len(chunk_nos)
        # row of each chunk number (-1: not in this generation); numbers come from a sequence, so dense
        self._row_of = np.full(int(chunk_nos.max(initial=-1)) + 1, -1, np.int64)
        self._row_of[chunk_nos] = np.arange(self.n_rows)
        self._norm = K1 * (1 - B + B * lengths / max(float(lengths.mean()), 1e-9)) if self.n_rows else lengths
        self._df = df  # the generation's document frequencies; read on first use when not given
        self._local = threading.local()  # per request thread: the rows of each term of its last query

    def _rows(self, chunk_nos: np.ndarray) -> np.ndarray:
        """Row of each chunk number in this generation, -1 for chunks it no longer holds."""
        inside = chunk_nos < len(self._row_of)
        return np.where(inside, self._row_of[np.where(inside, chunk_nos, 0)], -1)

    def _postings(self, names: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        with self.engine.connect() as connection:
            with connection.connection.driver_connection.cursor(binary=True) as cursor:  # bytea as bytes, no hex
                cursor.execute("SELECT term, segment, chunk_nos, tfs FROM kb_segment_terms "
                               "WHERE term = ANY(%s) AND segment = ANY(%s)", (names, self.segments))
                found = cursor.fetchall()
        out: dict[str, list] = {}
        for term, segment, nos, tfs in found:
            rows = self._rows(np.frombuffer(nos, _NO))
            live = rows >= 0
            live[live] = self._segment_of[rows[live]] == segment
            out.setdefault(term, []).append((rows[live], np.frombuffer(tfs, _TF)[live]))
        return {t: (np.concatenate([r for r, _ in parts]), np.concatenate([f for _, f in parts]))
                for t, parts in out.items()}

    def scores(self, terms: dict[str, float], mask: np.ndarray | None = None) -> np.ndarray:
        result = np.zeros(self.n_rows, np.float64)
        names = list(terms)
        if not names or not self.n_rows:
            self._local.last = (tuple(names), {})
            return result.astype(np.float32)
        postings = self._postings(names)
        for term, (rows, tfs) in postings.items():
            df = self.document_frequency(term)
            idf = np.log1p((self.n_rows - df + 0.5) / (df + 0.5))
            tf = tfs.astype(np.float64)
            result += np.bincount(rows, weights=terms[term] * idf * tf * (K1 + 1) / (tf + self._norm[rows]),
                                  minlength=self.n_rows)
        self._local.last = (tuple(names), {t: rows for t, (rows, _) in postings.items()})
        result = result.astype(np.float32)
        if mask is not None:
            result[~mask] = 0.0
        return result

    def matched_terms(self, rows: Sequence[int], terms: dict[str, float]) -> list[list[str]]:
        if not len(rows) or not terms:
            return [[] for _ in rows]
        last = getattr(self._local, "last", None)
        if last is None or last[0] != tuple(terms):
            self.scores(terms)
            last = self._local.last
        order = {t: i for i, t in enumerate(terms)}  # ties keep the query's order, as the file index does
        asked = np.asarray(rows, np.int64)
        holds = {}
        for term, held in last[1].items():
            mark = np.zeros(self.n_rows, bool)
            mark[held] = True
            holds[term] = mark[asked]
        return [sorted((t for t, held in holds.items() if held[i]), key=lambda t: (-terms[t], -len(t), order[t]))
                for i in range(len(asked))]

    def document_frequency(self, term: str) -> int:
        if self._df is None:  # the whole table once: answering asks for dozens of words a question
            with self.engine.connect() as connection:
                self._df = dict(connection.execute(text("SELECT term, df FROM kb_df WHERE generation = :g"),
                                                   {"g": self.generation}).all())
        return self._df.get(term, 0)

    def vocabulary(self) -> list[str]:
        self.document_frequency("")
        return sorted(self._df)


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
            head = connection.execute(text("SELECT manifest, ngram_idf FROM kb_generations WHERE generation = :g"),
                                      {"g": generation}).one()
            rows = connection.execution_options(yield_per=5000).execute(text(  # streamed: no second copy
                "SELECT m.vector_key, c.chunk_key, c.chunk_no, c.length, c.segment, c.body FROM kb_members m "
                "JOIN kb_chunks c USING (chunk_key) WHERE m.generation = :g ORDER BY m.row"), {"g": generation})
            df = dict(connection.execute(text("SELECT term, df FROM kb_df WHERE generation = :g"),
                                         {"g": generation}).all())  # in the same snapshot as the rows
            chunks, keys, chunk_keys, numbers, lengths, segments = [], [], [], [], [], []
            for vector_key, key, number, length, segment, body in rows:
                chunks.append(_chunk(body))
                keys.append(vector_key)
                chunk_keys.append(key)
                numbers.append(number)
                lengths.append(length)
                segments.append(segment)
        manifest = json.loads(head.manifest)
        snapshot = Snapshot(
            generation=generation,
            documents={k: DocumentRecord(**v) for k, v in manifest["documents"].items()},
            chunks=chunks,
            keys=keys,
            embedder=manifest.get("embedder") or {},
            idf=np.load(io.BytesIO(head.ngram_idf)) if head.ngram_idf is not None else None,
            writer_pid=manifest.get("writer_pid", 0),
        )
        snapshot.chunk_keys = chunk_keys
        snapshot.lexical = PostgresBM25(engine, generation, manifest["segments"], np.array(numbers, np.int64),
                                        np.array(lengths, np.float64), np.array(segments, np.int64), df)
        return generation, snapshot

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """One writer at a time across every process and machine (a session-level advisory lock, released
        by the server if the writer dies)."""
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

    def commit(self, snapshot: Snapshot, previous: Snapshot, kept_rows: list[int], fresh: list[Chunk],
               rebuild: bool = False) -> object:
        """The new chunks as one segment (with `rebuild`, every chunk, its terms read again), the generation's
        rows, document frequencies and manifest, then the switch of kb_current: one transaction."""
        old_keys = previous.chunk_keys
        known = {c: old_keys[i] for i, c in enumerate(previous.chunks) if i < len(old_keys)}
        keys = [known.get(c) or content_address(c) for c in snapshot.chunks]
        snapshot.chunk_keys = keys
        live, before = set(keys), set(old_keys)
        added = [(k, c) for k, c in zip(keys, snapshot.chunks) if k not in before]
        removed = [(k, c) for k, c in zip(old_keys, previous.chunks) if k not in live]
        generation = snapshot.generation
        with self.engine.begin() as connection:
            raw = connection.connection.driver_connection
            if rebuild:
                fresh_terms = [(k, c, _terms(c)) for k, c in zip(keys, snapshot.chunks)]
                self._rewrite_segment(connection, raw, generation, fresh_terms)
                delta = Counter(term for _, _, terms in fresh_terms for term in terms)
                self._write_members(raw, generation, keys, snapshot.keys)
                self._write_df(connection, raw, generation, -1, delta)  # counted afresh, not from the previous
            else:
                stored = dict(connection.execute(text(
                    "SELECT chunk_key, chunk_no FROM kb_chunks WHERE chunk_key = ANY(CAST(:keys AS text[]))"),
                    {"keys": [k for k, _ in added]}).all())  # a chunk removed lately and back again keeps its postings
                new = [(k, c, _terms(c)) for k, c in added if k not in stored]
                self._write_segment(connection, raw, generation, new)
                self._write_members(raw, generation, keys, snapshot.keys)
                delta = Counter()
                for terms in [t for _, _, t in new] + [_terms(c) for k, c in added if k in stored]:
                    delta.update(terms.keys())
                for _, chunk in removed:
                    delta.subtract(_terms(chunk).keys())
                self._write_df(connection, raw, generation, previous.generation, delta)
            segments = self._live_segments(connection, generation)
            if len(segments) > MAX_SEGMENTS:
                segments = [self._merge(connection, raw, generation, segments)]
            manifest = {**_manifest(snapshot), "segments": segments}
            connection.execute(text(
                "INSERT INTO kb_generations (generation, manifest, n_rows, ngram_idf, created_at) "
                "VALUES (:g, :manifest, :n, :idf, :at)"),
                {"g": generation, "manifest": json.dumps(manifest, ensure_ascii=False), "n": len(keys),
                 "idf": _npy(snapshot.idf), "at": datetime.now(timezone.utc)})
            numbers = connection.execute(text(
                "SELECT c.chunk_no, c.length, c.segment FROM kb_members m JOIN kb_chunks c USING (chunk_key) "
                "WHERE m.generation = :g ORDER BY m.row"), {"g": generation}).all()
            switched = connection.execute(text(  # the commit point, and the proof no other writer came between
                "UPDATE kb_current SET generation = :g WHERE id = 1 AND generation = :prev"),
                {"g": generation, "prev": previous.generation}).rowcount
            if switched != 1:
                raise UserError("知识库索引已被另一个入库进程更新，本次入库未提交，请重试。", status=409)
        snapshot.lexical = PostgresBM25(self.engine, generation, segments,
                                        np.array([n for n, _, _ in numbers], np.int64),
                                        np.array([length for _, length, _ in numbers], np.float64),
                                        np.array([segment for _, _, segment in numbers], np.int64))
        return generation

    @staticmethod
    def _write_segment(connection, raw, segment: int, new: list[tuple[str, Chunk, Counter]]) -> None:
        """New chunks (numbered from the sequence) and one posting list per term of theirs."""
        if not new:
            return
        numbers = list(connection.execute(text("SELECT nextval('kb_chunk_no') FROM generate_series(1, :n)"),
                                          {"n": len(new)}).scalars())
        postings: dict[str, tuple[list[int], list[int]]] = {}
        with raw.cursor() as cursor:
            with cursor.copy("COPY kb_chunks (chunk_key, chunk_no, segment, body, length) FROM STDIN") as copy:
                for number, (key, chunk, terms) in zip(numbers, new):
                    copy.write_row((key, number, segment, json.dumps(chunk_dict(chunk), ensure_ascii=False),
                                    sum(terms.values())))
                    for term, tf in terms.items():
                        nos, tfs = postings.setdefault(term, ([], []))
                        nos.append(number)
                        tfs.append(tf)
            _copy_postings(cursor, segment, {t: (np.array(n, _NO), np.array(f, _TF)) for t, (n, f) in postings.items()})

    @staticmethod
    def _rewrite_segment(connection, raw, segment: int, chunks: list[tuple[str, Chunk, Counter]]) -> None:
        """Every live chunk's terms read again into one segment (after a lexicon change); chunks keep their
        numbers, so a reader still on the previous generation goes on reading its own segments."""
        numbers = dict(connection.execute(text(
            "SELECT chunk_key, chunk_no FROM kb_chunks WHERE chunk_key = ANY(CAST(:keys AS text[]))"),
            {"keys": [k for k, _, _ in chunks]}).all())
        postings: dict[str, tuple[list[int], list[int]]] = {}
        with raw.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE relength (chunk_key text PRIMARY KEY, length int) ON COMMIT DROP")
            with cursor.copy("COPY relength (chunk_key, length) FROM STDIN") as copy:
                for key, _, terms in chunks:
                    copy.write_row((key, sum(terms.values())))
            cursor.execute("UPDATE kb_chunks c SET length = r.length, segment = %s FROM relength r "
                           "WHERE r.chunk_key = c.chunk_key", (segment,))
            for key, _, terms in sorted(chunks, key=lambda item: numbers[item[0]]):
                for term, tf in terms.items():
                    nos, tfs = postings.setdefault(term, ([], []))
                    nos.append(numbers[key])
                    tfs.append(tf)
            _copy_postings(cursor, segment, {t: (np.array(n, _NO), np.array(f, _TF)) for t, (n, f) in postings.items()})

    @staticmethod
    def _write_members(raw, generation: int, keys: list[str], vector_keys: list[str]) -> None:
        with raw.cursor() as cursor:
            with cursor.copy("COPY kb_members (generation, row, chunk_key, vector_key) FROM STDIN") as copy:
                for row, (key, vector) in enumerate(zip(keys, vector_keys)):
                    copy.write_row((generation, row, key, vector))

    @staticmethod
    def _write_df(connection, raw, generation: int, previous: int, delta: Counter) -> None:
        """The previous generation's document frequencies plus the change of this commit."""
        with raw.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE df_change (term text PRIMARY KEY, change int) ON COMMIT DROP")
            with cursor.copy("COPY df_change (term, change) FROM STDIN") as copy:
                for term, change in delta.items():
                    if change:
                        copy.write_row((term, change))
        connection.execute(text("""
            INSERT INTO kb_df (generation, term, df)
            SELECT :g, coalesce(d.term, c.term), coalesce(d.df, 0) + coalesce(c.change, 0)
            FROM (SELECT term, df FROM kb_df WHERE generation = :prev) AS d
            FULL OUTER JOIN df_change AS c ON c.term = d.term
            WHERE coalesce(d.df, 0) + coalesce(c.change, 0) > 0
        """), {"g": generation, "prev": previous})

    @staticmethod
    def _live_segments(connection, generation: int) -> list[int]:
        return list(connection.execute(text(
            "SELECT DISTINCT c.segment FROM kb_members m JOIN kb_chunks c USING (chunk_key) "
            "WHERE m.generation = :g ORDER BY 1"), {"g": generation}).scalars())

    @staticmethod
    def _merge(connection, raw, generation: int, segments: list[int]) -> int:
        """Rewrite the live segments' posting lists as one segment: each live chunk's entries from the segment
        holding it, nothing of the chunks no longer held."""
        held = dict(connection.execute(text(
            "SELECT c.chunk_no, c.segment FROM kb_members m JOIN kb_chunks c USING (chunk_key) WHERE m.generation = :g"),
            {"g": generation}).all())
        live = np.array(sorted(held), np.int64)
        segment_of = np.full(int(live.max(initial=-1)) + 1, -1, np.int64)  # by chunk number; -1: not live
        segment_of[live] = [held[int(n)] for n in live]
        merged: dict[str, tuple[list, list]] = {}
        for term, segment, nos, tfs in connection.execute(text(
                "SELECT term, segment, chunk_nos, tfs FROM kb_segment_terms WHERE segment = ANY(CAST(:s AS int[]))"),
                {"s": segments}):
            nos, tfs = np.frombuffer(nos, _NO), np.frombuffer(tfs, _TF)
            inside = nos < len(segment_of)
            keep = inside & (segment_of[np.where(inside, nos, 0)] == segment)
            if keep.any():
                parts = merged.setdefault(term, ([], []))
                parts[0].append(nos[keep])
                parts[1].append(tfs[keep])
        lists = {}
        for term, (nos, tfs) in merged.items():
            nos, tfs = np.concatenate(nos), np.concatenate(tfs)
            order = np.argsort(nos, kind="stable")
            lists[term] = (nos[order], tfs[order])
        with raw.cursor() as cursor:
            _copy_postings(cursor, generation, lists, replace=True)
        connection.execute(text("UPDATE kb_chunks SET segment = :g WHERE chunk_no = ANY(CAST(:nos AS bigint[]))"),
                           {"g": generation, "nos": live.tolist()})
        return generation

    def prune(self) -> None:
        """Drop generations before the last KEEP_GENERATIONS, then the chunks and segments no kept generation
        holds (a segment's posting lists keep a removed chunk until the segment goes or is merged)."""
        with self.engine.begin() as connection:
            floor = connection.execute(text(
                "SELECT generation FROM kb_generations ORDER BY generation DESC OFFSET :keep LIMIT 1"),
                {"keep": KEEP_GENERATIONS - 1}).scalar()
            if floor is None:
                return
            for table in ("kb_members", "kb_df", "kb_generations"):
                connection.execute(text(f"DELETE FROM {table} WHERE generation < :floor"), {"floor": floor})
            connection.execute(text(
                "DELETE FROM kb_chunks c WHERE NOT EXISTS (SELECT 1 FROM kb_members m WHERE m.chunk_key = c.chunk_key)"))
            kept = {segment for manifest in connection.execute(text("SELECT manifest FROM kb_generations")).scalars()
                    for segment in json.loads(manifest)["segments"]}  # a reader may still be on any kept one
            connection.execute(text("DELETE FROM kb_segment_terms WHERE NOT (segment = ANY(CAST(:kept AS int[])))"),
                               {"kept": sorted(kept)})

    def check(self) -> dict:
        with self.engine.connect() as connection:
            generations = [{"generation": g, "chunks": n, "documents": len(json.loads(m)["documents"]),
                            "segments": len(json.loads(m)["segments"])} for g, n, m in connection.execute(text(
                                "SELECT generation, n_rows, manifest FROM kb_generations ORDER BY generation"))]
            kept = {s for m in connection.execute(text("SELECT manifest FROM kb_generations")).scalars()
                    for s in json.loads(m)["segments"]}
            orphans = {
                "chunks": connection.execute(text("SELECT count(*) FROM kb_chunks c WHERE NOT EXISTS "
                                                  "(SELECT 1 FROM kb_members m WHERE m.chunk_key = c.chunk_key)")).scalar(),
                "members": connection.execute(text("SELECT count(*) FROM kb_members m WHERE NOT EXISTS "
                                                   "(SELECT 1 FROM kb_chunks c WHERE c.chunk_key = m.chunk_key)")).scalar(),
                "segments": connection.execute(text(
                    "SELECT count(DISTINCT segment) FROM kb_segment_terms WHERE NOT (segment = ANY(CAST(:k AS int[])))"),
                    {"k": sorted(kept)}).scalar(),
                "generations": connection.execute(text(
                    "SELECT count(DISTINCT generation) FROM kb_members m WHERE NOT EXISTS "
                    "(SELECT 1 FROM kb_generations g WHERE g.generation = m.generation)")).scalar(),
            }
            current = connection.execute(text("SELECT generation FROM kb_current WHERE id = 1")).scalar()
        problems = [f"孤立数据：{name} {count} 项" for name, count in orphans.items() if count]
        if current and current not in {g["generation"] for g in generations}:
            problems.append(f"当前代 {current} 缺少目录记录")
        if self.flag(PENDING_VECTORS) is not None:
            problems.append("上次入库中断：下次入库时清理其写入的向量")
        return {"generations": generations, "orphans": orphans, "problems": problems}

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


def _copy_postings(cursor, segment: int, lists: dict[str, tuple[np.ndarray, np.ndarray]], replace: bool = False) -> None:
    cursor.execute("CREATE TEMP TABLE new_terms (LIKE kb_segment_terms) ON COMMIT DROP")
    with cursor.copy("COPY new_terms (term, segment, chunk_nos, tfs) FROM STDIN") as copy:
        for term, (nos, tfs) in lists.items():
            copy.write_row((term, segment, nos.astype(_NO).tobytes(), tfs.astype(_TF).tobytes()))
    if replace:
        cursor.execute("DELETE FROM kb_segment_terms WHERE segment = %s", (segment,))
    cursor.execute("INSERT INTO kb_segment_terms SELECT * FROM new_terms")
    cursor.execute("DROP TABLE new_terms")


_SHARED_FIELDS = ("doc_id", "doc_title", "source_type", "article", "chapter", "section", "version", "effective_date",
                  "branch", "borrower_id", "source_path")


def _chunk(body: str) -> Chunk:
    """A chunk from its JSON, its metadata strings shared with the other chunks of its document (a
    worker holds every chunk of the live generation: at 100k chunks this saves tens of MB)."""
    fields = json.loads(body)
    for name in _SHARED_FIELDS:
        value = fields.get(name)
        if isinstance(value, str):
            fields[name] = sys.intern(value)
    return Chunk(**fields)


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
