"""Ingest files and folders into the knowledge index: skip unchanged, replace changed, drop vanished, one commit."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from assistant.config import Settings, get_settings
from assistant.errors import NotFound, TooLarge, UserError
from assistant.knowledge import lexicon
from assistant.knowledge.chunking import CHUNKING_VERSION, ChunkContext, chunk_document
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
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, path of the file holding its text)
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
            "duplicates": [{"path": path, "same_as": holder} for path, holder in self.duplicates],
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


_WORDS = re.compile(r"[^\W_]+")
_PAGE_MARK = re.compile(r"^\s*(?:[-—－–]\s*\d+\s*[-—－–]|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$",
                        re.M)


def file_digest(data: bytes) -> str:
    """What a document record remembers of its file: the bytes, the chunker's version and the lexicon's (domain
    dictionary and stopwords), so that a file cut by an older chunker (before decimal-numbered clauses, say) or
    indexed with fewer domain words (续贷 read as 续/贷) is read again when it is ingested again."""
    version = f"{CHUNKING_VERSION}:{lexicon.lexicon_version()}"
    return hashlib.sha256(version.encode("ascii") + b"\0" + data).hexdigest()


def text_hash(body: str) -> str:
    """The body's words, without markup, punctuation, spacing or page numbers: a .docx and the .pdf printed
    from it give the same value; two versions of a rule book, which differ in a word, do not."""
    words = "".join(_WORDS.findall(_PAGE_MARK.sub("", body)))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


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
        content_hash=file_digest(data), chunk_count=len(chunks), version=meta.version,
        effective_date=meta.effective_date, superseded=meta.superseded, branch=meta.branch,
        borrower_id=meta.borrower_id, ingested_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        text_hash=text_hash(body),
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


def _scope(record: DocumentRecord) -> tuple:
    """What must match, beside the words, for two files to be one document: the title it is cited by, who may
    read it and which version it is. Two rule books that share their articles but not their name stay two."""
    return (record.title, record.source_type, record.branch, record.borrower_id, record.version,
            record.effective_date, record.superseded)


class _Batch:
    """One ingest run: the catalog as it will stand after the run, and the index changes that make it so.

    A file whose words equal those of a document already held (same title, scope and version) is stored once:
    its record points at the holder and has no chunks, and citations of the holder list both files."""

    def __init__(self, existing: dict[str, DocumentRecord], report: IngestReport,
                 source_type: str | None = None, branch: str | None = None) -> None:
        self.existing = existing
        self.catalog = dict(existing)
        self.report = report
        self.source_type, self.branch = source_type, branch
        self.upserts: dict[str, tuple[DocumentRecord, list[Chunk]]] = {}
        self.removals: list[str] = []

    def changes(self) -> IndexChanges:
        return IndexChanges(upserts=list(self.upserts.values()), removals=self.removals)

    def process(self, path: Path, *, again: bool = False) -> None:
        """Read one file into the batch; `again` re-reads a duplicate whose holder went away, in the scope
        it was given when it came in."""
        shown = normalise_path(path)
        record = self.existing.get(doc_id_for(path))
        source_type, branch = self.source_type, self.branch
        if again:
            current = self.catalog[doc_id_for(path)]
            source_type, branch = current.source_type, current.branch
        try:
            check_supported(path.name)
            data = read_bytes(path)
            if not again and _unchanged(record, file_digest(data), source_type, branch):
                self.report.unchanged.append(shown)
                return
            warnings: list[str] = []
            new_record, chunks = build_document(path, data, source_type=source_type, branch=branch,
                                                warnings=warnings)
            self.report.warnings += [(shown, message) for message in warnings]
        except UserError as exc:
            self.report.errors.append((shown, exc.message))
            return
        except Exception as exc:  # a bug on one file must not lose the rest of the batch
            log.exception("ingest failed for %s", path)
            self.report.errors.append((shown, f"处理文件 {path.name} 时出错：{type(exc).__name__}"))
            return
        holder = self._holder(new_record)
        if holder is not None:
            new_record, chunks = replace(new_record, duplicate_of=holder.doc_id, chunk_count=0), []
            self.report.duplicates.append((shown, holder.source_path))
        self.catalog[new_record.doc_id] = new_record
        self.upserts[new_record.doc_id] = (new_record, chunks)
        if not again:
            (self.report.updated if record is not None else self.report.added).append(shown)
        self.report.chunks_written += len(chunks)

    def _holder(self, record: DocumentRecord) -> DocumentRecord | None:
        for other in self.catalog.values():
            if (other.doc_id != record.doc_id and not other.duplicate_of and other.text_hash
                    and other.text_hash == record.text_hash and _scope(other) == _scope(record)):
                return other
        return None

    def remove(self, record: DocumentRecord) -> None:
        self.catalog.pop(record.doc_id, None)
        self.upserts.pop(record.doc_id, None)
        self.removals.append(record.doc_id)
        self.report.removed.append(record.source_path)

    def rehome_duplicates(self) -> None:
        """Duplicates whose holder was removed or now holds other words are read again: the first becomes
        the holder, the others its duplicates (a file gone from disk is removed)."""
        for record in list(self.catalog.values()):
            holder = self.catalog.get(record.duplicate_of) if record.duplicate_of else None
            if not record.duplicate_of or (holder is not None and holder.text_hash == record.text_hash
                                           and not holder.duplicate_of):
                continue
            path = Path(record.source_path)
            if path.is_file():
                self.process(path, again=True)
            if self.catalog.get(record.doc_id) is record:  # gone from disk, or no longer readable
                self.remove(record)


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
    from assistant.knowledge.scanned import TerminalPages, page_progress

    started = time.perf_counter()
    settings = settings or get_settings()
    report = IngestReport()
    files, folders = _collect(list(paths), report)
    index = KnowledgeIndex(settings)
    existing = index.documents()
    batch = _Batch(existing, report, source_type, branch)
    shown = page_progress.set(TerminalPages() if progress else page_progress.get())  # else: the caller's (API)
    try:
        for path in _progress(files, progress):
            batch.process(path)
        for record in _vanished(existing, folders, {normalise_path(path) for path in files}):
            batch.remove(record)
        batch.rehome_duplicates()
    finally:
        page_progress.reset(shown)
    changes = batch.changes()
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
    existing = index.documents()
    record = existing.get(doc_id)
    if record is None:
        raise NotFound(f"未找到文档 {doc_id}")
    batch = _Batch(existing, IngestReport())
    batch.remove(record)
    batch.rehome_duplicates()  # a file that was stored as this one's duplicate now holds the text
    index.apply(batch.changes())
    uploads = normalise_path(settings.uploads_dir) + "/"
    if record.source_path.startswith(uploads):
        Path(record.source_path).unlink(missing_ok=True)
    return record
