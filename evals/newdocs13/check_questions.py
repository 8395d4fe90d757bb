"""Mechanical checks for evals/newdocs13/questions.jsonl.

Checks evidence and keys against source.txt (inside the cited clause / table),
and that every evidence also appears in the text extracted from the .docx and,
after removing whitespace, from the .pdf (pypdf).

Usage: /work/main/.venv/bin/python check_questions.py
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = "/work/main"
SRC = os.path.join(HERE, "source.txt")
QFILE = os.path.join(HERE, "questions.jsonl")
KINDS = {"number", "frequency", "deadline", "role", "procedure", "list",
         "yes_no", "definition", "condition", "other"}
KEYS = ["id", "question", "answerable", "file", "doc", "articles", "evidence",
        "keys", "kind", "style"]
CLAUSE_RE = re.compile(r"^(\d+(?:\.\d+){2,})(?=\s|[^\d.])")

errors = []


def err(msg):
    errors.append(msg)


# ------------------------------------------------------------ source model
def load_source():
    """Return title, header, footer, units.
    units: dict article -> list of (segment_type, text); segment_type in
    P / NOTE / LI / CELL."""
    title = header = footer = None
    units = {}
    current = None
    table = None
    with open(SRC, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            kind, _, rest = line.partition("|")
            if kind == "TITLE":
                title = rest
            elif kind == "HEADER":
                header = rest
            elif kind == "FOOTER":
                footer = rest
            elif kind == "P":
                m = CLAUSE_RE.match(rest)
                current = m.group(1) if m else None
                if current:
                    assert current not in units, "duplicate clause " + current
                    units[current] = [("P", rest)]
            elif kind in ("NOTE", "LI"):
                if current:
                    units[current].append((kind, rest))
            elif kind in ("H1", "H2", "PAGEBREAK", "CAPTION", "COVER"):
                current = None
            elif kind == "TABLE":
                name = rest.split("|")[0]
                table = name
                units[name] = []
                current = None
            elif kind == "TR":
                for cell in rest.split("|"):
                    if cell not in ("", "<", "^"):
                        units[table].append(("CELL", cell))
            elif kind == "ENDTABLE":
                table = None
    return title, header, footer, units


def docx_text(path):
    from docx import Document
    d = Document(path)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                parts.append(cell.text)
    for s in d.sections:
        parts += [p.text for p in s.header.paragraphs]
        parts += [p.text for p in s.footer.paragraphs]
    return "\n".join(parts)


def pdf_text(path, header):
    """Whitespace-free text of the whole PDF with the running header and the
    '— N —' footer removed from each page (so that clauses split across a
    page break join up again)."""
    from pypdf import PdfReader
    r = PdfReader(path)
    hdr = re.sub(r"\s+", "", header)
    pages = []
    raw_pages = []
    for pg in r.pages:
        t = re.sub(r"\s+", "", pg.extract_text() or "")
        raw_pages.append(t)
        if hdr not in t:
            err("pdf page without header: %d" % (len(pages) + 1))
        if not re.search(r"—%d—" % (len(pages) + 1), t):
            err("pdf page without footer — %d —" % (len(pages) + 1))
        t = t.replace(hdr, "", 1)
        t = re.sub(r"—%d—" % (len(pages) + 1), "", t, count=1)
        pages.append(t)
    return "".join(pages), "".join(raw_pages), len(r.pages)


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


def main():
    title, header, footer, units = load_source()
    base = os.path.join(HERE, title)
    docx_path, pdf_path = base + ".docx", base + ".pdf"
    for p in (docx_path, pdf_path):
        if not os.path.exists(p):
            err("missing rendered file " + p)
    dtext = docx_text(docx_path)
    ptext, ptext_raw, npages = pdf_text(pdf_path, header)
    if header not in dtext:
        err("docx header missing")

    qs = []
    with open(QFILE, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                qs.append(json.loads(line))
            except Exception as e:  # noqa
                err("line %d: bad json %s" % (n, e))
    ids = [q.get("id") for q in qs]
    if len(set(ids)) != len(ids):
        err("duplicate ids")
    if ids != ["ND13-%03d" % i for i in range(1, len(qs) + 1)]:
        err("ids not sequential ND13-001…")

    stats = dict(total=len(qs), answerable=0, unanswerable=0, colloquial=0,
                 table_or_list=0, table=0, list=0, yes_no=0, note=0)
    expected_file = os.path.relpath(docx_path, ROOT)
    for q in qs:
        qid = q.get("id")
        if list(q.keys()) != KEYS:
            err("%s: keys/order %s" % (qid, list(q.keys())))
            continue
        if q["kind"] not in KINDS:
            err("%s: bad kind" % qid)
        if q["style"] not in ("formal", "colloquial"):
            err("%s: bad style" % qid)
        if q["style"] == "colloquial":
            stats["colloquial"] += 1
        if not q["answerable"]:
            stats["unanswerable"] += 1
            if q["file"] or q["doc"] or q["articles"] or q["evidence"] or q["keys"]:
                err("%s: unanswerable must have empty file/doc/articles/evidence/keys" % qid)
            continue
        stats["answerable"] += 1
        if q["file"] != expected_file:
            err("%s: file %r != %r" % (qid, q["file"], expected_file))
        if not os.path.exists(os.path.join(ROOT, q["file"])):
            err("%s: file does not exist" % qid)
        if q["doc"] != title:
            err("%s: doc != title" % qid)
        if len(q["articles"]) != 1 or q["articles"][0] not in units:
            err("%s: article %r not in source" % (qid, q["articles"]))
            continue
        art = q["articles"][0]
        ev = q["evidence"]
        if not (10 <= len(ev) <= 60) or "\n" in ev:
            err("%s: evidence length %d / newline" % (qid, len(ev)))
        segs = units[art]
        hit = [t for t, s in segs if ev in s]
        if not hit:
            err("%s: evidence not verbatim inside %s" % (qid, art))
            continue
        clause_text = "\n".join(s for _, s in segs)
        if not 1 <= len(q["keys"]) <= 3:
            err("%s: 1-3 keys required" % qid)
        for k in q["keys"]:
            if not 2 <= len(k) <= 12:
                err("%s: key %r length" % (qid, k))
            if k not in ev and k not in clause_text:
                err("%s: key %r not in evidence or clause" % (qid, k))
        if ev not in dtext:
            err("%s: evidence not in docx text" % qid)
        evs = re.sub(r"\s+", "", ev)
        if evs not in ptext:
            err("%s: evidence not in pdf text (whitespace removed)" % qid)
        if "CELL" in hit:
            stats["table"] += 1
        if "LI" in hit:
            stats["list"] += 1
        if "NOTE" in hit:
            stats["note"] += 1
        if q["kind"] == "yes_no":
            stats["yes_no"] += 1
        if q["style"] == "colloquial":
            overlap = lcs_len(q["question"], ev)
            if overlap > 6:
                err("%s: colloquial question copies %d chars of evidence" % (qid, overlap))
    stats["table_or_list"] = stats["table"] + stats["list"]

    # required mix
    req = [("total", 45), ("answerable", 30), ("unanswerable", 15)]
    for k, v in req:
        if stats[k] != v:
            err("%s = %d, expected %d" % (k, stats[k], v))
    if stats["colloquial"] < 0.4 * stats["total"]:
        err("colloquial share below 40%")
    if stats["table_or_list"] < 8:
        err("fewer than 8 table/list answers")
    if stats["yes_no"] < 5:
        err("fewer than 5 yes/no")
    if stats["note"] < 3:
        err("fewer than 3 note answers")

    print("pdf pages:", npages)
    print("counts:", json.dumps(stats, ensure_ascii=False))
    if errors:
        print("FAILED (%d):" % len(errors))
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
