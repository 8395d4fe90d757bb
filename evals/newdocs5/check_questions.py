#!/usr/bin/env python3
"""Validate questions.jsonl against the book in this folder.

Checks
  * fields exactly as specified; ids unique and well-formed; split/doc/file values
  * 30 answerable + 15 unanswerable; unanswerable items carry empty doc/articles/evidence/keys
  * every evidence (whitespace removed) is a substring of the text extracted from BOTH the
    .docx (python-docx: paragraphs + table cells) and the .pdf (pypdf); an evidence written as
    "cell | cell | …" is a table row: each cell is checked separately, and in the .docx the
    cells must also come from one and the same table row
  * evidence ≤ 120 characters; 1–3 keys, each 2–15 characters and a substring of the evidence
  * the article (heading / question line) exists verbatim as a heading in the .docx and the
    evidence sits inside that heading's section
  * kind/style vocabularies; ≥ 25 % list/procedure; ≥ 80 % colloquial
Run:  /work/main/.venv/bin/python check_questions.py
"""
import glob
import json
import os
import re
import sys
from collections import Counter

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

HERE = os.path.dirname(os.path.abspath(__file__))
SPLIT = os.path.basename(HERE)
PREFIX = {"newdocs5": "N5", "devdocs7": "DD7"}[SPLIT]
FIELDS = ["id", "question", "answerable", "doc", "file", "articles", "evidence", "keys", "kind", "style", "split"]
KINDS = {"period", "frequency", "number", "role", "list", "yes_no", "procedure", "definition", "category", "other"}
STYLES = {"colloquial", "formal"}


def ws(s):
    return re.sub(r"\s+", "", s)


def heading_level(par):
    name = par.style.name if par.style is not None else ""
    m = re.match(r"Heading (\d)", name)
    return int(m.group(1)) if m else None


def load_docx(path):
    """Return (blocks, rows) — blocks: ordered list of (level|None, text) over paragraphs and
    table cells; rows: list of lists of cell texts."""
    doc = Document(path)
    blocks, rows = [], []
    body = doc.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, doc)
            blocks.append((heading_level(p), p.text))
        elif tag == "tbl":
            t = Table(child, doc)
            for r in t.rows:
                cells = [c.text for c in r.cells]
                rows.append(cells)
                for c in cells:
                    blocks.append((None, c))
    return doc, blocks, rows


def main():
    errors = []
    docx_files = glob.glob(os.path.join(HERE, "*.docx"))
    pdf_files = glob.glob(os.path.join(HERE, "*.pdf"))
    assert len(docx_files) == 1 and len(pdf_files) == 1, (docx_files, pdf_files)
    title = os.path.splitext(os.path.basename(docx_files[0]))[0]
    assert os.path.splitext(os.path.basename(pdf_files[0]))[0] == title

    doc, blocks, rows = load_docx(docx_files[0])
    docx_text = ws("\n".join(t for _, t in blocks))
    pdf_text = ws("\n".join(p.extract_text() or "" for p in PdfReader(pdf_files[0]).pages))
    if doc.core_properties.title != title:
        errors.append("docx core title %r != file title %r" % (doc.core_properties.title, title))
    if ws(title) not in docx_text:
        errors.append("title not found in docx text")

    # heading sections: heading text -> list of concatenated section texts (ws-removed)
    sections = {}
    for i, (lvl, txt) in enumerate(blocks):
        if lvl is None:
            continue
        parts = []
        for lvl2, txt2 in blocks[i + 1:]:
            if lvl2 is not None and lvl2 <= lvl:
                break
            parts.append(txt2)
        sections.setdefault(txt.strip(), []).append(ws("\n".join(parts)))

    qs = []
    with open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                qs.append(json.loads(line))
            except Exception as e:  # noqa
                errors.append("line %d: bad json: %s" % (n, e))

    ids = [q.get("id") for q in qs]
    for i, c in Counter(ids).items():
        if c > 1:
            errors.append("duplicate id %s" % i)
    ans = [q for q in qs if q.get("answerable") is True]
    una = [q for q in qs if q.get("answerable") is False]
    if len(ans) != 30 or len(una) != 15 or len(qs) != 45:
        errors.append("counts: %d answerable, %d unanswerable, %d total" % (len(ans), len(una), len(qs)))

    for q in qs:
        qid = q.get("id")
        if list(q.keys()) != FIELDS:
            errors.append("%s: fields %s" % (qid, list(q.keys())))
            continue
        if not re.fullmatch(r"%s-\d{3}" % PREFIX, qid or ""):
            errors.append("%s: bad id" % qid)
        if q["split"] != SPLIT:
            errors.append("%s: split %r" % (qid, q["split"]))
        if q["file"] != "":
            errors.append("%s: file must be empty" % qid)
        if q["kind"] not in KINDS:
            errors.append("%s: kind %r" % (qid, q["kind"]))
        if q["style"] not in STYLES:
            errors.append("%s: style %r" % (qid, q["style"]))
        if not q["question"].strip():
            errors.append("%s: empty question" % qid)
        if q["answerable"] is False:
            if q["doc"] != "" or q["articles"] != [] or q["evidence"] != "" or q["keys"] != []:
                errors.append("%s: unanswerable item must have empty doc/articles/evidence/keys" % qid)
            continue
        if q["answerable"] is not True:
            errors.append("%s: answerable must be a bool" % qid)
            continue
        if q["doc"] != title:
            errors.append("%s: doc %r != %r" % (qid, q["doc"], title))
        ev = q["evidence"]
        if not ev or len(ev) > 120:
            errors.append("%s: evidence length %d" % (qid, len(ev)))
        # evidence in docx and pdf
        if " | " in ev:
            cells = ev.split(" | ")
            for c in cells:
                if ws(c) not in docx_text:
                    errors.append("%s: table cell not in docx: %r" % (qid, c))
                if ws(c) not in pdf_text:
                    errors.append("%s: table cell not in pdf: %r" % (qid, c))
            if not any([ws(x) for x in r] == [ws(c) for c in cells] for r in rows):
                errors.append("%s: evidence is not one docx table row: %r" % (qid, ev))
        else:
            if ws(ev) not in docx_text:
                errors.append("%s: evidence not in docx: %r" % (qid, ev))
            if ws(ev) not in pdf_text:
                errors.append("%s: evidence not in pdf: %r" % (qid, ev))
        # keys
        keys = q["keys"]
        if not (1 <= len(keys) <= 3):
            errors.append("%s: %d keys" % (qid, len(keys)))
        for k in keys:
            if k not in ev:
                errors.append("%s: key %r not in evidence" % (qid, k))
            if not (2 <= len(k) <= 15):
                errors.append("%s: key %r length %d" % (qid, k, len(k)))
        # article heading + evidence inside its section
        arts = q["articles"]
        if len(arts) != 1:
            errors.append("%s: articles must hold one heading" % qid)
        for a in arts:
            if a not in sections:
                errors.append("%s: article heading not found in docx: %r" % (qid, a))
                continue
            pieces = ev.split(" | ") if " | " in ev else [ev]
            if not any(all(ws(pc) in sec for pc in pieces) for sec in sections[a]):
                errors.append("%s: evidence not inside section %r" % (qid, a))

    n = len(qs) or 1
    lp = sum(q.get("kind") in ("list", "procedure") for q in qs)
    col = sum(q.get("style") == "colloquial" for q in qs)
    if lp / n < 0.25:
        errors.append("list/procedure share %.1f%% < 25%%" % (100 * lp / n))
    if col / n < 0.80:
        errors.append("colloquial share %.1f%% < 80%%" % (100 * col / n))

    kinds = Counter(q.get("kind") for q in qs)
    print("book:", title)
    print("docx chars (no ws): %d   pdf chars (no ws): %d" % (len(docx_text), len(pdf_text)))
    print("questions: %d (answerable %d, unanswerable %d)" % (len(qs), len(ans), len(una)))
    print("kinds:", dict(sorted(kinds.items())))
    print("kinds (answerable):", dict(sorted(Counter(q["kind"] for q in ans).items())))
    print("list/procedure: %d (%.1f%%)  colloquial: %d (%.1f%%)" % (lp, 100 * lp / n, col, 100 * col / n))
    if errors:
        print("FAIL (%d problems)" % len(errors))
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
