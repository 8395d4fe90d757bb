"""Where quiz clauses come from: a file or folder read directly (no ingest), or documents already in the index."""

from __future__ import annotations

from pathlib import Path

from assistant.config import Settings, get_settings
from assistant.errors import NotFound, UserError
from assistant.knowledge.types import Chunk


def load_source(source: str, settings: Settings | None = None) -> list[Chunk]:
    """Chunks of `source`: a path to a file or folder, else the title (or doc id) of indexed documents."""
    path = Path(source).expanduser()
    if path.exists():
        return chunks_from_path(path)
    return chunks_from_index(source, settings or get_settings())


def chunks_from_path(path: Path) -> list[Chunk]:
    """Load and chunk files with the knowledge modules, without touching the index."""
    from assistant.knowledge.ingest import build_document
    from assistant.knowledge.loaders import iter_files, read_bytes

    files = list(iter_files(path)) if path.is_dir() else [path]
    chunks: list[Chunk] = []
    problems: list[str] = []
    for file in files:
        try:
            chunks += build_document(file, read_bytes(file))[1]
        except UserError as exc:
            problems.append(f"{file.name}：{exc.message}")
    if not chunks:
        detail = "；".join(problems[:3]) or "文件夹中没有文件"
        raise UserError(f"无法从“{path}”读取可出题的条款（{detail}）。")
    return chunks


def chunks_from_index(title: str, settings: Settings) -> list[Chunk]:
    """Chunks of indexed documents whose title contains `title` (《》 optional) or whose doc id is `title`."""
    from assistant.knowledge.index import KnowledgeIndex

    wanted = title.strip().strip("《》")
    index = KnowledgeIndex(settings)
    docs = index.documents()
    matched = {doc_id for doc_id, record in docs.items() if doc_id == wanted or wanted and wanted in record.title}
    if not matched:
        raise NotFound(f"找不到资料“{title}”：既不是存在的文件或文件夹，也不是知识库中的文档标题。")
    return [chunk for chunk in index.chunks() if chunk.doc_id in matched]
