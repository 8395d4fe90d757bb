"""Split the frozen14 pool into dev15 and frozen14 question files.

    /work/main/.venv/bin/python evals/frozen14/build_questions.py

One random.Random(20261207) instance is used throughout, in this order:
  1. shuffle ANSWERABLE, 2. shuffle UNANSWERABLE
     -> dev15 gets answerable[:60] + unanswerable[:40],
        frozen14 gets answerable[60:120] + unanswerable[40:80];
  3. shuffle the dev15 rows, 4. shuffle the frozen14 rows
     (the second seeded shuffle that interleaves answerable and unanswerable).
Ids are then numbered in file order: D15-001... and F14-001...
"""

import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import pool  # noqa: E402

SEED = 20261207
N_ANS, N_UNANS = 60, 40
FIELDS = ["id", "question", "answerable", "file", "doc", "articles",
          "evidence", "keys", "kind", "style", "split"]

EVALS = os.path.dirname(HERE)
OUT = {
    "dev15": (os.path.join(EVALS, "dev15", "questions.jsonl"), "D15"),
    "frozen14": (os.path.join(EVALS, "frozen14", "questions.jsonl"), "F14"),
}


def row(q, answerable, split, qid):
    r = {
        "id": qid,
        "question": q["question"],
        "answerable": answerable,
        "file": q["file"] if answerable else "",
        "doc": q["doc"] if answerable else "",
        "articles": list(q["articles"]) if answerable else [],
        "evidence": q["evidence"] if answerable else "",
        "keys": list(q["keys"]) if answerable else [],
        "kind": q["kind"],
        "style": q["style"],
        "split": split,
    }
    return {k: r[k] for k in FIELDS}


def main():
    ans = [dict(q) for q in pool.ANSWERABLE]
    una = [dict(q) for q in pool.UNANSWERABLE]
    if len(ans) != 2 * N_ANS or len(una) != 2 * N_UNANS:
        sys.exit("pool must hold %d answerable and %d unanswerable, has %d and %d"
                 % (2 * N_ANS, 2 * N_UNANS, len(ans), len(una)))

    rng = random.Random(SEED)
    rng.shuffle(ans)
    rng.shuffle(una)

    sets = {
        "dev15": [(q, True) for q in ans[:N_ANS]] + [(q, False) for q in una[:N_UNANS]],
        "frozen14": [(q, True) for q in ans[N_ANS:]] + [(q, False) for q in una[N_UNANS:]],
    }
    for split in ("dev15", "frozen14"):
        rng.shuffle(sets[split])

    for split in ("dev15", "frozen14"):
        path, prefix = OUT[split]
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            for i, (q, answerable) in enumerate(sets[split], 1):
                r = row(q, answerable, split, "%s-%03d" % (prefix, i))
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print("wrote %s (%d rows)" % (os.path.relpath(path, os.path.dirname(EVALS)),
                                       len(sets[split])))


if __name__ == "__main__":
    main()
