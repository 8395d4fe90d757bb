# -*- coding: utf-8 -*-
"""Split pool.py into evals/dev12/questions.jsonl and evals/frozen11/questions.jsonl.

Procedure (seed 20261214, one generator throughout):
  1. shuffle a copy of ANSWERABLE, then a copy of UNANSWERABLE;
  2. dev12  = first 60 answerable + first 40 unanswerable,
     frozen11 = the remaining 60 + 40;
  3. shuffle dev12, then frozen11;
  4. write ids D12-001... and F11-001..., one JSON object per line.
"""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pool  # noqa: E402

SEED = 20261214
EVALS = os.path.dirname(HERE)
OUT = {
    "dev12": os.path.join(EVALS, "dev12", "questions.jsonl"),
    "frozen11": os.path.join(EVALS, "frozen11", "questions.jsonl"),
}
PREFIX = {"dev12": "D12", "frozen11": "F11"}
FIELDS = ["id", "question", "answerable", "file", "doc", "articles", "evidence",
          "keys", "kind", "style", "split"]


def record(item, answerable, split, qid):
    if answerable:
        rec = {
            "id": qid, "question": item["q"], "answerable": True,
            "file": item["file"], "doc": item["doc"], "articles": list(item["articles"]),
            "evidence": item["evidence"], "keys": list(item["keys"]),
            "kind": item["kind"], "style": item["style"], "split": split,
        }
    else:
        rec = {
            "id": qid, "question": item["q"], "answerable": False,
            "file": "", "doc": "", "articles": [], "evidence": "", "keys": [],
            "kind": item["kind"], "style": item["style"], "split": split,
        }
    assert list(rec) == FIELDS
    return rec


def build():
    rng = random.Random(SEED)
    ans = list(pool.ANSWERABLE)
    una = list(pool.UNANSWERABLE)
    assert len(ans) == 120 and len(una) == 80, (len(ans), len(una))
    rng.shuffle(ans)
    rng.shuffle(una)
    splits = {
        "dev12": [(x, True) for x in ans[:60]] + [(x, False) for x in una[:40]],
        "frozen11": [(x, True) for x in ans[60:]] + [(x, False) for x in una[40:]],
    }
    for name in ("dev12", "frozen11"):  # dev12 first
        rng.shuffle(splits[name])
    for name in ("dev12", "frozen11"):
        os.makedirs(os.path.dirname(OUT[name]), exist_ok=True)
        with open(OUT[name], "w", encoding="utf-8") as fh:
            for i, (item, answerable) in enumerate(splits[name], 1):
                rec = record(item, answerable, name, "%s-%03d" % (PREFIX[name], i))
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print("wrote %s (%d questions)" % (OUT[name], len(splits[name])))


if __name__ == "__main__":
    build()
