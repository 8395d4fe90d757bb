# -*- coding: utf-8 -*-
"""Build evals/dev8/questions.jsonl and evals/frozen7/questions.jsonl from pool.py.

Split: one random.Random(20261207); shuffle the 120 answerable items, then the
80 unanswerable items (in pool order, same generator); the first 60 + first 40
go to dev8, the rest to frozen7; each split is then shuffled once more with the
same generator (dev8 first) so answerable/unanswerable items interleave; ids
are assigned after that (D8-001…, F7-001…).
"""
import json
import random
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import pool  # noqa: E402

SEED = 20261207
MAIN = HERE.parents[1]


def rows():
    ans, una = [], []
    for q, fk, arts, ev, keys, kind, style in pool.ANSWERABLE:
        f, doc = pool.FILES[fk]
        ans.append({"question": q, "answerable": True, "file": f, "doc": doc,
                    "articles": list(arts), "evidence": ev, "keys": list(keys),
                    "kind": kind, "style": style})
    for q, kind, style, near, _note in pool.UNANSWERABLE:
        una.append({"question": q, "answerable": False, "file": "", "doc": "",
                    "articles": [], "evidence": "", "keys": [],
                    "kind": kind, "style": style, "_near": near})
    return ans, una


def main():
    ans, una = rows()
    assert len(ans) == 120 and len(una) == 80, (len(ans), len(una))
    rng = random.Random(SEED)
    rng.shuffle(ans)
    rng.shuffle(una)
    splits = {"dev8": ans[:60] + una[:40], "frozen7": ans[60:] + una[40:]}
    prefix = {"dev8": "D8", "frozen7": "F7"}
    for name in ("dev8", "frozen7"):
        items = splits[name]
        rng.shuffle(items)
        out = MAIN / "evals" / name / "questions.jsonl"
        with out.open("w", encoding="utf-8") as fh:
            for i, r in enumerate(items, 1):
                rec = {"id": f"{prefix[name]}-{i:03d}", "question": r["question"],
                       "answerable": r["answerable"], "file": r["file"], "doc": r["doc"],
                       "articles": r["articles"], "evidence": r["evidence"], "keys": r["keys"],
                       "kind": r["kind"], "style": r["style"], "split": name}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        c = Counter(r["answerable"] for r in items)
        near = sum(1 for r in items if not r["answerable"] and r.get("_near"))
        coll = sum(1 for r in items if r["style"] == "colloquial")
        print(f"{name}: {len(items)} rows, {c[True]} answerable, {c[False]} unanswerable "
              f"({near} near-miss), colloquial {coll}/{len(items)}")
        print("   kinds:", dict(sorted(Counter(r["kind"] for r in items).items())))


if __name__ == "__main__":
    main()
