"""Validate the questions.jsonl of BOTH blind new-documents sets:
evals/devdocs10 (tuning) and evals/newdocs8 (held out).

Checks, per folder:
  * every line is a JSON object with exactly the fields, in this order:
    id, question, answerable, file, doc, articles, evidence, keys, kind, style
  * field types; ids "<prefix>-001" ... "<prefix>-045" in order
  * 45 rows = 30 answerable + 15 unanswerable
  * file: path relative to /work/main of the book's .docx or .pdf, existing, alternating
    .docx / .pdf; doc = the book's title = file name without extension
  * answerable rows: 1-2 article labels that occur in the book's text (source.txt, the
    .docx and the PDF text layer); evidence 8-60 characters occurring verbatim (whitespace
    ignored) in source.txt, in the .docx text and in the PDF text layer; 1-3 keys, each
    inside the evidence
  * unanswerable rows: articles [], evidence "", keys []
  * kind and style from the allowed sets; >= 75 % colloquial; >= 20 % list/procedure
  * no duplicate questions (within a folder and across the two folders)

Exit status 1 on any problem.  Run: /work/main/.venv/bin/python evals/devdocs10/check_questions.py
"""
import json
import os
import re
import shutil
import subprocess
import sys

MAIN = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SETS = [("evals/devdocs10", "DD10"), ("evals/newdocs8", "N8")]
FIELDS = ["id", "question", "answerable", "file", "doc", "articles", "evidence", "keys",
          "kind", "style"]
KINDS = {"period", "frequency", "number", "role", "list", "yes_no", "procedure",
         "definition", "category", "other"}
STYLES = {"colloquial", "formal"}
N_TOTAL, N_ANS, N_UNANS = 45, 30, 15

problems = []


def bad(msg):
    problems.append(msg)


def norm(s):
    return re.sub(r"\s+", "", s)


def source_info(folder):
    """Return (title, text without whitespace) of a folder's source.txt."""
    title1 = title2 = cover = None
    parts = []
    with open(os.path.join(MAIN, folder, "source.txt"), encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip():
                continue
            if line.startswith("|"):
                parts.append(line.replace("|", ""))
                continue
            m = re.match(r"@(\w+)\s?(.*)$", line)
            if m:
                tag, rest = m.group(1), m.group(2)
                if tag in ("pagebreak", "toc", "table", "endtable"):
                    continue
                if tag == "cover":
                    cover = rest
                elif tag == "title1":
                    title1 = rest
                elif tag == "title2":
                    title2 = rest
                parts.append(rest)
            else:
                parts.append(line)
    title = cover if cover else (title1 or "") + (title2 or "")
    return title, norm("\n".join(parts))


def docx_text(path):
    from docx import Document
    doc = Document(path)
    out = []
    body = doc.element.body
    for child in body.iterchildren():
        tag = child.tag.split("}")[-1]
        if tag == "p":
            out.append("".join(t.text or "" for t in child.iter(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")))
        elif tag == "tbl":
            from docx.table import Table
            t = Table(child, doc)
            for row in t.rows:
                out.append("".join(c.text for c in row.cells))
    return norm("\n".join(out))


def pdf_text(path):
    try:
        from pypdf import PdfReader
        return norm("\n".join((p.extract_text() or "") for p in PdfReader(path).pages))
    except ImportError:
        pass
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-layout", path, "-"], check=True,
                             stdout=subprocess.PIPE).stdout.decode("utf-8", "replace")
        return norm(out)
    bad("cannot read PDF text: neither pypdf nor pdftotext available")
    return ""


def check_folder(folder, prefix, all_questions):
    title, src = source_info(folder)
    path = os.path.join(MAIN, folder, "questions.jsonl")
    if not os.path.exists(path):
        bad("%s: questions.jsonl missing" % folder)
        return
    docx_rel = "%s/%s.docx" % (folder, title)
    pdf_rel = "%s/%s.pdf" % (folder, title)
    texts = {}
    for rel in (docx_rel, pdf_rel):
        if not os.path.exists(os.path.join(MAIN, rel)):
            bad("%s: built file missing: %s" % (folder, rel))
    if os.path.exists(os.path.join(MAIN, docx_rel)):
        texts["docx"] = docx_text(os.path.join(MAIN, docx_rel))
    if os.path.exists(os.path.join(MAIN, pdf_rel)):
        texts["pdf"] = pdf_text(os.path.join(MAIN, pdf_rel))
        if len(texts["pdf"]) < 0.8 * len(src):
            bad("%s: PDF text layer looks incomplete (%d chars vs %d in source)"
                % (folder, len(texts["pdf"]), len(src)))

    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                bad("%s line %d: empty line" % (folder, n))
                continue
            try:
                obj = json.loads(line)
            except ValueError as e:
                bad("%s line %d: not JSON (%s)" % (folder, n, e))
                continue
            if not isinstance(obj, dict):
                bad("%s line %d: not an object" % (folder, n))
                continue
            rows.append((n, obj))

    if len(rows) != N_TOTAL:
        bad("%s: %d rows, expected %d" % (folder, len(rows), N_TOTAL))
    n_ans = n_unans = n_coll = n_listy = 0
    seen_q = set()
    for i, (n, q) in enumerate(rows):
        where = "%s line %d" % (folder, n)
        if list(q.keys()) != FIELDS:
            bad("%s: fields %s, expected %s" % (where, list(q.keys()), FIELDS))
            continue
        qid = q["id"]
        exp_id = "%s-%03d" % (prefix, i + 1)
        if qid != exp_id:
            bad("%s: id %r, expected %r" % (where, qid, exp_id))
        where = "%s %s" % (folder, qid)
        for fld, typ in (("id", str), ("question", str), ("answerable", bool), ("file", str),
                         ("doc", str), ("articles", list), ("evidence", str), ("keys", list),
                         ("kind", str), ("style", str)):
            if not isinstance(q[fld], typ):
                bad("%s: field %s has type %s" % (where, fld, type(q[fld]).__name__))
        if not isinstance(q["question"], str) or not q["question"].strip():
            bad("%s: empty question" % where)
        qn = norm(str(q["question"]))
        if qn in seen_q:
            bad("%s: duplicate question in folder" % where)
        if qn in all_questions:
            bad("%s: question duplicates one in %s" % (where, all_questions[qn]))
        seen_q.add(qn)
        all_questions.setdefault(qn, where)

        exp_file = docx_rel if i % 2 == 0 else pdf_rel
        if q["file"] != exp_file:
            bad("%s: file %r, expected %r (alternate .docx/.pdf)" % (where, q["file"], exp_file))
        if not os.path.exists(os.path.join(MAIN, str(q["file"]))):
            bad("%s: file does not exist: %s" % (where, q["file"]))
        if q["doc"] != title or q["doc"] != os.path.splitext(os.path.basename(str(q["file"])))[0]:
            bad("%s: doc %r does not match the book's title %r / file name" % (where, q["doc"], title))
        if q["kind"] not in KINDS:
            bad("%s: kind %r not allowed" % (where, q["kind"]))
        if q["style"] not in STYLES:
            bad("%s: style %r not allowed" % (where, q["style"]))
        if q["style"] == "colloquial":
            n_coll += 1
        if q["kind"] in ("list", "procedure"):
            n_listy += 1

        if q["answerable"] is True:
            n_ans += 1
            arts = q["articles"]
            if not (1 <= len(arts) <= 2):
                bad("%s: %d article labels, expected 1-2" % (where, len(arts)))
            for a in arts:
                if not isinstance(a, str) or not a.strip():
                    bad("%s: empty article label" % where)
                    continue
                if norm(a) not in src:
                    bad("%s: article label %r not in source text" % (where, a))
                for kind, txt in texts.items():
                    if norm(a) not in txt:
                        bad("%s: article label %r not in %s text" % (where, a, kind))
                if prefix == "DD10" and a.startswith("第") and not re.fullmatch(
                        r"第[一二三四五六七八九十百]+条", a):
                    bad("%s: article label %r is not of the form 第X条" % (where, a))
            ev = q["evidence"]
            evn = norm(ev)
            if not (8 <= len(evn) <= 60):
                bad("%s: evidence length %d outside 8-60" % (where, len(evn)))
            if evn not in src:
                bad("%s: evidence not verbatim in source.txt: %r" % (where, ev))
            for kind, txt in texts.items():
                if evn not in txt:
                    bad("%s: evidence not found in %s text: %r" % (where, kind, ev))
            keys = q["keys"]
            if not (1 <= len(keys) <= 3):
                bad("%s: %d keys, expected 1-3" % (where, len(keys)))
            for k in keys:
                if not isinstance(k, str) or not k.strip():
                    bad("%s: empty key" % where)
                elif norm(k) not in evn:
                    bad("%s: key %r not inside evidence" % (where, k))
        elif q["answerable"] is False:
            n_unans += 1
            if q["articles"] != [] or q["evidence"] != "" or q["keys"] != []:
                bad("%s: unanswerable row must have articles [], evidence \"\", keys []" % where)
        else:
            bad("%s: answerable must be true or false" % where)

    if (n_ans, n_unans) != (N_ANS, N_UNANS):
        bad("%s: %d answerable + %d unanswerable, expected %d + %d"
            % (folder, n_ans, n_unans, N_ANS, N_UNANS))
    if rows and n_coll < 0.75 * len(rows):
        bad("%s: only %d/%d colloquial (< 75 %%)" % (folder, n_coll, len(rows)))
    if rows and n_listy < 0.20 * len(rows):
        bad("%s: only %d/%d list/procedure questions (< 20 %%)" % (folder, n_listy, len(rows)))
    print("%s: %d rows (%d answerable, %d unanswerable), %d colloquial, %d list/procedure"
          % (folder, len(rows), n_ans, n_unans, n_coll, n_listy))


def main():
    all_questions = {}
    for folder, prefix in SETS:
        check_folder(folder, prefix, all_questions)
    if problems:
        for p in problems:
            print("PROBLEM:", p)
        print("%d problem(s)" % len(problems))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
