"""Answer eval: refusal rates, citation correctness, key-fact presence and verbatim quotes; prints one table.

Run: .venv/bin/python evals/answers/run.py [--corpus ../shared/corpus] [--show-failures]
Uses a fresh ASSISTANT_HOME, ingests the corpus, asks every question in a new conversation. These are the
earliest answer sets (all dev now); evals/chat/run.py reports every set, dev and frozen, side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETS = {"retrieval": ROOT / "evals" / "retrieval" / "questions.jsonl",
        "answers": ROOT / "evals" / "answers" / "questions.jsonl",
        "fresh": ROOT / "evals" / "answers" / "fresh.jsonl",
        "fresh2": ROOT / "evals" / "answers" / "fresh2.jsonl"}


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _cites_expected(row: dict, answer) -> tuple[bool, bool]:
    """(first citation matches, any citation matches) the expected document and article."""
    def ok(c) -> bool:
        return row["doc"] in c.doc_title and (not row.get("articles") or c.article in row["articles"])
    return (bool(answer.citations) and ok(answer.citations[0]), any(ok(c) for c in answer.citations))


def evaluate(rows: list[dict], service, chunk_text) -> dict:
    stats = {"n_ans": 0, "n_un": 0, "ans_refused": 0, "un_refused": 0, "cite_first": 0, "cite_any": 0,
             "fact_q": 0, "fact_ok": 0, "quotes": 0, "verbatim": 0, "failures": []}
    for row in rows:
        answer = service.ask(row["question"])
        for c in answer.citations:
            stats["quotes"] += 1
            stats["verbatim"] += c.quote in chunk_text(c.chunk_id)
        if not row["answerable"]:
            stats["n_un"] += 1
            stats["un_refused"] += answer.refused
            if not answer.refused:
                stats["failures"].append((row["id"], "answered", row["question"]))
            continue
        stats["n_ans"] += 1
        stats["ans_refused"] += answer.refused
        first, anywhere = _cites_expected(row, answer)
        stats["cite_first"] += first
        stats["cite_any"] += anywhere
        if row.get("facts"):
            stats["fact_q"] += 1
            hit = all(f in answer.answer for f in row["facts"])
            stats["fact_ok"] += hit
            if not hit:
                stats["failures"].append((row["id"], "facts", row["question"]))
        if answer.refused or not anywhere:
            stats["failures"].append((row["id"], "refused" if answer.refused else "citation", row["question"]))
    return stats


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "-"


def print_table(results: dict[str, dict]) -> None:
    header = ["set", "unanswerable refused", "answerable refused", "cites expected (first)",
              "cites expected (any)", "key facts present", "quotes verbatim"]
    lines = [header]
    for name, s in results.items():
        lines.append([name, _pct(s["un_refused"], s["n_un"]), _pct(s["ans_refused"], s["n_ans"]),
                      _pct(s["cite_first"], s["n_ans"]), _pct(s["cite_any"], s["n_ans"]),
                      _pct(s["fact_ok"], s["fact_q"]), _pct(s["verbatim"], s["quotes"])])
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    for i, line in enumerate(lines):
        print(" | ".join(str(cell).ljust(widths[j]) for j, cell in enumerate(line)))
        if i == 0:
            print("-+-".join("-" * w for w in widths))


def run_sets(service, chunk_text) -> dict[str, dict]:
    results = {}
    for name, path in SETS.items():
        if not path.exists():
            continue
        rows = _load(path)
        for split in sorted({r.get("split", "") for r in rows}):
            subset = [r for r in rows if r.get("split", "") == split]
            label = f"{name}:{split}" if split and split != name else name
            results[label] = evaluate(subset, service, chunk_text)
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--show-failures", action="store_true")
    parser.add_argument("--skip", default="", help="comma-separated splits to leave out of the failure list")
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="answer-eval-")
    os.environ["ASSISTANT_HOME"] = home
    sys.path.insert(0, str(ROOT))
    from assistant.answering.service import ChatService
    from assistant.knowledge.index import KnowledgeIndex
    from assistant.knowledge.ingest import ingest_paths

    ingest_paths([args.corpus])
    index = KnowledgeIndex()
    service = ChatService()
    chunk_text = lambda cid: index.chunk(cid).text  # noqa: E731
    shown = run_sets(service, chunk_text)
    print_table(shown)
    if args.show_failures:
        skipped = {s for s in args.skip.split(",") if s}
        for label, s in shown.items():
            if label.split(":")[-1] in skipped:
                continue
            for failure in s["failures"]:
                print(label, *failure)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
