"""Mechanical checks for evals/newdocs14 (the 栖霞湖 book and its questions).

1. questions.jsonl: key set and order, ids ND14-001…, kinds, styles, the
   answerable/unanswerable field rules, evidence 10–60 chars and verbatim
   inside the cited clause of source.txt (a clause = the article's 款/项/目
   lines plus the footnotes whose marks sit in it; 附件 = the annex table),
   keys 2–12 chars found in the evidence or the clause, evidence present in
   the .docx text (paragraphs + tables) and, whitespace removed, in the .pdf
   text layer (pypdf), colloquial questions copying < 8 chars of evidence,
   and the required mix / counts.
2. unanswerable questions: each one is matched by a probe below; the probe's
   strings must be absent from the whole book (and, where given, its
   'present' strings must be there, showing the near miss), and the question
   must share some wording (>= 3 chars) with the book.
3. the rendered files keep the house style: TOC (docx: toc 1 paragraphs with
   a TOC field, dot-leader tab and PAGEREF; pdf: page 2 with dot leaders),
   TOC page numbers = the pdf pages where the chapters start, a running
   header naming the current chapter on every page, footer "- N -",
   footnotes at the bottom of the page of their mark (pdf) / at the end of
   their chapter (docx), the annex table running over a page break with its
   two-row header repeated, articles written "第X条　　".

Exit status 0 only when every check passes.
Usage: /work/main/.venv/bin/python check_questions.py
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))          # /work/main
SRC = os.path.join(HERE, "source.txt")
QFILE = os.path.join(HERE, "questions.jsonl")
PREFIX = "ND14"
KEYS = ["id", "question", "answerable", "file", "doc", "articles", "evidence",
        "keys", "kind", "style"]
KINDS = {"number", "frequency", "deadline", "role", "procedure", "list",
         "yes_no", "definition", "condition", "other"}
MARK_RE = re.compile(r"\{(注\d+)\}")
ART_RE = re.compile(r"^(第[一二三四五六七八九十百]+条)　　\S")
CN = "零一二三四五六七八九"
SITUATION_RE = re.compile(r"^(我这有个|我这边有个|有个|我管的|我手上有个)?\S{0,6}?(客户|借款人|持卡人)")

# Unanswerable near misses: a question fragment -> strings that must NOT be in
# the book, and strings that MUST be (what makes it a near miss).
PROBES = {
    "车贷": {"absent": ["车贷", "汽车消费贷款的贷后检查", "汽车消费贷款逾期"],
           "present": ["个人汽车消费贷款和个人助学贷款的贷后管理，不适用本细则"]},
    "个人经营性贷款": {"absent": ["经营贷", "经营性贷款的贷后检查", "经营性贷款每"],
                "present": ["个人经营性贷款、个人汽车消费贷款"]},
    "人行征信": {"absent": ["报送征信", "上报征信", "征信报送", "人民银行", "人行", "征信报告"], "present": ["征信查询"]},
    "建行": {"absent": ["建行", "建设银行", "中国银行", "工商银行"], "present": ["抽样检查按季度开展"]},
    "2021年版": {"absent": ["2021年版规定", "原细则规定", "原为", "由原"], "present": ["（2021年版）"]},
    "律师函模板": {"absent": ["模板", "编号"], "present": ["律师函"]},
    "个人所得税": {"absent": ["个人所得税", "专项附加扣除", "个税", "税"], "present": ["提前还款"]},
    "DTI": {"absent": ["DTI", "收入偿债", "负债收入比", "月供收入比"], "present": ["消费类贷款"]},
    "公积金": {"absent": ["公积金", "组合贷"], "present": ["个人住房贷款"]},
    "手续费率": {"absent": ["手续费", "费率"], "present": ["专项分期"]},
    "外包": {"absent": ["外包", "委外", "催收公司", "第三方催收"], "present": ["外聘律师事务所"]},
    "批量转让": {"absent": ["转让", "资产管理公司"], "present": ["不良资产处置"]},
    "最长能批几年": {"absent": ["期限不得超过", "最长期限", "期限最长", "贷款期限"], "present": ["消费类贷款"]},
    "最长能延多久": {"absent": ["延期期限", "延长期限", "展期", "延期不超过", "延期最长"],
               "present": ["申请延期还款或调整还款计划"]},
    "罚息": {"absent": ["罚息", "复利", "加收"], "present": ["逾期贷款"]},
}

errors = []


def err(msg):
    errors.append(msg)


def nows(s):
    return re.sub(r"\s+", "", s)


def cn_num(n):
    if n < 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n % 10] if n % 10 else "")
    return CN[n // 10] + "十" + (CN[n % 10] if n % 10 else "")


# ------------------------------------------------------------ source model
def load_source():
    meta, units, kuan_count, sections, notes = {}, {}, {}, [], {}
    mark_unit, mark_section, rev = {}, {}, ""
    current = section = None
    table_cells, header_cells, in_table, hrows, row_no = [], [], False, 0, 0
    art_no = 0
    with open(SRC, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            kind, _, rest = line.partition("|")
            if kind == "META":
                k, _, v = rest.partition("|")
                meta[k] = v
            elif kind in ("CH", "ANNEX"):
                section = rest
                sections.append(rest)
                current = None
            elif kind == "ART":
                m = ART_RE.match(rest)
                if not m:
                    err("source: article not written '第X条　　': " + rest[:20])
                    continue
                art_no += 1
                current = m.group(1)
                if current != "第%s条" % cn_num(art_no):
                    err("source: article %s out of sequence (expected 第%s条)" % (current, cn_num(art_no)))
                if current in units:
                    err("source: duplicate " + current)
                units[current] = [("P", rest)]
                kuan_count[current] = 1
            elif kind in ("KUAN", "XIANG", "MU"):
                if not current:
                    err("source: %s outside an article: %s" % (kind, rest[:20]))
                    continue
                units[current].append((kind, rest))
                if kind == "KUAN":
                    kuan_count[current] += 1
            elif kind == "NOTE":
                mark, _, text = rest.partition("|")
                notes[mark] = text
            elif kind == "REV":
                rev = rest
                current = None
            elif kind == "TABLE":
                in_table, hrows, row_no = True, int(rest.split("|")[1]), 0
                current = None
            elif kind == "TR":
                cells = [c for c in rest.split("|") if c not in ("", "<", "^")]
                (header_cells if row_no < hrows else table_cells).extend(cells)
                row_no += 1
            elif kind == "ENDTABLE":
                in_table = False
            elif kind in ("COVER", "TOC", "P", "TNOTE"):
                pass
            else:
                err("source: unknown line kind " + kind)
            if kind in ("ART", "KUAN", "XIANG", "MU") and current:
                for m in MARK_RE.findall(rest):
                    mark_unit[m] = current
                    mark_section[m] = section
    # notes belong to the clause that carries their mark
    for mark, text in notes.items():
        if mark not in mark_unit:
            err("source: note %s has no mark" % mark)
            continue
        units[mark_unit[mark]].append(("NOTE", mark + "：" + text))
    units["附件"] = [("CELL", c) for c in header_cells + table_cells]
    # marks are rendered as plain text "注N" in both files
    units = {k: [(t, MARK_RE.sub(r"\1", s)) for t, s in v] for k, v in units.items()}
    return dict(meta=meta, units=units, kuan=kuan_count, sections=sections,
                notes=notes, mark_unit=mark_unit, mark_section=mark_section,
                rev=rev, header_cells=header_cells)


# ------------------------------------------------------------ docx
def check_docx(path, src):
    from docx import Document
    from docx.oxml.ns import qn
    d = Document(path)
    meta = src["meta"]
    paras = d.paragraphs
    texts = [p.text for p in paras]
    parts = list(texts)
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                parts.append(cell.text)
    # TOC
    toc = [(p.text, p) for p in paras if p.style.name.lower() == "toc 1"]
    instr = " ".join(el.text or "" for el in d.element.body.iter(qn("w:instrText")))
    if not re.search(r"\bTOC\b", instr):
        err("docx: no TOC field")
    if instr.count("PAGEREF") < len(src["sections"]):
        err("docx: TOC entries lack PAGEREF fields")
    toc_pages = {}
    for text, p in toc:
        m = re.match(r"^(.+?)\t(\d+)$", text)
        if not m:
            err("docx: TOC line not 'title<TAB>page': %r" % text)
            continue
        toc_pages[m.group(1)] = int(m.group(2))
        stops = p.style.paragraph_format.tab_stops
        if not any(str(ts.leader).endswith("DOTS (1)") or "DOT" in str(ts.leader) for ts in stops):
            err("docx: TOC style has no dot-leader tab stop")
    if list(toc_pages) != src["sections"]:
        err("docx: TOC entries %s != chapters %s" % (list(toc_pages), src["sections"]))
    # headings, headers per section
    heads = [p.text for p in paras if p.style.name == "Heading 1"]
    if heads != src["sections"]:
        err("docx: Heading 1 list differs from chapters")
    sec_headers = [s.header.paragraphs[0].text for s in d.sections]
    want = [meta["SHORT"] + "　" + x for x in src["sections"]]
    if sec_headers[-len(want):] != want:
        err("docx: section headers do not name the chapters")
    if not sec_headers[1].endswith("目录"):
        err("docx: TOC section header should name 目录")
    footer_xml = d.sections[0].footer._element.xml
    if "PAGE" not in footer_xml or "- " not in d.sections[0].footer.paragraphs[0].text:
        err("docx: footer '- PAGE -' missing")
    for s in d.sections[1:]:
        if not s.footer.is_linked_to_previous:
            err("docx: footer not continued in every section")
            break
    # footnotes at the end of their chapter
    head_idx = [i for i, p in enumerate(paras) if p.style.name == "Heading 1"]
    for mark, text in src["notes"].items():
        sec = src["mark_section"].get(mark)
        ni = [i for i, t in enumerate(texts) if t == mark + "：" + text]
        mi = [i for i, t in enumerate(texts) if mark in t and not t.startswith(mark + "：")]
        if len(ni) != 1 or len(mi) != 1:
            err("docx: note/mark %s not found once" % mark)
            continue
        start = head_idx[src["sections"].index(sec)]
        nxt = [h for h in head_idx if h > start]
        end = nxt[0] if nxt else len(paras)
        body_after = [t for t in texts[ni[0] + 1:end] if t and not re.match(r"^注\d+：", t)]
        if not (start < mi[0] < ni[0] < end) or body_after:
            err("docx: note %s is not at the end of %s" % (mark, sec))
        sup = [r for r in paras[mi[0]].runs if r.text == mark and r.font.superscript]
        if not sup:
            err("docx: mark %s is not superscript" % mark)
    # annex table header rows repeat
    t = d.tables[0]
    for r in range(2):
        if t.rows[r]._tr.find(qn("w:trPr")) is None or t.rows[r]._tr.trPr.find(qn("w:tblHeader")) is None:
            err("docx: annex header row %d not marked to repeat" % (r + 1))
    return "\n".join(parts), toc_pages


# ------------------------------------------------------------ pdf
def check_pdf(path, src, docx_toc):
    from pypdf import PdfReader
    r = PdfReader(path)
    meta = src["meta"]
    box = r.pages[0].mediabox
    if abs(float(box.width) - 595.3) > 1.5 or abs(float(box.height) - 841.9) > 1.5:
        err("pdf: not A4")
    raw = [pg.extract_text() or "" for pg in r.pages]
    pages = [nows(t) for t in raw]
    if sum(len(p) for p in pages) < 8000:
        err("pdf: text layer too thin")
    # TOC on page 2
    toc = {}
    for m in re.finditer(r"((?:第[一二三四五六七八九十]+章|附件)　\S+?)\s*\.{3,}\s*(\d+)", raw[1]):
        toc[m.group(1)] = int(m.group(2))
    if "目录" not in pages[1] or list(toc) != src["sections"]:
        err("pdf: page 2 TOC entries %s != chapters" % list(toc))
    # running header / footer per page; chapter start pages
    short = nows(meta["SHORT"])
    starts, current, body = {}, None, []
    cover = nows(meta["TITLE"].replace("栖霞湖农村商业银行", ""))
    for i, t in enumerate(pages, 1):
        foot = "-%d-" % i
        if not t.endswith(foot) and foot not in t:
            err("pdf: page %d footer '- %d -' missing" % (i, i))
        expected = None
        for sec in src["sections"]:
            if t.startswith(nows(sec)):
                starts[sec] = i
                current = sec
        expected = {1: cover, 2: "目录"}.get(i, nows(current or ""))
        hdr = short + expected
        if hdr not in t:
            err("pdf: page %d header should be %s" % (i, meta["SHORT"] + "　" + expected))
        b = t.replace(hdr, "", 1).replace(foot, "", 1)
        for mark, note in src["notes"].items():
            nt = nows(mark + "：" + note)
            if nt in b:
                pos_note, pos_hdr = t.find(nt), t.find(hdr)
                if pos_note < pos_hdr:
                    err("pdf: note %s not printed in the page-bottom block" % mark)
                b = b.replace(nt, "")
                if mark not in b:
                    err("pdf: note %s printed on page %d but its mark is not there" % (mark, i))
                src.setdefault("note_pages", {})[mark] = i
        body.append(b)
    for mark in src["notes"]:
        if mark not in src.get("note_pages", {}):
            err("pdf: note %s not printed at any page bottom" % mark)
    if toc != starts:
        err("pdf: TOC page numbers %s != chapter start pages %s" % (toc, starts))
    if docx_toc != starts:
        err("docx: TOC page numbers differ from the pdf chapter start pages")
    # annex table spans a page break, header repeated
    hdr_pages = [i for i, t in enumerate(pages, 1) if "主要方式辅助措施牵头岗位配合岗位" in t]
    if len(hdr_pages) < 2:
        err("pdf: annex table header not repeated over a page break (%s)" % hdr_pages)
    return "".join(body), "".join(pages), len(pages), toc


# ------------------------------------------------------------ helpers
def lcs_len(a, b):
    best = 0
    prev = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best:
                    best = cur[j]
        prev = cur
    return best


def main():
    src = load_source()
    meta, units = src["meta"], src["units"]
    base = os.path.join(HERE, meta["TITLE"])
    docx_path, pdf_path = base + ".docx", base + ".pdf"
    for p in (docx_path, pdf_path, QFILE):
        if not os.path.exists(p):
            print("missing", p)
            sys.exit(1)
    dtext, docx_toc = check_docx(docx_path, src)
    pbody, pall, npages, toc = check_pdf(pdf_path, src, docx_toc)
    with open(SRC, encoding="utf-8") as fh:
        book = "".join(l.partition("|")[2] for l in fh if not l.startswith("#"))
    book = MARK_RE.sub(r"\1", book)

    qs = []
    with open(QFILE, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                qs.append(json.loads(line))
            except ValueError as e:
                err("line %d: bad json %s" % (n, e))
    ids = [q.get("id") for q in qs]
    if ids != ["%s-%03d" % (PREFIX, i) for i in range(1, len(qs) + 1)]:
        err("ids not sequential %s-001…" % PREFIX)

    st = dict(total=len(qs), answerable=0, unanswerable=0, colloquial=0,
              list_procedure=0, yes_no=0, situation_first=0, table=0,
              footnote=0, multi_kuan=0, max_colloquial_overlap=0)
    expected_file = os.path.relpath(docx_path, ROOT)
    probes_used = set()
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
            err("%s: answerable must be a bool" % qid)
        if q["style"] == "colloquial":
            st["colloquial"] += 1
        if not q["answerable"]:
            st["unanswerable"] += 1
            if q["file"] != "" or q["doc"] != "" or q["articles"] != [] or q["evidence"] != "" or q["keys"] != []:
                err("%s: unanswerable must have empty file/doc/articles/evidence/keys" % qid)
            hits = [k for k in PROBES if k in q["question"]]
            if len(hits) != 1:
                err("%s: unanswerable question matched by %d probes" % (qid, len(hits)))
                continue
            pr = PROBES[hits[0]]
            probes_used.add(hits[0])
            for s in pr["absent"]:
                if s in book:
                    err("%s: book does contain %r — not unanswerable" % (qid, s))
            for s in pr.get("present", []):
                if s not in book:
                    err("%s: near-miss anchor %r missing from the book" % (qid, s))
            if lcs_len(q["question"], book) < 3:
                err("%s: shares no wording with the book" % qid)
            continue
        st["answerable"] += 1
        if q["file"] != expected_file:
            err("%s: file %r != %r" % (qid, q["file"], expected_file))
        if q["doc"] != meta["TITLE"]:
            err("%s: doc != title" % qid)
        if not (isinstance(q["articles"], list) and len(q["articles"]) == 1 and q["articles"][0] in units):
            err("%s: article %r not in source" % (qid, q["articles"]))
            continue
        art = q["articles"][0]
        ev = q["evidence"]
        if not (10 <= len(ev) <= 60) or "\n" in ev:
            err("%s: evidence length %d" % (qid, len(ev)))
        segs = units[art]
        hit = [t for t, s in segs if ev in s]
        if not hit:
            err("%s: evidence not verbatim inside %s" % (qid, art))
            continue
        clause = "\n".join(s for _, s in segs)
        if not (isinstance(q["keys"], list) and 1 <= len(q["keys"]) <= 3):
            err("%s: 1-3 keys required" % qid)
        for k in q["keys"]:
            if not 2 <= len(k) <= 12:
                err("%s: key %r length" % (qid, k))
            if k not in ev and k not in clause:
                err("%s: key %r not in evidence or clause" % (qid, k))
        if ev not in dtext:
            err("%s: evidence not in docx text" % qid)
        if "NOTE" in hit:
            st["footnote"] += 1
            if nows(ev) not in pall:
                err("%s: footnote evidence not in pdf text" % qid)
        elif nows(ev) not in pbody:
            err("%s: evidence not in pdf body text (whitespace removed)" % qid)
        if art == "附件":
            st["table"] += 1
        if src["kuan"].get(art, 0) >= 2:
            st["multi_kuan"] += 1
        if q["kind"] in ("list", "procedure"):
            st["list_procedure"] += 1
        if q["kind"] == "yes_no":
            st["yes_no"] += 1
        if SITUATION_RE.match(q["question"]) and re.search(r"[，,]", q["question"]):
            st["situation_first"] += 1
        if q["style"] == "colloquial":
            ov = lcs_len(q["question"], ev)
            st["max_colloquial_overlap"] = max(st["max_colloquial_overlap"], ov)
            if ov >= 8:
                err("%s: colloquial question copies %d chars of the evidence" % (qid, ov))
    unused = set(PROBES) - probes_used
    if unused:
        err("probes without a question: %s" % sorted(unused))

    for k, v in (("total", 45), ("answerable", 30), ("unanswerable", 15)):
        if st[k] != v:
            err("%s = %d, expected %d" % (k, st[k], v))
    if st["colloquial"] * 2 < st["total"]:
        err("colloquial share below 50%")
    for k, v in (("list_procedure", 8), ("yes_no", 4), ("situation_first", 4), ("table", 3),
                 ("footnote", 2), ("multi_kuan", 3)):
        if st[k] < v:
            err("%s = %d, need >= %d" % (k, st[k], v))

    print("pdf pages:", npages, "| toc:", " ".join("%s=%d" % (k.split("　")[0], v) for k, v in toc.items()))
    print("footnote pages:", src.get("note_pages"))
    print("articles:", len([u for u in units if u != "附件"]), "| chapters+annex:", len(src["sections"]))
    print("counts:", json.dumps(st, ensure_ascii=False))
    if errors:
        print("FAILED (%d):" % len(errors))
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
