"""Validate the blind question sets dev11/questions.jsonl and frozen10/questions.jsonl.

Exits 1 on any problem.  Checks: exact field set, order and types; ids and split
names; counts (100 rows each, 60 answerable + 40 unanswerable); every cited file
exists; the doc title occurs in the file; each cited article label / heading occurs
in the file; the evidence (8-60 characters) occurs verbatim in the file once
whitespace is removed, and lies inside the cited article (for 第X条: from the line
that starts that article to the line that starts the next one) or after the cited
heading (for a markdown heading: before the next heading); 1-3 keys, each inside
the evidence; unanswerable rows carry no file/doc/articles/evidence/keys; kinds and
styles from the allowed sets; no duplicate questions (within and across the sets);
at least 70 % colloquial per set.  Prints a summary of kinds, styles and files.

Run:  python3 evals/dev11/check_questions.py
"""

import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EVALS = os.path.dirname(HERE)
MAIN = os.path.dirname(EVALS)

SETS = [("dev11", "D11", os.path.join(EVALS, "dev11", "questions.jsonl")),
        ("frozen10", "F10", os.path.join(EVALS, "frozen10", "questions.jsonl"))]
FIELDS = ["id", "question", "answerable", "file", "doc", "articles", "evidence",
          "keys", "kind", "style", "split"]
TYPES = {"id": str, "question": str, "answerable": bool, "file": str, "doc": str,
         "articles": list, "evidence": str, "keys": list, "kind": str, "style": str,
         "split": str}
KINDS = {"period", "frequency", "number", "role", "list", "yes_no", "procedure",
         "definition", "category", "other"}
STYLES = {"colloquial", "formal"}
ALLOWED_DIRS = ["../shared/corpus/regulations/", "../shared/corpus/seeds/",
                "corpus/knowledge/", "corpus/knowledge/case_notes/"]
ARTICLE_RE = re.compile(r"^第[零〇一二三四五六七八九十百]+条$")
ARTICLE_START_RE = re.compile(r"^\s*第[零〇一二三四五六七八九十百]+条")
HEADING_RE = re.compile(r"^\s*#{1,6}\s")

problems = []
_cache = {}


def bad(where, msg):
    problems.append("%s: %s" % (where, msg))


def squash(text):
    return re.sub(r"\s+", "", text)


def load(rel):
    if rel not in _cache:
        with open(os.path.join(MAIN, rel), encoding="utf-8") as fh:
            _cache[rel] = fh.read().splitlines()
    return _cache[rel]


def article_spans(lines, label):
    """Whitespace-free text of each article whose line starts with label."""
    spans = []
    for i, line in enumerate(lines):
        s = line.lstrip()
        if not s.startswith(label):
            continue
        j = i + 1
        while j < len(lines) and not ARTICLE_START_RE.match(lines[j]) \
                and not HEADING_RE.match(lines[j]):
            j += 1
        spans.append(squash("\n".join(lines[i:j])))
    return spans


def heading_spans(lines, label):
    """Whitespace-free text after each occurrence of label (to the next markdown
    heading when label is itself a markdown heading line)."""
    spans = []
    for i, line in enumerate(lines):
        if label not in line:
            continue
        if HEADING_RE.match(line) and line.lstrip("# ").strip() == label:
            j = i + 1
            while j < len(lines) and not HEADING_RE.match(lines[j]):
                j += 1
            spans.append(squash("\n".join(lines[i + 1:j])))
        else:
            k = line.index(label) + len(label)
            spans.append(squash(line[k:] + "\n" + "\n".join(lines[i + 1:])))
    return spans


def check_answerable(where, r):
    rel = r["file"]
    if not rel or not any(rel.startswith(d) for d in ALLOWED_DIRS):
        bad(where, "file not in the allowed document folders: %r" % rel)
        return
    if not os.path.isfile(os.path.join(MAIN, rel)):
        bad(where, "file does not exist: %r" % rel)
        return
    lines = load(rel)
    text = "\n".join(lines)
    flat = squash(text)
    if not r["doc"] or r["doc"] not in text:
        bad(where, "doc title not in file: %r" % r["doc"])
    ev = r["evidence"]
    if squash(ev) != ev:
        bad(where, "evidence contains whitespace")
    if not 8 <= len(ev) <= 60:
        bad(where, "evidence length %d not in 8-60" % len(ev))
    if ev not in flat:
        bad(where, "evidence not verbatim in file: %r" % ev)
    arts = r["articles"]
    if not 1 <= len(arts) <= 2 or not all(isinstance(a, str) and a for a in arts):
        bad(where, "articles must be 1-2 non-empty strings: %r" % arts)
    for a in arts:
        if a not in text:
            bad(where, "article/heading not in file: %r" % a)
            continue
        if ARTICLE_RE.match(a):
            # "第十条" is never a prefix of a longer label ("第十一条"), since 条 closes it
            spans = article_spans(lines, a)
            if not spans:
                bad(where, "no line starts article %s" % a)
            elif not any(ev in s for s in spans):
                bad(where, "evidence not inside %s: %r" % (a, ev))
        else:
            if not any(ev in s for s in heading_spans(lines, a)):
                bad(where, "evidence not after heading %r: %r" % (a, ev))
    keys = r["keys"]
    if not 1 <= len(keys) <= 3 or not all(isinstance(k, str) and k for k in keys):
        bad(where, "keys must be 1-3 non-empty strings: %r" % keys)
    for k in keys:
        if isinstance(k, str) and k not in ev:
            bad(where, "key %r not in evidence" % k)


def check_set(name, prefix, path, seen_questions):
    summary = {"kind": collections.Counter(), "style": collections.Counter(),
               "file": collections.Counter(), "answerable": collections.Counter()}
    if not os.path.isfile(path):
        bad(name, "missing %s" % path)
        return summary
    with open(path, encoding="utf-8") as fh:
        raw = [l for l in fh.read().split("\n") if l.strip()]
    if len(raw) != 100:
        bad(name, "expected 100 rows, found %d" % len(raw))
    for n, line in enumerate(raw, 1):
        where = "%s line %d" % (name, n)
        try:
            r = json.loads(line)
        except ValueError as e:
            bad(where, "not JSON: %s" % e)
            continue
        if list(r.keys()) != FIELDS:
            bad(where, "fields/order differ: %r" % list(r.keys()))
            continue
        for f, t in TYPES.items():
            if not isinstance(r[f], t):
                bad(where, "field %s is not %s" % (f, t.__name__))
        if any(not isinstance(r[f], t) for f, t in TYPES.items()):
            continue
        where = "%s %s" % (name, r["id"])
        if r["id"] != "%s-%03d" % (prefix, n):
            bad(where, "id should be %s-%03d" % (prefix, n))
        if r["split"] != name:
            bad(where, "split should be %s" % name)
        if r["kind"] not in KINDS:
            bad(where, "kind %r not allowed" % r["kind"])
        if r["style"] not in STYLES:
            bad(where, "style %r not allowed" % r["style"])
        q = r["question"].strip()
        if not q:
            bad(where, "empty question")
        if q in seen_questions:
            bad(where, "duplicate question (also %s)" % seen_questions[q])
        seen_questions[q] = where
        if not all(isinstance(x, str) for x in r["articles"] + r["keys"]):
            bad(where, "articles/keys must hold strings")
            continue
        if r["answerable"]:
            check_answerable(where, r)
            summary["file"][r["file"]] += 1
        else:
            if r["file"] or r["doc"] or r["articles"] or r["evidence"] or r["keys"]:
                bad(where, "unanswerable row must have empty file/doc/articles/evidence/keys")
        summary["kind"][r["kind"]] += 1
        summary["style"][r["style"]] += 1
        summary["answerable"][r["answerable"]] += 1
    if summary["answerable"][True] != 60 or summary["answerable"][False] != 40:
        bad(name, "expected 60 answerable + 40 unanswerable, found %d + %d"
            % (summary["answerable"][True], summary["answerable"][False]))
    total = sum(summary["style"].values())
    if total and summary["style"]["colloquial"] < 0.7 * total:
        bad(name, "only %d of %d colloquial (< 70 %%)" % (summary["style"]["colloquial"], total))
    return summary


def show(name, s):
    print("== %s: %d answerable, %d unanswerable" % (name, s["answerable"][True], s["answerable"][False]))
    print("   kinds:  " + ", ".join("%s %d" % kv for kv in sorted(s["kind"].items())))
    print("   styles: " + ", ".join("%s %d" % kv for kv in sorted(s["style"].items())))
    print("   files (answerable):")
    for f, c in sorted(s["file"].items()):
        print("     %3d  %s" % (c, f))


def main():
    seen = {}
    for name, prefix, path in SETS:
        show(name, check_set(name, prefix, path, seen))
    if problems:
        print("\n%d problem(s):" % len(problems))
        for p in problems:
            print("  - " + p)
        sys.exit(1)
    print("\nOK: both sets pass")


if __name__ == "__main__":
    main()
