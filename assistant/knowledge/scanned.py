"""Scanned PDF pages: the pages of a PDF without a text layer, rendered and read by OCR (assistant/knowledge/ocr.py).

Only pages whose text layer is empty are rendered; a page that fails is named in the ingest report's
warnings and the rest of the document is kept. Progress goes to stderr page by page when the CLI asks for it.
"""

from __future__ import annotations

import contextvars
import io
import logging
import sys
from dataclasses import dataclass, field

from assistant.knowledge.ocr import RENDER_DPI, OcrUnavailable, engine_for

log = logging.getLogger(__name__)

# set by `ingest_paths(progress=True)`: show a per-page progress bar while a scan is read
show_progress: contextvars.ContextVar[bool] = contextvars.ContextVar("ocr_progress", default=False)


@dataclass
class OcrResult:
    texts: dict[int, str] = field(default_factory=dict)  # page index (0-based) → recognised text
    failed: dict[int, str] = field(default_factory=dict)  # page index → reason
    seconds: float = 0.0


def read_pages(filename: str, data: bytes, pages: list[int], *, engine: str = "auto") -> OcrResult:
    """OCR of the given pages of a PDF; raises OcrUnavailable when no engine is installed."""
    import time

    import pypdfium2

    reader = engine_for(engine)
    result = OcrResult()
    started = time.perf_counter()
    document = pypdfium2.PdfDocument(io.BytesIO(data))
    try:
        for index in _progress(pages, filename):
            try:
                image = document[index].render(scale=RENDER_DPI / 72).to_pil()
                result.texts[index] = reader.read(image)
            except OcrUnavailable:
                raise
            except Exception as exc:  # one unreadable page must not lose the others
                log.warning("OCR failed on page %d of %s: %s", index + 1, filename, exc)
                result.failed[index] = type(exc).__name__
    finally:
        document.close()
    result.seconds = time.perf_counter() - started
    return result


def _progress(pages: list[int], filename: str):
    if not show_progress.get() or len(pages) < 2:
        return pages
    from tqdm import tqdm

    return tqdm(pages, desc=f"识别扫描页 {filename}", unit="页", file=sys.stderr, leave=False)
