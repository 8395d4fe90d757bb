# -*- coding: utf-8 -*-
"""Validate evals/dev9/questions.jsonl and evals/frozen8/questions.jsonl.

Exits non-zero on any problem. Prints a summary of kinds / styles / near misses.
"""
import collections
import json
import os
import re
import sys

EVALS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAIN = os.path.dirname(EVALS)
sys.path.insert(0, os.path.join(EVALS, "frozen8"))
import pool  # noqa: E402

FIELDS = ["id", "question", "answerable", "file", "doc", "articles",
          "evidence", "keys", "kind", "style", "split"]
KINDS = {"period", "frequency", "number", "role", "list", "yes_no",
         "procedure", "definition", "category", "other"}
STYLES = {"colloquial", "formal"}
SPLITS = {"dev9": ("D9", 60, 40), "frozen8": ("F8", 60, 40)}
WS = re.compile(r"\s+")

errors = []


def err(msg):
    errors.append(msg)


def nows(s):
    return WS.sub("", s)


_text_cache = {}


def text_of(rel):
    if rel not in _text_cache:
        path = os.path.normpath(os.path.join(MAIN, rel))
        try:
            with open(path, encoding="utf-8") as fh:
                _text_cache[rel] = fh.read()
        except OSError as e:
            err("cannot read %s: %s" % (rel, e))
            _text_cache[rel] = None
    return _text_cache[rel]


def doc_title_ok(rel, doc, text):
    """Markdown: doc must be the first '# ' heading. Plain text (seeds): the
    first non-empty line if it is a title line, otherwise the file stem."""
    stem = os.path.splitext(os.path.basename(rel))[0]
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    if rel.endswith(".md"):
        heads = [l[2:].strip() for l in lines if l.startswith("# ")]
        return bool(heads) and heads[0] == doc
    first = lines[0] if lines else ""
    return doc == first or (doc == stem and len(first) > 40)


# ---------------------------------------------------------------- pool checks
pool_ans = {t[0]: t for t in pool.ANSWERABLE}
pool_una = {t[0]: t for t in pool.UNANSWERABLE}
if len(pool.ANSWERABLE) != 120:
    err("pool: %d answerable, expected 120" % len(pool.ANSWERABLE))
if len(pool.UNANSWERABLE) != 80:
    err("pool: %d unanswerable, expected 80" % len(pool.UNANSWERABLE))
if len(pool_ans) != len(pool.ANSWERABLE) or len(pool_una) != len(pool.UNANSWERABLE):
    err("pool: duplicate question text inside a list")
if set(pool_ans) & set(pool_una):
    err("pool: question both answerable and unanswerable: %s" % (set(pool_ans) & set(pool_una)))
for t in pool.ANSWERABLE:
    if len(t) != 7:
        err("pool answerable row has %d fields: %r" % (len(t), t[:1]))
    elif t[1] not in pool.FILES:
        err("pool: unknown file key %r" % t[1])
for t in pool.UNANSWERABLE:
    if len(t) != 5 or not isinstance(t[3], bool) or not t[4]:
        err("pool unanswerable row malformed: %r" % (t[:1],))

# ---------------------------------------------------------------- file checks
rows_all = []
for split, (prefix, n_ans, n_una) in SPLITS.items():
    path = os.path.join(EVALS, split, "questions.jsonl")
    if not os.path.exists(path):
        err("missing %s" % path)
        continue
    with open(path, encoding="utf-8") as fh:
        lines = [l for l in fh.read().split("\n") if l.strip()]
    rows = []
    for ln, line in enumerate(lines, 1):
        try:
            r = json.loads(line, object_pairs_hook=collections.OrderedDict)
        except ValueError as e:
            err("%s:%d bad json: %s" % (split, ln, e))
            continue
        if list(r.keys()) != FIELDS:
            err("%s:%d fields/order %s" % (split, ln, list(r.keys())))
            continue
        rows.append(r)
    ids = [r["id"] for r in rows]
    expect_ids = ["%s-%03d" % (prefix, i) for i in range(1, len(rows) + 1)]
    if ids != expect_ids:
        err("%s: ids not %s-001.. in order" % (split, prefix))
    if len(set(ids)) != len(ids):
        err("%s: duplicate ids" % split)
    a = sum(1 for r in rows if r["answerable"] is True)
    u = sum(1 for r in rows if r["answerable"] is False)
    if (a, u) != (n_ans, n_una) or len(rows) != n_ans + n_una:
        err("%s: %d answerable / %d unanswerable / %d rows, expected %d/%d"
            % (split, a, u, len(rows), n_ans, n_una))
    for r in rows:
        rid = r["id"]
        if r["split"] != split:
            err("%s: split field %r" % (rid, r["split"]))
        if not isinstance(r["question"], str) or not r["question"].strip():
            err("%s: empty question" % rid)
        if r["kind"] not in KINDS:
            err("%s: bad kind %r" % (rid, r["kind"]))
        if r["style"] not in STYLES:
            err("%s: bad style %r" % (rid, r["style"]))
        if not isinstance(r["answerable"], bool):
            err("%s: answerable not bool" % rid)
            continue
        if r["answerable"]:
            t = pool_ans.get(r["question"])
            if t is None:
                err("%s: answerable question not in pool" % rid)
            else:
                fpath, fdoc = pool.FILES[t[1]]
                if (r["file"], r["doc"], r["articles"], r["evidence"], r["keys"], r["kind"], r["style"]) != \
                        (fpath, fdoc, list(t[2]), t[3], list(t[4]), t[5], t[6]):
                    err("%s: row differs from pool" % rid)
            text = text_of(r["file"]) if r["file"] else None
            if text is None:
                err("%s: file %r unreadable" % (rid, r["file"]))
                continue
            if not doc_title_ok(r["file"], r["doc"], text):
                err("%s: doc title %r not found as title of %s" % (rid, r["doc"], r["file"]))
            if not isinstance(r["articles"], list) or len(r["articles"]) != 1 \
                    or not isinstance(r["articles"][0], str):
                err("%s: articles must be a one-item list of str" % rid)
            else:
                art = r["articles"][0]
                if art and art not in text:
                    err("%s: article %r not in file" % (rid, art))
            ev = r["evidence"]
            if not isinstance(ev, str) or not ev.strip():
                err("%s: empty evidence" % rid)
                continue
            if len(nows(ev)) > 120:
                err("%s: evidence too long (%d)" % (rid, len(nows(ev))))
            if nows(ev) not in nows(text):
                err("%s: evidence not verbatim in %s: %s" % (rid, r["file"], ev[:40]))
            keys = r["keys"]
            if not isinstance(keys, list) or not 1 <= len(keys) <= 3:
                err("%s: need 1-3 keys" % rid)
            else:
                for k in keys:
                    if not isinstance(k, str) or not 2 <= len(k) <= 15:
                        err("%s: key length %r" % (rid, k))
                    elif nows(k) not in nows(ev):
                        err("%s: key %r not in evidence" % (rid, k))
        else:
            if pool_una.get(r["question"]) is None:
                err("%s: unanswerable question not in pool" % rid)
            else:
                t = pool_una[r["question"]]
                if (r["kind"], r["style"]) != (t[1], t[2]):
                    err("%s: kind/style differ from pool" % rid)
            if (r["file"], r["doc"], r["articles"], r["evidence"], r["keys"]) != ("", "", [], "", []):
                err("%s: unanswerable row must have empty file/doc/articles/evidence/keys" % rid)
    rows_all.extend(rows)

qs = [r["question"] for r in rows_all]
dups = [q for q, c in collections.Counter(qs).items() if c > 1]
if dups:
    err("duplicate questions across files: %s" % dups)
if set(qs) != set(pool_ans) | set(pool_una):
    err("files do not cover the pool exactly (%d in files, %d in pool)"
        % (len(set(qs)), len(set(pool_ans) | set(pool_una))))

# ---------------------------------------------------------------- mix checks
n = len(rows_all) or 1
coll = sum(1 for r in rows_all if r["style"] == "colloquial")
listy = sum(1 for r in rows_all if r["kind"] in ("list", "procedure"))
short = sum(1 for r in rows_all if 6 <= len(r["question"].rstrip("？?")) <= 14)
near = [t for t in pool.UNANSWERABLE if t[3]]
case_near = [t for t in near if re.search(r"B\d{3}|案例笔记", t[4])]
used_keys = collections.Counter(t[1] for t in pool.ANSWERABLE)
missing = [k for k in pool.FILES if k not in used_keys]
case_keys = [k for k in used_keys if re.match(r"B\d{3}$", k)]
if coll / n < 0.85:
    err("colloquial share %.1f%% < 85%%" % (100.0 * coll / n))
if listy / n < 0.20:
    err("list/procedure share %.1f%% < 20%%" % (100.0 * listy / n))
if len(near) < 60:
    err("only %d near misses (< 60)" % len(near))
if len(case_near) < 15:
    err("only %d case-note near misses (< 15)" % len(case_near))
if missing:
    err("files in FILES never used: %s" % missing)
if len(case_keys) < 12:
    err("only %d case notes covered (< 12)" % len(case_keys))

# ---------------------------------------------------------------- summary
print("rows: %d  (answerable %d, unanswerable %d)" % (
    len(rows_all), sum(r["answerable"] for r in rows_all), sum(not r["answerable"] for r in rows_all)))
for split in SPLITS:
    rs = [r for r in rows_all if r["split"] == split]
    print("  %-8s %3d  answerable %d  unanswerable %d  colloquial %d"
          % (split, len(rs), sum(r["answerable"] for r in rs),
             sum(not r["answerable"] for r in rs), sum(r["style"] == "colloquial" for r in rs)))
print("styles:", dict(collections.Counter(r["style"] for r in rows_all)),
      "colloquial %.1f%%" % (100.0 * coll / n))
print("kinds (answerable):", dict(collections.Counter(r["kind"] for r in rows_all if r["answerable"]).most_common()))
print("kinds (unanswerable):", dict(collections.Counter(r["kind"] for r in rows_all if not r["answerable"]).most_common()))
print("list/procedure share: %.1f%% (%d/%d)" % (100.0 * listy / n, listy, n))
print("short questions (6-14 chars): %.1f%% (%d)" % (100.0 * short / n, short))
print("near misses: %d (case-note borrowers %d); not near miss: %d" % (
    len(near), len(case_near), len(pool.UNANSWERABLE) - len(near)))
print("files covered: %d/%d (case notes %d)" % (len(used_keys), len(pool.FILES), len(case_keys)))

if errors:
    print("\n%d PROBLEM(S):" % len(errors))
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("OK")
