"""Validate questions.jsonl against source.txt and the rendered .docx / .pdf.

Run: /work/main/.venv/bin/python evals/devdocs15/check_questions.py
"""
import json
import os
import re
import sys

from docx import Document
from pypdf import PdfReader

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_docs import HEADER_TEXT, NAME, line_text, parse  # noqa: E402

QFILE = os.path.join(HERE, "questions.jsonl")
DOCX = os.path.join(HERE, NAME + ".docx")
PDF = os.path.join(HERE, NAME + ".pdf")
FILE_REL = "evals/devdocs15/" + NAME + ".docx"
KEYS = ["id", "question", "answerable", "file", "doc", "articles", "evidence", "keys", "kind", "style"]
KINDS = {"number", "frequency", "deadline", "role", "procedure", "list", "yes_no", "definition", "condition", "other"}
# questions whose answer sits in an article reached through a cross-reference in another article
CROSS_REF_IDS = {"DD15-002", "DD15-005", "DD15-007", "DD15-017", "DD15-023", "DD15-028"}

errors = []


def err(msg):
    errors.append(msg)


def nows(s):
    return re.sub(r"\s+", "", s)


def lcs_len(a, b):
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


# ---------------------------------------------------------------- source
items = parse()
title = next(p for t, p in items if t == "T")
clauses = {}          # clause label -> list of (tag, text)
clause = None
for tag, payload in items:
    if tag == "A":
        clause = payload[0]
    elif tag == "AH":
        clause = payload.split("\u3000")[0]          # "附件1"
    elif tag in ("H1", "T", "AN") or tag.startswith("CV"):
        clause = None
    if clause is not None:
        clauses.setdefault(clause, []).append((tag, line_text(tag, payload)))
clause_text = {k: "\n".join(t for _, t in v) for k, v in clauses.items()}
source_cells = []     # evidence may lie within one table cell
for tag, payload in items:
    if tag in ("TH", "TR"):
        source_cells.extend(payload)

# ---------------------------------------------------------------- rendered documents
d = Document(DOCX)
docx_units = [p.text for p in d.paragraphs]
for t in d.tables:
    for row in t.rows:
        for c in row.cells:
            docx_units.append(c.text)
sec = d.sections[0]
if HEADER_TEXT not in "".join(p.text for p in sec.header.paragraphs):
    err("docx: page header text missing")
footer_xml = sec.footer._element.xml
if "PAGE" not in footer_xml or "NUMPAGES" not in footer_xml:
    err("docx: footer lacks PAGE/NUMPAGES fields")
if not any(p.style.name == "Heading 1" and p.text.startswith("第一章") for p in d.paragraphs):
    err("docx: chapter titles are not Heading 1")
if not d.tables:
    err("docx: annex table missing")

reader = PdfReader(PDF)
pages = [pg.extract_text() or "" for pg in reader.pages]
total = len(pages)
for i, txt in enumerate(pages, 1):
    flat = nows(txt)
    if HEADER_TEXT not in flat:
        err("pdf page %d: header missing" % i)
    if "第%d页共%d页" % (i, total) not in flat:
        err("pdf page %d: footer missing" % i)
th = next(p for t, p in items if t == "TH")
hdr_pages = [i for i, txt in enumerate(pages, 1) if all(nows(c) in nows(txt) for c in th)]
if len(hdr_pages) < 2:
    err("pdf: annex table does not break across pages with repeated header (header on pages %s)" % hdr_pages)
pdf_flat = nows("".join(pages))

# ---------------------------------------------------------------- questions
rows = []
with open(QFILE, encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            err("line %d: bad JSON %s" % (n, e))

ids = [r.get("id") for r in rows]
if len(set(ids)) != len(ids):
    err("duplicate ids")
for i, r in enumerate(rows, 1):
    if r.get("id") != "DD15-%03d" % i:
        err("id out of sequence: %s" % r.get("id"))

tablelist = 0
for r in rows:
    rid = r.get("id")
    if list(r.keys()) != KEYS:
        err("%s: keys %s" % (rid, list(r.keys())))
        continue
    if r["kind"] not in KINDS:
        err("%s: kind %s" % (rid, r["kind"]))
    if r["style"] not in ("formal", "colloquial"):
        err("%s: style %s" % (rid, r["style"]))
    if not r["answerable"]:
        if r["file"] or r["doc"] or r["articles"] or r["evidence"] or r["keys"]:
            err("%s: unanswerable must have empty file/doc/articles/evidence/keys" % rid)
        continue
    if r["file"] != FILE_REL:
        err("%s: file %s" % (rid, r["file"]))
    if not os.path.exists(os.path.join(HERE, "..", "..", r["file"])):
        err("%s: file does not exist" % rid)
    if r["doc"] != title:
        err("%s: doc is not the book title" % rid)
    if len(r["articles"]) != 1 or r["articles"][0] not in clause_text:
        err("%s: articles %s not a clause of the book" % (rid, r["articles"]))
        continue
    art = r["articles"][0]
    ev = r["evidence"]
    if not (10 <= len(ev) <= 60) or "\n" in ev:
        err("%s: evidence length %d" % (rid, len(ev)))
    lines = [(t, s) for t, s in clauses[art] if ev in s]
    if not lines:
        err("%s: evidence not verbatim in %s of source.txt" % (rid, art))
        continue
    if lines[0][0] in ("TH", "TR") and not any(ev in c for c in source_cells):
        err("%s: table evidence crosses cells" % rid)
    if lines[0][0] in ("I", "S", "TR"):
        tablelist += 1
    if not r["keys"] or len(r["keys"]) > 3:
        err("%s: need 1-3 keys" % rid)
    for k in r["keys"]:
        if not (2 <= len(k) <= 12):
            err("%s: key %r length" % (rid, k))
        if k not in ev and k not in clause_text[art]:
            err("%s: key %r not in evidence or clause" % (rid, k))
    if not any(ev in u for u in docx_units):
        err("%s: evidence not found in docx text" % rid)
    if nows(ev) not in pdf_flat:
        err("%s: evidence not found in pdf text" % rid)
    if r["style"] == "colloquial" and lcs_len(r["question"], ev) >= 7:
        err("%s: colloquial question copies the clause (shared run of %d chars)" % (rid, lcs_len(r["question"], ev)))
    if rid in CROSS_REF_IDS:
        if not any(art in v for k, v in clause_text.items() if k != art):
            err("%s: %s is not cross-referenced from another article" % (rid, art))

# ---------------------------------------------------------------- counts
n = len(rows)
ans = sum(1 for r in rows if r["answerable"])
una = n - ans
coll = sum(1 for r in rows if r["style"] == "colloquial")
yn = sum(1 for r in rows if r["answerable"] and r["kind"] == "yes_no")
xref = sum(1 for r in rows if r["id"] in CROSS_REF_IDS and r["answerable"])
need = [(n == 45, "45 questions"), (ans == 30, "30 answerable"), (una == 15, "15 unanswerable"),
        (coll >= 0.4 * n, ">=40% colloquial"), (tablelist >= 8, ">=8 from table row / list item"),
        (yn >= 5, ">=5 yes/no"), (xref >= 4, ">=4 cross-referenced")]
for ok, what in need:
    if not ok:
        err("count requirement failed: " + what)

print("questions %d | answerable %d | unanswerable %d | colloquial %d (%.0f%%) | table/list %d | yes_no %d | cross-ref %d"
      % (n, ans, una, coll, 100.0 * coll / n, tablelist, yn, xref))
print("pdf pages %d, annex table header on pages %s; docx paragraphs+cells %d" % (total, hdr_pages, len(docx_units)))
if errors:
    print("FAILED:")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("OK")
