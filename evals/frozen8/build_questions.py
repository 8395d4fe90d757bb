# -*- coding: utf-8 -*-
"""Build dev9 / frozen8 question files from pool.py.

random.Random(20261208): shuffle ANSWERABLE, then UNANSWERABLE (same generator);
first 60 + first 40 -> dev9, rest -> frozen8; shuffle each split once more (dev9 first).
"""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EVALS = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import pool  # noqa: E402

SEED = 20261208
N_ANS, N_UNANS = 60, 40


def answerable_row(t):
    question, key, articles, evidence, keys, kind, style = t
    path, doc = pool.FILES[key]
    return {
        "question": question, "answerable": True, "file": path, "doc": doc,
        "articles": list(articles), "evidence": evidence, "keys": list(keys),
        "kind": kind, "style": style,
    }


def unanswerable_row(t):
    question, kind, style, _near_miss, _note = t
    return {
        "question": question, "answerable": False, "file": "", "doc": "",
        "articles": [], "evidence": "", "keys": [], "kind": kind, "style": style,
    }


def main():
    rng = random.Random(SEED)
    ans = [answerable_row(t) for t in pool.ANSWERABLE]
    una = [unanswerable_row(t) for t in pool.UNANSWERABLE]
    rng.shuffle(ans)
    rng.shuffle(una)
    splits = {
        "dev9": (ans[:N_ANS] + una[:N_UNANS], "D9"),
        "frozen8": (ans[N_ANS:] + una[N_UNANS:], "F8"),
    }
    for name in ("dev9", "frozen8"):
        rows, prefix = splits[name]
        rng.shuffle(rows)
        out_dir = os.path.join(EVALS, name)
        os.makedirs(out_dir, exist_ok=True)
        out = os.path.join(out_dir, "questions.jsonl")
        with open(out, "w", encoding="utf-8") as fh:
            for i, r in enumerate(rows, 1):
                rec = {
                    "id": "%s-%03d" % (prefix, i),
                    "question": r["question"],
                    "answerable": r["answerable"],
                    "file": r["file"],
                    "doc": r["doc"],
                    "articles": r["articles"],
                    "evidence": r["evidence"],
                    "keys": r["keys"],
                    "kind": r["kind"],
                    "style": r["style"],
                    "split": name,
                }
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n_a = sum(1 for r in rows if r["answerable"])
        print("%-8s %3d questions (%d answerable, %d unanswerable) -> %s"
              % (name, len(rows), n_a, len(rows) - n_a, out))


if __name__ == "__main__":
    main()
