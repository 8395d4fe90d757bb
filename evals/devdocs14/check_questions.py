"""Validate questions.jsonl against source.txt and the built .docx / .pdf.

Usage: /work/main/.venv/bin/python check_questions.py
Exit status 0 if everything passes, 1 otherwise.
"""
import collections
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "source.txt")
QFILE = os.path.join(HERE, "questions.jsonl")
HEADER_TEXT = "琼海商业银行内部资料 注意保密"

FIELDS = ["id", "question", "answerable", "file", "doc", "articles",
          "evidence", "keys", "kind", "style"]
KINDS = {"number", "frequency", "role", "list", "yes_no", "procedure",
         "definition", "consequence", "condition", "time"}
STYLES = {"colloquial", "formal"}
N_TOTAL, N_ANS, N_UNANS = 45, 30, 15

RE_HEADING = re.compile(
    r"^(印发说明|目录|附则|附件：.*|[一二三四五六七八九十]+、.*|（[一二三四五六七八九十]+）.*|[A-Z]{2}-\d{2} .*)$")

errors, warnings = [], []


def err(msg):
    errors.append(msg)


def norm(s):
    return re.sub(r"\s+", "", s)


def docx_text(path):
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    d = Document(path)
    parts = []
    for child in d.element.body.iterchildren():
        tag = child.tag.split("}")[-1]
        if tag == "p":
            parts.append(Paragraph(child, d).text)
        elif tag == "tbl":
            t = Table(child, d)
            for row in t.rows:
                seen, cells = set(), []
                for c in row.cells:  # merged cells repeat; keep once
                    if id(c._tc) in seen:
                        continue
                    seen.add(id(c._tc))
                    cells.append(c.text)
                parts.append(" | ".join(cells))
    header = " ".join(p.text for s in d.sections for p in s.header.paragraphs)
    footer_xml = "".join(s.footer._element.xml for s in d.sections)
    return "\n".join(parts), header, footer_xml


def pdf_pages(path):
    pages = []
    try:
        from pypdf import PdfReader
        for p in PdfReader(path).pages:
            pages.append(p.extract_text() or "")
        how = "pypdf"
    except Exception as exc:  # fall back to pdftotext
        if not shutil.which("pdftotext"):
            raise SystemExit("cannot extract PDF text: %s" % exc)
        out = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
        pages = out.split("\f")
        how = "pdftotext"
    return pages, how


def strip_running(page_text):
    t = norm(page_text)
    t = t.replace(norm(HEADER_TEXT), "")
    t = re.sub(r"第\d+页共\d+页", "", t)
    return t


def section_text(src_lines, heading):
    """Text from the body occurrence (last occurrence) of heading to the next heading."""
    idx = [i for i, ln in enumerate(src_lines) if ln.strip() == heading]
    if not idx:
        return None
    start = idx[-1]
    out = []
    for ln in src_lines[start + 1:]:
        if RE_HEADING.match(ln.strip()):
            break
        out.append(ln)
    return "\n".join(out)


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
    src = open(SRC, encoding="utf-8").read()
    src_lines = src.splitlines()
    title = src_lines[0].strip()
    nsrc = norm(src)
    docx_name = title + ".docx"
    docx_path = os.path.join(HERE, docx_name)
    pdf_path = os.path.join(HERE, title + ".pdf")
    for p in (docx_path, pdf_path):
        if not os.path.exists(p):
            err("missing built file: %s" % p)
    if errors:
        return report()

    dtext, dheader, dfooter_xml = docx_text(docx_path)
    ndocx = norm(dtext)
    if norm(HEADER_TEXT) not in norm(dheader):
        err("docx header text missing")
    if "PAGE" not in dfooter_xml or "NUMPAGES" not in dfooter_xml:
        err("docx footer lacks PAGE/NUMPAGES fields")
    pages, how = pdf_pages(pdf_path)
    npdf = "".join(strip_running(p) for p in pages)
    for i, p in enumerate(pages, 1):
        np_ = norm(p)
        if norm(HEADER_TEXT) not in np_:
            err("pdf page %d lacks running header" % i)
        if not re.search(r"第%d页共%d页" % (i, len(pages)), np_):
            err("pdf page %d lacks footer '第 %d 页 共 %d 页'" % (i, i, len(pages)))
    # whole-document sanity: every non-table source line in docx and pdf text
    for ln in src_lines[1:]:
        s = norm(ln)
        if not s or "|" in ln:
            continue
        if s not in ndocx:
            err("source line missing from docx: %s" % ln[:40])
        if s not in npdf:
            err("source line missing from pdf: %s" % ln[:40])

    rows = []
    with open(QFILE, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                err("blank line %d in questions.jsonl" % n)
                continue
            try:
                rows.append(json.loads(line, object_pairs_hook=collections.OrderedDict))
            except json.JSONDecodeError as exc:
                err("line %d: bad JSON: %s" % (n, exc))
    if len(rows) != N_TOTAL:
        err("expected %d questions, got %d" % (N_TOTAL, len(rows)))
    ids = [r.get("id") for r in rows]
    if sorted(ids) != ["DD14-%03d" % i for i in range(1, N_TOTAL + 1)]:
        err("ids are not exactly DD14-001..DD14-%03d" % N_TOTAL)
    if ids != sorted(ids):
        warnings.append("ids not in file order")
    table_lines = [norm(ln) for ln in src_lines if "|" in ln]
    n_table = 0
    questions_seen = set()
    for r in rows:
        rid = r.get("id", "?")
        if list(r.keys()) != FIELDS:
            err("%s: fields/order %s" % (rid, list(r.keys())))
            continue
        q = r["question"]
        if not isinstance(q, str) or not q.strip():
            err("%s: empty question" % rid)
        if q in questions_seen:
            err("%s: duplicate question" % rid)
        questions_seen.add(q)
        if r["kind"] not in KINDS:
            err("%s: bad kind %r" % (rid, r["kind"]))
        if r["style"] not in STYLES:
            err("%s: bad style %r" % (rid, r["style"]))
        if r["doc"] != title:
            err("%s: doc %r != title" % (rid, r["doc"]))
        if not isinstance(r["answerable"], bool):
            err("%s: answerable not bool" % rid)
            continue
        if r["answerable"]:
            if r["file"] != "evals/devdocs14/" + docx_name:
                err("%s: bad file %r" % (rid, r["file"]))
            arts, ev, keys = r["articles"], r["evidence"], r["keys"]
            if not (isinstance(arts, list) and arts):
                err("%s: articles must be a non-empty list" % rid)
                arts = []
            for a in arts:
                if a not in src_lines or not RE_HEADING.match(a):
                    err("%s: article heading not a heading line of source.txt: %r" % (rid, a))
            if not (isinstance(ev, str) and 10 <= len(ev) <= 80):
                err("%s: evidence length %d not in 10..80" % (rid, len(ev) if isinstance(ev, str) else -1))
            nev = norm(ev)
            if nev not in nsrc:
                err("%s: evidence not in source.txt: %s" % (rid, ev))
            if nev not in ndocx:
                err("%s: evidence not in docx text: %s" % (rid, ev))
            if nev not in npdf:
                err("%s: evidence not in pdf text: %s" % (rid, ev))
            if arts:
                sec = section_text(src_lines, arts[0])
                if sec is None or nev not in norm(sec):
                    err("%s: evidence not under heading %r" % (rid, arts[0]))
            if any(nev in tl for tl in table_lines):
                n_table += 1
            if not (isinstance(keys, list) and 1 <= len(keys) <= 3):
                err("%s: keys must be a list of 1-3 strings" % rid)
                keys = []
            for k in keys:
                if not (isinstance(k, str) and 2 <= len(k) <= 15):
                    err("%s: key length bad: %r" % (rid, k))
                    continue
                if norm(k) not in nsrc:
                    err("%s: key not in source.txt: %r" % (rid, k))
                if norm(k) not in ndocx:
                    err("%s: key not in docx text: %r" % (rid, k))
                if norm(k) not in nev:
                    warnings.append("%s: key %r not inside evidence" % (rid, k))
            if nev and nev in norm(q):
                err("%s: question copies the evidence verbatim" % rid)
            lc = longest_common(norm(q), nev)
            if lc >= 10:
                warnings.append("%s: question shares %d consecutive chars with evidence" % (rid, lc))
        else:
            if r["file"] != "" or r["articles"] != [] or r["evidence"] != "" or r["keys"] != []:
                err("%s: unanswerable row must have empty file/articles/evidence/keys" % rid)

    ans = [r for r in rows if r.get("answerable") is True]
    una = [r for r in rows if r.get("answerable") is False]
    if len(ans) != N_ANS or len(una) != N_UNANS:
        err("answerable/unanswerable = %d/%d, expected %d/%d" % (len(ans), len(una), N_ANS, N_UNANS))
    coll = sum(1 for r in rows if r.get("style") == "colloquial")
    liststeps = sum(1 for r in rows if r.get("kind") in ("list", "procedure"))
    if coll * 2 < len(rows):
        err("colloquial share %d/%d < 50%%" % (coll, len(rows)))
    if liststeps * 5 < len(rows):
        err("list/procedure share %d/%d < 20%%" % (liststeps, len(rows)))
    if n_table < 5:
        err("only %d questions answered from the table (need >= 5)" % n_table)

    cjk = len(re.findall(r"[\u4e00-\u9fff]", src))
    print("source.txt: %d non-space chars, %d CJK chars, %d lines" % (len(nsrc), cjk, len(src_lines)))
    print("docx text: %d chars; pdf (%s): %d pages, %d chars" % (len(ndocx), how, len(pages), len(npdf)))
    print("questions: %d total, %d answerable, %d unanswerable" % (len(rows), len(ans), len(una)))
    print("style: %s" % dict(collections.Counter(r.get("style") for r in rows)))
    print("kind (all): %s" % dict(sorted(collections.Counter(r.get("kind") for r in rows).items())))
    print("kind (answerable): %s" % dict(sorted(collections.Counter(r.get("kind") for r in ans).items())))
    print("list/procedure: %d (%.0f%%); colloquial: %d (%.0f%%); table-answered: %d" % (
        liststeps, 100.0 * liststeps / max(1, len(rows)), coll, 100.0 * coll / max(1, len(rows)), n_table))
    arts = collections.Counter(r["articles"][0] for r in ans if r.get("articles"))
    print("answer sections: %d distinct" % len(arts))
    return report()


def report():
    for w in warnings:
        print("WARN:", w)
    for e in errors:
        print("ERROR:", e)
    print("RESULT: %s (%d errors, %d warnings)" % ("FAIL" if errors else "OK", len(errors), len(warnings)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
