"""Validate questions.jsonl of this folder against the book (.docx and .pdf).

Run: /work/main/.venv/bin/python check_questions.py   (exit code 1 on any problem)
"""
import glob
import json
import os
import re
import sys

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

HERE = os.path.dirname(os.path.abspath(__file__))
SPLIT = os.path.basename(HERE)
PREFIX = {"devdocs8": "DD8", "newdocs6": "N6"}[SPLIT]
FIELDS = ["id", "question", "answerable", "doc", "file", "articles", "evidence",
          "keys", "kind", "style", "split"]
KINDS = {"period", "frequency", "number", "role", "list", "yes_no", "procedure",
         "definition", "category", "other"}
STYLES = {"colloquial", "formal"}
N_ANSWERABLE, N_UNANSWERABLE = 30, 15
MAX_COPY = 12  # longest run a question may share with the book's text

problems = []


def bad(msg):
    problems.append(msg)


def norm(s):
    return re.sub(r"\s+", "", s)


def blocks(doc):
    """Body paragraphs and tables in document order."""
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, doc)
        elif tag == "tbl":
            yield Table(child, doc)


def load_book():
    docx_files = glob.glob(os.path.join(HERE, "*.docx"))
    pdf_files = glob.glob(os.path.join(HERE, "*.pdf"))
    if len(docx_files) != 1 or len(pdf_files) != 1:
        sys.exit(f"expected one .docx and one .pdf in {HERE}")
    title = os.path.splitext(os.path.basename(docx_files[0]))[0]
    if os.path.splitext(os.path.basename(pdf_files[0]))[0] != title:
        bad(".docx and .pdf are not named alike")
    doc = Document(docx_files[0])
    sections = {}      # heading text -> {"text": str, "rows": [[cell,...]]}
    current = None
    all_text = []
    for b in blocks(doc):
        if isinstance(b, Paragraph):
            t = b.text.strip()
            all_text.append(t)
            if b.style.name.startswith("Heading") and t:
                if t in sections:
                    bad(f"heading occurs twice in the .docx: {t}")
                current = sections.setdefault(t, {"text": "", "rows": []})
            elif current is not None:
                current["text"] += norm(t)
        else:
            for row in b.rows:
                cells = [c.text.strip() for c in row.cells]
                all_text.extend(cells)
                if current is not None:
                    current["rows"].append(cells)
                    current["text"] += norm("".join(cells))
    for s in doc.sections:
        for p in s.header.paragraphs + s.footer.paragraphs:
            all_text.append(p.text)
    pdf_pages = [p.extract_text() or "" for p in PdfReader(pdf_files[0]).pages]
    pdf_text = norm("".join(pdf_pages))
    docx_text = norm("".join(all_text))
    han = len(re.findall(r"[\u4e00-\u9fff]", docx_text))
    pdf_han = len(re.findall(r"[\u4e00-\u9fff]", pdf_text))
    print(f"book: {title}\n  docx: {han} Han characters, {len(docx_text)} non-space characters;"
          f" pdf: {len(pdf_pages)} pages, {pdf_han} Han characters in the text layer")
    if not 9000 <= han <= 14000:
        bad(f"docx has {han} Han characters, outside 9000-14000")
    if pdf_han < 0.9 * han:
        bad("pdf text layer is missing or incomplete")
    if norm(title) not in docx_text or norm(title) not in pdf_text:
        bad("title is not printed in the book")
    return title, sections, docx_text, pdf_text


def longest_common(a, b):
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def check_row(q, n, title, sections, docx_text, pdf_text):
    rid = q.get("id", f"line {n}")
    if list(q.keys()) != FIELDS:
        bad(f"{rid}: fields are {list(q.keys())}")
        return
    if q["id"] != f"{PREFIX}-{n:03d}":
        bad(f"{rid}: id should be {PREFIX}-{n:03d}")
    if q["split"] != SPLIT:
        bad(f"{rid}: split should be {SPLIT}")
    if q["file"] != "":
        bad(f"{rid}: file should be empty")
    if q["kind"] not in KINDS:
        bad(f"{rid}: kind {q['kind']!r}")
    if q["style"] not in STYLES:
        bad(f"{rid}: style {q['style']!r}")
    if not isinstance(q["question"], str) or len(q["question"].strip()) < 6:
        bad(f"{rid}: question too short")
    if not isinstance(q["answerable"], bool):
        bad(f"{rid}: answerable must be true/false")
        return
    copied = longest_common(norm(q["question"]), docx_text)
    if copied > MAX_COPY:
        bad(f"{rid}: question copies {copied} characters of the book's wording")
    if not q["answerable"]:
        if q["doc"] != "" or q["articles"] != [] or q["evidence"] != "" or q["keys"] != []:
            bad(f"{rid}: unanswerable row must have empty doc/articles/evidence/keys")
        return
    if q["doc"] != title:
        bad(f"{rid}: doc {q['doc']!r} is not the book title")
    arts = q["articles"]
    if not (isinstance(arts, list) and len(arts) == 1 and isinstance(arts[0], str)):
        bad(f"{rid}: articles must hold one heading")
        return
    sec = sections.get(arts[0])
    if sec is None:
        bad(f"{rid}: articles {arts[0]!r} is not a heading of the .docx")
        return
    ev = q["evidence"]
    if not isinstance(ev, str) or not ev or len(ev) > 120:
        bad(f"{rid}: evidence empty or longer than 120 characters ({len(ev)})")
        return
    if " | " in ev:
        cells = ev.split(" | ")
        ncells = [norm(c) for c in cells]
        if not any(all(c in [norm(x) for x in row] for c in ncells) for row in sec["rows"]):
            bad(f"{rid}: cells are not all in one table row under {arts[0]!r}")
        for c in ncells:
            if c not in pdf_text:
                bad(f"{rid}: cell {c!r} not found in the pdf text")
    else:
        if norm(ev) not in sec["text"]:
            where = "elsewhere in the .docx" if norm(ev) in docx_text else "not in the .docx"
            bad(f"{rid}: evidence not under {arts[0]!r} ({where})")
        if norm(ev) not in pdf_text:
            bad(f"{rid}: evidence not found in the pdf text")
    keys = q["keys"]
    if not (isinstance(keys, list) and 1 <= len(keys) <= 3):
        bad(f"{rid}: keys must be 1-3 strings")
        return
    for k in keys:
        if not (isinstance(k, str) and 2 <= len(k) <= 15):
            bad(f"{rid}: key {k!r} must be 2-15 characters")
        elif k not in ev:
            bad(f"{rid}: key {k!r} is not in the evidence")


def main():
    title, sections, docx_text, pdf_text = load_book()
    path = os.path.join(HERE, "questions.jsonl")
    rows = []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        if not line.strip():
            bad(f"line {n}: blank line")
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            bad(f"line {n}: {e}")
    for n, q in enumerate(rows, 1):
        if isinstance(q, dict):
            check_row(q, n, title, sections, docx_text, pdf_text)
        else:
            bad(f"line {n}: not an object")
    rows = [q for q in rows if isinstance(q, dict)]
    ans = [q for q in rows if q.get("answerable") is True]
    una = [q for q in rows if q.get("answerable") is False]
    if len(ans) != N_ANSWERABLE or len(una) != N_UNANSWERABLE:
        bad(f"{len(ans)} answerable / {len(una)} unanswerable, want {N_ANSWERABLE}/{N_UNANSWERABLE}")
    qs = [norm(q.get("question", "")) for q in rows]
    if len(set(qs)) != len(qs):
        bad("duplicate questions")
    total = len(rows) or 1
    coll = sum(q.get("style") == "colloquial" for q in rows) / total
    lists = sum(q.get("kind") in ("list", "procedure") for q in rows) / total
    lists_ans = sum(q.get("kind") in ("list", "procedure") for q in ans) / (len(ans) or 1)
    if coll < 0.8:
        bad(f"colloquial share {coll:.0%} < 80%")
    if lists < 0.25 or lists_ans < 0.25:
        bad(f"list/procedure share {lists:.0%} overall, {lists_ans:.0%} of answerable; want >= 25%")
    tables = sum(" | " in q.get("evidence", "") for q in ans)
    print(f"  questions: {len(rows)} ({len(ans)} answerable, {len(una)} unanswerable); "
          f"colloquial {coll:.0%}; list/procedure {lists:.0%} overall, {lists_ans:.0%} of answerable; "
          f"table-row evidence {tables}")
    if problems:
        print(f"{len(problems)} problem(s):")
        for p in problems:
            print("  -", p)
        return 1
    print("  OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
