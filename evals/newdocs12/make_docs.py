#!/usr/bin/env python3
"""Render source.txt into a .docx (python-docx) and a .pdf (reportlab).

Layout conventions read from source.txt:
  line 1                      title
  lines up to "修订记录"       cover block (发文字号, 签发人, 印发日期, notice)
  "修订记录" / "表N ..."        table caption, followed by rows "a | b | c"
  "第X章 ..."                  chapter heading (Heading 1)
  "第X节 ..."                  section heading (Heading 2)
  "第X条"  alone on a line     article number on its own line (bold)
  everything else              body paragraph

Run:  /work/main/.venv/bin/python make_docs.py
"""
import os
import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (KeepTogether, PageBreak, Paragraph, SimpleDocTemplate,
                                Spacer, Table, TableStyle)

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "source.txt")
BASENAME = "松江源村镇银行个人贷款及小微企业贷款押品与保证管理规程"
DOCX_OUT = os.path.join(HERE, BASENAME + ".docx")
PDF_OUT = os.path.join(HERE, BASENAME + ".pdf")
DOC_NO = "松源村银发〔2026〕18号"
HEADER_TEXT = "松江源村镇银行　" + DOC_NO

CN_NUM = "一二三四五六七八九十百零"
RE_CHAPTER = re.compile(r"^第[%s]+章 " % CN_NUM)
RE_SECTION = re.compile(r"^第[%s]+节 " % CN_NUM)
RE_ARTICLE_ALONE = re.compile(r"^第[%s]+条$" % CN_NUM)
RE_ARTICLE_GLUED = re.compile(r"^(第[%s]+条)　(.*)$" % CN_NUM)
RE_SUBITEM = re.compile(r"^(（[%s]+）|\d+\. )" % CN_NUM)
RE_CAPTION = re.compile(r"^(修订记录|表\d+ .+)$")

FONT_CANDIDATES = [
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
]


def parse(path):
    """Return (title, cover_lines, blocks). A block is (kind, payload)."""
    lines = [l.rstrip("\n") for l in open(path, encoding="utf-8")]
    lines = [l for l in lines if l.strip()]
    title = lines[0]
    i = 1
    cover = []
    while i < len(lines) and lines[i] != "修订记录":
        cover.append(lines[i])
        i += 1
    blocks = []
    while i < len(lines):
        line = lines[i]
        if RE_CAPTION.match(line):
            rows = []
            i += 1
            while i < len(lines) and " | " in lines[i]:
                rows.append([c.strip() for c in lines[i].split(" | ")])
                i += 1
            blocks.append(("table", (line, rows)))
            continue
        if RE_CHAPTER.match(line):
            blocks.append(("chapter", line))
        elif RE_SECTION.match(line):
            blocks.append(("section", line))
        elif RE_ARTICLE_ALONE.match(line):
            blocks.append(("artno", line))
        elif RE_ARTICLE_GLUED.match(line):
            blocks.append(("article", line))
        elif RE_SUBITEM.match(line):
            blocks.append(("item", line))
        else:
            blocks.append(("para", line))
        i += 1
    return title, cover, blocks


# ---------------------------------------------------------------- DOCX ----

def set_east_asian(style, name):
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    rfonts.set(qn("w:eastAsia"), name)
    rfonts.set(qn("w:ascii"), name)
    rfonts.set(qn("w:hAnsi"), name)


def style_font(style, name, size, bold=None, color_black=True):
    style.font.name = name
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if color_black:
        style.font.color.rgb = RGBColor(0, 0, 0)
    set_east_asian(style, name)


def add_page_field(paragraph):
    run = paragraph.add_run()
    f1 = OxmlElement("w:fldChar")
    f1.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    f2 = OxmlElement("w:fldChar")
    f2.set(qn("w:fldCharType"), "separate")
    t = OxmlElement("w:t")
    t.text = "1"
    f3 = OxmlElement("w:fldChar")
    f3.set(qn("w:fldCharType"), "end")
    run._r.append(f1)
    run._r.append(instr)
    run._r.append(f2)
    run._r.append(t)
    run._r.append(f3)


def docx_table(doc, caption, rows):
    cap = doc.add_paragraph()
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap.paragraph_format.keep_with_next = True
    r = cap.add_run(caption)
    r.bold = True
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    if len(rows[0]) == 3:
        widths = [1.8, 3.2, 10.6]
    elif caption.startswith("表1"):
        widths = [3.2, 3.7, 3.7, 5.0]
    else:
        widths = [2.8, 4.6, 4.6, 3.6]
    for ci, w in enumerate(widths):
        table.columns[ci].width = Cm(w)
    for ri, row in enumerate(rows):
        for ci, text in enumerate(row):
            cell = table.cell(ri, ci)
            cell.width = Cm(widths[ci])
            cell.text = ""
            p = cell.paragraphs[0]
            if ri < len(rows) - 1:
                p.paragraph_format.keep_with_next = True
            run = p.add_run(text)
            run.font.size = Pt(10)
            if ri == 0:
                run.bold = True
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # mark header row as repeating header
    trpr = table.rows[0]._tr.get_or_add_trPr()
    th = OxmlElement("w:tblHeader")
    th.set(qn("w:val"), "true")
    trpr.append(th)
    doc.add_paragraph()


def build_docx(title, cover, blocks):
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.top_margin, sec.bottom_margin = Cm(3.0), Cm(2.5)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)

    style_font(doc.styles["Normal"], "宋体", 12)
    style_font(doc.styles["Title"], "黑体", 20, bold=True)
    style_font(doc.styles["Heading 1"], "黑体", 16, bold=True)
    style_font(doc.styles["Heading 2"], "楷体", 14, bold=True)
    for name in ("Title", "Heading 1", "Heading 2"):
        doc.styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    # running header and footer
    hp = sec.header.paragraphs[0]
    hp.text = HEADER_TEXT
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in hp.runs:
        run.font.size = Pt(9)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("— ")
    add_page_field(fp)
    fp.add_run(" —")

    # cover block
    red = doc.add_paragraph()
    red.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rr = red.add_run(cover[0])
    rr.bold = True
    rr.font.size = Pt(26)
    rr.font.color.rgb = RGBColor(0xC0, 0, 0)
    for line in cover[1:4]:
        p = doc.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph()
    notice_title = doc.add_paragraph()
    notice_title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    nt = notice_title.add_run(cover[4])
    nt.bold = True
    nt.font.size = Pt(14)
    body_lines = cover[5:-2]
    for line in body_lines:
        p = doc.add_paragraph(line)
        if not line.endswith("："):
            p.paragraph_format.first_line_indent = Pt(24)
    for line in cover[-2:]:
        p = doc.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    first_table_done = False
    for kind, payload in blocks:
        if kind == "table":
            caption, rows = payload
            if not first_table_done:
                # revision record sits on the cover page; body starts on a new page
                docx_table(doc, caption, rows)
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                doc.add_heading(title, level=0)
                first_table_done = True
            else:
                docx_table(doc, caption, rows)
        elif kind == "chapter":
            doc.add_heading(payload, level=1)
        elif kind == "section":
            doc.add_heading(payload, level=2)
        elif kind == "artno":
            p = doc.add_paragraph()
            p.paragraph_format.keep_with_next = True
            p.add_run(payload).bold = True
        elif kind == "article":
            m = RE_ARTICLE_GLUED.match(payload)
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(24)
            p.add_run(m.group(1)).bold = True
            p.add_run("　" + m.group(2))
        else:  # item / para
            p = doc.add_paragraph(payload)
            p.paragraph_format.first_line_indent = Pt(24)
    doc.core_properties.title = title
    doc.core_properties.subject = DOC_NO
    doc.save(DOCX_OUT)


# ----------------------------------------------------------------- PDF ----

def register_font():
    for path, idx in FONT_CANDIDATES:
        if os.path.exists(path):
            pdfmetrics.registerFont(TTFont("CJK", path, subfontIndex=idx))
            return path
    # last resort: search the font tree
    for root, _, files in os.walk("/usr/share/fonts"):
        for f in files:
            if re.search(r"(cjk|wqy|droid.*fallback)", f, re.I) and f.lower().endswith((".ttf", ".ttc")):
                p = os.path.join(root, f)
                pdfmetrics.registerFont(TTFont("CJK", p, subfontIndex=0))
                return p
    raise SystemExit("no CJK TrueType font found under /usr/share/fonts")


def build_pdf(title, cover, blocks):
    register_font()
    base = dict(fontName="CJK", wordWrap="CJK", leading=19, fontSize=11.5)
    st_body = ParagraphStyle("body", firstLineIndent=23, spaceAfter=3, **base)
    st_plain = ParagraphStyle("plain", spaceAfter=3, **base)
    st_artno = ParagraphStyle("artno", spaceAfter=2, keepWithNext=1, **base)
    st_title = ParagraphStyle("title", fontName="CJK", fontSize=18, leading=28,
                              alignment=TA_CENTER, spaceBefore=6, spaceAfter=14, wordWrap="CJK")
    st_red = ParagraphStyle("red", fontName="CJK", fontSize=26, leading=40,
                            alignment=TA_CENTER, textColor=colors.HexColor("#C00000"), spaceAfter=10)
    st_center = ParagraphStyle("center", alignment=TA_CENTER, **base)
    st_right = ParagraphStyle("right", alignment=TA_RIGHT, **base)
    st_h1 = ParagraphStyle("h1", fontName="CJK", fontSize=15, leading=24,
                           alignment=TA_CENTER, spaceBefore=12, spaceAfter=8, keepWithNext=1)
    st_h2 = ParagraphStyle("h2", fontName="CJK", fontSize=13, leading=22,
                           alignment=TA_CENTER, spaceBefore=6, spaceAfter=6, keepWithNext=1)
    st_cap = ParagraphStyle("cap", fontName="CJK", fontSize=11.5, leading=18,
                            alignment=TA_CENTER, spaceBefore=6, spaceAfter=4)
    st_cell = ParagraphStyle("cell", fontName="CJK", fontSize=9.5, leading=14,
                             wordWrap="CJK", alignment=TA_LEFT)
    st_cell_h = ParagraphStyle("cellh", parent=st_cell, alignment=TA_CENTER)

    page_w, page_h = A4
    lm, rm, tm, bm = 25 * mm, 23 * mm, 28 * mm, 24 * mm
    avail = page_w - lm - rm

    def table_flow(caption, rows):
        ncol = len(rows[0])
        if ncol == 3:
            widths = [0.14, 0.22, 0.64]
        else:
            widths = [0.20, 0.25, 0.24, 0.31] if caption.startswith("表1") else [0.17, 0.30, 0.30, 0.23]
        data = []
        for ri, row in enumerate(rows):
            stl = st_cell_h if ri == 0 else st_cell
            data.append([Paragraph(("<b>%s</b>" % c) if ri == 0 else c, stl) for c in row])
        t = Table(data, colWidths=[w * avail for w in widths], repeatRows=1)
        t.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        return [KeepTogether([Paragraph(caption, st_cap), t]), Spacer(1, 8)]

    story = [Paragraph(cover[0], st_red)]
    for line in cover[1:4]:
        story.append(Paragraph(line, st_center))
    story.append(Spacer(1, 14))
    story.append(Paragraph(cover[4], st_title))
    for line in cover[5:-2]:
        story.append(Paragraph(line, st_plain if line.endswith("：") else st_body))
    for line in cover[-2:]:
        story.append(Paragraph(line, st_right))
    story.append(Spacer(1, 10))

    first_table_done = False
    for kind, payload in blocks:
        if kind == "table":
            caption, rows = payload
            story.extend(table_flow(caption, rows))
            if not first_table_done:
                story.append(PageBreak())
                story.append(Paragraph(title, st_title))
                first_table_done = True
        elif kind == "chapter":
            story.append(Paragraph(payload, st_h1))
        elif kind == "section":
            story.append(Paragraph(payload, st_h2))
        elif kind == "artno":
            story.append(Paragraph("<b>%s</b>" % payload, st_artno))
        elif kind == "article":
            m = RE_ARTICLE_GLUED.match(payload)
            story.append(Paragraph("<b>%s</b>　%s" % (m.group(1), m.group(2)), st_body))
        else:
            story.append(Paragraph(payload, st_body))

    def on_page(canv, doc):
        canv.saveState()
        canv.setFont("CJK", 9)
        canv.drawRightString(page_w - rm, page_h - 16 * mm, HEADER_TEXT)
        canv.setLineWidth(0.5)
        canv.line(lm, page_h - 17.5 * mm, page_w - rm, page_h - 17.5 * mm)
        canv.setFont("CJK", 10.5)
        canv.drawCentredString(page_w / 2, 13 * mm, "— %d —" % doc.page)
        canv.restoreState()

    pdf = SimpleDocTemplate(PDF_OUT, pagesize=A4, leftMargin=lm, rightMargin=rm,
                            topMargin=tm, bottomMargin=bm, title=title,
                            author="松江源村镇银行", subject=DOC_NO)
    pdf.build(story, onFirstPage=on_page, onLaterPages=on_page)


def main():
    title, cover, blocks = parse(SRC)
    build_docx(title, cover, blocks)
    build_pdf(title, cover, blocks)
    print("wrote", DOCX_OUT)
    print("wrote", PDF_OUT)


if __name__ == "__main__":
    main()
