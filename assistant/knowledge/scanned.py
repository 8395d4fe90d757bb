"""Scanned PDF pages: the pages of a PDF without a text layer, rendered and read by OCR (assistant/knowledge/ocr.py).

Only pages whose text layer is empty are rendered; a page that fails is named in the ingest report's
warnings and the rest of the document is kept. Whoever waits for a scan (the CLI's bar on stderr, the web
upload's event stream) is told page by page through `page_progress`.
"""

from __future__ import annotations

import contextvars
import io
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.knowledge.ocr import RENDER_DPI, OcrUnavailable, engine_for

log = logging.getLogger(__name__)

PageProgress = Callable[[str, int, int], None]
"""Told (file name, pages read, pages to read) before a scan's first page and after each page, failed or not."""


def _silent(filename: str, done: int, total: int) -> None:
    """No one is waiting (a test, the reindex endpoint)."""


# set by `ingest_paths(progress=True)` (a bar on stderr) and by the upload API (events to the browser)
page_progress: contextvars.ContextVar[PageProgress] = contextvars.ContextVar("ocr_progress", default=_silent)


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
    report = page_progress.get()
    try:
        report(filename, 0, len(pages))
        for done, index in enumerate(pages, 1):
            try:
                image = document[index].render(scale=RENDER_DPI / 72).to_pil()
                result.texts[index] = reader.read(image)
            except OcrUnavailable:
                raise
            except Exception as exc:  # one unreadable page must not lose the others
                log.warning("OCR failed on page %d of %s: %s", index + 1, filename, exc)
                result.failed[index] = type(exc).__name__
            report(filename, done, len(pages))
    finally:
        document.close()
    result.seconds = time.perf_counter() - started
    return result


class TerminalPages:
    """The CLI's reporter: a tqdm bar on stderr per scan of two pages or more, removed when the scan is read."""

    def __init__(self) -> None:
        self._bar = None

    def __call__(self, filename: str, done: int, total: int) -> None:
        if total < 2:
            return
        if done == 0:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=f"识别扫描页 {filename}", unit="页", file=sys.stderr, leave=False)
            return
        if self._bar is not None:
            self._bar.update(done - self._bar.n)
            if done == total:
                self._bar.close()
                self._bar = None
