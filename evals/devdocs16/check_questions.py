"""Mechanical checks for evals/devdocs16 (星澜银行固定资产贷款及项目融资贷后管理实施办法).

1. The rendered files:
   * .docx: a numbering part exists; one abstractNum has a level with lvlText
     "第%1条" / numFmt chineseCounting, one "（%1）" / chineseCounting, one "%1." /
     decimal; every article paragraph carries w:numPr pointing (through a w:num)
     at the article definition, all through ONE w:num (one continuous sequence),
     in source order, and its text does not contain the number; the items of
     each article use their own w:num restarted with startOverride 1; chapter
     headings are literal text in a Heading 1 paragraph.
   * .pdf: A4, a text layer, running header and "第 X 页 共 Y 页" on every page,
     the 文号 above the title on page 1, every article printed as 第X条 in order,
     and the annex table running over a page break.
2. questions.jsonl: key set/order, ids, kinds/styles, the evidence verbatim in
   the cited clause of source.txt, in the .docx text (paragraphs + tables) and,
   whitespace removed, in the .pdf text (pypdf); keys in evidence/clause;
   colloquial questions copy fewer than 8 consecutive characters of the
   evidence; counts and mix.

Usage: /work/main/.venv/bin/python check_questions.py     (exit 0 only if all pass)
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))          # /work/main
SRC = os.path.join(HERE, "source.txt")
QFILE = os.environ.get("DD16_QFILE") or os.path.join(HERE, "questions.jsonl")
PREFIX = "DD16"
KINDS = {"number", "frequency", "deadline", "role", "procedure", "list",
         "yes_no", "definition", "condition", "other"}
KEYS = ["id", "question", "answerable", "file", "doc", "articles", "evidence",
        "keys", "kind", "style"]
# questions that open with the borrower's situation before asking
SITUATION_IDS = {"DD16-005", "DD16-009", "DD16-020", "DD16-024", "DD16-028",
                 "DD16-033", "DD16-036"}
QUESTION_MARKERS = re.compile(r"[？?吗呢]|多久|多少|几|怎么|咋|啥|什么|哪|是否|能不能|要不要")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

sys.path.insert(0, HERE)
from make_docs import article_label, cn_num, parse  # noqa: E402

errors = []


def err(msg):
    errors.append(msg)


# ------------------------------------------------------------ source model
def load_units(elems):
    """units: '第X条' / '附件' -> list of (segment kind, text); kuan: '第X条' -> number of 款."""
    units, kuan = {}, {}
    for e in elems:
        k = e["kind"]
        if k == "ART":
            lab = article_label(e["n"])
            units[lab] = [("ART", e["text"])]
            kuan[lab] = 1
        elif k in ("KUAN", "ITEM", "DEC"):
            lab = article_label(e["art"])
            units[lab].append((k, e["text"]))
            if k == "KUAN":
                kuan[lab] += 1
        elif k == "TABLE":
            units[e["name"]] = [("CELL", c) for row in e["rows"] for c in row
                                if c not in ("", "<", "^")]
    return units, kuan


def squash(s):
    return re.sub(r"\s+", "", s)


# ------------------------------------------------------------ docx checks
def check_docx(path, meta, elems):
    from docx import Document
    d = Document(path)
    try:
        numbering = d.part.numbering_part.element
    except Exception as e:  # noqa
        err("docx: no numbering part (%s)" % e)
        return ""
    abstract = {}   # abstractNumId -> (numFmt, lvlText) of level 0
    for an in numbering.iter(W + "abstractNum"):
        lvl = [l for l in an.iter(W + "lvl") if l.get(W + "ilvl") == "0"]
        if not lvl:
            continue
        fmt = lvl[0].find(W + "numFmt")
        txt = lvl[0].find(W + "lvlText")
        abstract[an.get(W + "abstractNumId")] = (
            fmt.get(W + "val") if fmt is not None else None,
            txt.get(W + "val") if txt is not None else None)
    nums = {}       # numId -> (abstractNumId, startOverride or None)
    for num in numbering.iter(W + "num"):
        aid = num.find(W + "abstractNumId").get(W + "val")
        so = num.find("%slvlOverride/%sstartOverride" % (W, W))
        nums[num.get(W + "numId")] = (aid, so.get(W + "val") if so is not None else None)

    def find_abs(fmt, text):
        ids = [a for a, v in abstract.items() if v == (fmt, text)]
        if not ids:
            err("docx: no abstractNum with numFmt=%s lvlText=%s" % (fmt, text))
        return set(ids)

    art_abs = find_abs("chineseCounting", "第%1条")
    item_abs = find_abs("chineseCounting", "（%1）")
    dec_abs = find_abs("decimal", "%1.")

    # paragraphs with their numbering
    paras = []
    for p in d.paragraphs:
        numPr = p._p.pPr.numPr if p._p.pPr is not None else None
        nid = None
        if numPr is not None and numPr.numId is not None:
            nid = str(numPr.numId.val)
        paras.append((p, nid))

    src_arts = [e for e in elems if e["kind"] == "ART"]
    src_items = [e for e in elems if e["kind"] == "ITEM"]
    src_decs = [e for e in elems if e["kind"] == "DEC"]
    doc_arts = [(p, n) for p, n in paras if n and nums.get(n, (None,))[0] in art_abs]
    doc_items = [(p, n) for p, n in paras if n and nums.get(n, (None,))[0] in item_abs]
    doc_decs = [(p, n) for p, n in paras if n and nums.get(n, (None,))[0] in dec_abs]
    if len(doc_arts) != len(src_arts):
        err("docx: %d auto-numbered article paragraphs, source has %d" % (len(doc_arts), len(src_arts)))
    if len({n for _, n in doc_arts}) != 1:
        err("docx: articles do not share one w:num (sequence would restart)")
    elif nums[doc_arts[0][1]][1] is not None:
        err("docx: the article list has a startOverride")
    for (p, _), e in zip(doc_arts, src_arts):
        if p.text != e["text"]:
            err("docx: article %s text differs from source" % article_label(e["n"]))
    if len(doc_items) != len(src_items) or len(doc_decs) != len(src_decs):
        err("docx: items %d/%d, decimal items %d/%d (docx/source)"
            % (len(doc_items), len(src_items), len(doc_decs), len(src_decs)))
    # items restart under each article: one w:num per article, each with startOverride 1
    for lst, src in ((doc_items, src_items), (doc_decs, src_decs)):
        by_art = {}
        for (p, n), e in zip(lst, src):
            if p.text != e["text"]:
                err("docx: list item of %s differs from source" % article_label(e["art"]))
            by_art.setdefault(e["art"], set()).add(n)
        seen = set()
        for art, ns in by_art.items():
            if len(ns) != 1:
                err("docx: items of %s use several w:num" % article_label(art))
            n = next(iter(ns))
            if n in seen:
                err("docx: items of %s continue another article's list" % article_label(art))
            seen.add(n)
            if nums[n][1] != "1":
                err("docx: items of %s not restarted at 1" % article_label(art))
    for p, _ in paras:
        if re.match(r"\s*第[一二三四五六七八九十百]+条", p.text):
            err("docx: literal article number in paragraph text: %r" % p.text[:20])
        if re.match(r"\s*（[一二三四五六七八九十]+）", p.text):
            err("docx: literal item number in paragraph text: %r" % p.text[:20])
    h1 = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    src_h1 = [e["text"] for e in elems if e["kind"] == "H1"]
    if h1 != src_h1:
        err("docx: Heading 1 paragraphs differ from the chapters in source")
    if not d.paragraphs or d.paragraphs[0].text != meta["DOCNO"]:
        err("docx: first paragraph is not the 文号")
    # text: paragraphs + tables + header/footer
    parts = [p.text for p in d.paragraphs]
    if not d.tables:
        err("docx: annex table missing")
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                parts.append(cell.text)
    sec = d.sections[0]
    head = "".join(p.text for p in sec.header.paragraphs)
    foot_xml = sec.footer._element.xml
    if meta["HEADER"] not in head:
        err("docx: page header without the bank's name")
    if "PAGE" not in foot_xml or "NUMPAGES" not in foot_xml:
        err("docx: footer lacks PAGE / NUMPAGES fields")
    return "\n".join(parts)


# ------------------------------------------------------------ pdf checks
def check_pdf(path, meta, elems):
    """Whitespace-free PDF text with each page's running header and footer removed."""
    from pypdf import PdfReader
    r = PdfReader(path)
    n = len(r.pages)
    hdr = squash(meta["HEADER"])
    body = []
    for i, pg in enumerate(r.pages, 1):
        w, h = float(pg.mediabox.width), float(pg.mediabox.height)
        if abs(w - 595.3) > 1.5 or abs(h - 841.9) > 1.5:
            err("pdf page %d is not A4 (%.1f x %.1f)" % (i, w, h))
        t = squash(pg.extract_text() or "")
        if len(t) < 200 and i < n:
            err("pdf page %d has almost no text layer" % i)
        foot = squash(meta["FOOTER"].format(page=i, total=n))
        if hdr not in t:
            err("pdf page %d without header" % i)
        if foot not in t:
            err("pdf page %d without footer %s" % (i, foot))
        t = t.replace(hdr, "", 1).replace(foot, "", 1)
        body.append(t)
    first = body[0]
    dn, ti = squash(meta["DOCNO"]), squash(meta["TITLE"])
    if not (dn in first and ti in first and first.index(dn) < first.index(ti)):
        err("pdf page 1: 文号 not above the title")
    text = "".join(body)
    pos = 0
    for e in elems:
        if e["kind"] == "ART":
            lab = article_label(e["n"]) + squash(e["text"])[:12]
            j = text.find(lab, pos)
            if j < 0:
                err("pdf: %s not printed (in order)" % article_label(e["n"]))
            else:
                pos = j
        elif e["kind"] == "ITEM":
            if ("（%s）" % cn_num(e["n"])) + squash(e["text"])[:8] not in text:
                err("pdf: item （%s） of %s not printed" % (cn_num(e["n"]), article_label(e["art"])))
    from make_docs import table_split
    ok, p1, p2 = table_split(path, elems)
    if not ok:
        err("pdf: annex table does not run over a page break (pages %d-%d)" % (p1, p2))
    return text, n, (p1, p2)


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
    meta, elems = parse()
    units, kuan = load_units(elems)
    title = meta["TITLE"]
    docx_path = os.path.join(HERE, title + ".docx")
    pdf_path = os.path.join(HERE, title + ".pdf")
    for p in (docx_path, pdf_path):
        if not os.path.exists(p):
            err("missing rendered file " + p)
    if errors:
        return report({}, 0, None)
    dtext = check_docx(docx_path, meta, elems)
    ptext, npages, tpages = check_pdf(pdf_path, meta, elems)

    qs = []
    with open(QFILE, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                qs.append(json.loads(line))
            except Exception as e:  # noqa
                err("line %d: bad json %s" % (n, e))
    ids = [q.get("id") for q in qs]
    if ids != ["%s-%03d" % (PREFIX, i) for i in range(1, len(qs) + 1)]:
        err("ids not sequential %s-001…" % PREFIX)

    stats = dict(total=len(qs), answerable=0, unanswerable=0, colloquial=0,
                 list_or_procedure=0, yes_no=0, table=0, multi_kuan=0, later_kuan=0,
                 situation_first=0, mixed_language_unanswerable=0)
    expected_file = os.path.relpath(docx_path, ROOT)
    for q in qs:
        qid = q.get("id")
        if list(q.keys()) != KEYS:
            err("%s: keys/order %s" % (qid, list(q.keys())))
            continue
        if q["kind"] not in KINDS:
            err("%s: bad kind %r" % (qid, q["kind"]))
        if q["style"] not in ("formal", "colloquial"):
            err("%s: bad style %r" % (qid, q["style"]))
        if not isinstance(q["answerable"], bool):
            err("%s: answerable not a bool" % qid)
        if q["style"] == "colloquial":
            stats["colloquial"] += 1
        if qid in SITUATION_IDS:
            head = re.split(r"[，,]", q["question"], 1)[0]
            if not q["answerable"] or QUESTION_MARKERS.search(head) or "，" not in q["question"]:
                err("%s: listed as situation-first but does not open with the situation" % qid)
            else:
                stats["situation_first"] += 1
        if not q["answerable"]:
            stats["unanswerable"] += 1
            if q["file"] or q["doc"] or q["articles"] or q["evidence"] or q["keys"]:
                err("%s: unanswerable must have empty file/doc/articles/evidence/keys" % qid)
            if re.search(r"[A-Za-z]{2,}", q["question"]):
                stats["mixed_language_unanswerable"] += 1
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
        if re.match(r"第[一二三四五六七八九十]+条|（[一二三四五六七八九十]+）", ev):
            err("%s: evidence includes the auto number" % qid)
        segs = units[art]
        hit = [k for k, s in segs if ev in s]
        if not hit:
            err("%s: evidence not verbatim inside one paragraph/cell of %s" % (qid, art))
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
            err("%s: evidence not in docx paragraphs/tables" % qid)
        if squash(ev) not in ptext:
            err("%s: evidence not in pdf text (whitespace removed)" % qid)
        if art == "附件":
            stats["table"] += 1
        elif kuan[art] >= 2:
            stats["multi_kuan"] += 1
            if "KUAN" in hit:
                stats["later_kuan"] += 1     # the answer sits in the 2nd/3rd 款
        if q["kind"] in ("list", "procedure"):
            stats["list_or_procedure"] += 1
        if q["kind"] == "yes_no":
            stats["yes_no"] += 1
        if q["style"] == "colloquial":
            overlap = lcs_len(q["question"], ev)
            if overlap >= 8:
                err("%s: colloquial question copies %d chars of evidence" % (qid, overlap))

    # required mix
    for k, v in (("total", 45), ("answerable", 30), ("unanswerable", 15)):
        if stats[k] != v:
            err("%s = %d, expected %d" % (k, stats[k], v))
    for k, v in (("list_or_procedure", 8), ("yes_no", 4), ("table", 3), ("multi_kuan", 3),
                 ("later_kuan", 3),
                 ("situation_first", 4), ("mixed_language_unanswerable", 1)):
        if stats[k] < v:
            err("%s = %d, need at least %d" % (k, stats[k], v))
    if stats["colloquial"] * 2 < stats["total"]:
        err("colloquial share below 50%")
    return report(stats, npages, tpages, len([e for e in elems if e["kind"] == "ART"]))


def report(stats, npages, tpages, narts=0):
    if stats:
        print("articles: %d (auto-numbered in docx), pdf pages: %d, annex table on pdf pages %d-%d"
              % (narts, npages, tpages[0], tpages[1]))
        print("counts:", json.dumps(stats, ensure_ascii=False))
    if errors:
        print("FAILED (%d):" % len(errors))
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
