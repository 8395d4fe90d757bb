"""Quiz eval: 100 items from ../shared/corpus/regulations — automatic check, duplicates, speed, manual review tally.

Run: .venv/bin/python evals/quiz/run.py [--show-sample]
The manual judgement of the 30 sampled items lives in evals/quiz/manual_review.md (keyed by seed and item id).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.quiz.checks import check_item  # noqa: E402
from assistant.quiz.generator import generate_quiz  # noqa: E402
from assistant.quiz.source import load_source  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "regulations"
REVIEW = Path(__file__).with_name("manual_review.md")
SEED = 2026  # frozen: the seed whose sample was reviewed by hand
N_ITEMS, N_SAMPLE, QUIZ_SIZE = 100, 30, 20
ROW = re.compile(r"^\|\s*(\d+)\s*\|\s*(q-[0-9a-f]+s?)\s*\|\s*([✓✗])\s*\|\s*([✓✗])\s*\|\s*([✓✗])\s*\|(.*)\|\s*$")


def sample_ids(items, seed: int = SEED) -> list[str]:
    return [item.id for item in random.Random(seed).sample(items, N_SAMPLE)]


def duplicates(items) -> int:
    facts = [fact for item in items for fact in item.facts if not fact.startswith("touch:")]
    stems = [item.stem + repr(sorted(item.options.items())) for item in items]
    return (len(facts) - len(set(facts))) + (len(stems) - len(set(stems)))


def timing(chunks) -> tuple[float, float]:
    """Median seconds for a 20-item quiz: generation only, and load + chunk + generation."""
    gen, full = [], []
    for run in range(5):
        start = time.perf_counter()
        generate_quiz(chunks, QUIZ_SIZE, seed=run)
        gen.append(time.perf_counter() - start)
        start = time.perf_counter()
        generate_quiz(load_source(str(CORPUS)), QUIZ_SIZE, seed=run)
        full.append(time.perf_counter() - start)
    return statistics.median(gen), statistics.median(full)


def review_tally(ids: list[str], seed: int = SEED) -> tuple[int, int]:
    """(items judged correct, unambiguous and worth asking; items reviewed) among the sampled ids."""
    verdicts = {}
    for line in REVIEW.read_text(encoding="utf-8").splitlines() if REVIEW.exists() else []:
        match = ROW.match(line)
        if match and int(match.group(1)) == seed:
            verdicts[match.group(2)] = all(match.group(k) == "✓" for k in (3, 4, 5))
    reviewed = [i for i in ids if i in verdicts]
    return sum(verdicts[i] for i in reviewed), len(reviewed)


def show(items, ids) -> None:
    by_id = {item.id: item for item in items}
    for number, item_id in enumerate(ids, 1):
        item = by_id[item_id]
        print(f"\n#{number} {item.id} [{item.type}/{item.topic}] {item.stem}")
        for letter, text in item.options.items():
            print(f"    {letter}. {text}")
        print(f"    答案：{item.answer}    依据：{item.citation.doc_title} {item.citation.article}：{item.citation.quote}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show-sample", action="store_true", help="print the 30 sampled items for review")
    args = parser.parse_args()
    chunks = load_source(str(CORPUS))
    quiz = generate_quiz(chunks, N_ITEMS, seed=SEED)
    by_chunk = {chunk.chunk_id: chunk for chunk in chunks}
    passing = sum(not check_item(item, by_chunk[item.chunk_id].text) for item in quiz.items)
    ids = sample_ids(quiz.items)
    good, reviewed = review_tally(ids)
    gen_s, full_s = timing(chunks)
    if args.show_sample:
        show(quiz.items, ids)
    types = {t: sum(i.type == t for i in quiz.items) for t in ("single", "multiple", "true_false", "fill")}
    rows = [
        ("items emitted (seed %d)" % SEED, f"{len(quiz.items)}", f"{N_ITEMS}"),
        ("generated / discarded by check", f"{quiz.generated} / {quiz.discarded}", "-"),
        ("emitted items passing the check", f"{passing / len(quiz.items):.0%}", "100%"),
        ("duplicates (facts or stems)", f"{duplicates(quiz.items)}", "0"),
        ("20-item quiz: generation only", f"{gen_s:.3f} s", "≤ 2 s"),
        ("20-item quiz: load + chunk + generation", f"{full_s:.3f} s", "≤ 2 s"),
        ("types single/multiple/true_false/fill", "/".join(str(v) for v in types.values()), "-"),
        ("manual review: good / reviewed (of 30)", f"{good} / {reviewed}", "≥ 27 / 30"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'metric':<{width}}  {'value':>14}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>14}  {target}")


if __name__ == "__main__":
    main()
