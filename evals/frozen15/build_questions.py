"""Build frozen15 and dev16 question sets from pool.py.

Shuffles answerable and unanswerable questions separately with random.Random(1517),
gives 60 answerable + 40 unanswerable to each set, shuffles each set, assigns ids and writes
  /work/main/evals/frozen15/questions.jsonl  (F15-001.., split "frozen15")
  /work/main/evals/dev16/questions.jsonl     (D16-001.., split "dev16")
plus a sidecar meta.jsonl in each folder (id, tags, ucat) used by check_questions.py.
"""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from pool import POOL  # noqa: E402

EVALS = os.path.dirname(HERE)
OUT = {"frozen15": (os.path.join(EVALS, "frozen15"), "F15"),
       "dev16": (os.path.join(EVALS, "dev16"), "D16")}
FIELDS = ["id", "question", "answerable", "file", "doc", "articles", "evidence", "keys", "kind", "style"]


def main():
    rng = random.Random(1517)
    ans = [q for q in POOL if q["answerable"]]
    una = [q for q in POOL if not q["answerable"]]
    assert len(ans) == 120 and len(una) == 80, (len(ans), len(una))
    rng.shuffle(ans)
    rng.shuffle(una)
    sets = {"frozen15": ans[:60] + una[:40], "dev16": ans[60:] + una[40:]}
    for split, items in sets.items():
        rng.shuffle(items)
        folder, prefix = OUT[split]
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "questions.jsonl"), "w", encoding="utf-8") as fq, \
             open(os.path.join(folder, "meta.jsonl"), "w", encoding="utf-8") as fm:
            for i, q in enumerate(items, 1):
                qid = "%s-%03d" % (prefix, i)
                obj = {"id": qid}
                for k in FIELDS[1:]:
                    obj[k] = q[k]
                obj["split"] = split
                fq.write(json.dumps(obj, ensure_ascii=False) + "\n")
                fm.write(json.dumps({"id": qid, "tags": q["tags"], "ucat": q["ucat"]}, ensure_ascii=False) + "\n")
        print("%s: %d questions -> %s" % (split, len(items), folder))


if __name__ == "__main__":
    main()
