"""Build the devdocs10 book (a bank's compilation of post-loan rules) from source.txt.

Output: <title>.docx (python-docx) and <title>.pdf (LibreOffice headless, text layer).

Markup read from source.txt (one item per line):
  @cover T      cover title (title of the book = file name)
  @sub T        centred line on the cover
  @pagebreak    page break
  @h1 T         centred section heading (e.g. 编印说明)
  @toc          table of contents listing every @rule, with page numbers
  @rule T       title of one compiled rule (starts a new page, listed in the TOC)
  @docno T      the rule's issuing number line, centred
  @chapter T    chapter heading inside a rule
  @sub2 T       small note paragraph (no indent)
  @table ... @endtable   rows written as |cell|cell|
  any other line          body paragraph (first-line indent)

Running header: the compilation's name; footer: page number as "— N —".
The TOC page numbers are found by a first build whose PDF is searched for each rule's
title + issuing number; the book is then rebuilt with those numbers and checked again.

Run: /work/main/.venv/bin/python make_docs.py
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = os.path.dirname(os.path.abspath(__file__))
FONT = "WenQuanYi Micro Hei"


def parse(path):
    items = []
    table = None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip():
                continue
            if table is not None:
                if line.startswith("@endtable"):
                    items.append(("table", table))
                    table = None
                else:
                    table.append([c.strip() for c in line.strip().strip("|").split("|")])
                continue
            if line.startswith("@table"):
                table = []
                continue
            m = re.match(r"@(\w+)\s?(.*)$", line)
            if m:
                items.append((m.group(1), m.group(2)))
            else:
                items.append(("p", line))
    return items


def set_run_font(run, size=None, bold=None, color=None):
    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if color is not None:
        run.font.color.rgb = RGBColor(*color)


def add_field(paragraph, instr, size=10.5):
    """Append a simple field (PAGE, NUMPAGES) to a paragraph."""
    r1 = paragraph.add_run()
    set_run_font(r1, size)
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), "begin")
    r1._element.append(fc)
    r2 = paragraph.add_run()
    set_run_font(r2, size)
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = " %s " % instr
    r2._element.append(it)
    r3 = paragraph.add_run()
    set_run_font(r3, size)
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), "separate")
    r3._element.append(fc)
    r4 = paragraph.add_run("1")
    set_run_font(r4, size)
    r5 = paragraph.add_run()
    set_run_font(r5, size)
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), "end")
    r5._element.append(fc)


def bottom_border(paragraph):
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    b = OxmlElement("w:bottom")
    b.set(qn("w:val"), "single")
    b.set(qn("w:sz"), "6")
    b.set(qn("w:space"), "1")
    b.set(qn("w:color"), "808080")
    bdr.append(b)
    ppr.append(bdr)


def para(doc, text, size=12, bold=False, align=None, indent=True, before=0, after=4,
         page_break_before=False):
    p = doc.add_paragraph()
    pf = p.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = 1.35
    if align is not None:
        p.alignment = align
    if indent:
        pf.first_line_indent = Pt(size * 2)
    if page_break_before:
        pf.page_break_before = True
    if text:
        r = p.add_run(text)
        set_run_font(r, size, bold)
    return p


def build(items, title, toc_pages, out_docx):
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name = FONT
    st.font.size = Pt(12)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)

    sec = doc.sections[0]
    sec.page_height = Cm(29.7)
    sec.page_width = Cm(21.0)
    sec.top_margin = Cm(2.6)
    sec.bottom_margin = Cm(2.4)
    sec.left_margin = Cm(2.6)
    sec.right_margin = Cm(2.4)
    sec.header_distance = Cm(1.4)
    sec.footer_distance = Cm(1.2)
    sec.different_first_page_header_footer = True

    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = hp.add_run(title)
    set_run_font(r, 9, color=(0x55, 0x55, 0x55))
    bottom_border(hp)

    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = fp.add_run("— ")
    set_run_font(r, 10.5)
    add_field(fp, "PAGE")
    r = fp.add_run(" —")
    set_run_font(r, 10.5)

    rules = [(v, None) for k, v in items if k == "rule"]
    docnos = [v for k, v in items if k == "docno"]
    rule_idx = -1
    first_rule = True
    for kind, val in items:
        if kind == "cover":
            for _ in range(6):
                para(doc, "", indent=False)
            para(doc, val, size=26, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
                 after=18)
        elif kind == "sub":
            para(doc, val, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=10)
        elif kind == "pagebreak":
            p = doc.add_paragraph()
            p.add_run().add_break(WD_BREAK.PAGE)
        elif kind == "h1":
            para(doc, val, size=16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
                 before=6, after=12)
        elif kind == "toc":
            para(doc, "目　录", size=16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                 indent=False, before=6, after=12, page_break_before=True)
            for i, (rt, _) in enumerate(rules):
                label = rt
                if i < len(docnos) and not rt.startswith("附件"):
                    label = "%s（%s）" % (rt, docnos[i])
                p = doc.add_paragraph()
                p.paragraph_format.space_after = Pt(6)
                p.paragraph_format.tab_stops.add_tab_stop(
                    Cm(16.0), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
                r = p.add_run("%s\t%s" % (label, toc_pages[i] if toc_pages else "0"))
                set_run_font(r, 12)
        elif kind == "rule":
            rule_idx += 1
            para(doc, val, size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
                 before=6, after=8, page_break_before=True)
            first_rule = False
        elif kind == "docno":
            para(doc, val, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=14)
        elif kind == "chapter":
            para(doc, val, size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
                 before=8, after=6)
        elif kind == "sub2":
            para(doc, val, size=10.5, indent=False, after=8)
        elif kind == "table":
            rows = val
            t = doc.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            t.autofit = False
            widths = [Cm(1.5), Cm(3.0), Cm(11.5)]
            for j, col in enumerate(t.columns):
                col.width = widths[j] if j < len(widths) else Cm(3)
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    c = t.cell(i, j)
                    c.width = widths[j] if j < len(widths) else Cm(3)
                    cp = c.paragraphs[0]
                    if j < 2:
                        cp.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    r = cp.add_run(cell)
                    set_run_font(r, 10.5, bold=(i == 0))
        elif kind == "p":
            para(doc, val)
        else:
            raise SystemExit("unknown markup @%s" % kind)
    doc.save(out_docx)


def to_pdf(docx_path, outdir):
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run(
            ["soffice", "-env:UserInstallation=file://" + prof, "--headless",
             "--convert-to", "pdf", "--outdir", outdir, docx_path],
            check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    return os.path.join(outdir, os.path.splitext(os.path.basename(docx_path))[0] + ".pdf")


def pdf_pages(pdf_path):
    from pypdf import PdfReader
    return [re.sub(r"\s+", "", pg.extract_text() or "") for pg in PdfReader(pdf_path).pages]


def find_rule_pages(items, pages):
    rules = [v for k, v in items if k == "rule"]
    docnos = [v for k, v in items if k == "docno"]
    found = []
    for i, rt in enumerate(rules):
        key = re.sub(r"\s+", "", rt)
        if i < len(docnos) and not rt.startswith("附件"):
            key += docnos[i]
        hit = None
        for n, txt in enumerate(pages, start=1):
            if "目录" not in txt and key in txt:
                hit = n
                break
        if hit is None:
            raise SystemExit("rule title not found in PDF: %s" % rt)
        found.append(hit)
    return found


def main():
    items = parse(os.path.join(HERE, "source.txt"))
    title = [v for k, v in items if k == "cover"][0]
    out_docx = os.path.join(HERE, title + ".docx")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_docx = os.path.join(tmp, title + ".docx")
        build(items, title, None, tmp_docx)
        pages = pdf_pages(to_pdf(tmp_docx, tmp))
    toc = find_rule_pages(items, pages)
    build(items, title, toc, out_docx)
    pdf = to_pdf(out_docx, HERE)
    pages2 = pdf_pages(pdf)
    toc2 = find_rule_pages(items, pages2)
    if toc2 != toc:
        raise SystemExit("TOC page numbers moved between builds: %s vs %s" % (toc, toc2))
    print("built", out_docx)
    print("built", pdf, "pages:", len(pages2), "toc:", toc)


if __name__ == "__main__":
    main()
