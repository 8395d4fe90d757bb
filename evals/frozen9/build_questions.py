# -*- coding: utf-8 -*-
"""Split the pool (pool.py) into evals/dev10 (tuning) and evals/frozen9 (held out).

random.Random(20261209): shuffle the answerable list, then the unanswerable list (same
generator); the first 60 answerable + first 40 unanswerable go to dev10, the rest to frozen9;
each split is shuffled once more (dev10 first).  Writes dev10/questions.jsonl (D10-001…) and
frozen9/questions.jsonl (F9-001…).  The notes on unanswerable entries stay in pool.py.
"""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pool  # noqa: E402

SEED = 20261209
EVALS = os.path.dirname(HERE)
OUT = {
    "dev10": (os.path.join(EVALS, "dev10", "questions.jsonl"), "D10-"),
    "frozen9": (os.path.join(EVALS, "frozen9", "questions.jsonl"), "F9-"),
}


def row(entry, answerable):
    if answerable:
        return {"question": entry["q"], "answerable": True, "file": entry["file"], "doc": entry["doc"],
                "articles": list(entry["articles"]), "evidence": entry["evidence"],
                "keys": list(entry["keys"]), "kind": entry["kind"], "style": entry["style"]}
    return {"question": entry["q"], "answerable": False, "file": "", "doc": "", "articles": [],
            "evidence": "", "keys": [], "kind": entry["kind"], "style": entry["style"]}


def main():
    rng = random.Random(SEED)
    ans = [row(e, True) for e in pool.ANSWERABLE]
    una = [row(e, False) for e in pool.UNANSWERABLE]
    rng.shuffle(ans)
    rng.shuffle(una)
    splits = {"dev10": ans[:60] + una[:40], "frozen9": ans[60:] + una[40:]}
    for name in ("dev10", "frozen9"):
        rng.shuffle(splits[name])
    for name, rows in splits.items():
        path, prefix = OUT[name]
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            for i, r in enumerate(rows, 1):
                out = {"id": f"{prefix}{i:03d}", "question": r["question"], "answerable": r["answerable"],
                       "file": r["file"], "doc": r["doc"], "articles": r["articles"],
                       "evidence": r["evidence"], "keys": r["keys"], "kind": r["kind"],
                       "style": r["style"], "split": name}
                fh.write(json.dumps(out, ensure_ascii=False) + "\n")
        n_ans = sum(r["answerable"] for r in rows)
        print(f"{name}: {len(rows)} rows ({n_ans} answerable, {len(rows) - n_ans} unanswerable) -> {path}")


if __name__ == "__main__":
    main()
