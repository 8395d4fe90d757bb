"""OCR eval with questions: each sample rule book ingested twice, as its text and as a generated scan, each into
a knowledge base of its own, and the chat eval's questions about that book asked of both. OCR seconds and
accuracy are taken inside the product's ingest path (`assistant ingest`'s ingest_paths, default OCR engine)."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from evals.chat.run import Tally, evaluate, holds_evidence, question_sets
from evals.ocr.scans import Noise, book_lines, character_accuracy, render_pages, scan_book

SETS = ("dev2", "frozen")  # the chat eval's sets with questions on corpus/knowledge; frozen is only reported
TARGET_ACCURACY = 0.95
TARGET_POINTS = 5.0


@dataclass
class PageReads:
    """What the ingest path's OCR engine did, page by page."""

    engine: str = ""
    seconds: list[float] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


class _RecordingEngine:
    def __init__(self, engine, reads: PageReads) -> None:
        self.engine, self.reads, self.name = engine, reads, engine.name

    def read(self, image) -> str:
        started, text = time.perf_counter(), ""
        try:
            text = self.engine.read(image)
            return text
        finally:  # a page that fails is timed and scored as read empty
            self.reads.seconds.append(time.perf_counter() - started)
            self.reads.texts.append(text)


@contextmanager
def recorded_reads():
    """Within the block, the engine the scanned-page path picks (assistant/knowledge/scanned.py) is wrapped
    so each page's seconds and text are kept: the timing is the product's own path, not a bench of the engine."""
    from assistant.knowledge import scanned

    reads, real = PageReads(), scanned.engine_for

    def recording(choice: str):
        engine = real(choice)
        reads.engine = engine.name
        return _RecordingEngine(engine, reads)

    with mock.patch.object(scanned, "engine_for", recording):
        yield reads


@dataclass
class BookResult:
    book: str
    pages: int
    capped: bool
    title: str  # as ingested from the text
    scan_title: str  # as ingested from the scan: the judge matches documents by it
    reads: PageReads
    ingest_seconds: float  # the whole scanned book through ingest_paths: OCR, chunking, indexing
    accuracies: list[float]
    text: dict[str, Tally]  # per question set
    scan: dict[str, Tally]


def use_home(home: Path):
    """Point ASSISTANT_HOME at `home`: the scanned-page path reads the process settings, not an argument."""
    from assistant.config import get_settings, reset_settings

    os.environ["ASSISTANT_HOME"] = str(home)
    reset_settings()
    settings = get_settings()
    settings.ensure_dirs()
    return settings


def ingest_into(home: Path, path: Path):
    """(settings, report) of a knowledge base holding only this file, ingested as an internal rule."""
    from assistant.knowledge.ingest import ingest_paths

    settings = use_home(home)
    report = ingest_paths([path], settings=settings, source_type="internal_rule")
    if report.errors:
        raise RuntimeError(f"ingest of {path.name} failed: {report.errors}")
    return settings, report


def ingested_title(settings) -> str:
    from assistant.knowledge.index import KnowledgeIndex

    return next(iter(KnowledgeIndex(settings).documents().values())).title


def questions_about(book: Path, title: str, sets: dict[str, list[dict]], shown: str | None) -> dict[str, list[dict]]:
    """Answerable questions whose gold document is this book: its file, or exactly its title (the 2022 edition's
    title contains the current one's). With a page cap, only those whose evidence is on the scanned pages."""
    def about(row: dict) -> bool:
        if not row["answerable"] or not (Path(row["file"]).name == book.name or row["doc"] == title):
            return False
        return shown is None or any(holds_evidence(shown, e) for e in row["evidence"] or row["articles"])

    return {name: [row for row in rows if about(row)] for name, rows in sets.items()}


def ask_all(home: Path, sets: dict[str, list[dict]]) -> dict[str, Tally]:
    from assistant.answering.service import ChatService
    from assistant.knowledge.retriever import Retriever

    settings = use_home(home)
    retriever = Retriever(settings)
    service = ChatService(settings, retriever=retriever)
    return {name: evaluate(rows, retriever, service)["all"] for name, rows in sets.items()}


def measure_book(book: Path, tmp: Path, sets: dict[str, list[dict]], pages: int | None, noise: Noise,
                 seed: int) -> BookResult:
    markdown = book.read_text(encoding="utf-8")
    scanned = scan_book(markdown, noise=noise, seed=seed, max_pages=pages)
    capped = len(render_pages(book_lines(markdown))) > len(scanned.pages)
    pdf = tmp / "scans" / f"{book.stem}.pdf"  # same stem as the .md; the title is read from the page itself
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(scanned.pdf)
    text_settings, _ = ingest_into(tmp / f"{book.stem}-text", book)
    with recorded_reads() as reads:
        scan_settings, report = ingest_into(tmp / f"{book.stem}-scan", pdf)
    title = ingested_title(text_settings)
    rows = questions_about(book, title, sets, "".join(scanned.pages) if capped else None)
    return BookResult(
        book=book.stem, pages=len(scanned.pages), capped=capped, title=title,
        scan_title=ingested_title(scan_settings), reads=reads, ingest_seconds=report.seconds,
        accuracies=[character_accuracy(truth, read) for truth, read in zip(scanned.pages, reads.texts)],
        text=ask_all(tmp / f"{book.stem}-text", rows), scan=ask_all(tmp / f"{book.stem}-scan", rows),
    )


def warm_up(book: Path, tmp: Path, noise: Noise) -> None:
    """Load the OCR model, the embedder and the word lists once, so that no book's seconds include them."""
    pdf = tmp / "warm-up.pdf"
    pdf.write_bytes(scan_book(book.read_text(encoding="utf-8"), noise=noise, max_pages=1).pdf)
    ingest_into(tmp / "warm-up", pdf)


def run(books: list[Path], pages: int | None, noise: Noise, seed: int) -> list[BookResult]:
    os.environ.setdefault("ASSISTANT_TODAY", "2026-11-24")  # as evals/chat/run.py: dates in answers are stable
    sets = question_sets(set(SETS))
    with tempfile.TemporaryDirectory(prefix="ocr-questions-") as name:
        tmp = Path(name)
        warm_up(books[0], tmp, noise)
        return [measure_book(book, tmp, sets, pages, noise, seed) for book in books]


def _merged(tallies) -> Tally:
    total = Tally()
    for tally in tallies:
        total.add(tally)
    return total


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _points(text: float | None, scan: float | None) -> str:
    return "–" if text is None or scan is None else f"{100 * (scan - text):+.1f}"


def print_ocr_table(results: list[BookResult]) -> None:
    print("| rule book | pages | title read from the scan | OCR s/page p50 | OCR s, whole book | "
          "ingest s, whole book | char accuracy (mean) | worst page |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        title = "same as the text" if r.scan_title == r.title else f"“{r.scan_title}”"
        print(f"| {r.book} | {r.pages}{' (capped)' if r.capped else ''} | {title} | "
              f"{statistics.median(r.reads.seconds):.2f} | {sum(r.reads.seconds):.0f} | {r.ingest_seconds:.0f} | "
              f"{statistics.fmean(r.accuracies):.3f} | {min(r.accuracies):.3f} |")
    seconds = [s for r in results for s in r.reads.seconds]
    accuracies = [a for r in results for a in r.accuracies]
    print(f"| all | {len(accuracies)} | | {statistics.median(seconds):.2f} | {sum(seconds):.0f} | "
          f"{sum(r.ingest_seconds for r in results):.0f} | {statistics.fmean(accuracies):.3f} | {min(accuracies):.3f} |")


def question_rows(results: list[BookResult]):
    """(book, set, text tally, scan tally): each book's sets, then all books per set and in all."""
    for r in results:
        for name in r.text:
            yield r.book, name, r.text[name], r.scan[name]
    for name in SETS:
        yield "all", name, _merged(r.text[name] for r in results), _merged(r.scan[name] for r in results)
    yield ("all", "all", _merged(t for r in results for t in r.text.values()),
           _merged(t for r in results for t in r.scan.values()))


def print_questions_table(results: list[BookResult]) -> None:
    print("| rule book | set | questions | correct, text | correct, scan | Δ points | R@5, text | R@5, scan | Δ points |")
    print("|---|---|---|---|---|---|---|---|---|")
    for book, name, text, scan in question_rows(results):
        t, s = text.metrics(), scan.metrics()
        r5 = (t["R@5"], s["R@5"]) if t["n_ans"] else (None, None)
        print(f"| {book} | {name} | {t['n_ans']} | {_pct(t['correct'])} | {_pct(s['correct'])} | "
              f"{_points(t['correct'], s['correct'])} | {_pct(r5[0])} | {_pct(r5[1])} | {_points(*r5)} |")


def verdict(results: list[BookResult]) -> str:
    accuracy = statistics.fmean(a for r in results for a in r.accuracies)
    text = _merged(t for r in results for t in r.text.values()).metrics()["correct"]
    scan = _merged(t for r in results for t in r.scan.values()).metrics()["correct"]
    said = {True: "met", False: "NOT met"}
    gap = "no questions" if text is None else (
        f"{100 * (scan - text):+.1f} points, target within {TARGET_POINTS:.0f}: "
        f"{said[100 * (text - scan) <= TARGET_POINTS]}")
    return (f"character accuracy {accuracy:.3f} (target ≥ {TARGET_ACCURACY}: {said[accuracy >= TARGET_ACCURACY]}); "
            f"answer correct, scan against text: {gap}")


def print_differences(results: list[BookResult]) -> None:
    """The questions one copy answers and the other does not, with the judge's reason on the failing side."""
    for r in results:
        for name in r.text:
            failed = {side: {line.split("\t")[0]: line for line in tallies[name].failures}
                      for side, tallies in (("text", r.text), ("scan", r.scan))}
            for side, other in (("scan", "text"), ("text", "scan")):
                for qid, line in failed[side].items():
                    if qid not in failed[other]:
                        print(f"  wrong only from the {side} ({r.book}, {name}): {line}")


def print_report(results: list[BookResult], pages: int | None, seed: int) -> None:
    engines = sorted({r.reads.engine for r in results})
    print(f"scans (noise seed {seed}) through ingest_paths, OCR engine {'/'.join(engines)}"
          + (f", at most {pages} pages a book (questions on those pages only)" if pages else ", whole books"))
    print()
    print_ocr_table(results)
    print()
    print_questions_table(results)
    print()
    print(verdict(results))
    print_differences(results)
