"""Builds IndexChanges for a folder of documents with the project's own loader and chunker (no ingest state)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from assistant.knowledge.chunking import ChunkContext, chunk_document
from assistant.knowledge.metadata import prepare_document
from assistant.knowledge.types import Chunk, DocumentRecord, IndexChanges


def document_chunks(path: Path) -> tuple[DocumentRecord, list[Chunk]]:
    raw = path.read_bytes()
    meta, body = prepare_document(raw.decode("utf-8"), path.name)
    doc_id = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]
    context = ChunkContext(doc_id=doc_id, doc_title=meta.title, source_type=meta.source_type,
                           source_path=str(path), version=meta.version, effective_date=meta.effective_date)
    chunks = chunk_document(body, context)
    record = DocumentRecord(doc_id=doc_id, title=meta.title, source_type=meta.source_type, source_path=str(path),
                            content_hash=hashlib.sha256(raw).hexdigest(), chunk_count=len(chunks),
                            version=meta.version, effective_date=meta.effective_date)
    return record, chunks


def folder_changes(folder: Path) -> IndexChanges:
    files = sorted(p for p in folder.rglob("*") if p.suffix in {".md", ".txt"})
    return IndexChanges(upserts=[document_chunks(p) for p in files])


def fixed_size_changes(folder: Path, size: int = 300) -> IndexChanges:
    """Naive baseline: every document cut into `size`-character windows, no structure."""
    upserts = []
    for record, chunks in folder_changes(folder).upserts:
        text = "\n".join(c.text for c in chunks)
        pieces = [text[i : i + size] for i in range(0, len(text), size)]
        fixed = [Chunk(chunk_id=f"{record.doc_id}:f{n:04d}", doc_id=record.doc_id, doc_title=record.title,
                       text=p, source_type=record.source_type) for n, p in enumerate(pieces)]
        upserts.append((record, fixed))
    return IndexChanges(upserts=upserts)
