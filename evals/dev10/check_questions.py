# -*- coding: utf-8 -*-
"""Validate evals/dev10/questions.jsonl and evals/frozen9/questions.jsonl; exit 1 on any problem.

Checks: exact field set and types; ids and split names; counts (100 rows each, 60 answerable +
40 unanswerable); every cited file exists; the doc title and every cited article/heading occur in
the file; the evidence is found verbatim in the file after removing whitespace, and lies inside
the cited article (for 第X条) or after the cited heading; 1-3 keys, each inside the evidence or the
cited article text; unanswerable rows carry no file/doc/articles/evidence/keys; kinds and styles
from the allowed sets; no duplicate questions across both files; at least 70% colloquial.
Prints a summary of kinds, styles and files.
"""
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EVALS = os.path.dirname(HERE)
MAIN = os.path.dirname(EVALS)
FILES = {"dev10": (os.path.join(EVALS, "dev10", "questions.jsonl"), "D10-"),
         "frozen9": (os.path.join(EVALS, "frozen9", "questions.jsonl"), "F9-")}
FIELDS = ["id", "question", "answerable", "file", "doc", "articles", "evidence", "keys", "kind", "style", "split"]
KINDS = {"period", "frequency", "number", "role", "list", "yes_no", "procedure", "definition", "category", "other"}
STYLES = {"colloquial", "formal"}
WS = re.compile(r"\s+")
ART_START = re.compile(r"^第[一二三四五六七八九十百零〇]+条")
ART_LABEL = re.compile(r"^第[一二三四五六七八九十百零〇]+条$")
problems = []


def norm(s):
    return WS.sub("", s)


_cache = {}


def load(rel):
    if rel in _cache:
        return _cache[rel]
    path = os.path.normpath(os.path.join(MAIN, rel))
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    text, starts, arts, heads = "", [], [], []
    for ln in lines:
        n = norm(ln)
        starts.append(len(text))
        m = ART_START.match(ln.strip())
        if m:
            arts.append((len(text), m.group(0)))
        if ln.lstrip().startswith("#"):
            heads.append((len(text), ln.strip().lstrip("#").strip()))
        text += n
    _cache[rel] = (text, arts, heads)
    return _cache[rel]


def article_span(text, arts, heads, label, pos, end):
    """Return (ok, span_text) for a 第X条 label whose article must contain [pos, end)."""
    before = [a for a in arts if a[0] <= pos]
    last = before[-1] if before else None
    if last and last[1] == label:
        start = last[0]
    else:
        lo = last[0] if last else 0
        k = text.rfind(label, lo, pos + 1)
        if k < 0:
            return False, ""
        start = k
    nxt = [o for o, _ in arts + heads if o > end]
    stop = min(nxt) if nxt else len(text)
    return True, text[start:stop]


def heading_ok(text, heads, label, pos, end):
    nl = norm(label)
    k = text.rfind(nl, 0, end)
    if k < 0:
        return False, ""
    head_texts = {norm(h) for _, h in heads}
    if nl in head_texts:  # a markdown heading: it must be the nearest heading before the evidence
        prev = [h for o, h in heads if o <= pos]
        if not prev or norm(prev[-1]) != nl:
            return False, ""
    return True, text[k:]


def check_row(r, split, prefix, idx):
    where = f"{split}:{r.get('id', idx)}"
    if list(r.keys()) != FIELDS:
        problems.append(f"{where}: fields {list(r.keys())}")
        return
    if r["id"] != f"{prefix}{idx:03d}":
        problems.append(f"{where}: id should be {prefix}{idx:03d}")
    if r["split"] != split:
        problems.append(f"{where}: split {r['split']!r}")
    if not isinstance(r["question"], str) or not r["question"].strip():
        problems.append(f"{where}: empty question")
    if not isinstance(r["answerable"], bool):
        problems.append(f"{where}: answerable not bool")
    if r["kind"] not in KINDS:
        problems.append(f"{where}: kind {r['kind']!r}")
    if r["style"] not in STYLES:
        problems.append(f"{where}: style {r['style']!r}")
    if not isinstance(r["articles"], list) or not isinstance(r["keys"], list):
        problems.append(f"{where}: articles/keys must be lists")
        return
    if not r["answerable"]:
        if r["file"] or r["doc"] or r["articles"] or r["evidence"] or r["keys"]:
            problems.append(f"{where}: unanswerable row carries file/doc/articles/evidence/keys")
        return
    path = os.path.normpath(os.path.join(MAIN, r["file"]))
    if not r["file"] or not os.path.isfile(path):
        problems.append(f"{where}: file missing {r['file']!r}")
        return
    text, arts, heads = load(r["file"])
    if not r["doc"] or norm(r["doc"]) not in text:
        problems.append(f"{where}: doc title not in file: {r['doc']!r}")
    ev = norm(r["evidence"])
    pos = text.find(ev) if ev else -1
    if pos < 0:
        problems.append(f"{where}: evidence not found verbatim: {r['evidence'][:40]}…")
        return
    end = pos + len(ev)
    if not r["articles"]:
        problems.append(f"{where}: no articles")
    spans = []
    for a in r["articles"]:
        if not isinstance(a, str) or not a:
            problems.append(f"{where}: bad article {a!r}")
            continue
        if ART_LABEL.match(a):
            ok, span = article_span(text, arts, heads, a, pos, end)
        else:
            ok, span = heading_ok(text, heads, a, pos, end)
        if not ok:
            problems.append(f"{where}: evidence is not under {a!r}")
        spans.append(span)
    if not 1 <= len(r["keys"]) <= 3:
        problems.append(f"{where}: {len(r['keys'])} keys")
    for k in r["keys"]:
        nk = norm(k)
        if not nk or (nk not in ev and not any(nk in s for s in spans)):
            problems.append(f"{where}: key {k!r} not in evidence or article")


def main():
    all_rows, seen = [], {}
    for split, (path, prefix) in FILES.items():
        if not os.path.isfile(path):
            problems.append(f"{split}: missing {path}")
            continue
        rows = []
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    problems.append(f"{split}: line {n} not JSON ({e})")
        for i, r in enumerate(rows, 1):
            check_row(r, split, prefix, i)
            q = re.sub(r"[\s\W_]+", "", r.get("question", ""))
            if q in seen:
                problems.append(f"{split}:{r.get('id')}: duplicate question of {seen[q]}")
            seen[q] = r.get("id")
        n_ans = sum(1 for r in rows if r.get("answerable") is True)
        if len(rows) != 100 or n_ans != 60:
            problems.append(f"{split}: {len(rows)} rows, {n_ans} answerable (want 100 / 60)")
        all_rows += [(split, r) for r in rows]

    rows = [r for _, r in all_rows]
    coll = sum(r.get("style") == "colloquial" for r in rows)
    if rows and coll / len(rows) < 0.70:
        problems.append(f"only {coll}/{len(rows)} colloquial")
    listy = sum(r.get("kind") in ("list", "procedure") for r in rows)
    if rows and listy / len(rows) < 0.20:
        problems.append(f"only {listy}/{len(rows)} list/procedure questions")

    print("== summary")
    for split in FILES:
        sub = [r for s, r in all_rows if s == split]
        c = collections.Counter(r.get("style") for r in sub)
        a = sum(r.get("answerable") is True for r in sub)
        print(f"{split}: {len(sub)} rows, {a} answerable, {len(sub) - a} unanswerable, styles {dict(c)}")
    for label, pred in (("all", lambda r: True), ("answerable", lambda r: r.get("answerable")),
                        ("unanswerable", lambda r: not r.get("answerable"))):
        sub = [r for r in rows if pred(r)]
        print(f"kinds ({label}):", dict(sorted(collections.Counter(r.get("kind") for r in sub).items())))
        print(f"styles ({label}):", dict(collections.Counter(r.get("style") for r in sub)))
    files = collections.Counter(os.path.basename(r["file"]) for r in rows if r.get("answerable"))
    print("files (answerable):")
    for f, n in sorted(files.items()):
        print(f"  {n:3d}  {f}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  -", p)
        sys.exit(1)
    print("\nOK: no problems")


if __name__ == "__main__":
    main()
