# -*- coding: utf-8 -*-
"""Check evals/dev13/questions.jsonl, evals/frozen12/questions.jsonl and the
pool they are built from (evals/frozen12/pool.py).

Exit status 0 when every check passes, 1 otherwise.

Usage:  python evals/dev13/check_questions.py
"""
import difflib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]  # /work/main
FROZEN_DIR = ROOT / "evals" / "frozen12"
sys.path.insert(0, str(FROZEN_DIR))

import pool  # noqa: E402
import build_questions  # noqa: E402

FIELDS = ["id", "question", "answerable", "file", "doc", "articles",
          "evidence", "keys", "kind", "style", "split"]
KINDS = {"number", "frequency", "role", "list", "yes_no", "procedure",
         "definition", "consequence", "condition", "time"}
STYLES = {"colloquial", "formal"}
POOL_A_FIELDS = ["question", "file", "doc", "articles", "evidence", "keys", "kind", "style"]
POOL_U_FIELDS = ["question", "kind", "style", "near_miss", "sort", "why"]

REG = "../shared/corpus/regulations/"
SEEDS = "../shared/corpus/seeds/"
KB = "corpus/knowledge/"
S000 = SEEDS + "000_f26c7749355f12f2.txt"
# every (file, doc) pair that must be the source of at least one answerable item
REQUIRED = [
    (REG + "geren_daikuan_2024.md", "个人贷款管理办法"),
    (REG + "guding_zichan_daikuan_2024.md", "固定资产贷款管理办法"),
    (REG + "liudong_zijin_daikuan_2024.md", "流动资金贷款管理办法"),
    (REG + "jinrong_zichan_fengxian_fenlei_2023.md", "商业银行金融资产风险分类办法"),
    (S000, "2020银行贷后管理工作要点"),
    (S000, "银行贷后管理的重点和措施"),
    (SEEDS + "001_a448ed240970c20e.txt", "干货|信贷风险管理的50个要点"),
    (SEEDS + "002_55d69a6211b50be6.txt", "贷后例会制度"),
    (SEEDS + "003_edcea09157035111.txt", "贷后追踪"),
    (SEEDS + "004_3cc8c9a66a572887.txt", "贷中管理"),
    (KB + "示范银行贷后管理实施细则.md", "示范银行贷后管理实施细则"),
    (KB + "示范银行贷后管理实施细则（2022年版）.md", "示范银行贷后管理实施细则（2022年版）"),
    (KB + "示范银行风险预警信号处置指引.md", "示范银行风险预警信号处置指引"),
]
S000_PARTS = ["2020银行贷后管理工作要点", "银行贷后管理的重点和措施"]
CASE_DIR = KB + "case_notes/"
MIN_CASE_NOTES = 12
MAX_PER_FILE = 20
MIN_COLLOQUIAL = 0.60
MIN_LIST = 0.25
MIN_NEAR_MISS = 70
DUP_RATIO = 0.85
COPY_WINDOW = 14  # a question may not contain this many consecutive chars of its source

failures = []
_text_cache = {}


def fail(msg):
    failures.append(msg)


def text_of(rel):
    if rel not in _text_cache:
        _text_cache[rel] = (ROOT / rel).read_text(encoding="utf-8")
    return _text_cache[rel]


def doc_title_of_file(rel):
    """Doc title(s) an item may use for a file."""
    if rel == S000:
        return S000_PARTS
    t = text_of(rel)
    if rel.startswith(CASE_DIR) or rel.startswith(KB):
        m = re.search(r"^# (.+)$", t, re.M)
        return [m.group(1).strip()] if m else []
    if rel.startswith(REG):
        m = re.search(r"^# (.+)$", t, re.M)
        return [m.group(1).strip()] if m else []
    return [t.splitlines()[0].strip()]


def check_answerable_fields(item, where):
    rel = item["file"]
    path = ROOT / rel
    if not path.is_file():
        fail("%s: file not found: %s" % (where, rel))
        return
    t = text_of(rel)
    ev = item["evidence"]
    if not isinstance(ev, str) or not ev:
        fail("%s: empty evidence" % where)
        return
    if "\n" in ev or "\r" in ev:
        fail("%s: evidence contains a line break" % where)
    if not 10 <= len(ev) <= 80:
        fail("%s: evidence length %d not in 10..80" % (where, len(ev)))
    if ev not in t:
        fail("%s: evidence not an exact substring of %s: %r" % (where, rel, ev))
    keys = item["keys"]
    if not isinstance(keys, list) or not 1 <= len(keys) <= 3:
        fail("%s: keys must be a list of 1-3 strings" % where)
    else:
        for k in keys:
            if not isinstance(k, str) or not k or k not in ev:
                fail("%s: key %r not in evidence" % (where, k))
    doc = item["doc"]
    if not doc or doc not in t:
        fail("%s: doc title %r not found in file text" % (where, doc))
    if doc not in doc_title_of_file(rel):
        fail("%s: doc %r is not the title of %s (expected one of %s)"
             % (where, doc, rel, doc_title_of_file(rel)))
    if rel == S000 and ev in t:
        # evidence must lie inside the part titled `doc`
        starts = sorted((t.index(p), p) for p in S000_PARTS)
        pos = t.index(ev)
        part = None
        for s, p in starts:
            if pos >= s:
                part = p
        if part != doc:
            fail("%s: evidence lies in part %r, not %r" % (where, part, doc))
    arts = item["articles"]
    if not isinstance(arts, list):
        fail("%s: articles must be a list" % where)
    else:
        for a in arts:
            if not isinstance(a, str) or not a or a not in t:
                fail("%s: article %r not found in file" % (where, a))
            if rel.startswith(REG) or (rel.startswith(KB) and not rel.startswith(CASE_DIR)):
                if not re.fullmatch(r"第[一二三四五六七八九十百零]+条", a):
                    fail("%s: article %r is not of the form 第X条" % (where, a))
                elif ev in t:
                    # the evidence must sit inside that article
                    heads = [(m.start(), m.group(1)) for m in
                             re.finditer(r"^(第[一二三四五六七八九十百零]+条)[　 ]", t, re.M)]
                    pos = t.index(ev)
                    cur = None
                    for s, h in heads:
                        if s <= pos:
                            cur = h
                    if cur != a:
                        fail("%s: evidence is in %s, not %s" % (where, cur, a))
        if (rel.startswith(REG) or (rel.startswith(KB) and not rel.startswith(CASE_DIR))) and not arts:
            fail("%s: regulation/bank-book item needs a 第X条" % where)
    if item["kind"] not in KINDS:
        fail("%s: bad kind %r" % (where, item["kind"]))
    if item["style"] not in STYLES:
        fail("%s: bad style %r" % (where, item["style"]))
    # the question must paraphrase, not copy, its source
    q = item["question"]
    stripped = q
    for title in [r[1] for r in REQUIRED] + [doc]:
        stripped = stripped.replace(title, "")
    for i in range(0, max(0, len(stripped) - COPY_WINDOW + 1)):
        w = stripped[i:i + COPY_WINDOW]
        if w in t:
            fail("%s: question copies source text %r" % (where, w))
            break


def check_pool():
    A, U = pool.ANSWERABLE, pool.UNANSWERABLE
    if len(A) != 120:
        fail("pool: %d answerable items, expected 120" % len(A))
    if len(U) != 80:
        fail("pool: %d unanswerable items, expected 80" % len(U))
    for i, a in enumerate(A):
        where = "pool.ANSWERABLE[%d]" % i
        if sorted(a.keys()) != sorted(POOL_A_FIELDS):
            fail("%s: fields %s" % (where, sorted(a.keys())))
            continue
        check_answerable_fields(a, where)
    for i, u in enumerate(U):
        where = "pool.UNANSWERABLE[%d]" % i
        if sorted(u.keys()) != sorted(POOL_U_FIELDS):
            fail("%s: fields %s" % (where, sorted(u.keys())))
            continue
        if u["kind"] not in KINDS:
            fail("%s: bad kind %r" % (where, u["kind"]))
        if u["style"] not in STYLES:
            fail("%s: bad style %r" % (where, u["style"]))
        if not isinstance(u["near_miss"], bool):
            fail("%s: near_miss must be bool" % where)
        if not isinstance(u["sort"], str) or not u["sort"].strip():
            fail("%s: empty sort" % where)
        if not isinstance(u["why"], str) or not u["why"].strip():
            fail("%s: empty why" % where)

    # coverage
    pairs = Counter((a["file"], a["doc"]) for a in A)
    for rel, doc in REQUIRED:
        if pairs[(rel, doc)] < 1:
            fail("coverage: no answerable item for %s (%s)" % (doc, rel))
    per_file = Counter(a["file"] for a in A)
    for rel, n in per_file.items():
        if n > MAX_PER_FILE:
            fail("coverage: %s has %d answerable items (> %d)" % (rel, n, MAX_PER_FILE))
    notes_on_disk = sorted(p.name for p in (ROOT / CASE_DIR).glob("*.md"))
    notes_used = sorted({a["file"][len(CASE_DIR):] for a in A if a["file"].startswith(CASE_DIR)})
    if len(notes_used) < MIN_CASE_NOTES:
        fail("coverage: only %d case notes used (need >= %d)" % (len(notes_used), MIN_CASE_NOTES))

    allq = A + U
    colloquial = sum(q["style"] == "colloquial" for q in allq) / len(allq)
    listy = sum(q["kind"] in ("list", "procedure") for q in allq) / len(allq)
    listy_a = sum(q["kind"] in ("list", "procedure") for q in A) / max(1, len(A))
    colloquial_a = sum(q["style"] == "colloquial" for q in A) / max(1, len(A))
    colloquial_u = sum(q["style"] == "colloquial" for q in U) / max(1, len(U))
    near = sum(bool(u["near_miss"]) for u in U)
    if colloquial < MIN_COLLOQUIAL:
        fail("mix: colloquial share %.3f < %.2f" % (colloquial, MIN_COLLOQUIAL))
    if listy < MIN_LIST:
        fail("mix: list/procedure share %.3f < %.2f" % (listy, MIN_LIST))
    if listy_a < MIN_LIST:
        fail("mix: answerable list/procedure share %.3f < %.2f" % (listy_a, MIN_LIST))
    if near < MIN_NEAR_MISS:
        fail("mix: %d near misses < %d" % (near, MIN_NEAR_MISS))

    # duplicates / near-duplicates over the whole pool
    qs = [q["question"] for q in allq]
    for q, n in Counter(qs).items():
        if n > 1:
            fail("dup: question repeated %d times: %s" % (n, q))
    for i in range(len(qs)):
        for j in range(i + 1, len(qs)):
            r = difflib.SequenceMatcher(None, qs[i], qs[j]).ratio()
            if r > DUP_RATIO:
                fail("near-dup (%.2f): %s || %s" % (r, qs[i], qs[j]))

    return {
        "case_notes_used": len(notes_used),
        "case_notes_total": len(notes_on_disk),
        "per_file": per_file,
        "colloquial": colloquial,
        "colloquial_a": colloquial_a,
        "colloquial_u": colloquial_u,
        "list": listy,
        "list_a": listy_a,
        "near": near,
        "sorts": Counter(u["sort"] for u in U if u["near_miss"]),
        "non_near_sorts": Counter(u["sort"] for u in U if not u["near_miss"]),
        "kinds": Counter(q["kind"] for q in allq),
    }


def load_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as fh:
        for ln, line in enumerate(fh, 1):
            if not line.strip():
                fail("%s:%d: blank line" % (path.name, ln))
                continue
            try:
                obj = json.loads(line)
            except ValueError as e:
                fail("%s:%d: bad JSON (%s)" % (path.name, ln, e))
                continue
            rows.append(obj)
            if "\\u" in line:
                fail("%s:%d: non-ASCII was escaped (ensure_ascii must be False)" % (path.name, ln))
    return rows


def check_split(path, prefix, split):
    if not path.is_file():
        fail("%s missing" % path)
        return []
    rows = load_jsonl(path)
    if len(rows) != 100:
        fail("%s: %d rows, expected 100" % (split, len(rows)))
    n_a = sum(1 for r in rows if r.get("answerable") is True)
    n_u = sum(1 for r in rows if r.get("answerable") is False)
    if (n_a, n_u) != (60, 40):
        fail("%s: %d answerable / %d unanswerable, expected 60/40" % (split, n_a, n_u))
    for i, r in enumerate(rows, 1):
        where = "%s row %d" % (split, i)
        if list(r.keys()) != FIELDS:
            fail("%s: fields/order %s" % (where, list(r.keys())))
            continue
        if r["id"] != "%s-%03d" % (prefix, i):
            fail("%s: id %r, expected %s-%03d" % (where, r["id"], prefix, i))
        if r["split"] != split:
            fail("%s: split %r" % (where, r["split"]))
        if not isinstance(r["answerable"], bool):
            fail("%s: answerable must be bool" % where)
        if r["kind"] not in KINDS:
            fail("%s: bad kind %r" % (where, r["kind"]))
        if r["style"] not in STYLES:
            fail("%s: bad style %r" % (where, r["style"]))
        if not isinstance(r["question"], str) or not r["question"].strip():
            fail("%s: empty question" % where)
        if r["answerable"] is True:
            check_answerable_fields(r, where)
        elif r["answerable"] is False:
            if (r["file"], r["doc"], r["articles"], r["evidence"], r["keys"]) != ("", "", [], "", []):
                fail("%s: unanswerable row must have empty file/doc/articles/evidence/keys" % where)
    return rows


def main():
    stats = check_pool()
    dev = check_split(ROOT / "evals" / "dev13" / "questions.jsonl", "D13", "dev13")
    frozen = check_split(ROOT / "evals" / "frozen12" / "questions.jsonl", "F12", "frozen12")

    ids = [r.get("id") for r in dev + frozen]
    for i, n in Counter(ids).items():
        if n > 1:
            fail("ids: %s repeated" % i)
    # the two files together hold exactly the pool, no question twice
    qs = [r.get("question") for r in dev + frozen]
    pool_qs = [q["question"] for q in pool.ANSWERABLE + pool.UNANSWERABLE]
    if sorted(qs) != sorted(pool_qs):
        fail("split files do not hold exactly the pool's 200 questions")
    # and they match what build_questions.py produces now
    exp_dev, exp_frozen = build_questions.build()
    if dev != exp_dev or frozen != exp_frozen:
        fail("questions.jsonl files are stale: re-run evals/frozen12/build_questions.py")

    print("pool: %d answerable, %d unanswerable" % (len(pool.ANSWERABLE), len(pool.UNANSWERABLE)))
    for name, rows in (("dev13", dev), ("frozen12", frozen)):
        a = sum(1 for r in rows if r.get("answerable") is True)
        print("%s: %d rows, %d answerable, %d unanswerable" % (name, len(rows), a, len(rows) - a))
    print("case notes used: %d of %d" % (stats["case_notes_used"], stats["case_notes_total"]))
    print("max answerable per file: %d" % max(stats["per_file"].values()))
    print("colloquial share: %.1f%% (answerable %.1f%%, unanswerable %.1f%%)"
          % (100 * stats["colloquial"], 100 * stats["colloquial_a"], 100 * stats["colloquial_u"]))
    print("list/procedure share: %.1f%% (answerable %.1f%%)" % (100 * stats["list"], 100 * stats["list_a"]))
    print("near misses: %d of %d" % (stats["near"], len(pool.UNANSWERABLE)))
    print("  by sort: " + ", ".join("%s %d" % kv for kv in sorted(stats["sorts"].items(), key=lambda kv: -kv[1])))
    print("  not near miss: " + ", ".join("%s %d" % kv for kv in stats["non_near_sorts"].items()))
    print("kinds: " + ", ".join("%s %d" % kv for kv in sorted(stats["kinds"].items(), key=lambda kv: -kv[1])))

    if failures:
        print("\nFAILED: %d problem(s)" % len(failures))
        for f in failures:
            print("  - " + f)
        sys.exit(1)
    print("\nALL CHECKS PASSED")


if __name__ == "__main__":
    main()
