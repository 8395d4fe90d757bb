"""Split the blind pool (pool.py) into dev11 (tuning) and frozen10 (held out).

random.Random(20261210): shuffle ANSWERABLE, then UNANSWERABLE (same generator);
the first 60 answerable + first 40 unanswerable go to dev11, the rest to frozen10;
each split is shuffled once more (dev11 first).  Writes
    evals/dev11/questions.jsonl      ids D11-001 ...
    evals/frozen10/questions.jsonl   ids F10-001 ...
The unanswerable notes (near_miss, sort, why) stay in pool.py.

Run from anywhere:  python3 evals/frozen10/build_questions.py
"""

import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EVALS = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import pool  # noqa: E402

SEED = 20261210
FIELDS = ["id", "question", "answerable", "file", "doc", "articles", "evidence",
          "keys", "kind", "style", "split"]


def row(entry, answerable, split):
    if answerable:
        return {"question": entry["q"], "answerable": True, "file": entry["file"],
                "doc": entry["doc"], "articles": list(entry["articles"]),
                "evidence": entry["evidence"], "keys": list(entry["keys"]),
                "kind": entry["kind"], "style": entry["style"], "split": split}
    return {"question": entry["q"], "answerable": False, "file": "", "doc": "",
            "articles": [], "evidence": "", "keys": [],
            "kind": entry["kind"], "style": entry["style"], "split": split}


def write(path, rows, prefix):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for i, r in enumerate(rows, 1):
            r = dict(r, id="%s-%03d" % (prefix, i))
            fh.write(json.dumps({k: r[k] for k in FIELDS}, ensure_ascii=False) + "\n")


def main():
    rng = random.Random(SEED)
    ans = list(pool.ANSWERABLE)
    una = list(pool.UNANSWERABLE)
    assert len(ans) == 120 and len(una) == 80, (len(ans), len(una))
    rng.shuffle(ans)
    rng.shuffle(una)
    dev = [row(e, True, "dev11") for e in ans[:60]] + [row(e, False, "dev11") for e in una[:40]]
    frozen = [row(e, True, "frozen10") for e in ans[60:]] + [row(e, False, "frozen10") for e in una[40:]]
    rng.shuffle(dev)
    rng.shuffle(frozen)
    write(os.path.join(EVALS, "dev11", "questions.jsonl"), dev, "D11")
    write(os.path.join(EVALS, "frozen10", "questions.jsonl"), frozen, "F10")
    print("dev11: %d rows, frozen10: %d rows" % (len(dev), len(frozen)))


if __name__ == "__main__":
    main()
