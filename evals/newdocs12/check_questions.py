#!/usr/bin/env python3
"""Validate questions.jsonl against source.txt and the built .docx / .pdf.

Checks
  * every row has exactly the fields id, question, answerable, file, doc,
    articles, evidence, keys, kind, style (in that order)
  * 45 rows, ids ND12-001 .. ND12-045, 30 answerable / 15 unanswerable
  * answerable rows: file points to the .docx, evidence 10-80 chars and found
    (whitespace removed) in source.txt, in the .docx text and in the .pdf text
    layer; 1-3 keys of 2-15 chars found in source.txt and the .docx text;
    every entry of articles exists in source.txt and the evidence lies inside
    the text that article / heading governs
  * unanswerable rows: file "", articles [], evidence "", keys [], and a few
    tell-tale words of each near miss are absent from source.txt
  * mix: >= 50% colloquial, >= 20% list/procedure, >= 5 table answers
Prints the mix; exits 1 on any error.

Run:  /work/main/.venv/bin/python check_questions.py
"""
import collections
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BASENAME = "松江源村镇银行个人贷款及小微企业贷款押品与保证管理规程"
SRC = os.path.join(HERE, "source.txt")
QFILE = os.path.join(HERE, "questions.jsonl")
DOCX = os.path.join(HERE, BASENAME + ".docx")
PDF = os.path.join(HERE, BASENAME + ".pdf")
FILE_FIELD = "evals/newdocs12/" + BASENAME + ".docx"

FIELDS = ["id", "question", "answerable", "file", "doc", "articles",
          "evidence", "keys", "kind", "style"]
KINDS = {"number", "frequency", "role", "list", "yes_no", "procedure",
         "definition", "consequence", "condition", "time"}
STYLES = {"colloquial", "formal"}
N_TOTAL, N_ANS, N_UNANS = 45, 30, 15

# Words whose presence in the document would mean a "near miss" question
# is in fact answered. Keyed by question id.
ABSENT = {
    "ND12-006": ["拍卖机构", "拍卖公司"],
    "ND12-008": ["补偿款", "补偿"],
    "ND12-011": ["个人保证金", "保证金质押"],
    "ND12-014": ["上门", "面谈"],
    "ND12-017": ["放大倍数不", "放大倍数上限", "倍数最高"],
    "ND12-023": ["农商", "农村商业银行"],
    "ND12-024": ["系统"],
    "ND12-025": ["评估费"],
    "ND12-026": ["在建工程"],
    "ND12-028": ["组成", "出席"],
    "ND12-033": ["原为", "调整前", "原上限"],
    "ND12-035": ["最长期限", "贷款期限不超过", "期限最长", "年以内"],
    "ND12-038": ["轮岗", "轮换"],
    "ND12-042": ["知识产权", "专利", "商标"],
    "ND12-045": ["GPS", "定位"],
}

CN = "一二三四五六七八九十百零"
RE_ART = re.compile(r"^(第[%s]+条)(?:　|$)" % CN)
RE_SEC = re.compile(r"^第[%s]+节 " % CN)
RE_CHAP = re.compile(r"^第[%s]+章 " % CN)

errors = []
warnings = []


def err(msg):
    errors.append(msg)


def norm(s):
    return re.sub(r"\s+", "", s)


def docx_text(path):
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    d = Document(path)
    out = []
    for el in d.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(el, d).text)
        elif tag == "tbl":
            for row in Table(el, d).rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    out.append(cell.text)
    return "\n".join(out)


def pdf_text(path):
    if shutil.which("pdftotext"):
        r = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"],
                           capture_output=True, text=True, check=True)
        return r.stdout, "pdftotext"
    from pypdf import PdfReader
    return "\n".join(p.extract_text() or "" for p in PdfReader(path).pages), "pypdf"


def spans(source_lines):
    """Map article / heading label -> normalized governed text."""
    out = {}
    n = len(source_lines)
    for i, line in enumerate(source_lines):
        m = RE_ART.match(line)
        if m:
            j = i + 1
            while j < n and not (RE_ART.match(source_lines[j]) or RE_SEC.match(source_lines[j])
                                 or RE_CHAP.match(source_lines[j])):
                j += 1
            out[m.group(1)] = norm("\n".join(source_lines[i:j]))
        elif RE_SEC.match(line) or RE_CHAP.match(line):
            is_sec = bool(RE_SEC.match(line))
            j = i + 1
            while j < n:
                if RE_CHAP.match(source_lines[j]) or (is_sec and RE_SEC.match(source_lines[j])):
                    break
                j += 1
            out[line] = norm("\n".join(source_lines[i:j]))
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


def main():
    for p in (SRC, QFILE, DOCX, PDF):
        if not os.path.exists(p):
            print("MISSING:", p)
            return 1
    source = open(SRC, encoding="utf-8").read()
    lines = [l for l in source.splitlines() if l.strip()]
    title = lines[0].strip()
    src_n = norm(source)
    dx_n = norm(docx_text(DOCX))
    pdf_raw, pdf_tool = pdf_text(PDF)
    pdf_n = norm(pdf_raw)
    art_spans = spans(lines)
    table_lines = [norm(l) for l in lines if " | " in l]

    rows = []
    with open(QFILE, encoding="utf-8") as f:
        for ln, raw in enumerate(f, 1):
            if not raw.strip():
                err("line %d: blank line" % ln)
                continue
            try:
                rows.append(json.loads(raw, object_pairs_hook=collections.OrderedDict))
            except json.JSONDecodeError as e:
                err("line %d: bad JSON (%s)" % (ln, e))

    if len(rows) != N_TOTAL:
        err("expected %d rows, got %d" % (N_TOTAL, len(rows)))
    ids = [r.get("id") for r in rows]
    want_ids = ["ND12-%03d" % i for i in range(1, N_TOTAL + 1)]
    if ids != want_ids:
        err("ids are not ND12-001..ND12-%03d in order" % N_TOTAL)
    qs = [r.get("question") for r in rows]
    for q, c in collections.Counter(qs).items():
        if c > 1:
            err("duplicate question: %s" % q)

    n_ans = n_unans = 0
    table_answers = 0
    kinds = collections.Counter()
    styles = collections.Counter()
    for r in rows:
        rid = r.get("id", "?")
        if list(r.keys()) != FIELDS:
            err("%s: fields %s != %s" % (rid, list(r.keys()), FIELDS))
            continue
        if not isinstance(r["question"], str) or len(r["question"].strip()) < 5:
            err("%s: question too short" % rid)
        if r["doc"] != title:
            err("%s: doc %r != title %r" % (rid, r["doc"], title))
        if r["kind"] not in KINDS:
            err("%s: bad kind %r" % (rid, r["kind"]))
        if r["style"] not in STYLES:
            err("%s: bad style %r" % (rid, r["style"]))
        kinds[r["kind"]] += 1
        styles[r["style"]] += 1
        if not isinstance(r["articles"], list) or not isinstance(r["keys"], list):
            err("%s: articles/keys must be lists" % rid)
            continue

        if r["answerable"] is True:
            n_ans += 1
            if r["file"] != FILE_FIELD:
                err("%s: file %r != %r" % (rid, r["file"], FILE_FIELD))
            ev = r["evidence"]
            if not isinstance(ev, str) or not 10 <= len(ev) <= 80:
                err("%s: evidence length %s not in 10..80" % (rid, len(ev) if isinstance(ev, str) else ev))
                continue
            evn = norm(ev)
            if evn not in src_n:
                err("%s: evidence not in source.txt: %s" % (rid, ev))
            if evn not in dx_n:
                err("%s: evidence not in .docx text: %s" % (rid, ev))
            if evn not in pdf_n:
                err("%s: evidence not in .pdf text (%s): %s" % (rid, pdf_tool, ev))
            if any(evn in t for t in table_lines):
                table_answers += 1
            if not 1 <= len(r["keys"]) <= 3:
                err("%s: %d keys (need 1-3)" % (rid, len(r["keys"])))
            for k in r["keys"]:
                if not isinstance(k, str) or not 2 <= len(k) <= 15:
                    err("%s: key %r length not in 2..15" % (rid, k))
                    continue
                kn = norm(k)
                if kn not in src_n:
                    err("%s: key not in source.txt: %s" % (rid, k))
                if kn not in dx_n:
                    err("%s: key not in .docx text: %s" % (rid, k))
                if kn not in evn:
                    warnings.append("%s: key %r not inside the evidence quote" % (rid, k))
            if not r["articles"]:
                err("%s: answerable but articles is empty" % rid)
            for a in r["articles"]:
                if a not in art_spans:
                    err("%s: article/heading %r not found in source.txt" % (rid, a))
                elif evn not in art_spans[a]:
                    err("%s: evidence is not within %s" % (rid, a))
            lc = longest_common(norm(r["question"]), evn)
            if lc >= 8:
                warnings.append("%s: question shares %d chars with the evidence" % (rid, lc))
        elif r["answerable"] is False:
            n_unans += 1
            if r["file"] != "" or r["articles"] != [] or r["evidence"] != "" or r["keys"] != []:
                err("%s: unanswerable row must have empty file/articles/evidence/keys" % rid)
            for w in ABSENT.get(rid, []):
                if norm(w) in src_n:
                    err("%s: near-miss word %r occurs in source.txt" % (rid, w))
            if rid not in ABSENT:
                warnings.append("%s: unanswerable without an absent-word check" % rid)
        else:
            err("%s: answerable must be true/false" % rid)

    if n_ans != N_ANS or n_unans != N_UNANS:
        err("answerable/unanswerable = %d/%d, want %d/%d" % (n_ans, n_unans, N_ANS, N_UNANS))
    extra = set(ABSENT) - {r.get("id") for r in rows if r.get("answerable") is False}
    if extra:
        err("ABSENT lists ids that are not unanswerable: %s" % sorted(extra))
    total = max(len(rows), 1)
    coll = styles["colloquial"] / total
    steps = (kinds["list"] + kinds["procedure"]) / total
    if coll < 0.5:
        err("colloquial share %.0f%% < 50%%" % (coll * 100))
    if steps < 0.2:
        err("list/procedure share %.0f%% < 20%%" % (steps * 100))
    if table_answers < 5:
        err("only %d answers come from a table (need >= 5)" % table_answers)

    han = len(re.findall(r"[\u4e00-\u9fff]", source))
    print("document : %s" % title)
    print("source   : %d chars, %d Han characters, %d non-space" % (len(source), han, len(src_n)))
    print("docx text: %d non-space chars; pdf text (%s): %d non-space chars" % (len(dx_n), pdf_tool, len(pdf_n)))
    print("rows     : %d (answerable %d, unanswerable %d)" % (len(rows), n_ans, n_unans))
    print("style    : " + ", ".join("%s %d" % kv for kv in sorted(styles.items()))
          + "  (colloquial %.0f%%)" % (coll * 100))
    print("kind     : " + ", ".join("%s %d" % kv for kv in sorted(kinds.items()))
          + "  (list+procedure %.0f%%)" % (steps * 100))
    print("table    : %d answers sit in a table" % table_answers)
    for w in warnings:
        print("WARN", w)
    for e in errors:
        print("ERROR", e)
    print("FAIL (%d errors)" % len(errors) if errors else "OK")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
