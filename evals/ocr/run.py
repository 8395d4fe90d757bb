"""OCR eval: character accuracy and seconds per page of each engine on generated scans of the sample
rule books, and (with --questions) chat answers from the scanned copy against the text copy.

    .venv/bin/python evals/ocr/run.py                 # every installed engine, every sample rule book
    .venv/bin/python evals/ocr/run.py --pages 4       # a quick look
    .venv/bin/python evals/ocr/run.py --questions     # instead: whole books through `assistant ingest`'s path
                                                      # (default engine), eval questions from scan and text

--books picks rule books by a part of their name; --pages caps each book (with --questions, only the
questions whose evidence is on the scanned pages are asked). --seed draws other noise (skew, grain, specks) on
the same books: the OCR repairs (assistant/knowledge/ocr_repair.py) were found on seed 7's scans, so another
seed is the held-out check.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.knowledge.ocr import ENGINES, engine_for  # noqa: E402
from evals.ocr import questions  # noqa: E402
from evals.ocr.scans import Noise, character_accuracy, scan_book  # noqa: E402

BOOKS = sorted((ROOT / "corpus" / "knowledge").glob("*.md"))
SEED = 7  # scan_book's default: the scans the figures in evals/README.md were first taken on


def page_images(pdf: bytes):
    import pypdfium2

    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    try:
        for page in document:
            yield page.render(scale=200 / 72).to_pil()
    finally:
        document.close()


def chosen_books(names: list[str]) -> list[Path]:
    """Books named exactly, else by a part of the name: 示范银行贷后管理实施细则 alone is not its 2022 edition."""
    if not names:
        return BOOKS
    return [book for book in BOOKS
            if any(name == book.stem or (name in book.stem and not any(b.stem == name for b in BOOKS))
                   for name in names)]


def measure(engine_name: str, books: list[Path], pages: int | None, noise: Noise, seed: int) -> dict:
    engine = engine_for(engine_name)
    engine.read(next(page_images(scan_book("# 预热", noise=noise).pdf)))  # model load is not per page
    accuracies, seconds = [], []
    for book in books:
        scanned = scan_book(book.read_text(encoding="utf-8"), noise=noise, seed=seed, max_pages=pages)
        for truth, image in zip(scanned.pages, page_images(scanned.pdf)):
            started = time.perf_counter()
            read = engine.read(image)
            seconds.append(time.perf_counter() - started)
            accuracies.append(character_accuracy(truth, read))
    total_truth = len(accuracies)
    return {
        "engine": engine_name, "pages": total_truth,
        "accuracy_mean": statistics.fmean(accuracies), "accuracy_min": min(accuracies),
        "s_per_page_p50": statistics.median(seconds), "s_per_page_max": max(seconds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engines", nargs="*", default=list(ENGINES))
    parser.add_argument("--pages", type=int, default=None, help="at most this many pages per book")
    parser.add_argument("--clean", action="store_true", help="render without scanner noise")
    parser.add_argument("--seed", type=int, default=SEED, help=f"noise seed (default {SEED}, the tuned scans)")
    parser.add_argument("--books", nargs="*", default=[], help="only these rule books (file name, or a part of it)")
    parser.add_argument("--questions", action="store_true",
                        help="ingest each book as text and as a scan, and ask both the chat eval's questions on it")
    args = parser.parse_args()
    noise = Noise.clean() if args.clean else Noise()
    books = chosen_books(args.books)
    if not books:
        parser.error(f"no rule book in corpus/knowledge matches {args.books}")
    if args.questions:
        questions.print_report(questions.run(books, args.pages, noise, args.seed), args.pages, args.seed)
        return
    print(f"generated scans of {len(books)} rule books, {'clean' if args.clean else 'noisy'}, 200 dpi, seed {args.seed}")
    print("| engine | pages | char accuracy (mean) | worst page | s/page p50 | s/page max |")
    print("|---|---|---|---|---|---|")
    for name in args.engines:
        try:
            row = measure(name, books, args.pages, noise, args.seed)
        except Exception as exc:  # an engine not installed here is reported, the others still run
            print(f"| {name} | – | not run: {exc} | | | |")
            continue
        print(f"| {row['engine']} | {row['pages']} | {row['accuracy_mean']:.3f} | {row['accuracy_min']:.3f} | "
              f"{row['s_per_page_p50']:.2f} | {row['s_per_page_max']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
