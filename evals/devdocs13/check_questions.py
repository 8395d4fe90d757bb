#!/usr/bin/env python3
"""Validate questions.jsonl in this folder against source.txt and the built .docx/.pdf.

Run: /work/main/.venv/bin/python check_questions.py   (exit code 0 = pass)
"""
import difflib
import json
import os
import re
import subprocess
import sys

from docx import Document

HERE = os.path.dirname(os.path.abspath(__file__))
FOLDER = os.path.basename(HERE)
PREFIX = "DD13"
N_TOTAL, N_ANS, N_UNANS = 45, 30, 15
FIELDS = ["id", "question", "answerable", "file", "doc", "articles", "evidence",
          "keys", "kind", "style"]
KINDS = {"number", "frequency", "role", "list", "yes_no", "procedure", "definition",
         "consequence", "condition", "time"}
STYLES = {"colloquial", "formal"}

errors = []


def err(msg):
    errors.append(msg)


def squash(s):
    return re.sub(r"\s+", "", s)


source = open(os.path.join(HERE, "source.txt"), encoding="utf-8").read()
source_lines = [l.strip() for l in source.splitlines()]
title = source_lines[0]
docx_path = os.path.join(HERE, title + ".docx")
pdf_path = os.path.join(HERE, title + ".pdf")
rel_docx = "evals/%s/%s.docx" % (FOLDER, title)
rel_pdf = "evals/%s/%s.pdf" % (FOLDER, title)
for p in (docx_path, pdf_path):
    if not os.path.exists(p):
        err("missing built file %s" % p)

# text extracted from the docx (paragraphs + tables) and the pdf (pdftotext)
d = Document(docx_path)
parts = [p.text for p in d.paragraphs]
for t in d.tables:
    for row in t.rows:
        for cell in row.cells:
            parts.append(cell.text)
docx_text = squash("\n".join(parts))
pdf_text = squash(subprocess.run(["pdftotext", "-enc", "UTF-8", pdf_path, "-"],
                                 capture_output=True, text=True, check=True).stdout)

rows = []
with open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if not line.strip():
            err("blank line %d" % n)
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            err("line %d: bad json %s" % (n, e))

if len(rows) != N_TOTAL:
    err("expected %d rows, got %d" % (N_TOTAL, len(rows)))
ans = [r for r in rows if r.get("answerable") is True]
unans = [r for r in rows if r.get("answerable") is False]
if len(ans) != N_ANS or len(unans) != N_UNANS:
    err("answerable/unanswerable = %d/%d, expected %d/%d" % (len(ans), len(unans), N_ANS, N_UNANS))

for i, r in enumerate(rows, 1):
    rid = r.get("id")
    if list(r.keys()) != FIELDS:
        err("%s: fields/order %s" % (rid, list(r.keys())))
        continue
    if rid != "%s-%03d" % (PREFIX, i):
        err("row %d: id %s" % (i, rid))
    if not isinstance(r["question"], str) or len(r["question"]) < 5:
        err("%s: question too short" % rid)
    if r["kind"] not in KINDS:
        err("%s: bad kind %s" % (rid, r["kind"]))
    if r["style"] not in STYLES:
        err("%s: bad style %s" % (rid, r["style"]))
    if r["answerable"]:
        if r["file"] not in (rel_docx, rel_pdf):
            err("%s: bad file %s" % (rid, r["file"]))
        if r["doc"] != title:
            err("%s: bad doc %s" % (rid, r["doc"]))
        if not r["articles"] or not isinstance(r["articles"], list):
            err("%s: articles empty" % rid)
        for a in r["articles"]:
            if PREFIX == "N11":
                if not re.fullmatch(r"第[一二三四五六七八九十]+条", a) or a not in source:
                    err("%s: article %s not in source" % (rid, a))
            else:
                if a not in source_lines:
                    err("%s: section heading %s not in source" % (rid, a))
        ev = r["evidence"]
        if not (10 <= len(ev) <= 80):
            err("%s: evidence length %d" % (rid, len(ev)))
        if ev not in source:
            err("%s: evidence not in source.txt: %s" % (rid, ev))
        if "|" in ev or "\n" in ev:
            err("%s: evidence crosses a cell/line boundary" % rid)
        if squash(ev) not in docx_text:
            err("%s: evidence not found in docx text" % rid)
        if squash(ev) not in pdf_text:
            err("%s: evidence not found in pdf text" % rid)
        if not (1 <= len(r["keys"]) <= 3):
            err("%s: %d keys" % (rid, len(r["keys"])))
        for k in r["keys"]:
            if not k or k not in ev:
                err("%s: key %r not in evidence" % (rid, k))
        # the cited section must actually contain the evidence
        if PREFIX != "N11":
            pass
    else:
        if (r["file"], r["doc"], r["articles"], r["evidence"], r["keys"]) != ("", "", [], "", []):
            err("%s: unanswerable row must have empty file/doc/articles/evidence/keys" % rid)

# evidence must lie inside one of the cited sections/articles
def section_spans():
    spans = {}
    if PREFIX == "N11":
        pat = re.compile(r"^(第[一二三四五六七八九十]+条)")
        heads = [(m.group(1), i) for i, l in enumerate(source_lines) for m in [pat.match(l)] if m]
    else:
        pat = re.compile(r"^(\d+(?:\.\d+)*|附录[A-Z]) ")
        heads = [(l, i) for i, l in enumerate(source_lines) if pat.match(l)]
    for j, (h, i) in enumerate(heads):
        end = len(source_lines)
        if PREFIX == "N11":
            end = heads[j + 1][1] if j + 1 < len(heads) else end
        else:
            # a section runs until the next heading of the same or higher level
            depth = h.split(" ")[0].count(".")
            for h2, i2 in heads[j + 1:]:
                if h2.split(" ")[0].count(".") <= depth:
                    end = i2
                    break
        spans[h] = "\n".join(source_lines[i:end])
    return spans


spans = section_spans()
for r in ans:
    if all(a in spans for a in r["articles"]):
        if not any(r["evidence"] in spans[a] for a in r["articles"]):
            err("%s: evidence not inside cited %s" % (r["id"], r["articles"]))

files = [r["file"] for r in ans]
if abs(files.count(rel_docx) - files.count(rel_pdf)) > 2:
    err("docx/pdf split %d/%d" % (files.count(rel_docx), files.count(rel_pdf)))
colloq = sum(r["style"] == "colloquial" for r in rows)
if colloq < 0.6 * len(rows):
    err("colloquial share %d/%d < 60%%" % (colloq, len(rows)))
lp = sum(r["kind"] in ("list", "procedure") for r in rows)
if lp < 0.2 * len(rows):
    err("list/procedure share %d/%d < 20%%" % (lp, len(rows)))
for i in range(len(rows)):
    for j in range(i + 1, len(rows)):
        ratio = difflib.SequenceMatcher(None, rows[i]["question"], rows[j]["question"]).ratio()
        if ratio > 0.85:
            err("near-duplicate %s / %s (%.2f)" % (rows[i]["id"], rows[j]["id"], ratio))

from collections import Counter
print("rows %d  answerable %d  unanswerable %d" % (len(rows), len(ans), len(unans)))
print("kinds", dict(Counter(r["kind"] for r in rows)))
print("styles", dict(Counter(r["style"] for r in rows)))
print("files docx %d pdf %d" % (files.count(rel_docx), files.count(rel_pdf)))
if errors:
    print("FAIL (%d problems)" % len(errors))
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("PASS")
