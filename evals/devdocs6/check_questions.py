"""Check questions.jsonl against source.txt and the PDF text layer."""
import glob, json, sys, os
import pypdf

KEYS = ["id", "question", "answerable", "doc", "file", "articles", "evidence", "keys", "kind", "style", "split"]
KINDS = {"period", "frequency", "number", "role", "list", "steps", "yes_no", "category", "definition", "other"}

def check(folder, prefix, split):
    errs = []
    src = open(os.path.join(folder, "source.txt"), encoding="utf-8").read()
    title = src.split("\n", 1)[0]
    rows = [json.loads(l) for l in open(os.path.join(folder, "questions.jsonl"), encoding="utf-8") if l.strip()]
    ids = [r["id"] for r in rows]
    if len(set(ids)) != len(ids): errs.append("duplicate ids")
    if ids != [f"{prefix}-{i:03d}" for i in range(1, len(rows) + 1)]: errs.append("id sequence")
    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]
    for r in rows:
        if list(r.keys()) != KEYS: errs.append(f"{r['id']} key order {list(r.keys())}")
        if r["kind"] not in KINDS: errs.append(f"{r['id']} kind")
        if r["style"] not in ("colloquial", "formal"): errs.append(f"{r['id']} style")
        if r["split"] != split: errs.append(f"{r['id']} split")
        if r["file"] != "": errs.append(f"{r['id']} file")
        if r["answerable"]:
            ev = r["evidence"]
            if r["doc"] != title: errs.append(f"{r['id']} doc != first line")
            if not ev or ev not in src: errs.append(f"{r['id']} evidence not in source")
            if "\n" in ev or "\t" in ev: errs.append(f"{r['id']} evidence spans line/cell")
            if len(ev) > 80: errs.append(f"{r['id']} evidence {len(ev)} chars")
            if not (1 <= len(r["keys"]) <= 3): errs.append(f"{r['id']} keys count")
            for k in r["keys"]:
                if k not in ev: errs.append(f"{r['id']} key {k!r} not in evidence")
                if not (2 <= len(k) <= 12): errs.append(f"{r['id']} key {k!r} length")
            if not r["articles"]: errs.append(f"{r['id']} no articles")
            for a in r["articles"]:
                # the label must appear in the source (clause label or heading path words)
                parts = a.split(" ")
                if not all(p in src for p in parts): errs.append(f"{r['id']} article label {a!r} not found")
        else:
            if r["doc"] or r["articles"] or r["evidence"] or r["keys"]: errs.append(f"{r['id']} unanswerable fields not empty")
    coll = sum(r["style"] == "colloquial" for r in rows)
    ls = sum(r["kind"] in ("list", "steps") for r in ans)
    if len(rows) != 45 or len(ans) != 30 or len(una) != 15: errs.append("counts")
    if coll / len(rows) < 0.75: errs.append("colloquial share")
    if ls / len(ans) < 0.20: errs.append("list/steps share")
    # PDF text layer
    pdfs = glob.glob(os.path.join(folder, "*.pdf"))
    docxs = glob.glob(os.path.join(folder, "*.docx"))
    rd = pypdf.PdfReader(pdfs[0])
    ptxt = "".join(p.extract_text() or "" for p in rd.pages)
    norm = lambda s: "".join(ch for ch in s if not ch.isspace())
    pn = norm(ptxt)
    cjk_pdf = sum(1 for ch in ptxt if "\u4e00" <= ch <= "\u9fff")
    cjk_src = sum(1 for ch in src if "\u4e00" <= ch <= "\u9fff")
    # how many evidences are found in the pdf text (whitespace-insensitive)
    ev_in_pdf = sum(1 for r in ans if norm(r["evidence"]) in pn)
    print(f"[{split}] title: {title}")
    print(f"  files: {len(docxs)} docx, {len(pdfs)} pdf; pdf pages {len(rd.pages)}; CJK chars source {cjk_src}, pdf text layer {cjk_pdf}")
    print(f"  rows {len(rows)} (answerable {len(ans)}, unanswerable {len(una)}); colloquial {coll} ({coll/len(rows):.0%}); list/steps among answerable {ls} ({ls/len(ans):.0%})")
    print(f"  ids unique: {len(set(ids)) == len(ids)}; evidences in source: {sum(r['evidence'] in src for r in ans)}/30; evidences also found in PDF text (whitespace-insensitive): {ev_in_pdf}/30")
    print("  errors:", errs if errs else "none")
    return not errs

ok = check("/work/main/evals/newdocs4", "N4", "newdocs4")
if os.path.exists("/work/main/evals/devdocs6/questions.jsonl"):
    ok &= check("/work/main/evals/devdocs6", "DD6", "devdocs6")
sys.exit(0 if ok else 1)
