"""Validate evals/dev14/questions.jsonl, evals/frozen13/questions.jsonl and the pool.

Run: /work/main/.venv/bin/python evals/dev14/check_questions.py   (exit 1 on failure)
"""
import difflib
import itertools
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EVALS = os.path.dirname(HERE)
MAIN = os.path.dirname(EVALS)
sys.path.insert(0, os.path.join(EVALS, "frozen13"))

import pool  # noqa: E402

KINDS = {"number", "frequency", "role", "list", "yes_no", "procedure", "definition",
         "consequence", "condition", "time"}
STYLES = {"colloquial", "formal"}
FIELDS = ["id", "question", "answerable", "file", "doc", "articles", "evidence",
          "keys", "kind", "style", "split"]
REG_DIR = "../shared/corpus/regulations/"
SEED_DIR = "../shared/corpus/seeds/"
RULE_DIR = "corpus/knowledge/"
CASE_DIR = "corpus/knowledge/case_notes/"
SEED000 = SEED_DIR + "000_f26c7749355f12f2.txt"
SEED000_TITLES = ["2020银行贷后管理工作要点", "银行贷后管理的重点和措施"]
ARTICLE_RE = re.compile(r"^第[一二三四五六七八九十百零]+条$")

errors = []


def err(msg):
    errors.append(msg)


_cache = {}


def read(rel):
    if rel not in _cache:
        path = os.path.normpath(os.path.join(MAIN, rel))
        with open(path, encoding="utf-8") as f:
            _cache[rel] = f.read()
    return _cache[rel]


def seed000_segments():
    text = read(SEED000)
    a = text.index(SEED000_TITLES[0])
    b = text.index(SEED000_TITLES[1])
    return {SEED000_TITLES[0]: text[a:b], SEED000_TITLES[1]: text[b:]}


def expected_doc(rel):
    name = rel.rsplit("/", 1)[-1]
    if rel.startswith(REG_DIR):
        m = re.search(r"《([^》]+)》", read(rel).split("\n", 1)[0])
        return m.group(1) if m else None
    if rel.startswith(CASE_DIR) or rel.startswith(RULE_DIR):
        return name[:-3] if name.endswith(".md") else None
    if rel.startswith(SEED_DIR):
        if rel == SEED000:
            return None  # checked separately
        return read(rel).split("\n", 1)[0].strip()
    return None


def source_key(item):
    f = item["file"]
    return (f, item["doc"]) if f == SEED000 else (f, "")


def check_answerable(item, where):
    for k in ("question", "file", "doc", "articles", "evidence", "keys", "kind", "style"):
        if k not in item:
            err("%s: missing field %s" % (where, k))
            return
    if not isinstance(item["question"], str) or not item["question"].strip():
        err("%s: empty question" % where)
    for k in ("file", "doc", "evidence"):
        if not isinstance(item[k], str) or not item[k]:
            err("%s: %s must be a non-empty string" % (where, k))
            return
    for k in ("articles", "keys"):
        if not isinstance(item[k], list) or not all(isinstance(x, str) and x for x in item[k]):
            err("%s: %s must be a list of non-empty strings" % (where, k))
            return
    if item["kind"] not in KINDS:
        err("%s: bad kind %r" % (where, item["kind"]))
    if item["style"] not in STYLES:
        err("%s: bad style %r" % (where, item["style"]))
    f = item["file"]
    if not (f.startswith(REG_DIR) or f.startswith(SEED_DIR) or f.startswith(RULE_DIR)):
        err("%s: file outside the corpus: %s" % (where, f))
        return
    try:
        text = read(f)
    except OSError as e:
        err("%s: cannot read %s (%s)" % (where, f, e))
        return
    ev = item["evidence"]
    if not 10 <= len(ev) <= 80:
        err("%s: evidence length %d not in 10..80" % (where, len(ev)))
    if ev not in text:
        err("%s: evidence not found in %s: %r" % (where, f, ev))
    if not 1 <= len(item["keys"]) <= 3:
        err("%s: %d keys (need 1..3)" % (where, len(item["keys"])))
    for key in item["keys"]:
        if key not in ev:
            err("%s: key %r not in evidence" % (where, key))
    if not item["articles"]:
        err("%s: no articles" % where)
    is_rule = f.startswith(REG_DIR) or (f.startswith(RULE_DIR) and not f.startswith(CASE_DIR))
    for art in item["articles"]:
        if is_rule:
            if not ARTICLE_RE.match(art):
                err("%s: article %r is not 第X条" % (where, art))
            elif not re.search(r"(^|\n)" + art + "　", text):
                err("%s: article %s does not exist in %s" % (where, art, f))
        else:
            if art not in text:
                err("%s: heading %r not found in %s" % (where, art, f))
    if is_rule and item["articles"]:
        # evidence must sit inside one of the cited articles
        ok = False
        for art in item["articles"]:
            m = re.search(r"(^|\n)" + art + "　", text)
            if not m:
                continue
            start = m.start()
            nxt = re.search(r"\n第[一二三四五六七八九十百零]+条　|\n## ", text[m.end():])
            end = m.end() + nxt.start() if nxt else len(text)
            if ev in text[start:end]:
                ok = True
        if not ok:
            err("%s: evidence not inside cited article(s) %s" % (where, item["articles"]))
    if f == SEED000:
        segs = seed000_segments()
        if item["doc"] not in segs:
            err("%s: doc %r is not an article title of %s" % (where, item["doc"], f))
        elif ev not in segs[item["doc"]]:
            err("%s: evidence not inside article %r" % (where, item["doc"]))
        elif any(a not in segs[item["doc"]] for a in item["articles"]):
            err("%s: heading not inside article %r" % (where, item["doc"]))
    else:
        exp = expected_doc(f)
        if exp is not None and item["doc"] != exp:
            err("%s: doc %r should be %r" % (where, item["doc"], exp))


def check_unanswerable(item, where):
    for k in ("question", "kind", "style", "near_miss", "sort", "why"):
        if k not in item:
            err("%s: missing field %s" % (where, k))
            return
    if not isinstance(item["question"], str) or not item["question"].strip():
        err("%s: empty question" % where)
    if item["kind"] not in KINDS:
        err("%s: bad kind %r" % (where, item["kind"]))
    if item["style"] not in STYLES:
        err("%s: bad style %r" % (where, item["style"]))
    if not isinstance(item["near_miss"], bool):
        err("%s: near_miss must be bool" % where)
    for k in ("sort", "why"):
        if not isinstance(item[k], str) or not item[k].strip():
            err("%s: %s must be a non-empty string" % (where, k))


def check_mix(rows, label):
    n = len(rows)
    coll = sum(r["style"] == "colloquial" for r in rows)
    if coll < 0.30 * n:
        err("%s: only %d/%d colloquial (<30%%)" % (label, coll, n))
    ans = [r for r in rows if r.get("answerable", True)]
    lp = sum(r["kind"] in ("list", "procedure") for r in ans)
    if ans and lp < 0.20 * len(ans):
        err("%s: only %d/%d answerable items of kind list/procedure (<20%%)" % (label, lp, len(ans)))


def check_duplicates(questions, label):
    norm = [re.sub(r"[\s，。？！?、,.!：:“”\"（）()《》]", "", q) for q in questions]
    for i, j in itertools.combinations(range(len(norm)), 2):
        if norm[i] == norm[j]:
            err("%s: duplicate question %r" % (label, questions[i]))
            continue
        r = difflib.SequenceMatcher(None, norm[i], norm[j]).ratio()
        if r > 0.85:
            err("%s: near-duplicate (%.2f): %r / %r" % (label, r, questions[i], questions[j]))


def check_coverage(items):
    covered = {source_key(it) for it in items}
    files = {it["file"] for it in items}
    regs = sorted(REG_DIR + n for n in os.listdir(os.path.join(MAIN, REG_DIR)) if n.endswith(".md"))
    for r in regs:
        if r not in files:
            err("coverage: regulation %s has no answerable item" % r)
    seeds = sorted(SEED_DIR + n for n in os.listdir(os.path.join(MAIN, SEED_DIR)) if n.endswith(".txt"))
    for s in seeds:
        if s == SEED000:
            for t in SEED000_TITLES:
                if (s, t) not in covered:
                    err("coverage: seed article %r has no answerable item" % t)
        elif s not in files:
            err("coverage: seed %s has no answerable item" % s)
    rules = sorted(RULE_DIR + n for n in os.listdir(os.path.join(MAIN, RULE_DIR)) if n.endswith(".md"))
    for r in rules:
        if r not in files:
            err("coverage: rule book %s has no answerable item" % r)
    cases = {f for f in files if f.startswith(CASE_DIR)}
    if len(cases) < 10:
        err("coverage: only %d case notes used (need >=10)" % len(cases))


def load_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            try:
                rows.append(json.loads(line))
            except ValueError as e:
                err("%s:%d: bad JSON (%s)" % (path, n, e))
    return rows


def check_file(path, split, prefix):
    rows = load_jsonl(path)
    ans = [r for r in rows if r.get("answerable") is True]
    una = [r for r in rows if r.get("answerable") is False]
    if len(ans) != 60 or len(una) != 40 or len(rows) != 100:
        err("%s: counts %d answerable + %d unanswerable (total %d), need 60+40"
            % (split, len(ans), len(una), len(rows)))
    for i, r in enumerate(rows, 1):
        where = "%s row %d" % (split, i)
        if list(r.keys()) != FIELDS:
            err("%s: fields %s not in required order" % (where, list(r.keys())))
            continue
        if r["id"] != "%s-%03d" % (prefix, i):
            err("%s: id %r should be %s-%03d" % (where, r["id"], prefix, i))
        if r["split"] != split:
            err("%s: split %r" % (where, r["split"]))
        if not isinstance(r["answerable"], bool):
            err("%s: answerable must be bool" % where)
        if r["answerable"]:
            check_answerable(r, where)
        else:
            if (r["file"], r["doc"], r["articles"], r["evidence"], r["keys"]) != ("", "", [], "", []):
                err("%s: unanswerable row must have empty file/doc/articles/evidence/keys" % where)
            if r["kind"] not in KINDS:
                err("%s: bad kind %r" % (where, r["kind"]))
            if r["style"] not in STYLES:
                err("%s: bad style %r" % (where, r["style"]))
            if not isinstance(r["question"], str) or not r["question"].strip():
                err("%s: empty question" % where)
    check_mix(rows, split)
    return rows


def main():
    # pool
    if len(pool.ANSWERABLE) != 120:
        err("pool: %d answerable (need 120)" % len(pool.ANSWERABLE))
    if len(pool.UNANSWERABLE) != 80:
        err("pool: %d unanswerable (need 80)" % len(pool.UNANSWERABLE))
    for i, it in enumerate(pool.ANSWERABLE):
        check_answerable(it, "pool ANSWERABLE[%d]" % i)
    for i, it in enumerate(pool.UNANSWERABLE):
        check_unanswerable(it, "pool UNANSWERABLE[%d]" % i)
    near = sum(1 for it in pool.UNANSWERABLE if it.get("near_miss") is True)
    if near < 70:
        err("pool: only %d near-miss unanswerable items (need >=70)" % near)
    check_coverage(pool.ANSWERABLE)
    all_pool = [dict(it, answerable=True) for it in pool.ANSWERABLE] + \
               [dict(it, answerable=False) for it in pool.UNANSWERABLE]
    check_mix(all_pool, "pool")
    check_duplicates([it["question"] for it in all_pool], "pool")

    # files
    dev = check_file(os.path.join(EVALS, "dev14", "questions.jsonl"), "dev14", "D14")
    frz = check_file(os.path.join(EVALS, "frozen13", "questions.jsonl"), "frozen13", "F13")
    qs = [r["question"] for r in dev + frz]
    check_duplicates(qs, "dev14+frozen13")
    pool_q = sorted(it["question"] for it in all_pool)
    if sorted(qs) != pool_q:
        err("files: questions in dev14+frozen13 do not match the pool exactly")

    if errors:
        for e in errors:
            print("FAIL:", e)
        print("%d problem(s)" % len(errors))
        sys.exit(1)
    print("OK: pool 120+80 (%d near misses); dev14 %d rows; frozen13 %d rows" % (near, len(dev), len(frz)))


if __name__ == "__main__":
    main()
