"""Ingest files and folders into the knowledge index: skip unchanged, replace changed, drop vanished, one commit."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from assistant.config import Settings, get_settings
from assistant.errors import NotFound, TooLarge, UserError
from assistant.knowledge.chunking import ChunkContext, chunk_document
from assistant.knowledge.loaders import check_supported, extract_text, iter_files, read_bytes, unreadable
from assistant.knowledge.metadata import prepare_document
from assistant.knowledge.types import Chunk, DocumentRecord, IndexChanges

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    """What one ingest run did, file by file (paths as given to the index)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, 中文原因)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (path, 中文说明): read in part (a scanned page)
    chunks_written: int = 0
    seconds: float = 0.0

    @property
    def files_seen(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged) + len(self.errors)

    def as_json(self) -> dict:
        return {
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged, "removed": self.removed,
            "errors": [{"path": path, "message": message} for path, message in self.errors],
            "warnings": [{"path": path, "message": message} for path, message in self.warnings],
            "chunks_written": self.chunks_written, "seconds": round(self.seconds, 3),
        }


def normalise_path(path: Path | str) -> str:
    return Path(path).expanduser().resolve().as_posix()


def doc_id_for(path: Path | str) -> str:
    """Stable id of a source file: short sha1 of its normalised absolute path."""
    return hashlib.sha1(normalise_path(path).encode("utf-8")).hexdigest()[:16]


_EXTRACTED: OrderedDict[tuple[str, str], tuple[str, tuple[str, ...]]] = OrderedDict()
EXTRACTED_KEPT = 8  # files whose text is kept in memory: an upload is parsed when stored and again when indexed


def extracted(filename: str, data: bytes) -> tuple[str, list[str]]:
    """A file's text and its warnings, parsed once per content (OCR of a scan takes seconds a page)."""
    key = (Path(filename).suffix.lower(), hashlib.sha256(data).hexdigest())
    if key in _EXTRACTED:
        _EXTRACTED.move_to_end(key)
        text, warnings = _EXTRACTED[key]
        return text, list(warnings)
    warnings: list[str] = []
    text = extract_text(filename, data, warnings)
    _EXTRACTED[key] = (text, tuple(warnings))
    while len(_EXTRACTED) > EXTRACTED_KEPT:
        _EXTRACTED.popitem(last=False)
    return text, warnings


def build_document(path: Path, data: bytes, *, source_type: str | None = None, branch: str | None = None,
                   warnings: list[str] | None = None) -> tuple[DocumentRecord, list[Chunk]]:
    """Parse one file's bytes into its catalog record and chunks (raises UserError on bad input)."""
    text, said = extracted(path.name, data)
    if warnings is not None:
        warnings.extend(said)
    meta, body = prepare_document(text, path.name, source_type=source_type, branch=branch)
    source_path = normalise_path(path)
    context = ChunkContext(
        doc_id=doc_id_for(path), doc_title=meta.title, source_type=meta.source_type, source_path=source_path,
        version=meta.version, effective_date=meta.effective_date, superseded=meta.superseded,
        branch=meta.branch, borrower_id=meta.borrower_id,
    )
    chunks = chunk_document(body, context)
    if not chunks:
        raise unreadable(path.name, "没有可索引的正文")
    record = DocumentRecord(
        doc_id=context.doc_id, title=meta.title, source_type=meta.source_type, source_path=source_path,
        content_hash=hashlib.sha256(data).hexdigest(), chunk_count=len(chunks), version=meta.version,
        effective_date=meta.effective_date, superseded=meta.superseded, branch=meta.branch,
        borrower_id=meta.borrower_id, ingested_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    return record, chunks


def _collect(paths: list[Path | str], report: IngestReport) -> tuple[list[Path], list[str]]:
    """Files to look at (deduplicated) and the folders whose vanished documents may be removed."""
    files: dict[str, Path] = {}
    folders: list[str] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            folders.append(normalise_path(path))
            for item in iter_files(path):
                files.setdefault(normalise_path(item), item)
        elif path.is_file():
            files.setdefault(normalise_path(path), path)
        else:
            report.errors.append((str(raw), f"文件或文件夹不存在：{raw}"))
    return list(files.values()), folders


def _unchanged(existing: DocumentRecord | None, digest: str, source_type: str | None, branch: str | None) -> bool:
    return (
        existing is not None and existing.content_hash == digest
        and source_type in (None, existing.source_type) and branch in (None, existing.branch)
    )


def _process(path: Path, existing: dict[str, DocumentRecord], changes: IndexChanges, report: IngestReport,
             source_type: str | None, branch: str | None) -> None:
    shown = normalise_path(path)
    try:
        check_supported(path.name)
        data = read_bytes(path)
        record = existing.get(doc_id_for(path))
        if _unchanged(record, hashlib.sha256(data).hexdigest(), source_type, branch):
            report.unchanged.append(shown)
            return
        warnings: list[str] = []
        new_record, chunks = build_document(path, data, source_type=source_type, branch=branch, warnings=warnings)
        report.warnings += [(shown, message) for message in warnings]
    except UserError as exc:
        report.errors.append((shown, exc.message))
        return
    except Exception as exc:  # a bug on one file must not lose the rest of the batch
        log.exception("ingest failed for %s", path)
        report.errors.append((shown, f"处理文件 {path.name} 时出错：{type(exc).__name__}"))
        return
    changes.upserts.append((new_record, chunks))
    (report.updated if record is not None else report.added).append(shown)
    report.chunks_written += len(chunks)


def _vanished(existing: dict[str, DocumentRecord], folders: list[str], seen: set[str]) -> list[DocumentRecord]:
    return [
        record for record in existing.values()
        if record.source_path not in seen
        and any(record.source_path.startswith(folder.rstrip("/") + "/") for folder in folders)
    ]


def ingest_paths(paths, *, settings: Settings | None = None, progress: bool = False,
                 source_type: str | None = None, branch: str | None = None) -> IngestReport:
    """Ingest files and folders (recursively); every change goes to the index in one atomic commit."""
    from assistant.knowledge.index import KnowledgeIndex

    started = time.perf_counter()
    settings = settings or get_settings()
    report = IngestReport()
    files, folders = _collect(list(paths), report)
    index = KnowledgeIndex(settings)
    existing = index.documents()
    changes = IndexChanges()
    from assistant.knowledge.scanned import show_progress

    shown = show_progress.set(progress)
    try:
        for path in _progress(files, progress):
            _process(path, existing, changes, report, source_type, branch)
    finally:
        show_progress.reset(shown)
    for record in _vanished(existing, folders, {normalise_path(path) for path in files}):
        changes.removals.append(record.doc_id)
        report.removed.append(record.source_path)
    if not changes.is_empty():
        index.apply(changes)
    report.seconds = time.perf_counter() - started
    return report


def _progress(files: list[Path], enabled: bool):
    if not enabled:
        return files
    import sys

    from tqdm import tqdm

    return tqdm(files, desc="导入文档", unit="个文件", file=sys.stderr)


def ingest_bytes(filename: str, data: bytes, *, settings: Settings | None = None,
                 source_type: str | None = None, branch: str | None = None) -> IngestReport:
    """Store an upload under settings.uploads_dir and ingest it; a bad upload raises its UserError."""
    settings = settings or get_settings()
    target = store_upload(filename, data, settings=settings, source_type=source_type, branch=branch)
    report = ingest_paths([target], settings=settings, source_type=source_type, branch=branch)
    if report.errors:
        raise UserError(report.errors[0][1])
    return report


def store_upload(filename: str, data: bytes, *, settings: Settings, source_type: str | None = None,
                 branch: str | None = None) -> Path:
    """Check an upload parses, then write it (atomically) to settings.uploads_dir; not yet indexed.
    A batch of uploads is stored first and then indexed with one `ingest_paths` call (one commit)."""
    name = Path(filename.replace("\\", "/")).name.strip()
    if not name or name.startswith("."):
        raise UserError("上传的文件名无效")
    if len(data) > settings.max_upload_bytes:
        raise TooLarge(f"文件 {name} 超过上传上限 {settings.max_upload_bytes // (1024 * 1024)} MB")
    target = settings.uploads_dir / name
    build_document(target, data, source_type=source_type, branch=branch)  # refuse before touching disk
    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=settings.uploads_dir, prefix=".upload-", delete=False) as handle:
        handle.write(data)
    os.replace(handle.name, target)
    return target


def remove_document(doc_id: str, *, settings: Settings | None = None) -> DocumentRecord:
    """Remove one document from the index (and its stored upload, if it was one)."""
    from assistant.knowledge.index import KnowledgeIndex

    settings = settings or get_settings()
    index = KnowledgeIndex(settings)
    record = index.documents().get(doc_id)
    if record is None:
        raise NotFound(f"未找到文档 {doc_id}")
    index.apply(IndexChanges(removals=[doc_id]))
    uploads = normalise_path(settings.uploads_dir) + "/"
    if record.source_path.startswith(uploads):
        Path(record.source_path).unlink(missing_ok=True)
    return record
