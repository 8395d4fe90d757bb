"""Quiz fixtures: clause chunks read from the shared regulations with a tiny test-only splitter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.knowledge.types import Chunk

_ARTICLE = re.compile(r"^第([零〇一二两三四五六七八九十百千0-9]+)条")


def split_articles(path: Path) -> list[Chunk]:
    """One Chunk per 条 of a Markdown rule text (tests only; the product uses knowledge.chunking)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    title = next(line[2:].strip() for line in lines if line.startswith("# "))
    chunks, chapter, current = [], "", None
    for line in lines:
        line = line.strip()
        if line.startswith("## "):
            chapter, current = line[3:].strip(), None
        elif (match := _ARTICLE.match(line)):
            current = [f"第{match.group(1)}条", chapter, [line]]
            chunks.append(current)
        elif current and line and not line.startswith(("<!--", "附")):
            current[2].append(line)
    return [Chunk(chunk_id=f"{path.stem}:{i}", doc_id=path.stem, doc_title=title, text="\n".join(body),
                  source_type="regulation", article=article, chapter=chap, source_path=str(path))
            for i, (article, chap, body) in enumerate(chunks)]


def load_regulation_chunks(folder: Path) -> list[Chunk]:
    return [chunk for path in sorted(folder.glob("*.md")) for chunk in split_articles(path)]


@pytest.fixture(scope="session")
def regulation_chunks(shared_corpus) -> list[Chunk]:
    return load_regulation_chunks(shared_corpus / "regulations")
