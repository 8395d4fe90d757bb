"""Render source.txt into a .docx (python-docx) and a .pdf (reportlab) with a text layer.

Usage: /work/main/.venv/bin/python make_docs.py
"""
import os
import re
import sys

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (KeepTogether, PageBreak, Paragraph, SimpleDocTemplate,
                                Spacer, Table, TableStyle)
from reportlab.lib.fonts import addMapping

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "source.txt")
HEADER_TEXT = "琼海商业银行内部资料 注意保密"
FIELD_LABELS = ("信号名称", "触发标准", "信号等级", "核实时限", "处置措施", "责任岗位")

RE_PART = re.compile(r"^[一二三四五六七八九十]+、")
RE_SUB = re.compile(r"^（[一二三四五六七八九十]+）")
RE_ENTRY = re.compile(r"^[A-Z]{2}-\d{2} ")
RE_FIELD = re.compile(r"^(%s)：" % "|".join(FIELD_LABELS))


# ---------------------------------------------------------------- parsing
def parse(path):
    """Return (title, blocks). blocks: list of (kind, payload)."""
    with open(path, encoding="utf-8") as f:
        lines = [ln.rstrip("\n") for ln in f]
    title = lines[0].strip()
    blocks = []
    in_toc = False
    table_rows = []

    def flush_table():
        if table_rows:
            blocks.append(("table", [r[:] for r in table_rows]))
            table_rows.clear()

    for raw in lines[1:]:
        line = raw.strip()
        if "|" in line:
            table_rows.append([c.strip() for c in line.split("|")])
            continue
        flush_table()
        if not line:
            in_toc = False
            continue
        if in_toc:
            blocks.append(("toc", line))
            continue
        if line == "目录":
            blocks.append(("h1", line))
            in_toc = True
        elif line in ("印发说明", "附则") or line.startswith("附件："):
            blocks.append(("h1", line))
        elif RE_PART.match(line):
            blocks.append(("h1", line))
        elif RE_SUB.match(line):
            blocks.append(("h2", line))
        elif RE_ENTRY.match(line):
            blocks.append(("h3", line))
        elif RE_FIELD.match(line):
            label, rest = line.split("：", 1)
            blocks.append(("field", (label, rest)))
        elif re.match(r"^琼海银风〔\d{4}〕\d+号$", line):
            blocks.append(("docno", line))
        else:
            blocks.append(("p", line))
    flush_table()
    return title, blocks


def normalise_rows(rows):
    """Return rows as lists plus the widest row's column count."""
    out = [list(r) for r in rows]
    ncols = max(len(r) for r in out)
    return out, ncols


# ---------------------------------------------------------------- DOCX
def style_font(style, size=None, bold=None, font_ascii="Times New Roman", font_ea="宋体", color=None):
    style.font.name = font_ascii
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), font_ea)
    rfonts.set(qn("w:ascii"), font_ascii)
    rfonts.set(qn("w:hAnsi"), font_ascii)


def add_field(paragraph, instr):
    run = paragraph.add_run()
    fld_begin = OxmlElement("w:fldChar")
    fld_begin.set(qn("w:fldCharType"), "begin")
    instr_el = OxmlElement("w:instrText")
    instr_el.set(qn("xml:space"), "preserve")
    instr_el.text = instr
    fld_sep = OxmlElement("w:fldChar")
    fld_sep.set(qn("w:fldCharType"), "separate")
    txt = OxmlElement("w:t")
    txt.text = "1"
    fld_end = OxmlElement("w:fldChar")
    fld_end.set(qn("w:fldCharType"), "end")
    run._r.append(fld_begin)
    run._r.append(instr_el)
    run._r.append(fld_sep)
    run._r.append(txt)
    run._r.append(fld_end)
    return run


def set_repeat_header(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def build_docx(title, blocks, out_path):
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.top_margin = sec.bottom_margin = Cm(2.5)

    style_font(doc.styles["Normal"], size=11)
    style_font(doc.styles["Title"], size=18, bold=True, font_ea="黑体", color=RGBColor(0, 0, 0))
    style_font(doc.styles["Heading 1"], size=15, bold=True, font_ea="黑体", color=RGBColor(0, 0, 0))
    style_font(doc.styles["Heading 2"], size=13, bold=True, font_ea="黑体", color=RGBColor(0, 0, 0))
    style_font(doc.styles["Heading 3"], size=12, bold=True, font_ea="黑体", color=RGBColor(0, 0, 0))

    # running header
    hp = sec.header.paragraphs[0]
    hp.text = HEADER_TEXT
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for r in hp.runs:
        r.font.size = Pt(9)
    # footer: 第 X 页 共 Y 页
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("第 ")
    add_field(fp, "PAGE")
    fp.add_run(" 页 共 ")
    add_field(fp, "NUMPAGES")
    fp.add_run(" 页")
    for r in fp.runs:
        r.font.size = Pt(9)

    tp = doc.add_heading(title, level=0)
    tp.alignment = WD_ALIGN_PARAGRAPH.CENTER

    for kind, payload in blocks:
        if kind == "docno":
            p = doc.add_paragraph(payload)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "h1":
            if payload.startswith("附件："):
                doc.add_page_break()
            doc.add_heading(payload, level=1)
        elif kind == "h2":
            doc.add_heading(payload, level=2)
        elif kind == "h3":
            doc.add_heading(payload, level=3)
        elif kind == "toc":
            p = doc.add_paragraph(payload)
            indent = 0.75 if RE_SUB.match(payload) else 0
            p.paragraph_format.left_indent = Cm(indent)
            p.paragraph_format.space_after = Pt(0)
        elif kind == "field":
            label, rest = payload
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = Cm(0.5)
            p.paragraph_format.space_after = Pt(2)
            rl = p.add_run(label + "：")
            rl.bold = True
            p.add_run(rest)
        elif kind == "p":
            p = doc.add_paragraph(payload)
            if not re.match(r"^\d+\. ", payload):
                p.paragraph_format.first_line_indent = Pt(22)
        elif kind == "table":
            rows, ncols = normalise_rows(payload)
            is_form = ncols == 4 or rows[0][0] != "等级"
            if is_form:
                ncols = 4
            table = doc.add_table(rows=len(rows), cols=ncols)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for ri, row in enumerate(rows):
                cells = [c for c in row]
                # rows like "触发情况描述 | " : label + one wide blank cell
                if is_form and len([c for c in cells]) == 2:
                    a = table.cell(ri, 1).merge(table.cell(ri, ncols - 1))
                    table.cell(ri, 0).text = cells[0]
                    a.text = cells[1]
                    table.rows[ri].height = Cm(2.0)
                    continue
                for ci in range(ncols):
                    txt = cells[ci] if ci < len(cells) else ""
                    table.cell(ri, ci).text = txt
                if is_form:
                    table.rows[ri].height = Cm(0.9)
            if not is_form:
                set_repeat_header(table.rows[0])
                for c in table.rows[0].cells:
                    for r in c.paragraphs[0].runs:
                        r.bold = True
                widths = [Cm(1.3), Cm(3.6), Cm(3.0), Cm(3.6), Cm(4.5)]
                for row in table.rows:
                    for ci, c in enumerate(row.cells):
                        c.width = widths[ci]
            else:
                for ri in range(len(rows)):
                    for r in table.cell(ri, 0).paragraphs[0].runs:
                        r.bold = True
                    if len(rows[ri]) > 2:
                        for r in table.cell(ri, 2).paragraphs[0].runs:
                            r.bold = True
            doc.add_paragraph()
    doc.save(out_path)


# ---------------------------------------------------------------- PDF
def find_cjk_font():
    cands = []
    for root, _dirs, files in os.walk("/usr/share/fonts"):
        for fn in files:
            low = fn.lower()
            if low.endswith((".ttf", ".ttc", ".otf")) and (
                    "cjk" in low or "wqy" in low or "droidsansfallback" in low):
                cands.append(os.path.join(root, fn))
    # prefer TrueType-outline fonts (reportlab cannot embed CFF .otf)
    cands.sort(key=lambda p: (p.endswith(".otf"), "mono" in p.lower(), p))
    for path in cands:
        if path.endswith(".otf"):
            continue
        try:
            if path.endswith(".ttc"):
                font = TTFont("CJK", path, subfontIndex=0)
            else:
                font = TTFont("CJK", path)
            pdfmetrics.registerFont(font)
            addMapping("CJK", 0, 0, "CJK")
            addMapping("CJK", 1, 0, "CJK")
            addMapping("CJK", 0, 1, "CJK")
            addMapping("CJK", 1, 1, "CJK")
            return path
        except Exception as exc:  # try next
            print("font failed:", path, exc, file=sys.stderr)
    raise SystemExit("no usable CJK TrueType font under /usr/share/fonts")


class NumberedCanvas(rl_canvas.Canvas):
    """Draws header and '第 X 页 共 Y 页' footer once the page count is known."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
        self.setFont("CJK", 9)
        self.setFillColor(colors.HexColor("#444444"))
        self.drawCentredString(w / 2, h - 1.5 * cm, HEADER_TEXT)
        self.setStrokeColor(colors.HexColor("#888888"))
        self.setLineWidth(0.5)
        self.line(2.5 * cm, h - 1.65 * cm, w - 2.5 * cm, h - 1.65 * cm)
        self.drawCentredString(w / 2, 1.3 * cm, "第 %d 页 共 %d 页" % (self._pageNumber, total))
        self.restoreState()


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build_pdf(title, blocks, out_path):
    find_cjk_font()
    base = dict(fontName="CJK", wordWrap="CJK")
    st_title = ParagraphStyle("t", fontSize=17, leading=24, alignment=TA_CENTER, spaceAfter=6, **base)
    st_docno = ParagraphStyle("dn", fontSize=10.5, leading=16, alignment=TA_CENTER, spaceAfter=10, **base)
    st_h1 = ParagraphStyle("h1", fontSize=14, leading=20, spaceBefore=12, spaceAfter=6, **base)
    st_h2 = ParagraphStyle("h2", fontSize=12.5, leading=18, spaceBefore=8, spaceAfter=4, **base)
    st_h3 = ParagraphStyle("h3", fontSize=11.5, leading=17, spaceBefore=8, spaceAfter=2,
                           textColor=colors.HexColor("#1F3A68"), **base)
    st_p = ParagraphStyle("p", fontSize=10.5, leading=17, spaceAfter=4, **base)
    st_pi = ParagraphStyle("pi", parent=st_p, firstLineIndent=21)
    st_toc = ParagraphStyle("toc", fontSize=10.5, leading=16, **base)
    st_toc2 = ParagraphStyle("toc2", parent=st_toc, leftIndent=21)
    st_field = ParagraphStyle("f", fontSize=10.5, leading=16, leftIndent=14, spaceAfter=1, **base)
    st_cell = ParagraphStyle("c", fontSize=9.5, leading=13.5, **base)
    st_cellh = ParagraphStyle("ch", fontSize=9.5, leading=13.5, alignment=TA_CENTER, **base)

    story = [Paragraph(esc(title), st_title)]
    pending_entry = []

    def flush_entry():
        if pending_entry:
            story.append(KeepTogether(list(pending_entry)))
            pending_entry.clear()

    for kind, payload in blocks:
        if kind != "field":
            flush_entry()
        if kind == "docno":
            story.append(Paragraph(esc(payload), st_docno))
        elif kind == "h1":
            if payload.startswith("附件："):
                story.append(PageBreak())
            story.append(Paragraph(esc(payload), st_h1))
        elif kind == "h2":
            story.append(Paragraph(esc(payload), st_h2))
        elif kind == "h3":
            pending_entry.append(Paragraph(esc(payload), st_h3))
        elif kind == "field":
            label, rest = payload
            pending_entry.append(Paragraph("<b>%s：</b>%s" % (esc(label), esc(rest)), st_field))
        elif kind == "toc":
            story.append(Paragraph(esc(payload), st_toc2 if RE_SUB.match(payload) else st_toc))
        elif kind == "p":
            sty = st_p if re.match(r"^\d+\. ", payload) else st_pi
            story.append(Paragraph(esc(payload), sty))
        elif kind == "table":
            rows, ncols = normalise_rows(payload)
            is_form = rows[0][0] != "等级"
            if not is_form:
                data = []
                for ri, row in enumerate(rows):
                    sty = st_cellh if ri == 0 else st_cell
                    data.append([Paragraph(esc(c), sty) for c in row[:ncols]])
                widths = [1.3 * cm, 3.6 * cm, 3.0 * cm, 3.6 * cm, 4.5 * cm]
                t = Table(data, colWidths=widths, repeatRows=1)
                t.setStyle(TableStyle([
                    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9E2F3")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ]))
            else:
                ncols = 4
                data, spans, heights = [], [], []
                for ri, row in enumerate(rows):
                    if len(row) == 2:
                        data.append([Paragraph(esc(row[0]), st_cell), Paragraph(esc(row[1]), st_cell), "", ""])
                        spans.append(("SPAN", (1, ri), (3, ri)))
                        heights.append(2.0 * cm)
                    else:
                        cells = (row + [""] * ncols)[:ncols]
                        data.append([Paragraph(esc(c), st_cell) if c else "" for c in cells])
                        heights.append(0.9 * cm)
                t = Table(data, colWidths=[3.8 * cm, 4.2 * cm, 3.2 * cm, 4.8 * cm], rowHeights=heights)
                t.setStyle(TableStyle([
                    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F2F2F2")),
                ] + spans))
            story.append(Spacer(1, 4))
            story.append(t)
            story.append(Spacer(1, 8))
    flush_entry()

    doc = SimpleDocTemplate(out_path, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm,
                            topMargin=2.3 * cm, bottomMargin=2.2 * cm, title=title,
                            author="琼海商业银行总行风险管理部")
    doc.build(story, canvasmaker=NumberedCanvas)


def main():
    title, blocks = parse(SRC)
    docx_path = os.path.join(HERE, title + ".docx")
    pdf_path = os.path.join(HERE, title + ".pdf")
    build_docx(title, blocks, docx_path)
    build_pdf(title, blocks, pdf_path)
    print("wrote", docx_path, os.path.getsize(docx_path))
    print("wrote", pdf_path, os.path.getsize(pdf_path))


if __name__ == "__main__":
    main()
