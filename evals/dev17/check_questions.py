# -*- coding: utf-8 -*-
"""Mechanical checks for the frozen16 + dev17 question sets.

Usage: python evals/dev17/check_questions.py   (from anywhere; standard library only)
Exit status 0 only when every check passes.
"""
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EVALS = os.path.dirname(HERE)
MAIN = os.path.dirname(EVALS)                     # /work/main
SHARED_CORPUS = os.path.normpath(os.path.join(MAIN, "..", "shared", "corpus"))
KNOWLEDGE = os.path.join(MAIN, "corpus", "knowledge")

SETS = {"frozen16": "F16", "dev17": "D17"}
KEYS = ["id", "question", "answerable", "file", "doc", "articles", "evidence", "keys", "kind", "style", "split"]
KINDS = {"number", "frequency", "deadline", "role", "procedure", "list", "yes_no", "definition", "condition", "other"}
STYLES = {"formal", "colloquial"}
UCATS_MIN = {"case_note": 15, "figure": 10, "product": 10, "other_bank": 8, "edition": 8,
             "it_form_staff": 8, "tax_legal": 8, "off_topic": 5, "mixed_zh_en": 5}
REG_TITLES = {
    "geren_daikuan_2024.md": "个人贷款管理办法",
    "liudong_zijin_daikuan_2024.md": "流动资金贷款管理办法",
    "guding_zichan_daikuan_2024.md": "固定资产贷款管理办法",
    "jinrong_zichan_fengxian_fenlei_2023.md": "商业银行金融资产风险分类办法",
}
ART_RE = re.compile(r"^第[零一二三四五六七八九十百千]+条")
SENT_END = set("。；;，,：:！!？?")
OVERLAP = 8

errors = []


def err(msg):
    errors.append(msg)


def norm(line):
    return line.strip().lstrip("#").strip()


def is_heading_like(line, is_md):
    s = line.strip()
    if not s:
        return False
    if s.startswith("#"):
        return True
    if is_md:
        return False
    return len(s) <= 30 and not s.startswith("- ") and s[-1] not in SENT_END


def sections(text, article, is_md):
    """All sections cited by `article`: from the article/heading line to the next one."""
    lines = text.split("\n")
    out = []
    if ART_RE.match(article) and ART_RE.match(article).group(0) == article:
        starts = [i for i, l in enumerate(lines) if norm(l).startswith(article)]
        boundary = lambda l: l.strip().startswith("#") or bool(ART_RE.match(norm(l)))
    else:
        starts = [i for i, l in enumerate(lines) if norm(l) == article]
        boundary = lambda l: is_heading_like(l, is_md)
    for i in starts:
        j = i + 1
        while j < len(lines) and not boundary(lines[j]):
            j += 1
        out.append("\n".join(lines[i:j]))
    return out


def longest_common(a, b):
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def expected_doc(path):
    base = os.path.basename(path)
    if base in REG_TITLES:
        return REG_TITLES[base]
    if base.endswith(".md"):
        return base[:-3]
    return None  # seeds: title taken from the article's top, checked separately


def corpus_files():
    files = sorted(glob.glob(os.path.join(SHARED_CORPUS, "regulations", "*.md")))
    files += sorted(glob.glob(os.path.join(SHARED_CORPUS, "seeds", "*.txt")))
    files += sorted(glob.glob(os.path.join(KNOWLEDGE, "**", "*.md"), recursive=True))
    return [os.path.normpath(f) for f in files]


def load(split):
    qs, meta = [], []
    d = os.path.join(EVALS, split)
    for name, target in (("questions.jsonl", qs), ("meta.jsonl", meta)):
        path = os.path.join(d, name)
        if not os.path.exists(path):
            err("%s: missing %s" % (split, name))
            continue
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    target.append(json.loads(line))
                except ValueError as e:
                    err("%s/%s line %d: bad JSON (%s)" % (split, name, n, e))
    return qs, meta


def check_question(q, split, cache):
    qid = q.get("id", "?")
    if list(q.keys()) != KEYS:
        err("%s: keys/order %s" % (qid, list(q.keys())))
        return
    if not re.fullmatch(r"%s-\d{3}" % SETS[split], qid):
        err("%s: bad id format for split %s" % (qid, split))
    if q["split"] != split:
        err("%s: split %r != %r" % (qid, q["split"], split))
    if q["kind"] not in KINDS:
        err("%s: bad kind %r" % (qid, q["kind"]))
    if q["style"] not in STYLES:
        err("%s: bad style %r" % (qid, q["style"]))
    if not isinstance(q["question"], str) or not (5 <= len(q["question"]) <= 60):
        err("%s: question length %d outside 5-60" % (qid, len(q["question"] or "")))
    if not isinstance(q["answerable"], bool):
        err("%s: answerable not bool" % qid)
        return
    if not q["answerable"]:
        if q["file"] != "" or q["doc"] != "" or q["articles"] != [] or q["evidence"] != "" or q["keys"] != []:
            err("%s: unanswerable with non-empty file/doc/articles/evidence/keys" % qid)
        return
    # answerable
    path = os.path.normpath(os.path.join(MAIN, q["file"]))
    if not q["file"] or not os.path.isfile(path):
        err("%s: file not found %r" % (qid, q["file"]))
        return
    if not q["doc"]:
        err("%s: doc empty" % qid)
    exp = expected_doc(path)
    if exp is not None and q["doc"] != exp:
        err("%s: doc %r != expected %r" % (qid, q["doc"], exp))
    if path not in cache:
        with open(path, encoding="utf-8") as f:
            cache[path] = f.read()
    text = cache[path]
    if exp is None:  # seed: doc must be a title found at the article's top
        first = next((l.strip() for l in text.split("\n") if l.strip()), "")
        if not first.startswith(q["doc"]):
            err("%s: seed doc %r is not the title at the top (%r)" % (qid, q["doc"], first[:30]))
    arts = q["articles"]
    if not (isinstance(arts, list) and len(arts) == 1 and isinstance(arts[0], str) and arts[0]):
        err("%s: articles must be one non-empty string" % qid)
        return
    art = arts[0]
    if art.startswith("#"):
        err("%s: article must not carry # marks" % qid)
    secs = sections(text, art, path.endswith(".md"))
    if not secs:
        err("%s: article %r not found in %s" % (qid, art, q["file"]))
        return
    ev = q["evidence"]
    if not (10 <= len(ev) <= 60):
        err("%s: evidence length %d outside 10-60" % (qid, len(ev)))
    if ev not in text:
        err("%s: evidence not verbatim in file: %r" % (qid, ev))
    in_secs = [s for s in secs if ev in s]
    if not in_secs:
        err("%s: evidence not inside cited section %r" % (qid, art))
    keys = q["keys"]
    if not (isinstance(keys, list) and 1 <= len(keys) <= 3):
        err("%s: need 1-3 keys" % qid)
    else:
        for k in keys:
            if not (isinstance(k, str) and 2 <= len(k) <= 12):
                err("%s: key %r not 2-12 chars" % (qid, k))
            elif k not in ev and not any(k in s for s in (in_secs or secs)):
                err("%s: key %r not in evidence or clause" % (qid, k))
    if q["style"] == "colloquial":
        lc = longest_common(q["question"], ev)
        if lc >= OVERLAP:
            err("%s: colloquial question copies %d consecutive chars of evidence" % (qid, lc))


def main():
    cache = {}
    union, meta_all = [], {}
    for split in SETS:
        qs, meta = load(split)
        if len(qs) != 100:
            err("%s: %d questions, expected 100" % (split, len(qs)))
        na = sum(1 for q in qs if q.get("answerable") is True)
        nu = sum(1 for q in qs if q.get("answerable") is False)
        if (na, nu) != (60, 40):
            err("%s: answerable/unanswerable = %d/%d, expected 60/40" % (split, na, nu))
        ids = [q.get("id") for q in qs]
        mids = [m.get("id") for m in meta]
        if ids != mids:
            err("%s: meta.jsonl ids do not match questions.jsonl ids" % split)
        for m in meta:
            if list(m.keys()) != ["id", "tags", "ucat"]:
                err("%s: meta keys %s" % (m.get("id"), list(m.keys())))
            meta_all[m.get("id")] = m
        for q in qs:
            check_question(q, split, cache)
        union.extend(qs)

    ids = [q.get("id") for q in union]
    if len(set(ids)) != len(ids):
        err("duplicate ids in union")
    texts = [q.get("question") for q in union]
    dups = {t for t in texts if texts.count(t) > 1}
    if dups:
        err("duplicate questions: %s" % sorted(dups))

    # meta consistency
    for q in union:
        m = meta_all.get(q.get("id"))
        if m is None:
            continue
        if not isinstance(m.get("tags"), list):
            err("%s: tags not a list" % q["id"])
        if q.get("answerable") and m.get("ucat") is not None:
            err("%s: answerable question with ucat" % q["id"])
        if q.get("answerable") is False and m.get("ucat") not in UCATS_MIN:
            err("%s: unanswerable question with bad ucat %r" % (q["id"], m.get("ucat")))

    # union quotas
    n = len(union)
    ans = [q for q in union if q.get("answerable") is True]
    if n != 200 or len(ans) != 120:
        err("union: %d questions, %d answerable (expected 200/120)" % (n, len(ans)))
    coll = sum(1 for q in union if q.get("style") == "colloquial")
    lp = sum(1 for q in union if q.get("kind") in ("list", "procedure"))
    yn = sum(1 for q in union if q.get("kind") == "yes_no")
    tags = {}
    for m in meta_all.values():
        for t in m.get("tags") or []:
            tags[t] = tags.get(t, 0) + 1
    ucats = {}
    for m in meta_all.values():
        if m.get("ucat"):
            ucats[m["ucat"]] = ucats.get(m["ucat"], 0) + 1
    if coll < 0.60 * n:
        err("colloquial %d < 60%% of %d" % (coll, n))
    if lp < 0.25 * n:
        err("list+procedure %d < 25%% of %d" % (lp, n))
    if yn < 15:
        err("yes_no %d < 15" % yn)
    if tags.get("situation", 0) < 12:
        err("situation-tagged %d < 12" % tags.get("situation", 0))
    if tags.get("compare", 0) < 12:
        err("compare-tagged %d < 12" % tags.get("compare", 0))
    for u, mn in UCATS_MIN.items():
        if ucats.get(u, 0) < mn:
            err("ucat %s: %d < %d" % (u, ucats.get(u, 0), mn))

    # coverage of every corpus file (incl. each case note)
    cited = {os.path.normpath(os.path.join(MAIN, q["file"])) for q in ans if q.get("file")}
    for f in corpus_files():
        if f not in cited:
            err("corpus file not covered by any answerable question: %s" % os.path.relpath(f, MAIN))

    kinds = {}
    styles = {}
    for q in union:
        kinds[q.get("kind")] = kinds.get(q.get("kind"), 0) + 1
        styles[q.get("style")] = styles.get(q.get("style"), 0) + 1
    print("questions: %d (answerable %d, unanswerable %d)" % (n, len(ans), n - len(ans)))
    print("kinds:  " + ", ".join("%s=%d" % kv for kv in sorted(kinds.items())))
    print("styles: " + ", ".join("%s=%d" % kv for kv in sorted(styles.items())))
    print("list+procedure=%d  yes_no=%d  colloquial=%.0f%%" % (lp, yn, 100.0 * coll / max(n, 1)))
    print("tags:   " + ", ".join("%s=%d" % kv for kv in sorted(tags.items())))
    print("ucat:   " + ", ".join("%s=%d" % kv for kv in sorted(ucats.items())))
    print("corpus files covered: %d/%d" % (len(cited & set(corpus_files())), len(corpus_files())))
    if errors:
        print("\nFAILED: %d problem(s)" % len(errors))
        for e in errors:
            print("  - " + e)
        return 1
    print("\nALL CHECKS PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
