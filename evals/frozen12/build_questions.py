# -*- coding: utf-8 -*-
"""Build evals/dev13/questions.jsonl and evals/frozen12/questions.jsonl from pool.py.

Split rule: with random.Random(20261221), shuffle a copy of ANSWERABLE, then a
copy of UNANSWERABLE; dev13 = first 60 answerable + first 40 unanswerable,
frozen12 = the rest; shuffle dev13, then frozen12, with the same generator.

Usage:  python evals/frozen12/build_questions.py
"""
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]  # /work/main
sys.path.insert(0, str(HERE))

import pool  # noqa: E402

SEED = 20261221
N_DEV_ANS = 60
N_DEV_UNANS = 40
FIELDS = ["id", "question", "answerable", "file", "doc", "articles",
          "evidence", "keys", "kind", "style", "split"]


def _row(item, answerable):
    if answerable:
        return {
            "question": item["question"],
            "answerable": True,
            "file": item["file"],
            "doc": item["doc"],
            "articles": list(item["articles"]),
            "evidence": item["evidence"],
            "keys": list(item["keys"]),
            "kind": item["kind"],
            "style": item["style"],
        }
    return {
        "question": item["question"],
        "answerable": False,
        "file": "",
        "doc": "",
        "articles": [],
        "evidence": "",
        "keys": [],
        "kind": item["kind"],
        "style": item["style"],
    }


def build():
    """Return (dev13_rows, frozen12_rows) with ids, fields in FIELDS order."""
    rng = random.Random(SEED)
    ans = list(pool.ANSWERABLE)
    rng.shuffle(ans)
    una = list(pool.UNANSWERABLE)
    rng.shuffle(una)

    dev = [_row(x, True) for x in ans[:N_DEV_ANS]] + \
          [_row(x, False) for x in una[:N_DEV_UNANS]]
    frozen = [_row(x, True) for x in ans[N_DEV_ANS:]] + \
             [_row(x, False) for x in una[N_DEV_UNANS:]]
    rng.shuffle(dev)
    rng.shuffle(frozen)

    out = []
    for rows, prefix, split in ((dev, "D13", "dev13"), (frozen, "F12", "frozen12")):
        built = []
        for i, r in enumerate(rows, 1):
            r = dict(r, id="%s-%03d" % (prefix, i), split=split)
            built.append({k: r[k] for k in FIELDS})
        out.append(built)
    return out[0], out[1]


def write_jsonl(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def main():
    dev, frozen = build()
    dev_path = ROOT / "evals" / "dev13" / "questions.jsonl"
    frozen_path = ROOT / "evals" / "frozen12" / "questions.jsonl"
    write_jsonl(dev_path, dev)
    write_jsonl(frozen_path, frozen)
    for name, rows, path in (("dev13", dev, dev_path), ("frozen12", frozen, frozen_path)):
        n_a = sum(r["answerable"] for r in rows)
        print("%s: %d rows (%d answerable, %d unanswerable) -> %s"
              % (name, len(rows), n_a, len(rows) - n_a, path.relative_to(ROOT)))


if __name__ == "__main__":
    main()
