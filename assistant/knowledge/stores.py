"""Where index generations live: folders under ASSISTANT_HOME (one machine) or PostgreSQL (every machine).

A store keeps whole generations and one commit point. `KnowledgeIndex` plans a generation and writes its
vectors; the store holds the writer lock, writes the generation with its lexical terms and statistics, and
switches readers to it in one step. Readers ask the store for the live generation's stamp on every read
(a stat call, or one indexed row) and load a generation only when the stamp moves.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from assistant.knowledge import lexicon
from assistant.knowledge.generation import Snapshot, _fsync_write
from assistant.knowledge.types import Chunk

KEEP_GENERATIONS = 2
PENDING_VECTORS = "pending.json"  # flag: vectors upserted by an apply not yet committed (orphans if it dies)


def index_text(chunk: Chunk) -> str:
    """What is indexed of a chunk: its heading path (documents without articles) and its text."""
    return f"{chunk.section}\n{chunk.text}" if chunk.section else chunk.text


class GenerationStore(Protocol):
    def stamp(self) -> object | None:
        """Changes whenever another generation goes live; None before the first."""
        ...

    def load(self) -> tuple[object, Snapshot] | None: ...

    def writer_lock(self): ...

    def next_generation(self, previous: Snapshot) -> int: ...

    def commit(self, snapshot: Snapshot, previous: Snapshot, kept_rows: list[int], fresh: list[Chunk],
               rebuild: bool = False) -> object:
        """Write the generation (its lexical index from the previous one's kept rows and the fresh chunks;
        with `rebuild`, every chunk's terms read again) and make it live; returns its stamp."""
        ...

    def prune(self) -> None: ...

    def check(self) -> dict:
        """Counts per kept generation, leftovers no generation holds, and the problems found (in Chinese)."""
        ...

    def flag(self, name: str) -> str | None: ...

    def set_flag(self, name: str, value: str) -> None: ...

    def clear_flag(self, name: str) -> None: ...


class FileGenerations:
    """gen-NNNNNN folders and a CURRENT file naming the live one (replaced atomically, then fsynced)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def stamp(self) -> tuple | None:
        try:
            st = (self.root / "CURRENT").stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def load(self) -> tuple[object, Snapshot] | None:
        for _ in range(3):  # a writer may prune the generation we just read the name of
            stamp = self.stamp()
            try:
                name = (self.root / "CURRENT").read_text(encoding="utf-8").strip()
                return stamp, Snapshot.load(self.root / name)
            except FileNotFoundError:
                continue
        return None

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".writer.lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def next_generation(self, previous: Snapshot) -> int:
        numbers = [int(p.name[4:]) for p in self.root.glob("gen-*") if p.name[4:].isdigit()]
        return max(numbers + [previous.generation]) + 1

    def commit(self, snapshot: Snapshot, previous: Snapshot, kept_rows: list[int], fresh: list[Chunk],
               rebuild: bool = False) -> object:
        if rebuild:
            kept_rows, fresh = [], snapshot.chunks
        snapshot.counts = previous.counts.take(kept_rows).append(lexicon.tokenize(index_text(c)) for c in fresh)
        name = f"gen-{snapshot.generation:06d}"
        staging = self.root / f".{name}.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        snapshot.save(staging)
        os.replace(staging, self.root / name)
        _fsync_write(self.root / "CURRENT.tmp", name.encode())
        os.replace(self.root / "CURRENT.tmp", self.root / "CURRENT")  # the single commit point
        dir_fd = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        return self.stamp()

    def prune(self) -> None:
        gens = sorted(p for p in self.root.glob("gen-*") if p.is_dir())
        for old in gens[:-KEEP_GENERATIONS]:
            shutil.rmtree(old, ignore_errors=True)
        for tmp in self.root.glob(".gen-*.tmp"):
            shutil.rmtree(tmp, ignore_errors=True)

    def check(self) -> dict:
        gens = sorted(p for p in self.root.glob("gen-*") if p.is_dir())
        generations = []
        for folder in gens:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            generations.append({"generation": manifest["generation"], "chunks": manifest["chunk_count"],
                                "documents": len(manifest["documents"])})
        leftovers = [p.name for p in self.root.glob(".gen-*.tmp")] + [p.name for p in gens[:-KEEP_GENERATIONS]]
        problems = [f"残留的索引目录：{', '.join(leftovers)}"] if leftovers else []
        if self.flag(PENDING_VECTORS) is not None:
            problems.append("上次入库中断：下次入库时清理其写入的向量")
        return {"generations": generations, "orphans": {"folders": len(leftovers)}, "problems": problems}

    def flag(self, name: str) -> str | None:
        try:
            return (self.root / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def set_flag(self, name: str, value: str) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        _fsync_write(self.root / name, value.encode("utf-8"))

    def clear_flag(self, name: str) -> None:
        (self.root / name).unlink(missing_ok=True)


def generation_store(settings) -> GenerationStore:
    if settings.index_in_database:
        from assistant.knowledge.pg_index import PostgresGenerations

        return PostgresGenerations(settings)
    return FileGenerations(settings.index_dir)
