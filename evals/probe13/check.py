#!/usr/bin/env python3
"""Checker for probe13/questions.jsonl.

Verifies, for every line: field order, id format, answerable is true, file exists
(path relative to /work/main), doc title and each article/heading occur in the file,
evidence is an exact substring of the file and 10-80 characters long, 1-3 keys that
are all substrings of evidence, allowed kind/style.  Also prints counts per form
(forms are laid out in id blocks of 16) and per style/kind.
"""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = os.path.abspath(os.path.join(HERE, "..", ".."))          # /work/main
QFILE = os.path.join(HERE, "questions.jsonl")
FIELDS = ["id", "question", "answerable", "file", "doc", "articles", "evidence",
          "keys", "kind", "style"]
KINDS = {"number", "frequency", "role", "list", "yes_no", "procedure", "definition",
         "consequence", "condition", "time", "reason"}
STYLES = {"colloquial", "formal"}
FORMS = [(1, 16, "1 why (为什么/为啥/咋)"), (17, 32, "2 who/which party"),
         (33, 48, "3 figure of a named measure"), (49, 64, "4 two amounts / two questions"),
         (65, 80, "5 names a document/edition")]

errors, cache = [], {}
def text(path):
    if path not in cache:
        with open(path, encoding="utf-8") as f:
            cache[path] = f.read()
    return cache[path]

lines = [l for l in open(QFILE, encoding="utf-8").read().splitlines() if l.strip()]
recs, ids = [], set()
for n, line in enumerate(lines, 1):
    try:
        r = json.loads(line)
    except Exception as e:
        errors.append(f"line {n}: bad JSON: {e}"); continue
    recs.append(r)
    rid = r.get("id", f"line{n}")
    def err(msg): errors.append(f"{rid}: {msg}")
    if list(r.keys()) != FIELDS: err(f"field order {list(r.keys())}")
    if not re.fullmatch(r"P13-\d{3}", str(r.get("id"))): err("bad id")
    if rid in ids: err("duplicate id")
    ids.add(rid)
    if rid != f"P13-{n:03d}": err(f"id out of sequence (expected P13-{n:03d})")
    if "\\u" in line: err("not ensure_ascii=False")
    if r.get("answerable") is not True: err("answerable must be true")
    if r.get("kind") not in KINDS: err(f"bad kind {r.get('kind')}")
    if r.get("style") not in STYLES: err(f"bad style {r.get('style')}")
    if not str(r.get("question", "")).strip(): err("empty question")
    path = os.path.normpath(os.path.join(MAIN, r.get("file", "")))
    if not os.path.isfile(path):
        err(f"file not found: {r.get('file')}"); continue
    t = text(path)
    if r["doc"] not in t: err(f"doc title not in file: {r['doc']}")
    arts = r.get("articles")
    if not isinstance(arts, list) or not arts: err("articles must be a non-empty list")
    else:
        for a in arts:
            if a not in t: err(f"article/heading not in file: {a}")
    ev = r.get("evidence", "")
    if not (10 <= len(ev) <= 80): err(f"evidence length {len(ev)} not in 10-80")
    occ = t.count(ev)
    if occ == 0: err(f"evidence NOT an exact substring of {r['file']}")
    keys = r.get("keys")
    if not isinstance(keys, list) or not 1 <= len(keys) <= 3: err("keys must be a list of 1-3")
    else:
        for k in keys:
            if not k or k not in ev: err(f"key not in evidence: {k!r}")
    # the evidence should sit under the cited article/heading (first occurrence check)
    if occ and isinstance(arts, list) and arts and arts[0].startswith("第") and arts[0].endswith("条"):
        pos = t.find(ev)
        heads = [m for m in re.finditer(r"第[一二三四五六七八九十百零]+条", t[:pos])]
        if heads and heads[-1].group(0) != arts[0]:
            # evidence may also occur later under the right article (repeated text)
            ok = False
            start = 0
            while True:
                p = t.find(ev, start)
                if p < 0: break
                hs = list(re.finditer(r"第[一二三四五六七八九十百零]+条", t[:p]))
                if hs and hs[-1].group(0) == arts[0]: ok = True; break
                start = p + 1
            if not ok: err(f"evidence is not under {arts[0]} (found under {heads[-1].group(0)})")

print(f"questions: {len(recs)}")
for lo, hi, name in FORMS:
    c = sum(1 for r in recs if lo <= int(r["id"][4:]) <= hi)
    print(f"  form {name}: {c}  (P13-{lo:03d}..P13-{hi:03d})")
print("style:", dict(Counter(r.get("style") for r in recs)))
print("kind:", dict(Counter(r.get("kind") for r in recs)))
print("files:", len({r.get('file') for r in recs}))
if len(recs) != 80: errors.append(f"expected 80 questions, got {len(recs)}")
if errors:
    print(f"\nFAIL: {len(errors)} problem(s)")
    for e in errors: print("  " + e)
    sys.exit(1)
print("\nOK: every evidence is an exact substring of its file (10-80 chars), every key is in its evidence, all fields valid.")
