"""Build evals/dev14/questions.jsonl and evals/frozen13/questions.jsonl from pool.py."""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EVALS = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import pool  # noqa: E402

FIELDS = ["id", "question", "answerable", "file", "doc", "articles", "evidence",
          "keys", "kind", "style", "split"]


def row(item, answerable, split, rid):
    if answerable:
        r = {"id": rid, "question": item["question"], "answerable": True,
             "file": item["file"], "doc": item["doc"], "articles": list(item["articles"]),
             "evidence": item["evidence"], "keys": list(item["keys"]),
             "kind": item["kind"], "style": item["style"], "split": split}
    else:
        r = {"id": rid, "question": item["question"], "answerable": False,
             "file": "", "doc": "", "articles": [], "evidence": "", "keys": [],
             "kind": item["kind"], "style": item["style"], "split": split}
    return {k: r[k] for k in FIELDS}


def build():
    rng = random.Random(20261207)
    ans = list(pool.ANSWERABLE)
    una = list(pool.UNANSWERABLE)
    rng.shuffle(ans)
    rng.shuffle(una)
    dev = [(a, True) for a in ans[:60]] + [(u, False) for u in una[:40]]
    frz = [(a, True) for a in ans[60:]] + [(u, False) for u in una[40:]]
    rng.shuffle(dev)
    rng.shuffle(frz)
    out = {}
    for split, items, prefix, folder in (("dev14", dev, "D14", "dev14"),
                                         ("frozen13", frz, "F13", "frozen13")):
        rows = [row(it, a, split, "%s-%03d" % (prefix, i + 1))
                for i, (it, a) in enumerate(items)]
        path = os.path.join(EVALS, folder, "questions.jsonl")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        out[split] = rows
        print("wrote %d rows to %s" % (len(rows), path))
    return out


if __name__ == "__main__":
    build()
