"""Build the newdocs8 book (a rural commercial bank's post-loan role manual) from source.txt.

Output: <title>.docx (python-docx) and <title>.pdf (LibreOffice headless, text layer),
where <title> = the bank's name (@title1) + the manual's name (@title2).

Markup read from source.txt (one item per line):
  @title1 T     title page, first line: the bank's name
  @title2 T     title page, next line: the manual's name
  @sub T        further centred lines on the title page
  @h1 T         centred heading (编写说明)
  @toc          table of contents listing every @part, with page numbers
  @part T       a part of the manual (one per role, then the tables and the glossary);
                starts a new page
  @sec T        sub-section heading inside a part
  @caption T    table caption
  @table ... @endtable   rows written as |cell|cell|, first row = header
  @box T        boxed 提示/注意 paragraph
  @term T       glossary entry "术语：释义" (term printed in bold)
  "1. ..."      numbered duty; "(1) ..." sub-item; any other line: body paragraph

Footer on every page after the title page: "第 X 页 共 Y 页" (PAGE / NUMPAGES fields).
TOC page numbers come from a first build whose PDF is searched for each part heading;
the book is rebuilt with them and checked again.

Run: /work/main/.venv/bin/python make_docs.py
"""
import os
import re
import subprocess
import tempfile

from docx import Document
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


def add_field(paragraph, instr, size=10):
    def fld(kind):
        r = paragraph.add_run()
        set_run_font(r, size)
        fc = OxmlElement("w:fldChar")
        fc.set(qn("w:fldCharType"), kind)
        r._element.append(fc)
    fld("begin")
    r = paragraph.add_run()
    set_run_font(r, size)
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = " %s " % instr
    r._element.append(it)
    fld("separate")
    r = paragraph.add_run("1")
    set_run_font(r, size)
    fld("end")


def shade(cell, fill):
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def cell_borders(cell, sz="12", color="C07000"):
    tcpr = cell._tc.get_or_add_tcPr()
    b = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        e = OxmlElement("w:" + side)
        e.set(qn("w:val"), "single")
        e.set(qn("w:sz"), sz)
        e.set(qn("w:space"), "0")
        e.set(qn("w:color"), color)
        b.append(e)
    tcpr.append(b)


def para(container, text, size=11.5, bold=False, align=None, first=None, left=None,
         before=0, after=3, page_break_before=False, keep_next=False):
    p = container.add_paragraph()
    pf = p.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = 1.3
    if align is not None:
        p.alignment = align
    if first is not None:
        pf.first_line_indent = first
    if left is not None:
        pf.left_indent = left
    if page_break_before:
        pf.page_break_before = True
    if keep_next:
        pf.keep_with_next = True
    if text:
        r = p.add_run(text)
        set_run_font(r, size, bold)
    return p


def build(items, title, toc_pages, out_docx):
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name = FONT
    st.font.size = Pt(11.5)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)

    sec = doc.sections[0]
    sec.page_height = Cm(29.7)
    sec.page_width = Cm(21.0)
    sec.top_margin = Cm(2.5)
    sec.bottom_margin = Cm(2.5)
    sec.left_margin = Cm(2.5)
    sec.right_margin = Cm(2.5)
    sec.different_first_page_header_footer = True

    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    r = hp.add_run(title)
    set_run_font(r, 9, color=(0x66, 0x66, 0x66))

    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = fp.add_run("第 ")
    set_run_font(r, 10)
    add_field(fp, "PAGE")
    r = fp.add_run(" 页 共 ")
    set_run_font(r, 10)
    add_field(fp, "NUMPAGES")
    r = fp.add_run(" 页")
    set_run_font(r, 10)

    parts = [v for k, v in items if k == "part"]
    seen_title = False
    for kind, val in items:
        if kind == "title1":
            for _ in range(7):
                para(doc, "")
            para(doc, val, size=20, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=14)
        elif kind == "title2":
            para(doc, val, size=28, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=30)
        elif kind == "sub":
            para(doc, val, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, after=10)
        elif kind == "h1":
            para(doc, val, size=16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=4,
                 after=12, page_break_before=True)
        elif kind == "toc":
            para(doc, "目　录", size=16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                 before=4, after=12, page_break_before=True)
            for i, pt in enumerate(parts):
                p = doc.add_paragraph()
                p.paragraph_format.space_after = Pt(8)
                p.paragraph_format.tab_stops.add_tab_stop(
                    Cm(16.0), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
                r = p.add_run("%s\t%s" % (pt, toc_pages[i] if toc_pages else "0"))
                set_run_font(r, 12)
        elif kind == "part":
            p = para(doc, val, size=17, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=0,
                     after=12, page_break_before=True, keep_next=True)
            ppr = p._p.get_or_add_pPr()
            bdr = OxmlElement("w:pBdr")
            bt = OxmlElement("w:bottom")
            bt.set(qn("w:val"), "single")
            bt.set(qn("w:sz"), "12")
            bt.set(qn("w:space"), "4")
            bt.set(qn("w:color"), "2E6B3A")
            bdr.append(bt)
            ppr.append(bdr)
        elif kind == "sec":
            para(doc, val, size=13, bold=True, before=8, after=4, keep_next=True)
        elif kind == "caption":
            para(doc, val, size=10.5, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=4,
                 after=4, keep_next=True)
        elif kind == "table":
            rows = val
            ncol = len(rows[0])
            t = doc.add_table(rows=len(rows), cols=ncol)
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            t.autofit = False
            if rows[0][0] == "事项":
                widths = [Cm(4.6), Cm(3.0), Cm(5.4), Cm(2.6)]
            else:
                widths = [Cm(3.6), Cm(4.4), Cm(2.8), Cm(4.8)]
            for j, col in enumerate(t.columns):
                col.width = widths[j]
            for i, row in enumerate(rows):
                for j, text in enumerate(row):
                    c = t.cell(i, j)
                    c.width = widths[j]
                    cp = c.paragraphs[0]
                    r = cp.add_run(text)
                    set_run_font(r, 10, bold=(i == 0))
                    if i == 0:
                        shade(c, "DCE9DD")
                        cp.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para(doc, "", after=2)
        elif kind == "box":
            t = doc.add_table(rows=1, cols=1)
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            c = t.cell(0, 0)
            c.width = Cm(15.6)
            cell_borders(c)
            shade(c, "FFF6E0")
            cp = c.paragraphs[0]
            cp.paragraph_format.line_spacing = 1.3
            m = re.match(r"(【[^】]+】)(.*)$", val)
            if m:
                r = cp.add_run(m.group(1))
                set_run_font(r, 11, bold=True, color=(0xA0, 0x40, 0x00))
                r = cp.add_run(m.group(2))
                set_run_font(r, 11)
            else:
                r = cp.add_run(val)
                set_run_font(r, 11)
            para(doc, "", after=2)
        elif kind == "term":
            p = para(doc, "", left=Cm(0), after=5)
            term, _, rest = val.partition("：")
            r = p.add_run(term + "：")
            set_run_font(r, 11.5, bold=True)
            r = p.add_run(rest)
            set_run_font(r, 11.5)
        elif kind == "p":
            if re.match(r"\d+\. ", val):
                para(doc, val, left=Cm(0.8), first=Cm(-0.8))
            elif re.match(r"\(\d+\) ", val):
                para(doc, val, left=Cm(1.6), first=Cm(-0.8))
            else:
                para(doc, val, first=Pt(23))
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


def find_part_pages(items, pages):
    found = []
    for pt in [v for k, v in items if k == "part"]:
        key = re.sub(r"\s+", "", pt)
        hit = None
        for n, txt in enumerate(pages, start=1):
            if "目录" not in txt and key in txt:
                hit = n
                break
        if hit is None:
            raise SystemExit("part heading not found in PDF: %s" % pt)
        found.append(hit)
    return found


def main():
    items = parse(os.path.join(HERE, "source.txt"))
    title = [v for k, v in items if k == "title1"][0] + [v for k, v in items if k == "title2"][0]
    out_docx = os.path.join(HERE, title + ".docx")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_docx = os.path.join(tmp, title + ".docx")
        build(items, title, None, tmp_docx)
        pages = pdf_pages(to_pdf(tmp_docx, tmp))
    toc = find_part_pages(items, pages)
    build(items, title, toc, out_docx)
    pdf = to_pdf(out_docx, HERE)
    pages2 = pdf_pages(pdf)
    toc2 = find_part_pages(items, pages2)
    if toc2 != toc:
        raise SystemExit("TOC page numbers moved between builds: %s vs %s" % (toc, toc2))
    print("built", out_docx)
    print("built", pdf, "pages:", len(pages2), "toc:", toc)


if __name__ == "__main__":
    main()
