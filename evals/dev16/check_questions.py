"""Mechanical checks for /work/main/evals/frozen15/questions.jsonl and /work/main/evals/dev16/questions.jsonl.

Checks per question: exact key set, id format/uniqueness, split, kind/style values, answerable fields
(file exists, doc title, article present, evidence 10-60 chars verbatim in the source and inside the cited
clause, 1-3 keys of 2-12 chars each found in the evidence or the clause), unanswerable fields empty,
colloquial paraphrase (no long verbatim overlap with the evidence).
Checks per set: 100 questions, 60 answerable / 40 unanswerable.
Checks on the union (the 200-question pool): mix quotas, unanswerable categories, coverage of every
corpus file and every case note.  Tags (situation / compare) and unanswerable categories come from the
sidecar meta.jsonl written by build_questions.py.
Exit code 0 when everything passes.
"""
import collections
import glob
import json
import os
import re
import sys

MAIN = "/work/main"
EVALS = os.path.join(MAIN, "evals")
SETS = [("frozen15", "F15"), ("dev16", "D16")]
FIELDS = ["id", "question", "answerable", "file", "doc", "articles", "evidence", "keys", "kind", "style", "split"]
KINDS = {"number", "frequency", "deadline", "role", "procedure", "list", "yes_no", "definition", "condition", "other"}
STYLES = {"formal", "colloquial"}
UCAT_MIN = {"case_note": 15, "figure": 10, "product": 10, "other_bank": 8, "edition": 8,
            "it_form_staff": 8, "tax_legal": 8, "off_topic": 5, "mixed_zh_en": 5}
CORPUS_FILES = (sorted(glob.glob("/work/shared/corpus/regulations/*.md"))
                + sorted(glob.glob("/work/shared/corpus/seeds/*.txt"))
                + sorted(glob.glob(os.path.join(MAIN, "corpus/knowledge/*.md")))
                + sorted(glob.glob(os.path.join(MAIN, "corpus/knowledge/case_notes/*.md"))))
ART_RE = re.compile(r"^第[一二三四五六七八九十百零]+条$")
NEXT_ART_RE = re.compile(r"\n(第[一二三四五六七八九十百零]+条　|## |# )")

errors = []
_texts = {}


def err(qid, msg):
    errors.append("%s: %s" % (qid, msg))


def text_of(rel):
    path = os.path.normpath(os.path.join(MAIN, rel))
    if path not in _texts:
        with open(path, encoding="utf-8") as fh:
            _texts[path] = fh.read()
    return _texts[path]


def first_heading(text):
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None


def is_seed_heading(line):
    s = line.strip()
    return 0 < len(s) <= 25 and not s.startswith("-") and s[-1] not in "。:：,;，；"


def clause_text(rel, text, art, evidence):
    """Text of the clause / section the answer sits under ('' if not found)."""
    if rel.endswith(".txt"):
        # seeds: the evidence line, plus the section heading->next heading if it is not huge
        pos = text.find(evidence)
        if pos < 0:
            return ""
        ls = text.rfind("\n", 0, pos) + 1
        le = text.find("\n", pos)
        le = len(text) if le < 0 else le
        own = text[ls:le]
        hpos = text.rfind(art, 0, pos + 1)
        if hpos < 0:
            return ""
        lines = text[hpos:].split("\n")
        sec = [lines[0]]
        for line in lines[1:]:
            if is_seed_heading(line):
                break
            sec.append(line)
        sec = "\n".join(sec)[:4000]
        if evidence in sec:
            return sec
        return own
    if ART_RE.match(art):
        m = re.search(r"(^|\n)" + art + "　", text)
        if not m:
            return ""
        start = m.start()
        n = NEXT_ART_RE.search(text, m.end())
        return text[start:n.start() if n else len(text)]
    # heading: markdown "## heading" section, else plain heading line up to next numbered heading
    m = re.search(r"\n## " + re.escape(art) + r"\s*\n", text)
    if m:
        n = re.compile(r"\n## ").search(text, m.end())
        return text[m.start():n.start() if n else len(text)]
    pos = text.find("\n" + art)
    if pos < 0:
        return ""
    n = re.compile(r"\n([一二三四五六七八九十]+、|## |附：)").search(text, pos + 1 + len(art))
    return text[pos:n.start() if n else len(text)]


def lcs_len(a, b):
    best = 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def expected_doc_ok(rel, text, doc):
    base = os.path.basename(rel)
    if "/case_notes/" in rel:
        return doc == base[:-3]
    if rel.endswith(".md"):
        return doc == first_heading(text) and (not rel.startswith("corpus/") or doc == base[:-3])
    # seeds: an article title present in the file at the start of a line
    return any(line.startswith(doc) for line in text.splitlines())


def check_question(q, split, prefix):
    qid = q.get("id", "?")
    if list(q.keys()) != FIELDS:
        err(qid, "keys %s" % list(q.keys()))
        return
    if not re.fullmatch(prefix + r"-\d{3}", qid):
        err(qid, "bad id format")
    if q["split"] != split:
        err(qid, "split %r" % q["split"])
    if q["kind"] not in KINDS:
        err(qid, "kind %r" % q["kind"])
    if q["style"] not in STYLES:
        err(qid, "style %r" % q["style"])
    if not isinstance(q["question"], str) or len(q["question"].strip()) < 5:
        err(qid, "question too short")
    if not isinstance(q["answerable"], bool):
        err(qid, "answerable not bool")
        return
    if not q["answerable"]:
        if q["file"] or q["doc"] or q["articles"] or q["evidence"] or q["keys"]:
            err(qid, "unanswerable with non-empty answer fields")
        return
    rel = q["file"]
    path = os.path.normpath(os.path.join(MAIN, rel))
    if not os.path.isfile(path):
        err(qid, "file not found %s" % rel)
        return
    text = text_of(rel)
    if not expected_doc_ok(rel, text, q["doc"]):
        err(qid, "doc title %r does not match %s" % (q["doc"], rel))
    if not (isinstance(q["articles"], list) and len(q["articles"]) == 1 and q["articles"][0]):
        err(qid, "articles %r" % q["articles"])
        return
    art = q["articles"][0]
    if art not in text:
        err(qid, "article %r not in source" % art)
    ev = q["evidence"]
    if not (10 <= len(ev) <= 60):
        err(qid, "evidence length %d" % len(ev))
    if "\n" in ev:
        err(qid, "line break in evidence")
    if ev not in text:
        err(qid, "evidence not verbatim in source: %s" % ev)
        return
    clause = clause_text(rel, text, art, ev)
    if not clause:
        err(qid, "clause %r not found" % art)
    elif ev not in clause:
        err(qid, "evidence not inside clause %r" % art)
    keys = q["keys"]
    if not (isinstance(keys, list) and 1 <= len(keys) <= 3):
        err(qid, "keys count %r" % keys)
        return
    for k in keys:
        if not (2 <= len(k) <= 12):
            err(qid, "key length %r" % k)
        if k not in ev and k not in clause:
            err(qid, "key %r not in evidence or clause" % k)
    if q["style"] == "colloquial":
        n = lcs_len(q["question"], ev)
        if n > 6:
            err(qid, "colloquial question copies %d chars of the evidence" % n)


def main():
    allq, allmeta = [], {}
    seen_ids, seen_text = set(), {}
    for split, prefix in SETS:
        folder = os.path.join(EVALS, split)
        with open(os.path.join(folder, "questions.jsonl"), encoding="utf-8") as fh:
            qs = [json.loads(line) for line in fh if line.strip()]
        meta_path = os.path.join(folder, "meta.jsonl")
        with open(meta_path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    m = json.loads(line)
                    allmeta[m["id"]] = m
        for q in qs:
            check_question(q, split, prefix)
            if q.get("id") in seen_ids:
                err(q.get("id"), "duplicate id")
            seen_ids.add(q.get("id"))
            t = q.get("question")
            if t in seen_text:
                err(q.get("id"), "duplicate question text (also %s)" % seen_text[t])
            seen_text[t] = q.get("id")
            if q.get("id") not in allmeta:
                err(q.get("id"), "missing meta")
        n_ans = sum(1 for q in qs if q.get("answerable") is True)
        n_una = sum(1 for q in qs if q.get("answerable") is False)
        print("%-9s total=%d answerable=%d unanswerable=%d colloquial=%d list/procedure=%d yes_no=%d" % (
            split, len(qs), n_ans, n_una,
            sum(q.get("style") == "colloquial" for q in qs),
            sum(q.get("kind") in ("list", "procedure") for q in qs),
            sum(q.get("kind") == "yes_no" for q in qs)))
        if len(qs) != 100 or n_ans != 60 or n_una != 40:
            errors.append("%s: expected 100 questions (60/40), got %d (%d/%d)" % (split, len(qs), n_ans, n_una))
        allq.extend(qs)

    # ---- pool-level mix
    N = len(allq)
    colloq = sum(q["style"] == "colloquial" for q in allq)
    listproc = sum(q["kind"] in ("list", "procedure") for q in allq)
    yesno = sum(q["kind"] == "yes_no" for q in allq)
    sit = sum("situation" in allmeta.get(q["id"], {}).get("tags", []) for q in allq)
    cmp_ = sum("compare" in allmeta.get(q["id"], {}).get("tags", []) for q in allq)
    ucats = collections.Counter(allmeta[q["id"]]["ucat"] for q in allq if not q["answerable"] and q["id"] in allmeta)
    print("pool      total=%d answerable=%d unanswerable=%d" % (
        N, sum(q["answerable"] for q in allq), sum(not q["answerable"] for q in allq)))
    print("mix       colloquial=%d (%.0f%%) list/procedure=%d (%.0f%%) yes_no=%d situation_first=%d compare=%d" % (
        colloq, 100.0 * colloq / N, listproc, 100.0 * listproc / N, yesno, sit, cmp_))
    print("kinds     " + " ".join("%s=%d" % kv for kv in sorted(collections.Counter(q["kind"] for q in allq).items())))
    print("unans     " + " ".join("%s=%d" % kv for kv in sorted(ucats.items())))
    if N != 200:
        errors.append("pool: expected 200 questions, got %d" % N)
    if colloq < 0.35 * N:
        errors.append("pool: colloquial %d < 35%%" % colloq)
    if listproc < 0.20 * N:
        errors.append("pool: list/procedure %d < 20%%" % listproc)
    if yesno < 15:
        errors.append("pool: yes_no %d < 15" % yesno)
    if sit < 10:
        errors.append("pool: situation-first %d < 10" % sit)
    if cmp_ < 10:
        errors.append("pool: compare %d < 10" % cmp_)
    for cat, mn in UCAT_MIN.items():
        if ucats.get(cat, 0) < mn:
            errors.append("pool: unanswerable %s %d < %d" % (cat, ucats.get(cat, 0), mn))
    for q in allq:
        m = allmeta.get(q["id"], {})
        if q["answerable"] and m.get("ucat"):
            err(q["id"], "answerable question with unanswerable category")
        if not q["answerable"] and not m.get("ucat"):
            err(q["id"], "unanswerable question without category")
    # ---- coverage
    covered = collections.Counter(os.path.normpath(os.path.join(MAIN, q["file"])) for q in allq if q["answerable"])
    missing = [f for f in CORPUS_FILES if covered.get(os.path.normpath(f), 0) == 0]
    print("coverage  %d/%d corpus files covered (%d case notes)" % (
        len(CORPUS_FILES) - len(missing), len(CORPUS_FILES),
        sum(1 for f in CORPUS_FILES if "/case_notes/" in f)))
    for f in missing:
        errors.append("coverage: no answerable question for %s" % f)

    if errors:
        print("\nFAILED (%d problems):" % len(errors))
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("\nOK: all checks passed")


if __name__ == "__main__":
    main()
