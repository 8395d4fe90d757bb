# -*- coding: utf-8 -*-
"""Build the frozen16 and dev17 question sets from pool.py.

Answerable and unanswerable questions are shuffled separately with random.Random(1618);
each set gets 60 answerable + 40 unanswerable, is shuffled again and numbered.
Writes questions.jsonl and meta.jsonl ({"id", "tags", "ucat"}) in each folder.
"""
import importlib.util
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
EVALS = os.path.dirname(HERE)
SEED = 1618
N_ANS, N_UNANS = 60, 40
SETS = [("frozen16", "F16"), ("dev17", "D17")]
KEYS = ["id", "question", "answerable", "file", "doc", "articles", "evidence", "keys", "kind", "style", "split"]


def load_pool():
    spec = importlib.util.spec_from_file_location("pool16", os.path.join(HERE, "pool.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main():
    pool = load_pool()
    ans = [dict(q) for q in pool.ANSWERABLE]
    una = [dict(q) for q in pool.UNANSWERABLE]
    assert len(ans) == N_ANS * len(SETS), len(ans)
    assert len(una) == N_UNANS * len(SETS), len(una)
    rng = random.Random(SEED)
    rng.shuffle(ans)
    rng.shuffle(una)
    for i, (split, prefix) in enumerate(SETS):
        items = ans[i * N_ANS:(i + 1) * N_ANS] + una[i * N_UNANS:(i + 1) * N_UNANS]
        rng.shuffle(items)
        out_dir = os.path.join(EVALS, split)
        os.makedirs(out_dir, exist_ok=True)
        with open(os.path.join(out_dir, "questions.jsonl"), "w", encoding="utf-8") as fq, \
                open(os.path.join(out_dir, "meta.jsonl"), "w", encoding="utf-8") as fm:
            for n, q in enumerate(items, 1):
                qid = "%s-%03d" % (prefix, n)
                row = {
                    "id": qid,
                    "question": q["question"],
                    "answerable": q["answerable"],
                    "file": q["file"],
                    "doc": q["doc"],
                    "articles": q["articles"],
                    "evidence": q["evidence"],
                    "keys": q["keys"],
                    "kind": q["kind"],
                    "style": q["style"],
                    "split": split,
                }
                assert list(row) == KEYS
                fq.write(json.dumps(row, ensure_ascii=False) + "\n")
                fm.write(json.dumps({"id": qid, "tags": q["tags"], "ucat": q["ucat"]}, ensure_ascii=False) + "\n")
        print("%s: %d questions written to %s" % (split, len(items), out_dir))


if __name__ == "__main__":
    main()
