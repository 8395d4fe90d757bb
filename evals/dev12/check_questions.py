# -*- coding: utf-8 -*-
"""Check evals/dev12/questions.jsonl and evals/frozen11/questions.jsonl (and the pool).

Verifies: counts; field names and order; ids; kinds and styles; every evidence
is an exact substring of its file's text (10-80 chars); every key is in its
evidence; doc title appears in the file; unanswerable items have empty
file/doc/articles/evidence/keys; no duplicate or near-duplicate questions;
plus the pool-level mix requirements (coverage, colloquial share, list share,
near misses).  Exit status 1 if anything fails.
"""
import collections
import difflib
import json
import os
import re
import sys

EVALS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAIN = os.path.dirname(EVALS)
sys.path.insert(0, os.path.join(EVALS, "frozen11"))

FIELDS = ["id", "question", "answerable", "file", "doc", "articles", "evidence",
          "keys", "kind", "style", "split"]
KINDS = {"number", "frequency", "role", "list", "yes_no", "procedure", "definition",
         "consequence", "condition", "time"}
STYLES = {"colloquial", "formal"}
SPLITS = {"dev12": ("D12", os.path.join(EVALS, "dev12", "questions.jsonl")),
          "frozen11": ("F11", os.path.join(EVALS, "frozen11", "questions.jsonl"))}
SOURCE_GLOBS = [
    ("../shared/corpus/regulations", ".md"),
    ("../shared/corpus/seeds", ".txt"),
    ("corpus/knowledge", ".md"),
    ("corpus/knowledge/case_notes", ".md"),
]
EXCLUDED_FROM_COVERAGE = set()

errors = []
_text_cache = {}


def err(msg):
    errors.append(msg)


def text_of(rel):
    if rel not in _text_cache:
        path = os.path.normpath(os.path.join(MAIN, rel))
        with open(path, encoding="utf-8") as fh:
            _text_cache[rel] = fh.read()
    return _text_cache[rel]


def norm_q(q):
    return re.sub(r"[\s，。？！、“”‘’：；,.?!:;（）()《》]", "", q)


def check_record(rec, split, prefix, seen_ids):
    rid = rec.get("id", "?")
    if list(rec) != FIELDS:
        err("%s: fields %s != %s" % (rid, list(rec), FIELDS))
        return
    if not re.fullmatch(prefix + r"-\d{3}", rid):
        err("%s: bad id format" % rid)
    if rid in seen_ids:
        err("%s: duplicate id" % rid)
    seen_ids.add(rid)
    if rec["split"] != split:
        err("%s: split %r != %r" % (rid, rec["split"], split))
    if rec["kind"] not in KINDS:
        err("%s: bad kind %r" % (rid, rec["kind"]))
    if rec["style"] not in STYLES:
        err("%s: bad style %r" % (rid, rec["style"]))
    if not isinstance(rec["question"], str) or not rec["question"].strip():
        err("%s: empty question" % rid)
    if not isinstance(rec["answerable"], bool):
        err("%s: answerable must be bool" % rid)
        return
    if rec["answerable"]:
        for f in ("file", "doc", "evidence"):
            if not isinstance(rec[f], str) or not rec[f]:
                err("%s: empty %s" % (rid, f))
                return
        if not (isinstance(rec["articles"], list) and rec["articles"]
                and all(isinstance(a, str) and a for a in rec["articles"])):
            err("%s: articles must be a non-empty list of strings" % rid)
        try:
            txt = text_of(rec["file"])
        except OSError as e:
            err("%s: cannot read file %s (%s)" % (rid, rec["file"], e))
            return
        ev = rec["evidence"]
        if not 10 <= len(ev) <= 80:
            err("%s: evidence length %d not in 10..80" % (rid, len(ev)))
        if "\n" in ev:
            err("%s: evidence spans a line break" % rid)
        if ev not in txt:
            err("%s: evidence not found verbatim in %s: %s" % (rid, rec["file"], ev))
        if rec["doc"] not in txt:
            err("%s: doc title %r not found in %s" % (rid, rec["doc"], rec["file"]))
        keys = rec["keys"]
        if not (isinstance(keys, list) and 1 <= len(keys) <= 3):
            err("%s: keys must be a list of 1-3 strings" % rid)
        else:
            for k in keys:
                if not isinstance(k, str) or not k or k not in ev:
                    err("%s: key %r not in evidence" % (rid, k))
        for a in rec["articles"]:
            m = re.match(r"第[一二三四五六七八九十百零]+条", a)
            if m and m.group(0) not in txt:
                err("%s: article %s not in %s" % (rid, a, rec["file"]))
    else:
        if rec["file"] != "" or rec["doc"] != "" or rec["evidence"] != "" \
                or rec["articles"] != [] or rec["keys"] != []:
            err("%s: unanswerable must have empty file/doc/articles/evidence/keys" % rid)


def check_jsonl():
    allq = []
    seen_ids = set()
    for split, (prefix, path) in SPLITS.items():
        if not os.path.exists(path):
            err("missing %s" % path)
            continue
        recs = []
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                line = line.rstrip("\n")
                if not line.strip():
                    err("%s:%d blank line" % (path, n))
                    continue
                try:
                    recs.append(json.loads(line, object_pairs_hook=collections.OrderedDict))
                except ValueError as e:
                    err("%s:%d bad json (%s)" % (path, n, e))
                if "\\u" in line:
                    err("%s:%d not written with ensure_ascii=False" % (path, n))
        for i, r in enumerate(recs, 1):
            check_record(r, split, prefix, seen_ids)
            if r.get("id") != "%s-%03d" % (prefix, i):
                err("%s: id out of sequence at line %d" % (r.get("id"), i))
        n_ans = sum(1 for r in recs if r.get("answerable") is True)
        n_una = sum(1 for r in recs if r.get("answerable") is False)
        print("%-9s %3d questions: %d answerable, %d unanswerable" % (split, len(recs), n_ans, n_una))
        if (len(recs), n_ans, n_una) != (100, 60, 40):
            err("%s: counts %d/%d/%d, expected 100/60/40" % (split, len(recs), n_ans, n_una))
        allq.extend(recs)
    return allq


def check_duplicates(allq):
    qs = [(r["id"], r["question"]) for r in allq]
    seen = {}
    for rid, q in qs:
        k = norm_q(q)
        if k in seen:
            err("duplicate question %s and %s: %s" % (seen[k], rid, q))
        seen[k] = rid
    for i in range(len(qs)):
        for j in range(i + 1, len(qs)):
            a, b = norm_q(qs[i][1]), norm_q(qs[j][1])
            if difflib.SequenceMatcher(None, a, b).ratio() >= 0.8:
                err("near-duplicate questions %s / %s: %s | %s"
                    % (qs[i][0], qs[j][0], qs[i][1], qs[j][1]))


def check_pool():
    import pool
    ans, una = pool.ANSWERABLE, pool.UNANSWERABLE
    if len(ans) != 120 or len(una) != 80:
        err("pool counts %d/%d, expected 120/80" % (len(ans), len(una)))
    for u in una:
        for f in ("q", "kind", "style", "near_miss", "sort", "why"):
            if f not in u:
                err("unanswerable missing %s: %s" % (f, u.get("q")))
        if not isinstance(u.get("near_miss"), bool):
            err("near_miss must be bool: %s" % u.get("q"))
    # coverage: every source file at least twice
    cover = collections.Counter(a["file"] for a in ans)
    for base, ext in SOURCE_GLOBS:
        d = os.path.normpath(os.path.join(MAIN, base))
        for fn in sorted(os.listdir(d)):
            if not fn.endswith(ext) or os.path.isdir(os.path.join(d, fn)):
                continue
            rel = base + "/" + fn
            if cover.get(rel, 0) < 2:
                err("source file covered %d times (<2): %s" % (cover.get(rel, 0), rel))
    n_all = len(ans) + len(una)
    coll = sum(1 for x in ans + una if x["style"] == "colloquial")
    lists = sum(1 for a in ans if a["kind"] in ("list", "procedure"))
    near = sum(1 for u in una if u["near_miss"])
    print("pool: colloquial %d/%d (%.0f%%), list/procedure answerable %d/%d (%.0f%%), near misses %d/%d"
          % (coll, n_all, 100.0 * coll / n_all, lists, len(ans), 100.0 * lists / len(ans), near, len(una)))
    if coll < 0.6 * n_all:
        err("colloquial share below 60%")
    if lists < 0.25 * len(ans):
        err("list/procedure share below 25%")
    if near < 65:
        err("fewer than 65 near misses")
    old = sum(1 for a in ans if a["doc"].endswith("（2022年版）"))
    if old and not all(re.search(r"旧版|老版|22版|2022", a["q"]) for a in ans
                       if a["doc"].endswith("（2022年版）")):
        err("a 2022-edition question does not name the old edition")


def main():
    allq = check_jsonl()
    check_duplicates(allq)
    check_pool()
    if errors:
        print("FAIL: %d problem(s)" % len(errors))
        for e in errors:
            print("  - " + e)
        sys.exit(1)
    print("OK: all checks passed")


if __name__ == "__main__":
    main()
