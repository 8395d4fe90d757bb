#!/usr/bin/env python3
"""Build 《青禾农商银行公司客户贷后管理工作手册》 (.docx + text-layer .pdf) from source.txt.

House style: 工作手册/操作指引 in prose — headings 一、/（一）/1., bullet lists with ● and ①②③,
boxed 【提示】/【案例】 paragraphs, tables, red-head cover page with 文号 and 印发日期, table of
contents (page numbers filled in by a second pass over the converted PDF), page header/footer.

source.txt layout: blocks separated by a line of '=' (cover / 印发说明+目录 / 正文).
Run:  /work/main/.venv/bin/python make_docs.py
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
TITLE = "青禾农商银行公司客户贷后管理工作手册"
HEADER_TEXT = "青禾农商银行公司客户贷后管理工作手册（2025年版）"
FOOTER_LEFT = "青禾农商银发〔2025〕37号"

F_BODY = "仿宋_GB2312"
F_HEI = "黑体"
F_KAI = "楷体_GB2312"
F_TITLE = "方正小标宋简体"
# Latin-script runs (digits, “ ” quotes): a font that also carries CJK punctuation glyphs, so the
# PDF text layer keeps quotes in reading order when LibreOffice renders the file.
F_WEST = "WenQuanYi Micro Hei"

CN_NUM = "一二三四五六七八九十"
RE_H1 = re.compile(r"^[%s]+、" % CN_NUM)
RE_H2 = re.compile(r"^（[%s]+）" % CN_NUM)
RE_H3 = re.compile(r"^\d+\. ")
RE_ANNEX = re.compile(r"^附件\d+ ")
RE_CAPTION = re.compile(r"^表\d+-\d+ ")
RE_BULLET = re.compile(r"^[●①②③④⑤⑥⑦⑧⑨⑩]|^（\d+）|^第[一二三四五]步，|^第\d+日：")
BOX_START = ("【提示】", "【案例】", "【注意】")


# ---------------------------------------------------------------- helpers
def set_run_font(run, east, size=None, bold=None, color=None, west=None):
    west = west or F_WEST
    run.font.name = west
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east)
    rfonts.set(qn("w:hint"), "eastAsia")
    rfonts.set(qn("w:ascii"), west)
    rfonts.set(qn("w:hAnsi"), west)
    if rpr.find(qn("w:lang")) is None:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "zh-CN")
        lang.set(qn("w:eastAsia"), "zh-CN")
        rpr.append(lang)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color


def set_style_font(style, east, size, bold=False, west=None):
    west = west or F_WEST
    style.font.name = west
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for k in ("w:eastAsia",):
        rfonts.set(qn(k), east)
    for k in ("w:ascii", "w:hAnsi"):
        rfonts.set(qn(k), west)
    for k in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(k)) is not None:
            del rfonts.attrib[qn(k)]


def para_border(p, color="808080", sz=6, sides=("top", "left", "bottom", "right"), fill=None):
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    for side in sides:
        el = OxmlElement("w:%s" % side)
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(sz))
        el.set(qn("w:space"), "4")
        el.set(qn("w:color"), color)
        bdr.append(el)
    ppr.append(bdr)
    if fill:
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), fill)
        ppr.append(shd)


def cell_shade(cell, fill):
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def add_field(paragraph, instr, east=F_BODY, size=9):
    def r(el):
        run = paragraph.add_run()
        set_run_font(run, east, size)
        run._r.append(el)
        return run

    b = OxmlElement("w:fldChar")
    b.set(qn("w:fldCharType"), "begin")
    r(b)
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = " %s " % instr
    r(it)
    s = OxmlElement("w:fldChar")
    s.set(qn("w:fldCharType"), "separate")
    r(s)
    t = paragraph.add_run("1")
    set_run_font(t, east, size)
    e = OxmlElement("w:fldChar")
    e.set(qn("w:fldCharType"), "end")
    r(e)


def fmt(p, first_indent=True, before=0, after=0, line=1.5, align=None):
    pf = p.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = line
    if first_indent:
        pf.first_line_indent = Pt(24)
    if align is not None:
        p.alignment = align


# ---------------------------------------------------------------- parsing
def read_blocks():
    text = open(os.path.join(HERE, "source.txt"), encoding="utf-8").read()
    blocks, cur = [], []
    for line in text.splitlines():
        if re.fullmatch(r"=+", line.strip()):
            blocks.append(cur)
            cur = []
        else:
            cur.append(line.rstrip())
    blocks.append(cur)
    return [[l for l in b if l.strip()] for b in blocks]


def table_rows(lines, i):
    rows = []
    while i < len(lines) and lines[i].startswith("|"):
        cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
        rows.append(cells)
        i += 1
    return rows, i


# ---------------------------------------------------------------- builders
def setup_styles(doc):
    st = doc.styles
    # document default language: Simplified Chinese (affects font matching in LibreOffice)
    for lang in doc.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), "zh-CN")
        lang.set(qn("w:eastAsia"), "zh-CN")
    set_style_font(st["Normal"], F_BODY, 12)
    for name, east, size in (("Heading 1", F_HEI, 16), ("Heading 2", F_KAI, 14), ("Heading 3", F_BODY, 12)):
        s = st[name]
        set_style_font(s, east, size, bold=True)
        s.paragraph_format.space_before = Pt(12 if name == "Heading 1" else 6)
        s.paragraph_format.space_after = Pt(6 if name == "Heading 1" else 3)
        s.paragraph_format.line_spacing = 1.5
        s.paragraph_format.keep_with_next = True
    for name in ("Title", "Subtitle"):
        pass


def build_cover(doc, lines):
    sp = doc.add_paragraph()
    fmt(sp, False, before=60)
    p = doc.add_paragraph()
    fmt(p, False, align=WD_ALIGN_PARAGRAPH.CENTER)
    r = p.add_run(lines[0])
    set_run_font(r, F_TITLE, 24, True, RGBColor(0xC0, 0, 0))
    p = doc.add_paragraph()
    fmt(p, False, before=18, after=6, align=WD_ALIGN_PARAGRAPH.CENTER)
    r = p.add_run(lines[1])
    set_run_font(r, F_BODY, 14)
    para_border(p, color="C00000", sz=18, sides=("bottom",))
    p = doc.add_paragraph()
    fmt(p, False, before=80, align=WD_ALIGN_PARAGRAPH.CENTER)
    r = p.add_run(lines[2])
    set_run_font(r, F_TITLE, 22, True)
    p = doc.add_paragraph()
    fmt(p, False, before=6, align=WD_ALIGN_PARAGRAPH.CENTER)
    r = p.add_run(lines[3])
    set_run_font(r, F_KAI, 16)
    p = doc.add_paragraph()
    fmt(p, False, before=150, align=WD_ALIGN_PARAGRAPH.CENTER)
    for k, l in enumerate(lines[4:]):
        if k:
            p = doc.add_paragraph()
            fmt(p, False, before=4, align=WD_ALIGN_PARAGRAPH.CENTER)
        r = p.add_run(l)
        set_run_font(r, F_KAI if k < 3 else F_HEI, 14 if k < 3 else 12, k >= 3)


def build_front(doc, lines, toc_pages):
    # 印发说明 + 目录
    doc.add_page_break()
    i_toc = lines.index("目录")
    note = lines[:i_toc]
    p = doc.add_paragraph()
    fmt(p, False, after=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    set_run_font(p.add_run(note[0]), F_TITLE, 18, True)
    p = doc.add_paragraph()
    fmt(p, False)
    set_run_font(p.add_run(note[1]), F_BODY, 14)
    for l in note[2:-2]:
        p = doc.add_paragraph()
        fmt(p, True)
        set_run_font(p.add_run(l), F_BODY, 14)
    for k, l in enumerate(note[-2:]):
        p = doc.add_paragraph()
        fmt(p, False, before=24 if k == 0 else 0, align=WD_ALIGN_PARAGRAPH.RIGHT)
        set_run_font(p.add_run(l), F_BODY, 14)
    doc.add_page_break()
    p = doc.add_paragraph()
    fmt(p, False, after=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    set_run_font(p.add_run("目　　录"), F_HEI, 18, True)
    for l in lines[i_toc + 1:]:
        p = doc.add_paragraph()
        fmt(p, False, line=1.6)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(15.5), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        if l.startswith("附件"):
            p.paragraph_format.left_indent = Cm(0)
        set_run_font(p.add_run(l), F_BODY, 13)
        set_run_font(p.add_run("\t%s" % toc_pages.get(l, "00")), F_BODY, 13)


def new_body_section(doc):
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sectpr = sec._sectPr
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:start"), "1")
    sectpr.append(pg)
    hdr = sec.header
    hdr.is_linked_to_previous = False
    hp = hdr.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(hp.add_run(HEADER_TEXT), F_BODY, 9)
    para_border(hp, color="000000", sz=4, sides=("bottom",))
    ftr = sec.footer
    ftr.is_linked_to_previous = False
    fp = ftr.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(fp.add_run("第 "), F_BODY, 9)
    add_field(fp, "PAGE")
    set_run_font(fp.add_run(" 页"), F_BODY, 9)
    return sec


def add_table(doc, rows):
    ncol = len(rows[0])
    t = doc.add_table(rows=len(rows), cols=ncol)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for ri, row in enumerate(rows):
        assert len(row) == ncol, row
        for ci, txt in enumerate(row):
            c = t.cell(ri, ci)
            c.text = ""
            p = c.paragraphs[0]
            p.paragraph_format.line_spacing = 1.2
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if (ri == 0 or ci > 0) else WD_ALIGN_PARAGRAPH.LEFT
            r = p.add_run(txt)
            set_run_font(r, F_HEI if ri == 0 else F_BODY, 10.5, ri == 0)
            if ri == 0:
                cell_shade(c, "D9D9D9")
    # column widths proportional to the longest cell of each column (usable width 15.8 cm)
    weights = [min(max(max(len(r[ci]) for r in rows) + 1, 8), 22) for ci in range(ncol)]
    t.autofit = False
    for ci, w in enumerate(weights):
        width = Cm(15.8 * w / sum(weights))
        t.columns[ci].width = width
        for cell in t.columns[ci].cells:
            cell.width = width
    # repeat header row
    trpr = t.rows[0]._tr.get_or_add_trPr()
    th = OxmlElement("w:tblHeader")
    th.set(qn("w:val"), "true")
    trpr.append(th)
    sp = doc.add_paragraph()
    fmt(sp, False, line=1.0)
    return t


def build_body(doc, lines):
    i = 0
    first_annex = True
    while i < len(lines):
        l = lines[i]
        if l.startswith("|"):
            rows, i = table_rows(lines, i)
            add_table(doc, rows)
            continue
        if RE_ANNEX.match(l):
            p = doc.add_paragraph(style="Heading 1")
            p.paragraph_format.page_break_before = True
            first_annex = False
            set_run_font(p.add_run(l), F_HEI, 16, True)
        elif RE_H1.match(l) and len(l) < 25:
            p = doc.add_paragraph(style="Heading 1")
            set_run_font(p.add_run(l), F_HEI, 16, True)
        elif RE_H2.match(l) and len(l) < 25:
            p = doc.add_paragraph(style="Heading 2")
            set_run_font(p.add_run(l), F_KAI, 14, True)
        elif RE_H3.match(l) and len(l) <= 20 and l[-1] not in "；。：":
            p = doc.add_paragraph(style="Heading 3")
            set_run_font(p.add_run(l), F_BODY, 12, True)
        elif RE_CAPTION.match(l):
            p = doc.add_paragraph()
            fmt(p, False, before=6, after=3, align=WD_ALIGN_PARAGRAPH.CENTER)
            p.paragraph_format.keep_with_next = True
            set_run_font(p.add_run(l), F_HEI, 11, True)
        elif l.startswith(BOX_START) or l.startswith("评析："):
            p = doc.add_paragraph()
            fmt(p, True, line=1.4)
            p.paragraph_format.left_indent = Cm(0.3)
            p.paragraph_format.right_indent = Cm(0.3)
            para_border(p, color="7F7F7F", sz=8, fill="F2F2F2")
            label = l[:4] if l.startswith(BOX_START) else l[:3]
            set_run_font(p.add_run(label), F_HEI, 11.5, True)
            set_run_font(p.add_run(l[len(label):]), F_KAI, 11.5)
        elif RE_BULLET.match(l):
            p = doc.add_paragraph()
            fmt(p, False)
            p.paragraph_format.left_indent = Cm(1.2)
            p.paragraph_format.first_line_indent = Cm(-0.6)
            set_run_font(p.add_run(l), F_BODY, 12)
        elif re.match(r"^\d+\. ", l):
            p = doc.add_paragraph()
            fmt(p, True)
            set_run_font(p.add_run(l), F_BODY, 12)
        else:
            p = doc.add_paragraph()
            fmt(p, True)
            set_run_font(p.add_run(l), F_BODY, 12)
        i += 1


def build_docx(path, toc_pages):
    cover, front, body = read_blocks()
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.top_margin, sec.bottom_margin = Cm(2.8), Cm(2.5)
    sec.left_margin, sec.right_margin = Cm(2.7), Cm(2.5)
    setup_styles(doc)
    cp = doc.core_properties
    cp.title = TITLE
    cp.author = "青禾农村商业银行风险管理部"
    cp.subject = "贷后管理"
    build_cover(doc, cover)
    build_front(doc, front, toc_pages)
    new_body_section(doc)
    build_body(doc, body)
    doc.save(path)
    return front


def to_pdf(docx_path, outdir):
    prof = tempfile.mkdtemp(prefix="lo_prof_")
    try:
        subprocess.run(["soffice", "-env:UserInstallation=file://%s" % prof, "--headless",
                        "--convert-to", "pdf", "--outdir", outdir, docx_path],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    finally:
        shutil.rmtree(prof, ignore_errors=True)
    return os.path.join(outdir, os.path.splitext(os.path.basename(docx_path))[0] + ".pdf")


def toc_page_numbers(pdf_path, entries):
    from pypdf import PdfReader
    pages = [re.sub(r"\s+", "", p.extract_text() or "") for p in PdfReader(pdf_path).pages]
    # body starts at the first page (after the TOC page) carrying the body header
    toc = next(k for k, t in enumerate(pages) if "目录" in t)
    start = toc + 1
    out = {}
    for e in entries:
        key = re.sub(r"\s+", "", e)
        for k in range(start, len(pages)):
            if key in pages[k]:
                out[e] = str(k - start + 1)
                break
    return out


def main():
    docx_path = os.path.join(HERE, TITLE + ".docx")
    front = build_docx(docx_path, {})
    pdf = to_pdf(docx_path, HERE)
    entries = front[front.index("目录") + 1:]
    pages = toc_page_numbers(pdf, entries)
    missing = [e for e in entries if e not in pages]
    if missing:
        print("TOC entries not located:", missing, file=sys.stderr)
    build_docx(docx_path, pages)
    pdf = to_pdf(docx_path, HERE)
    print("wrote", docx_path)
    print("wrote", pdf)
    print("toc:", pages)


if __name__ == "__main__":
    main()
