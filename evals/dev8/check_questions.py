# -*- coding: utf-8 -*-
"""Sanity checks for evals/dev8/questions.jsonl and evals/frozen7/questions.jsonl.

Run from anywhere:  python evals/dev8/check_questions.py
Exits non-zero and lists every problem when a check fails.
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

MAIN = Path(__file__).resolve().parents[2]          # /work/main
SPLITS = {"dev8": "D8", "frozen7": "F7"}
FIELDS = ["id", "question", "answerable", "file", "doc", "articles", "evidence",
          "keys", "kind", "style", "split"]
KINDS = {"period", "frequency", "number", "role", "list", "yes_no", "procedure",
         "definition", "category", "other"}
STYLES = {"colloquial", "formal"}
WS = re.compile(r"\s+")


def squash(s):
    return WS.sub("", s)


def main():
    errors = []
    seen_ids = set()
    seen_questions = Counter()
    cache = {}
    totals = Counter()
    for split, prefix in SPLITS.items():
        path = MAIN / "evals" / split / "questions.jsonl"
        if not path.exists():
            errors.append(f"missing {path}")
            continue
        rows = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                errors.append(f"{split}:{n}: blank line")
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                errors.append(f"{split}:{n}: bad JSON ({e})")
        counts = Counter(r.get("answerable") for r in rows)
        if counts[True] != 60 or counts[False] != 40:
            errors.append(f"{split}: expected 60 answerable / 40 unanswerable, got {counts[True]} / {counts[False]}")
        for i, r in enumerate(rows, 1):
            rid = r.get("id", f"{split}#{i}")
            if list(r.keys()) != FIELDS:
                errors.append(f"{rid}: fields {list(r.keys())} != {FIELDS}")
            want_id = f"{prefix}-{i:03d}"
            if r.get("id") != want_id:
                errors.append(f"{rid}: id should be {want_id} (sequential)")
            if r.get("id") in seen_ids:
                errors.append(f"{rid}: duplicate id")
            seen_ids.add(r.get("id"))
            if r.get("split") != split:
                errors.append(f"{rid}: split field {r.get('split')!r} != {split!r}")
            if r.get("kind") not in KINDS:
                errors.append(f"{rid}: bad kind {r.get('kind')!r}")
            if r.get("style") not in STYLES:
                errors.append(f"{rid}: bad style {r.get('style')!r}")
            q = r.get("question", "")
            if not isinstance(q, str) or len(q) < 4:
                errors.append(f"{rid}: empty/short question")
            seen_questions[q] += 1
            if not isinstance(r.get("articles"), list) or not isinstance(r.get("keys"), list):
                errors.append(f"{rid}: articles/keys must be lists")
                continue
            if r.get("answerable") is True:
                totals["answerable"] += 1
                f = r.get("file", "")
                fp = (MAIN / f).resolve()
                if not f or not fp.is_file():
                    errors.append(f"{rid}: file not found: {f!r}")
                    continue
                if fp not in cache:
                    cache[fp] = fp.read_text(encoding="utf-8")
                text = cache[fp]
                flat = squash(text)
                ev = r.get("evidence", "")
                if not ev:
                    errors.append(f"{rid}: empty evidence")
                if len(ev) > 120:
                    errors.append(f"{rid}: evidence longer than 120 chars ({len(ev)})")
                if squash(ev) not in flat:
                    errors.append(f"{rid}: evidence not found in {f}: {ev[:40]}…")
                keys = r["keys"]
                if not 1 <= len(keys) <= 3:
                    errors.append(f"{rid}: needs 1-3 keys, has {len(keys)}")
                for k in keys:
                    if not 2 <= len(k) <= 15:
                        errors.append(f"{rid}: key {k!r} length {len(k)} not in 2..15")
                    if k not in ev:
                        errors.append(f"{rid}: key {k!r} not a substring of evidence")
                if not r["articles"]:
                    errors.append(f"{rid}: no articles")
                for a in r["articles"]:
                    if squash(a) not in flat:
                        errors.append(f"{rid}: article {a!r} not found in {f}")
                doc = r.get("doc", "")
                if not doc:
                    errors.append(f"{rid}: empty doc")
                elif doc not in text and doc != fp.stem:
                    errors.append(f"{rid}: doc {doc!r} is neither in the text nor the file stem")
            elif r.get("answerable") is False:
                totals["unanswerable"] += 1
                if r.get("file") != "" or r.get("doc") != "" or r.get("evidence") != "" \
                        or r.get("articles") != [] or r.get("keys") != []:
                    errors.append(f"{rid}: unanswerable must have empty file/doc/evidence/articles/keys")
            else:
                errors.append(f"{rid}: answerable must be true/false")
    for q, c in seen_questions.items():
        if c > 1:
            errors.append(f"duplicate question ({c}x): {q}")
    if errors:
        print("\n".join(errors))
        print(f"FAILED: {len(errors)} problem(s)")
        return 1
    print(f"OK: {totals['answerable']} answerable, {totals['unanswerable']} unanswerable, "
          f"{len(seen_ids)} unique ids across {len(SPLITS)} splits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
