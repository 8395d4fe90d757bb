"""Check questions.jsonl against source.txt and the built .docx/.pdf in this folder.

Usage: /work/main/.venv/bin/python check_questions.py   (exit code 0 = pass)
Needs python-docx; uses pdftotext if installed, else pypdf.
"""
import json
import re
import shutil
import subprocess
import sys
from difflib import SequenceMatcher
from pathlib import Path

HERE = Path(__file__).resolve().parent
FOLDER = HERE.name

CONFIG = {
    "newdocs10": dict(prefix="N10", title="溪山农村商业银行个人经营性贷款贷后管理实施细则", mode="articles"),
    "devdocs12": dict(prefix="DD12", title="云溪银行公司客户贷后管理培训讲义", mode="slides"),
}[FOLDER]
PREFIX, TITLE, MODE = CONFIG["prefix"], CONFIG["title"], CONFIG["mode"]

FIELDS = ["id", "question", "answerable", "file", "doc", "articles", "evidence", "keys", "kind", "style"]
KINDS = {"number", "frequency", "role", "list", "yes_no", "procedure", "definition", "consequence", "condition", "time"}
STYLES = {"colloquial", "formal"}
N_TOTAL, N_ANS, N_UNANS = 45, 30, 15

errors, warnings = [], []


def err(msg):
    errors.append(msg)


def nows(s):
    return re.sub(r"\s+", "", s)


def pdf_text(path):
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    from pypdf import PdfReader
    return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)


def docx_text(path):
    from docx import Document
    d = Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                parts.append(c.text)
    for s in d.sections:
        parts += [p.text for p in s.header.paragraphs] + [p.text for p in s.footer.paragraphs]
    return "\n".join(parts)


def units(source):
    """Map citation label -> text of that unit (article or slide/section)."""
    out = {}
    if MODE == "articles":
        cur = None
        for ln in source.splitlines():
            m = re.match(r"^(第[一二三四五六七八九十百]+条)　", ln)
            if m:
                cur = m.group(1)
                out[cur] = ""
            elif re.match(r"^第[一二三四五六七八九十]+章", ln):
                cur = None
            if cur:
                out[cur] += ln + "\n"
    else:
        for block in re.split(r"\n\s*\n", source.strip()):
            lines = [ln for ln in block.splitlines() if ln.strip()]
            out.setdefault(lines[0].strip(), "")
            out[lines[0].strip()] += block + "\n"
    return out


def bigrams(s):
    s = re.sub(r"[\W\d_]+", "", s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def main():
    source = (HERE / "source.txt").read_text(encoding="utf-8")
    docx_path, pdf_path = HERE / f"{TITLE}.docx", HERE / f"{TITLE}.pdf"
    for p in (docx_path, pdf_path):
        if not p.exists():
            err(f"missing {p.name}; run make_docs.py")
    if errors:
        return report()
    pdf_raw = pdf_text(pdf_path)
    pdf_ns, docx_ns = nows(pdf_raw), nows(docx_text(docx_path))
    if len(pdf_ns) < 0.9 * len(nows(source)):
        err(f"PDF text layer looks incomplete ({len(pdf_ns)} chars vs source {len(nows(source))})")
    unit_text = units(source)

    rows = []
    for n, line in enumerate((HERE / "questions.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            err(f"line {n}: blank line")
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            err(f"line {n}: bad JSON ({e})")
        if "\\u" in line:
            err(f"line {n}: not written with ensure_ascii=False")
    if len(rows) != N_TOTAL:
        err(f"expected {N_TOTAL} questions, got {len(rows)}")
    ans = [r for r in rows if r.get("answerable") is True]
    una = [r for r in rows if r.get("answerable") is False]
    if len(ans) != N_ANS or len(una) != N_UNANS:
        err(f"expected {N_ANS} answerable + {N_UNANS} unanswerable, got {len(ans)} + {len(una)}")

    prev_ext = None
    for i, r in enumerate(rows, 1):
        rid = r.get("id", f"#{i}")
        if list(r.keys()) != FIELDS:
            err(f"{rid}: field order {list(r.keys())}")
            continue
        if r["id"] != f"{PREFIX}-{i:03d}":
            err(f"{rid}: expected id {PREFIX}-{i:03d}")
        if not isinstance(r["question"], str) or not r["question"].strip():
            err(f"{rid}: empty question")
        ext = Path(r["file"]).suffix
        if r["file"] not in (f"evals/{FOLDER}/{TITLE}.docx", f"evals/{FOLDER}/{TITLE}.pdf"):
            err(f"{rid}: bad file {r['file']}")
        if ext == prev_ext:
            err(f"{rid}: file type does not alternate")
        prev_ext = ext
        if r["doc"] != TITLE:
            err(f"{rid}: doc should be {TITLE}")
        if r["kind"] not in KINDS:
            err(f"{rid}: bad kind {r['kind']}")
        if r["style"] not in STYLES:
            err(f"{rid}: bad style {r['style']}")
        if r["answerable"]:
            ev, keys, arts = r["evidence"], r["keys"], r["articles"]
            if not isinstance(arts, list) or not arts:
                err(f"{rid}: answerable needs articles")
                arts = []
            for a in arts:
                if a not in unit_text:
                    err(f"{rid}: article/slide '{a}' not found in source.txt")
                if MODE == "slides" and re.search(r"第[一二三四五六七八九十百]+条", a):
                    err(f"{rid}: 讲义 must not be cited by 第X条")
            if not isinstance(ev, str) or not (10 <= len(ev) <= 80) or "\n" in ev:
                err(f"{rid}: evidence must be one line of 10-80 chars (got {len(ev) if isinstance(ev, str) else ev})")
            elif ev not in source:
                err(f"{rid}: evidence not an exact substring of source.txt: {ev}")
            else:
                if not any(ev in unit_text.get(a, "") for a in arts):
                    err(f"{rid}: evidence not inside any cited article/slide {arts}")
                if nows(ev) not in pdf_ns:
                    err(f"{rid}: evidence not found in PDF text: {ev}")
                if nows(ev) not in docx_ns:
                    err(f"{rid}: evidence not found in DOCX text: {ev}")
            if not isinstance(keys, list) or not (1 <= len(keys) <= 3):
                err(f"{rid}: keys must be a list of 1-3 strings")
            else:
                for k in keys:
                    if not k or k not in ev:
                        err(f"{rid}: key '{k}' not in evidence")
            # paraphrase, not copy: no long run shared with the book
            m = SequenceMatcher(None, r["question"], source, autojunk=False).find_longest_match(
                0, len(r["question"]), 0, len(source))
            if m.size >= 14:
                err(f"{rid}: question copies the book ({r['question'][m.a:m.a + m.size]})")
        else:
            if r["articles"] != [] or r["evidence"] != "" or r["keys"] != []:
                err(f"{rid}: unanswerable must have articles [], evidence '', keys []")

    n = len(rows) or 1
    coll = sum(r.get("style") == "colloquial" for r in rows)
    lp = sum(r.get("kind") in ("list", "procedure") for r in rows)
    lp_ans = sum(r.get("kind") in ("list", "procedure") for r in ans)
    if coll / n < 0.60:
        err(f"colloquial share {coll}/{n} < 60%")
    if lp / n < 0.25:
        err(f"list/procedure share {lp}/{n} < 25%")
    if MODE == "articles":
        arabic = sum(bool(re.search(r"\d", r["question"])) for r in rows if r.get("style") == "colloquial")
        if arabic < 3:
            err(f"only {arabic} colloquial questions use Arabic numerals")
        multi = sum(len(r.get("articles", [])) > 1 for r in ans)
        if multi < 2:
            warnings.append(f"only {multi} cross-referenced questions")

    # near-duplicates
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            a, b = rows[i]["question"], rows[j]["question"]
            ratio = SequenceMatcher(None, a, b).ratio()
            ba, bb = bigrams(a), bigrams(b)
            jac = len(ba & bb) / (len(ba | bb) or 1)
            if ratio > 0.7 or jac > 0.5:
                err(f"near-duplicate questions {rows[i]['id']} / {rows[j]['id']} (ratio {ratio:.2f}, jaccard {jac:.2f})")
            if rows[i].get("evidence") and rows[i]["evidence"] == rows[j].get("evidence"):
                err(f"same evidence used twice: {rows[i]['id']} / {rows[j]['id']}")

    kinds = {}
    for r in rows:
        kinds[r.get("kind")] = kinds.get(r.get("kind"), 0) + 1
    print(f"{FOLDER}: {len(rows)} questions ({len(ans)} answerable, {len(una)} unanswerable)")
    print(f"  colloquial {coll}/{n} = {coll / n:.0%}; list/procedure {lp}/{n} = {lp / n:.0%} "
          f"({lp_ans} among answerable)")
    print("  kinds:", ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(f"  PDF text layer: {len(pdf_ns)} non-space chars; DOCX text: {len(docx_ns)}")
    return report()


def report():
    for w in warnings:
        print("WARN:", w)
    for e in errors:
        print("FAIL:", e)
    print("PASS" if not errors else f"{len(errors)} problem(s)")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
