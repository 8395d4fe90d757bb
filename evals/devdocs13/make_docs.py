#!/usr/bin/env python3
"""Build the .docx and .pdf versions of this folder's sample rule book from source.txt.

Run with /work/main/.venv/bin/python make_docs.py (python-docx + reportlab).
"""
import os
import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.lib.fonts import addMapping
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

HERE = os.path.dirname(os.path.abspath(__file__))

# ---- per-book configuration -------------------------------------------------
BOOK = "manual"  # "manual" (decimal sections) or "measures" (章/条)
HEADER_TEXT = "银杉银行内部资料　注意保密"
FOOTER_FMT = "第 {n} 页 共 {m} 页"  # may use {n} and {m}
# -----------------------------------------------------------------------------

CN_NUM = "一二三四五六七八九十百零"
RE_DEC_HEAD = re.compile(r"^(\d+(?:\.\d+){0,2}) \S")
RE_APPENDIX = re.compile(r"^附录[A-Z] ")
RE_CHAPTER = re.compile(r"^第[%s]+章 " % CN_NUM)
RE_ART_ALONE = re.compile(r"^第[%s]+条$" % CN_NUM)
RE_ART_GLUED = re.compile(r"^(第[%s]+条)(\S.*)$" % CN_NUM)
RE_CAPTION = re.compile(r"^表\d+ ")

FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FONT = "WQY"


def parse(path):
    """Return (title, subtitle, blocks). Block = (kind, payload)."""
    lines = [l.rstrip("\n") for l in open(path, encoding="utf-8")]
    lines = [l for l in lines if l.strip()]
    title, subtitle = lines[0], lines[1]
    blocks = []
    i = 2
    while i < len(lines):
        l = lines[i]
        if l.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append([c.strip() for c in lines[i].strip().strip("|").split("|")])
                i += 1
            blocks.append(("table", rows))
            continue
        if BOOK == "manual":
            m = RE_DEC_HEAD.match(l)
            if m:
                blocks.append(("heading", (m.group(1).count(".") + 1, l)))
            elif RE_APPENDIX.match(l):
                blocks.append(("heading", (1, l)))
            elif RE_CAPTION.match(l):
                blocks.append(("caption", l))
            elif l.startswith("注："):
                blocks.append(("note", l))
            else:
                blocks.append(("para", l))
        else:
            if RE_CHAPTER.match(l) or l == "附件：":
                blocks.append(("heading", (1, l)))
            elif RE_ART_ALONE.match(l):
                blocks.append(("article", l))
            elif RE_ART_GLUED.match(l):
                m = RE_ART_GLUED.match(l)
                blocks.append(("glued", (m.group(1), m.group(2))))
            else:
                blocks.append(("para", l))
        i += 1
    return title, subtitle, blocks


# ------------------------------------------------------------------ DOCX
def _set_east_asian(style, name="宋体"):
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _add_field(paragraph, instr):
    run = paragraph.add_run()
    b = OxmlElement("w:fldChar"); b.set(qn("w:fldCharType"), "begin")
    t = OxmlElement("w:instrText"); t.set(qn("xml:space"), "preserve"); t.text = instr
    e = OxmlElement("w:fldChar"); e.set(qn("w:fldCharType"), "end")
    run._r.append(b); run._r.append(t); run._r.append(e)


def build_docx(title, subtitle, blocks, out):
    doc = Document()
    for sname in ["Normal", "Title", "Heading 1", "Heading 2", "Heading 3"]:
        _set_east_asian(doc.styles[sname], "黑体" if sname != "Normal" else "宋体")
    doc.styles["Normal"].font.size = Pt(10.5)
    sec = doc.sections[0]
    hp = sec.header.paragraphs[0]
    hp.text = HEADER_TEXT
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pre, rest = FOOTER_FMT.split("{n}", 1)
    fp.add_run(pre)
    _add_field(fp, "PAGE")
    if "{m}" in rest:
        mid, post = rest.split("{m}", 1)
        fp.add_run(mid)
        _add_field(fp, "NUMPAGES")
        fp.add_run(post)
    else:
        fp.add_run(rest)

    doc.add_heading(title, level=0)
    p = doc.add_paragraph(subtitle)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, payload in blocks:
        if kind == "heading":
            level, text = payload
            doc.add_heading(text, level=level)
        elif kind == "table":
            rows = payload
            tbl = doc.add_table(rows=len(rows), cols=len(rows[0]))
            tbl.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    tbl.cell(r, c).text = cell
                    if r == 0:
                        for run in tbl.cell(r, c).paragraphs[0].runs:
                            run.bold = True
            doc.add_paragraph("")
        elif kind == "caption":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(payload).bold = True
        elif kind == "article":
            p = doc.add_paragraph()
            p.add_run(payload).bold = True
        elif kind == "glued":
            num, text = payload
            p = doc.add_paragraph()
            p.add_run(num).bold = True
            p.add_run(text)
        elif kind == "note":
            p = doc.add_paragraph()
            p.add_run(payload).italic = True
        else:
            doc.add_paragraph(payload)
    doc.save(out)


# ------------------------------------------------------------------ PDF
def _register_font():
    pdfmetrics.registerFont(TTFont(FONT, FONT_FILE, subfontIndex=0))
    for b in (0, 1):
        for it in (0, 1):
            addMapping(FONT, b, it, FONT)


class NumberedCanvas(rl_canvas.Canvas):
    """Canvas that knows the total page count when drawing header/footer."""

    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self._saved = []

    def showPage(self):
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total):
        w, h = A4
        self.saveState()
        self.setFont(FONT, 9)
        self.setFillColor(colors.grey)
        self.drawCentredString(w / 2, h - 14 * mm, HEADER_TEXT)
        self.setStrokeColor(colors.grey)
        self.line(20 * mm, h - 16 * mm, w - 20 * mm, h - 16 * mm)
        self.drawCentredString(w / 2, 12 * mm, FOOTER_FMT.format(n=self._pageNumber, m=total))
        self.restoreState()


def build_pdf(title, subtitle, blocks, out):
    _register_font()
    base = dict(fontName=FONT, wordWrap="CJK")
    st_title = ParagraphStyle("t", fontSize=16, leading=24, alignment=TA_CENTER, spaceAfter=6, **base)
    st_sub = ParagraphStyle("s", fontSize=10, leading=15, alignment=TA_CENTER, spaceAfter=10, **base)
    st_h = {
        1: ParagraphStyle("h1", fontSize=13, leading=20, spaceBefore=8, spaceAfter=4, **base),
        2: ParagraphStyle("h2", fontSize=11.5, leading=18, spaceBefore=5, spaceAfter=3, **base),
        3: ParagraphStyle("h3", fontSize=10.5, leading=16, spaceBefore=3, spaceAfter=2, **base),
    }
    st_body = ParagraphStyle("b", fontSize=10, leading=16, firstLineIndent=20, spaceAfter=2, **base)
    st_note = ParagraphStyle("n", fontSize=9, leading=14, leftIndent=10, textColor=colors.HexColor("#333333"), spaceAfter=2, **base)
    st_cap = ParagraphStyle("c", fontSize=10, leading=15, alignment=TA_CENTER, spaceBefore=4, spaceAfter=3, **base)
    st_cell = ParagraphStyle("cell", fontSize=8.5, leading=12, **base)
    st_art = ParagraphStyle("a", fontSize=10, leading=16, spaceBefore=3, **base)

    story = [Paragraph(title, st_title), Paragraph(subtitle, st_sub)]
    avail = A4[0] - 40 * mm
    for kind, payload in blocks:
        if kind == "heading":
            level, text = payload
            story.append(Paragraph(text, st_h[level]))
        elif kind == "table":
            rows = payload
            ncol = len(rows[0])
            data = [[Paragraph(c, st_cell) for c in row] for row in rows]
            if BOOK == "manual" and ncol == 4 and rows[0][1] == "典型情形":
                widths = [0.13, 0.37, 0.28, 0.22]
            elif ncol == 3:
                widths = [0.42, 0.26, 0.32]
            else:
                widths = [1.0 / ncol] * ncol
            t = Table(data, colWidths=[avail * x for x in widths], repeatRows=1)
            t.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]))
            story.append(t)
            story.append(Spacer(1, 4))
        elif kind == "caption":
            story.append(Paragraph(payload, st_cap))
        elif kind == "article":
            story.append(Paragraph("<b>%s</b>" % payload, st_art))
        elif kind == "glued":
            num, text = payload
            story.append(Paragraph("<b>%s</b>%s" % (num, text), st_body))
        elif kind == "note":
            story.append(Paragraph(payload, st_note))
        else:
            story.append(Paragraph(payload, st_body))
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=22 * mm, bottomMargin=20 * mm, title=title)
    doc.build(story, canvasmaker=NumberedCanvas)


def main():
    title, subtitle, blocks = parse(os.path.join(HERE, "source.txt"))
    build_docx(title, subtitle, blocks, os.path.join(HERE, title + ".docx"))
    build_pdf(title, subtitle, blocks, os.path.join(HERE, title + ".pdf"))
    print("built", title, len(blocks), "blocks")


if __name__ == "__main__":
    main()
