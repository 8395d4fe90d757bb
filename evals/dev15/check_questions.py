"""Validate evals/dev15/questions.jsonl and evals/frozen14/questions.jsonl.

    /work/main/.venv/bin/python evals/dev15/check_questions.py

Checks (any failure -> exit status 1):
  - every row has exactly the fields id, question, answerable, file, doc,
    articles, evidence, keys, kind, style, split (in this order) with the
    right types; ids are D15-001.. / F14-001.. in order; split is right;
  - each file holds 100 rows: 60 answerable + 40 unanswerable;
  - answerable rows: file exists (relative to /work/main), doc is that
    file's title, articles non-empty and present in the file, evidence is
    10-80 characters and occurs verbatim in the file once whitespace is
    removed (and inside the cited article / section), 1-3 keys of 2-15
    characters, each found in the evidence or in the cited article text;
  - unanswerable rows: file, doc, evidence empty, articles and keys empty;
  - kind and style come from the allowed sets;
  - no duplicate question (within a file or across the two files);
  - per file: >= 50% colloquial and >= 20% asking for steps/items/lists
    (kind list or procedure);
  - both files together cover every regulation, every seed article, every
    bank book and at least 10 case notes.
It prints the mix percentages for each file and for the two together.
"""

import collections
import json
import os
import re
import sys

MAIN = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FILES = [
    ("dev15", "D15", os.path.join(MAIN, "evals", "dev15", "questions.jsonl")),
    ("frozen14", "F14", os.path.join(MAIN, "evals", "frozen14", "questions.jsonl")),
]
FIELDS = ["id", "question", "answerable", "file", "doc", "articles",
          "evidence", "keys", "kind", "style", "split"]
KINDS = {"number", "frequency", "role", "list", "yes_no", "procedure",
         "definition", "consequence", "condition", "time"}
STYLES = {"colloquial", "formal"}
N_ANS, N_UNANS = 60, 40

REG = "../shared/corpus/regulations/"
SEED = "../shared/corpus/seeds/"
KNOW = "corpus/knowledge/"
CASE = "corpus/knowledge/case_notes/"
TITLES = {
    REG + "geren_daikuan_2024.md": {"个人贷款管理办法"},
    REG + "liudong_zijin_daikuan_2024.md": {"流动资金贷款管理办法"},
    REG + "guding_zichan_daikuan_2024.md": {"固定资产贷款管理办法"},
    REG + "jinrong_zichan_fengxian_fenlei_2023.md": {"商业银行金融资产风险分类办法"},
    SEED + "000_f26c7749355f12f2.txt": {"2020银行贷后管理工作要点", "银行贷后管理的重点和措施"},
    SEED + "001_a448ed240970c20e.txt": {"干货|信贷风险管理的50个要点"},
    SEED + "002_55d69a6211b50be6.txt": {"贷后例会制度"},
    SEED + "003_edcea09157035111.txt": {"贷后追踪"},
    SEED + "004_3cc8c9a66a572887.txt": {"贷中管理"},
    KNOW + "示范银行贷后管理实施细则.md": {"示范银行贷后管理实施细则"},
    KNOW + "示范银行贷后管理实施细则（2022年版）.md": {"示范银行贷后管理实施细则（2022年版）"},
    KNOW + "示范银行风险预警信号处置指引.md": {"示范银行风险预警信号处置指引"},
}
# documents that must be covered (file, doc)
REQUIRED_DOCS = sorted((f, d) for f, ds in TITLES.items() for d in ds)
MIN_CASE_NOTES = 10

ARTICLE_RE = re.compile(r"^第[一二三四五六七八九十百零]+条$")
ARTICLE_LINE_RE = re.compile(r"^(第[一二三四五六七八九十百零]+条)[\s\u3000]")


def norm(s):
    return "".join(s.split())


_cache = {}


def load(rel):
    if rel not in _cache:
        with open(os.path.join(MAIN, rel), encoding="utf-8") as fh:
            _cache[rel] = fh.read()
    return _cache[rel]


def clause_text(text, article):
    """Text of one 第X条 clause (up to the next clause or heading), or None."""
    out, inside = [], False
    for line in text.splitlines():
        s = line.strip()
        m = ARTICLE_LINE_RE.match(s)
        if m or s.startswith("#") or s.startswith("附"):
            if inside:
                break
            if m and m.group(1) == article:
                inside = True
        if inside:
            out.append(s)
    return "\n".join(out) if out else None


def section_text(text, heading):
    """Text under a markdown heading (up to the next heading of any level)."""
    out, inside = [], False
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("#"):
            if inside:
                break
            if s.lstrip("#").strip() == heading:
                inside = True
                continue
        if inside:
            out.append(s)
    return "\n".join(out) if out else None


def seed_text(text, heading, evidence):
    """For the plain-text seed articles: from the last occurrence of the
    heading before the evidence to the end of the line holding the evidence
    (whitespace removed)."""
    lines = text.splitlines()
    flat, ends = "", []
    for line in lines:
        flat += norm(line)
        ends.append(len(flat))
    ev = norm(evidence)
    pos = flat.find(ev)
    if pos < 0:
        return None
    hpos = flat.rfind(norm(heading), 0, pos + 1)
    if hpos < 0:
        return None
    stop = pos + len(ev)
    end = next(e for e in ends if e >= stop)
    return flat[hpos:end]


def article_texts(rel, articles, evidence, errs, tag):
    text = load(rel)
    parts = []
    for art in articles:
        if not isinstance(art, str) or not art:
            errs.append("%s: bad article %r" % (tag, art))
            continue
        if ARTICLE_RE.match(art):
            t = clause_text(text, art)
        elif rel.endswith(".md"):
            t = section_text(text, art)
        else:
            t = seed_text(text, art, evidence)
        if t is None:
            errs.append("%s: article/heading %r not found in %s (before the evidence)"
                        % (tag, art, rel))
        else:
            parts.append(t)
    return parts


def lcs_len(a, b):
    """Length of the longest common substring (question vs evidence)."""
    best = 0
    prev = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def check_row(r, i, split, prefix, errs, warns):
    tag = "%s line %d" % (split, i)
    if not isinstance(r, dict):
        errs.append("%s: not an object" % tag)
        return
    if list(r.keys()) != FIELDS:
        errs.append("%s: fields %s, expected %s" % (tag, list(r.keys()), FIELDS))
        return
    tag = "%s %s" % (split, r["id"])
    if r["id"] != "%s-%03d" % (prefix, i):
        errs.append("%s: id should be %s-%03d" % (tag, prefix, i))
    if r["split"] != split:
        errs.append("%s: split %r" % (tag, r["split"]))
    if not isinstance(r["question"], str) or len(r["question"].strip()) < 4:
        errs.append("%s: empty question" % tag)
    if not isinstance(r["answerable"], bool):
        errs.append("%s: answerable must be bool" % tag)
    for f in ("file", "doc", "evidence", "kind", "style"):
        if not isinstance(r[f], str):
            errs.append("%s: %s must be a string" % (tag, f))
            return
    for f in ("articles", "keys"):
        if not isinstance(r[f], list) or not all(isinstance(x, str) for x in r[f]):
            errs.append("%s: %s must be a list of strings" % (tag, f))
            return
    if r["kind"] not in KINDS:
        errs.append("%s: kind %r" % (tag, r["kind"]))
    if r["style"] not in STYLES:
        errs.append("%s: style %r" % (tag, r["style"]))

    if not r["answerable"]:
        if r["file"] or r["doc"] or r["evidence"] or r["articles"] or r["keys"]:
            errs.append("%s: unanswerable row must have empty file/doc/articles/evidence/keys"
                        % tag)
        return

    rel = r["file"]
    if not rel or not os.path.isfile(os.path.join(MAIN, rel)):
        errs.append("%s: file %r does not exist" % (tag, rel))
        return
    if rel.startswith(CASE):
        want = {os.path.basename(rel)[:-len(".md")]}
    else:
        want = TITLES.get(rel)
    if not want:
        errs.append("%s: file %r is not one of the source documents" % (tag, rel))
    elif r["doc"] not in want:
        errs.append("%s: doc %r, expected one of %s" % (tag, r["doc"], sorted(want)))
    if not r["articles"]:
        errs.append("%s: articles empty" % tag)

    ev = norm(r["evidence"])
    if not 10 <= len(ev) <= 80:
        errs.append("%s: evidence length %d not in 10-80" % (tag, len(ev)))
    body = norm(load(rel))
    if ev not in body:
        errs.append("%s: evidence not found verbatim in %s: %r" % (tag, rel, r["evidence"]))
        return
    parts = article_texts(rel, r["articles"], r["evidence"], errs, tag)
    art = "".join(norm(p) for p in parts)
    if parts and ev not in art:
        errs.append("%s: evidence is not inside the cited article(s) %s"
                    % (tag, r["articles"]))
    if not 1 <= len(r["keys"]) <= 3:
        errs.append("%s: %d keys (need 1-3)" % (tag, len(r["keys"])))
    for k in r["keys"]:
        nk = norm(k)
        if not 2 <= len(nk) <= 15:
            errs.append("%s: key %r length %d not in 2-15" % (tag, k, len(nk)))
        if nk not in ev and nk not in art:
            errs.append("%s: key %r in neither evidence nor article text" % (tag, k))
    common = lcs_len(norm(r["question"]), ev)
    if common >= 12:
        errs.append("%s: question copies %d consecutive characters of the evidence"
                    % (tag, common))
    elif common >= 9:
        warns.append("%s: question shares %d consecutive characters with the evidence"
                     % (tag, common))


def pct(n, d):
    return 100.0 * n / d if d else 0.0


def mix(rows, label):
    n = len(rows)
    ans = sum(1 for r in rows if r.get("answerable") is True)
    col = sum(1 for r in rows if r.get("style") == "colloquial")
    lst = sum(1 for r in rows if r.get("kind") in ("list", "procedure"))
    kinds = collections.Counter(r.get("kind") for r in rows)
    print("%s: %d rows | answerable %d (%.1f%%) unanswerable %d (%.1f%%) | "
          "colloquial %d (%.1f%%) formal %d (%.1f%%) | steps/items/lists %d (%.1f%%)"
          % (label, n, ans, pct(ans, n), n - ans, pct(n - ans, n), col, pct(col, n),
             n - col, pct(n - col, n), lst, pct(lst, n)))
    print("    kinds: " + ", ".join("%s %d" % kv for kv in sorted(kinds.items())))
    return n, ans, col, lst


def main():
    errs, warns = [], []
    all_rows = []
    seen_q = {}
    for split, prefix, path in FILES:
        if not os.path.isfile(path):
            errs.append("missing %s" % path)
            continue
        rows = []
        with open(path, encoding="utf-8") as fh:
            for i, line in enumerate(fh, 1):
                if not line.strip():
                    errs.append("%s line %d: blank line" % (split, i))
                    continue
                try:
                    r = json.loads(line)
                except ValueError as e:
                    errs.append("%s line %d: bad JSON (%s)" % (split, i, e))
                    continue
                check_row(r, len(rows) + 1, split, prefix, errs, warns)
                rows.append(r)
        n_ans = sum(1 for r in rows if isinstance(r, dict) and r.get("answerable") is True)
        n_una = sum(1 for r in rows if isinstance(r, dict) and r.get("answerable") is False)
        if (n_ans, n_una) != (N_ANS, N_UNANS):
            errs.append("%s: %d answerable + %d unanswerable, expected %d + %d"
                        % (split, n_ans, n_una, N_ANS, N_UNANS))
        for r in rows:
            if not isinstance(r, dict):
                continue
            q = norm(r.get("question", ""))
            if q in seen_q:
                errs.append("duplicate question %s and %s: %r"
                            % (seen_q[q], r.get("id"), r.get("question")))
            else:
                seen_q[q] = r.get("id")
        n, _, col, lst = mix(rows, split)
        if n and pct(col, n) < 50:
            errs.append("%s: colloquial share %.1f%% < 50%%" % (split, pct(col, n)))
        if n and pct(lst, n) < 20:
            errs.append("%s: steps/items/lists share %.1f%% < 20%%" % (split, pct(lst, n)))
        all_rows.extend(r for r in rows if isinstance(r, dict))

    if all_rows:
        mix(all_rows, "both")
        covered = {(r["file"], r["doc"]) for r in all_rows if r.get("answerable")}
        for f, d in REQUIRED_DOCS:
            if (f, d) not in covered:
                errs.append("coverage: no answerable question on %s (%s)" % (d, f))
        notes = {r["file"] for r in all_rows
                 if r.get("answerable") and r.get("file", "").startswith(CASE)}
        if len(notes) < MIN_CASE_NOTES:
            errs.append("coverage: only %d case notes (need %d)" % (len(notes), MIN_CASE_NOTES))
        print("coverage: %d/%d required documents, %d case notes"
              % (len({fd for fd in REQUIRED_DOCS if fd in covered}), len(REQUIRED_DOCS),
                 len(notes)))
        per_doc = collections.Counter(r["doc"] for r in all_rows if r.get("answerable"))
        print("    per doc: " + ", ".join("%s %d" % kv for kv in per_doc.most_common()))
        starts = collections.Counter(norm(r["question"])[:2] for r in all_rows)
        top = starts.most_common(5)
        print("    most common openings: " + ", ".join("%s %d" % kv for kv in top))
        if top and top[0][1] > 0.06 * len(all_rows):
            warns.append("opening %r used by %d questions" % top[0])

    for w in warns:
        print("WARN  " + w)
    for e in errs:
        print("ERROR " + e)
    if errs:
        print("FAILED: %d error(s)" % len(errs))
        sys.exit(1)
    print("OK: both question files are valid")


if __name__ == "__main__":
    main()
