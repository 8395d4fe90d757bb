"""Check the devdocs9 and newdocs7 question sets against their books.

Exits non-zero on any problem. Checks, per folder:
- every row has exactly the agreed fields with the right types and values;
- 45 rows: 30 answerable + 15 unanswerable; ids DD9-001.. / N7-001.. in order;
- files alternate .docx / .pdf, exist, and are named after the book's title;
- >= 70% colloquial, >= 20% list/procedure questions;
- answerable rows: articles name a real section (devdocs9: "4.2.1 检查频率") or question
  (newdocs7: "问12"), evidence is found verbatim (whitespace removed) in source.txt, inside
  that section or question, in the .docx text and in the PDF text layer; 1-3 keys, each inside
  the evidence;
- unanswerable rows: articles [], evidence "", keys [];
- no duplicate ids or questions;
- the PDF text layer holds Chinese text and the page footers.
Run: /work/main/.venv/bin/python evals/devdocs9/check_questions.py
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from docx import Document
from pypdf import PdfReader

EVALS = Path(__file__).resolve().parent.parent
FIELDS = ["id", "question", "answerable", "file", "doc", "articles", "evidence", "keys", "kind", "style"]
KINDS = {"period", "frequency", "number", "role", "list", "yes_no", "procedure", "definition", "category", "other"}
STYLES = {"colloquial", "formal"}

SETS = [
    {"folder": "devdocs9", "prefix": "DD9", "title": "瀚川银行公司客户贷后管理操作规程",
     "footer": re.compile(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页"), "header": "HC/CZ-DH-2026-03"},
    {"folder": "newdocs7", "prefix": "N7", "title": "青禾县农村信用合作联社贷后管理问答手册",
     "footer": re.compile(r"贷后管理问答手册\s*第\s*(\d+)\s*页"), "header": None},
]


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def docx_text(path: Path) -> str:
    d = Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            seen = set()
            for c in row.cells:
                if id(c._tc) in seen:
                    continue
                seen.add(id(c._tc))
                parts.append(c.text)
    return "\n".join(parts)


def sections_devdocs(src: str) -> dict[str, str]:
    """Map "4.2.1 检查频率" -> squashed text of that section (up to the next heading)."""
    out, cur, buf = {}, None, []
    for line in src.splitlines():
        m = re.match(r"@H[123] (.+)$", line)
        if m:
            if cur:
                out[cur] = squash("\n".join(buf))
            cur, buf = m.group(1).strip(), []
        elif cur:
            buf.append(line)
    if cur:
        out[cur] = squash("\n".join(buf))
    return out


def sections_newdocs(src: str) -> dict[str, str]:
    """Map "问12" -> squashed text of question 12 and its answer (up to the next question or chapter)."""
    out, cur, buf = {}, None, []
    for line in src.splitlines():
        m = re.match(r"@Q (\d+)\. 问：", line)
        if m or line.startswith("@H1"):
            if cur:
                out[cur] = squash("\n".join(buf))
            cur, buf = (f"问{m.group(1)}" if m else None), []
        if cur:
            buf.append(line)
    if cur:
        out[cur] = squash("\n".join(buf))
    return out


def check_set(cfg) -> list[str]:
    errs: list[str] = []
    folder = EVALS / cfg["folder"]
    title, prefix = cfg["title"], cfg["prefix"]
    src_raw = (folder / "source.txt").read_text(encoding="utf-8")
    src = squash(src_raw)
    docx_path, pdf_path = folder / f"{title}.docx", folder / f"{title}.pdf"
    for p in (docx_path, pdf_path, folder / "make_docs.py"):
        if not p.exists():
            errs.append(f"{cfg['folder']}: missing {p.name}")
    if errs:
        return errs
    dtext = squash(docx_text(docx_path))
    reader = PdfReader(str(pdf_path))
    pages = [pg.extract_text() or "" for pg in reader.pages]
    ptext = squash("\n".join(pages))

    # the PDF text layer: Chinese text, footers on every page but the cover, header code
    if len(re.findall(r"[\u4e00-\u9fff]", ptext)) < 4000:
        errs.append(f"{cfg['folder']}: PDF text layer has too little Chinese text")
    for i, pg in enumerate(pages[1:], start=2):
        m = cfg["footer"].search(pg)
        if not m or int(m.group(1)) != i:
            errs.append(f"{cfg['folder']}: page {i} has no footer with its page number")
        elif m.lastindex == 2 and int(m.group(2)) != len(pages):
            errs.append(f"{cfg['folder']}: page {i} footer total {m.group(2)} != {len(pages)}")
        if cfg["header"] and cfg["header"] not in pg:
            errs.append(f"{cfg['folder']}: page {i} has no header with the document code")
    if squash(title)[:8] not in ptext:
        errs.append(f"{cfg['folder']}: title not in PDF text")

    secs = sections_devdocs(src_raw) if prefix == "DD9" else sections_newdocs(src_raw)

    rows = []
    for ln, line in enumerate((folder / "questions.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            errs.append(f"{cfg['folder']}: blank line {ln}")
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            errs.append(f"{cfg['folder']}: line {ln} not JSON: {e}")
    if len(rows) != 45:
        errs.append(f"{cfg['folder']}: {len(rows)} rows, want 45")
    n_ans = sum(1 for r in rows if r.get("answerable") is True)
    if n_ans != 30 or len(rows) - n_ans != 15:
        errs.append(f"{cfg['folder']}: {n_ans} answerable / {len(rows) - n_ans} unanswerable, want 30/15")

    ids, qs = set(), set()
    for n, r in enumerate(rows, 1):
        rid = r.get("id", f"row{n}")
        if list(r.keys()) != FIELDS:
            errs.append(f"{rid}: fields {list(r.keys())} != {FIELDS}")
            continue
        if rid != f"{prefix}-{n:03d}":
            errs.append(f"{rid}: id out of sequence, want {prefix}-{n:03d}")
        if rid in ids:
            errs.append(f"{rid}: duplicate id")
        ids.add(rid)
        q = r["question"]
        if not isinstance(q, str) or len(q) < 6:
            errs.append(f"{rid}: question too short")
        elif squash(q) in qs:
            errs.append(f"{rid}: duplicate question")
        qs.add(squash(q) if isinstance(q, str) else q)
        if not isinstance(r["answerable"], bool):
            errs.append(f"{rid}: answerable not bool")
        want_ext = "docx" if n % 2 == 1 else "pdf"
        if r["file"] != f"evals/{cfg['folder']}/{title}.{want_ext}":
            errs.append(f"{rid}: file {r['file']!r}, want the .{want_ext}")
        if r["doc"] != title:
            errs.append(f"{rid}: doc {r['doc']!r} != {title!r}")
        if r["kind"] not in KINDS:
            errs.append(f"{rid}: kind {r['kind']!r}")
        if r["style"] not in STYLES:
            errs.append(f"{rid}: style {r['style']!r}")
        if not isinstance(r["articles"], list) or not isinstance(r["keys"], list) or not isinstance(r["evidence"], str):
            errs.append(f"{rid}: articles/keys must be lists, evidence a string")
            continue
        if r["answerable"]:
            ev = squash(r["evidence"])
            if len(ev) < 4:
                errs.append(f"{rid}: evidence empty")
                continue
            if ev not in src:
                errs.append(f"{rid}: evidence not in source.txt: {r['evidence']}")
            if ev not in dtext:
                errs.append(f"{rid}: evidence not in docx text: {r['evidence']}")
            if ev not in ptext:
                errs.append(f"{rid}: evidence not in PDF text layer: {r['evidence']}")
            if not r["articles"]:
                errs.append(f"{rid}: answerable without articles")
            for a in r["articles"]:
                if a not in secs:
                    errs.append(f"{rid}: article {a!r} not a section/question of the book")
                elif ev not in secs[a] and len(r["articles"]) == 1:
                    errs.append(f"{rid}: evidence not inside {a!r}")
            if not 1 <= len(r["keys"]) <= 3:
                errs.append(f"{rid}: {len(r['keys'])} keys, want 1-3")
            for k in r["keys"]:
                if not isinstance(k, str) or not k or squash(k) not in ev:
                    errs.append(f"{rid}: key {k!r} not in evidence")
        else:
            if r["articles"] != [] or r["evidence"] != "" or r["keys"] != []:
                errs.append(f"{rid}: unanswerable must have articles [], evidence '', keys []")

    if rows:
        coll = sum(1 for r in rows if r.get("style") == "colloquial")
        if coll < 0.7 * len(rows):
            errs.append(f"{cfg['folder']}: {coll}/{len(rows)} colloquial, want >= 70%")
        lists = sum(1 for r in rows if r.get("kind") in ("list", "procedure"))
        if lists < 0.2 * len(rows):
            errs.append(f"{cfg['folder']}: {lists}/{len(rows)} list/procedure, want >= 20%")
    return errs


def main() -> int:
    errs: list[str] = []
    for cfg in SETS:
        errs += check_set(cfg)
    # the two sets must not share a question
    qsets = []
    for cfg in SETS:
        p = EVALS / cfg["folder"] / "questions.jsonl"
        qsets.append({squash(json.loads(x)["question"]) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()})
    if qsets[0] & qsets[1]:
        errs.append(f"questions shared between the sets: {sorted(qsets[0] & qsets[1])}")
    for e in errs:
        print("FAIL", e)
    if errs:
        print(f"{len(errs)} problem(s)")
        return 1
    print("OK: devdocs9 and newdocs7 question sets pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
