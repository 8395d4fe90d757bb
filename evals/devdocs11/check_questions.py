"""Check the question sets of evals/devdocs11 and evals/newdocs9.

For each folder it verifies:
  * 45 questions, ids PREFIX-001..045 in order, fields in the required order;
  * 30 answerable / 15 unanswerable, field types and allowed values;
  * file alternates .docx / .pdf, the file exists, doc is the title printed in the book;
  * answerable: evidence 10-80 characters, copied exactly from ONE docx paragraph
    or ONE table cell (python-docx text), also present in the PDF text layer
    (whitespace ignored); 1-3 keys, each a substring of the evidence; every
    article / heading / table name cited occurs in the book;
  * unanswerable: articles [], evidence "", keys []; the facts asked for are not
    in the book (hand-listed terms that must be absent), and at least 12 are
    near misses (share several two-character words with the book);
  * at least 60 % colloquial, at least 25 % list/procedure questions.

Run:  /work/main/.venv/bin/python evals/devdocs11/check_questions.py
Exit status 0 when every check passes.
"""
import json
import os
import re
import shutil
import subprocess
import sys

from docx import Document

EVALS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(EVALS)  # /work/main

FIELDS = ["id", "question", "answerable", "file", "doc", "articles",
          "evidence", "keys", "kind", "style"]
KINDS = {"number", "frequency", "role", "list", "yes_no", "procedure",
         "definition", "consequence", "condition", "time"}
STYLES = {"colloquial", "formal"}

SETS = {
    "devdocs11": {
        "prefix": "DD11",
        "title": "岚山农村商业银行贷后管理工作标准",
        "min_table_evidence": 15,
        # terms naming what each unanswerable question asks for; none may occur in the book
        "absent": {
            "DD11-003": ["保理", "应收账款"],
            "DD11-006": ["评估费"],
            "DD11-009": ["车辆", "汽车"],
            "DD11-012": ["手续费", "费率"],
            "DD11-015": ["核销条件", "核销的条件"],
            "DD11-018": ["管户", "户数"],
            "DD11-021": ["负责人", "联系电话", "对接"],
            "DD11-024": ["菜单"],
            "DD11-027": ["保险金额"],
            "DD11-030": ["融资担保", "保证金"],
            "DD11-033": ["副行长"],
            "DD11-036": ["违约金"],
            "DD11-039": ["外包", "第三方", "催收公司"],
            "DD11-042": ["原规程规定", "2019年版）规定"],
            "DD11-045": ["利率", "定价"],
        },
    },
    "newdocs9": {
        "prefix": "N9",
        "title": "关于印发《临川村镇银行贷后管理办法（2025年修订）》的通知",
        "min_table_evidence": 6,
        "absent": {
            "N9-003": ["受托支付起点", "应当采用受托支付的金额", "金额标准"],
            "N9-006": ["处置结果"],
            "N9-009": ["原办法共", "原办法计"],
            "N9-012": ["手续费", "费率"],
            "N9-015": ["委托贷款每", "委托贷款的贷后检查"],
            "N9-018": ["张"],
            "N9-021": ["关注类客户非现场", "关注类客户每月至少非现场"],
            "N9-024": ["起诉期限", "日内提起诉讼", "日内起诉"],
            "N9-027": ["扣减", "扣分"],
            "N9-030": ["罚款", "警告", "记过"],
            "N9-033": ["及格", "分数", "合格线"],
            "N9-036": ["联系电话", "联系人", "咨询"],
            "N9-039": ["上传"],
            "N9-042": ["新增授信"],
            "N9-045": ["利率", "定价"],
        },
    },
}

NS = re.compile(r"\s+")
ARTICLE = re.compile(r"^第[一二三四五六七八九十百零]+条$")


def docx_units(path):
    """Paragraph texts and table cell texts (whole cell and each cell paragraph)."""
    doc = Document(path)
    paras = [p.text for p in doc.paragraphs]
    cells = []
    for table in doc.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # merged cells repeat
                    continue
                seen.add(id(cell._tc))
                cells.append(cell.text)
                cells.extend(p.text for p in cell.paragraphs)
    return paras, cells


def pdf_text(path, raw=True):
    """Text layer of the PDF with all whitespace removed.

    raw=True uses `pdftotext -raw` (content-stream order: a table cell's lines
    stay together); raw=False uses pdftotext's default reading order, which
    interleaves the lines of side-by-side table cells."""
    if shutil.which("pdftotext"):
        cmd = ["pdftotext", "-enc", "UTF-8"] + (["-raw"] if raw else []) + [path, "-"]
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout.decode("utf-8")
    else:  # fallback: pypdf also follows the content stream
        from pypdf import PdfReader
        out = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return NS.sub("", out)


def bigrams(text):
    cjk = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    grams = set()
    for chunk in cjk.split():
        grams.update(chunk[i:i + 2] for i in range(len(chunk) - 1))
    return grams


def check_set(folder, spec):
    errors, notes = [], []
    base = os.path.join(EVALS, folder)
    title, prefix = spec["title"], spec["prefix"]
    docx_path = os.path.join(base, title + ".docx")
    pdf_path = os.path.join(base, title + ".pdf")
    for p in (docx_path, pdf_path):
        if not os.path.exists(p):
            errors.append(f"missing book file {p}")
    if errors:
        return errors, notes
    paras, cells = docx_units(docx_path)
    full = "\n".join(paras + cells)
    pdf = pdf_text(pdf_path)
    pdf_reading = pdf_text(pdf_path, raw=False)
    book_grams = bigrams(full)
    if title not in paras:
        errors.append(f"title {title!r} is not a paragraph of the docx")
    if NS.sub("", title) not in pdf:
        errors.append("title not found in the PDF text layer")

    qpath = os.path.join(base, "questions.jsonl")
    with open(qpath, encoding="utf-8") as fh:
        lines = [ln for ln in fh.read().split("\n") if ln.strip()]
    recs = []
    for n, line in enumerate(lines, 1):
        try:
            recs.append(json.loads(line))
        except json.JSONDecodeError as exc:
            errors.append(f"line {n}: bad JSON ({exc})")
    if "\\u" in "".join(lines):
        errors.append("file contains \\u escapes (write with ensure_ascii=False)")
    if len(recs) != 45:
        errors.append(f"{len(recs)} questions, expected 45")

    n_ans = n_una = n_coll = n_list = n_table = n_near = n_interleaved = 0
    questions = set()
    for i, r in enumerate(recs, 1):
        rid = r.get("id", f"line{i}")
        where = f"{rid}:"
        if list(r.keys()) != FIELDS:
            errors.append(f"{where} fields/order {list(r.keys())}")
            continue
        if rid != f"{prefix}-{i:03d}":
            errors.append(f"{where} expected id {prefix}-{i:03d}")
        q = r["question"]
        if not isinstance(q, str) or len(q) < 6:
            errors.append(f"{where} question too short")
        if q in questions:
            errors.append(f"{where} duplicate question")
        questions.add(q)
        ext = "docx" if i % 2 == 1 else "pdf"
        if r["file"] != f"evals/{folder}/{title}.{ext}":
            errors.append(f"{where} file should be evals/{folder}/{title}.{ext}")
        if not os.path.exists(os.path.join(ROOT, r["file"])):
            errors.append(f"{where} file does not exist")
        if r["doc"] != title:
            errors.append(f"{where} doc is not the title")
        if r["kind"] not in KINDS:
            errors.append(f"{where} bad kind {r['kind']}")
        if r["style"] not in STYLES:
            errors.append(f"{where} bad style {r['style']}")
        n_coll += r["style"] == "colloquial"
        n_list += r["kind"] in ("list", "procedure")
        if not isinstance(r["articles"], list) or not isinstance(r["keys"], list):
            errors.append(f"{where} articles/keys must be lists")
            continue
        if r["answerable"] is True:
            n_ans += 1
            ev = r["evidence"]
            if not isinstance(ev, str) or not 10 <= len(ev) <= 80:
                errors.append(f"{where} evidence length {len(ev)} not in 10-80")
            in_para = any(ev in p for p in paras)
            in_cell = any(ev in c for c in cells)
            if not (in_para or in_cell):
                errors.append(f"{where} evidence not found in one docx paragraph or cell: {ev}")
            if in_cell and not in_para:
                n_table += 1
            if NS.sub("", ev) not in pdf:
                errors.append(f"{where} evidence not found in the PDF text layer: {ev}")
            elif NS.sub("", ev) not in pdf_reading:
                n_interleaved += 1
            if not 1 <= len(r["keys"]) <= 3:
                errors.append(f"{where} needs 1-3 keys")
            for k in r["keys"]:
                if not isinstance(k, str) or not k or k not in ev:
                    errors.append(f"{where} key {k!r} not in evidence")
            if not r["articles"]:
                errors.append(f"{where} answerable question without articles")
            for a in r["articles"]:
                if ARTICLE.match(a):
                    if not any(p.startswith(a + "　") or c.startswith(a + "　")
                               for p in paras for c in [""]) and \
                            not any(c.startswith(a + "　") for c in cells):
                        errors.append(f"{where} article {a} not found in the book")
                elif a not in full:
                    errors.append(f"{where} heading/table {a!r} not found in the book")
        elif r["answerable"] is False:
            n_una += 1
            if r["articles"] or r["evidence"] != "" or r["keys"]:
                errors.append(f"{where} unanswerable must have articles [], evidence \"\", keys []")
            absent = spec["absent"].get(rid)
            if not absent:
                errors.append(f"{where} no absent-term list for this unanswerable question")
            else:
                for term in absent:
                    if term in full or NS.sub("", term) in pdf:
                        errors.append(f"{where} term {term!r} occurs in the book; re-check the question")
            shared = bigrams(q) & book_grams
            if len(shared) >= 3:
                n_near += 1
        else:
            errors.append(f"{where} answerable must be true or false")

    total = len(recs) or 1
    if n_ans != 30 or n_una != 15:
        errors.append(f"answerable {n_ans} / unanswerable {n_una}, expected 30 / 15")
    if n_coll / total < 0.60:
        errors.append(f"colloquial {n_coll}/{total} below 60%")
    if n_list / total < 0.25:
        errors.append(f"list/procedure {n_list}/{total} below 25%")
    if n_near < 12:
        errors.append(f"only {n_near} unanswerable near misses (>=3 shared words), need 12")
    if n_table < spec["min_table_evidence"]:
        errors.append(f"only {n_table} answers in table cells, want >= {spec['min_table_evidence']}")
    notes.append(f"{len(recs)} questions: {n_ans} answerable, {n_una} unanswerable "
                 f"({n_near} near misses); colloquial {n_coll} ({n_coll / total:.0%}); "
                 f"list/procedure {n_list} ({n_list / total:.0%}); "
                 f"answers in table cells {n_table}")
    notes.append(f"evidence found in PDF text (pdftotext -raw): {n_ans - sum('PDF' in e for e in errors)}/{n_ans}; "
                 f"{n_interleaved} of them are split by pdftotext's default reading order "
                 f"(lines of neighbouring table cells interleave)")
    return errors, notes


def main():
    failed = False
    for folder, spec in SETS.items():
        errors, notes = check_set(folder, spec)
        status = "OK" if not errors else f"FAIL ({len(errors)})"
        print(f"[{folder}] {status} — {spec['title']}")
        for n in notes:
            print("   ", n)
        for e in errors:
            print("    ERROR", e)
        failed |= bool(errors)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
