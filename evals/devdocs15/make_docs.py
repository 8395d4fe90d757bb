"""Render source.txt into the .docx (python-docx) and .pdf (reportlab) of the rule book."""
import os

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "source.txt")
NAME = "河湾农村商业银行不良及问题贷款清收处置实施细则"
HEADER_TEXT = "河湾农村商业银行内部制度"
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
]


def parse(path=SRC):
    """Return a list of (tag, payload). For A the payload is (number, text); for TH/TR a list of cells."""
    items = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            tag, _, rest = line.partition("|")
            if tag == "A":
                num, _, text = rest.partition("|")
                items.append((tag, (num, text)))
            elif tag in ("TH", "TR"):
                items.append((tag, rest.split("|")))
            else:
                items.append((tag, rest))
    return items


def line_text(tag, payload):
    """Plain text of one source line as it appears in the rendered documents."""
    if tag == "A":
        return payload[0] + "\u3000" + payload[1]
    if tag in ("TH", "TR"):
        return "\t".join(payload)
    return payload


# ----------------------------------------------------------------- DOCX
def _set_run_font(run, size=None, bold=None, name="宋体"):
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def _style_font(style, name, size, bold=False):
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def _add_field(paragraph, instr):
    run = paragraph.add_run()
    b = OxmlElement("w:fldChar"); b.set(qn("w:fldCharType"), "begin")
    t = OxmlElement("w:instrText"); t.set(qn("xml:space"), "preserve"); t.text = instr
    s = OxmlElement("w:fldChar"); s.set(qn("w:fldCharType"), "separate")
    v = OxmlElement("w:t"); v.text = "1"
    e = OxmlElement("w:fldChar"); e.set(qn("w:fldCharType"), "end")
    for el in (b, t, s, v, e):
        run._r.append(el)
    _set_run_font(run, 9)


def _shade(cell, fill="D9D9D9"):
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear"); shd.set(qn("w:color"), "auto"); shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def build_docx(items, out):
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.6)
    sec.top_margin, sec.bottom_margin = Cm(3.0), Cm(2.5)

    _style_font(doc.styles["Normal"], "宋体", 12)
    _style_font(doc.styles["Title"], "黑体", 18, True)
    _style_font(doc.styles["Heading 1"], "黑体", 14, True)
    doc.styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_run_font(hp.add_run(HEADER_TEXT), 9)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_run_font(fp.add_run("第 "), 9)
    _add_field(fp, "PAGE")
    _set_run_font(fp.add_run(" 页 共 "), 9)
    _add_field(fp, "NUMPAGES")
    _set_run_font(fp.add_run(" 页"), 9)

    table = None
    flow_started = False
    for tag, payload in items:
        if tag != "FL":
            flow_started = False
        if tag == "CV":
            p = doc.add_paragraph(); p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            big = payload.endswith("文件")
            r = p.add_run(payload); _set_run_font(r, 26 if big else 12, big, "黑体" if big else "宋体")
            if big:
                r.font.color.rgb = RGBColor(0xC0, 0, 0)
        elif tag == "CVT":
            p = doc.add_paragraph(); p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_run_font(p.add_run(payload), 16, True, "黑体")
        elif tag == "CVP":
            p = doc.add_paragraph(); p.paragraph_format.first_line_indent = Pt(24)
            _set_run_font(p.add_run(payload), 12)
        elif tag == "CVR":
            p = doc.add_paragraph(); p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _set_run_font(p.add_run(payload), 12)
        elif tag == "CVD":
            p = doc.add_paragraph()
            _set_run_font(p.add_run(payload), 10.5)
            p.add_run().add_break(WD_BREAK.PAGE)
        elif tag == "T":
            doc.add_paragraph(payload, style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif tag == "H1":
            doc.add_paragraph(payload, style="Heading 1")
        elif tag == "A":
            p = doc.add_paragraph(); p.paragraph_format.first_line_indent = Pt(24)
            _set_run_font(p.add_run(payload[0]), 12, True, "黑体")
            _set_run_font(p.add_run("\u3000" + payload[1]), 12)
        elif tag in ("P", "N"):
            p = doc.add_paragraph(); p.paragraph_format.first_line_indent = Pt(24)
            _set_run_font(p.add_run(payload), 12 if tag == "P" else 10.5)
        elif tag == "I":
            p = doc.add_paragraph(); p.paragraph_format.first_line_indent = Pt(24)
            _set_run_font(p.add_run(payload), 12)
        elif tag == "S":
            p = doc.add_paragraph(); p.paragraph_format.left_indent = Pt(48)
            _set_run_font(p.add_run(payload), 12)
        elif tag == "AN":
            p = doc.add_paragraph(); p.paragraph_format.left_indent = Pt(0 if payload.startswith("附件") else 36)
            _set_run_font(p.add_run(payload), 12)
        elif tag == "AH":
            p = doc.add_paragraph(payload, style="Heading 1")
            p.paragraph_format.page_break_before = True
        elif tag == "TH":
            table = doc.add_table(rows=1, cols=len(payload))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            hdr = table.rows[0]
            trpr = hdr._tr.get_or_add_trPr()
            th = OxmlElement("w:tblHeader"); th.set(qn("w:val"), "true"); trpr.append(th)
            for cell, txt in zip(hdr.cells, payload):
                cell.text = ""
                _set_run_font(cell.paragraphs[0].add_run(txt), 10.5, True, "黑体")
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                _shade(cell)
        elif tag == "TR":
            row = table.add_row()
            for cell, txt in zip(row.cells, payload):
                cell.text = ""
                _set_run_font(cell.paragraphs[0].add_run(txt), 10.5)
        elif tag == "FL":
            if flow_started:
                a = doc.add_paragraph(); a.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _set_run_font(a.add_run("↓"), 12)
            p = doc.add_paragraph()
            _set_run_font(p.add_run(payload), 12)
            flow_started = True
        else:
            raise ValueError("unknown tag " + tag)
    doc.core_properties.title = NAME
    doc.core_properties.author = "河湾农村商业银行资产保全部"
    doc.save(out)


# ----------------------------------------------------------------- PDF
def _register_font():
    for path in FONT_CANDIDATES:
        if os.path.exists(path):
            pdfmetrics.registerFont(TTFont("CJK", path, subfontIndex=0))
            return path
    raise SystemExit("no CJK font found under /usr/share/fonts")


class NumberedCanvas(rl_canvas.Canvas):
    """Canvas that knows the total page count, so the footer can say 第 N 页 共 M 页."""

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
            self._draw_header_footer(total)
            super().showPage()
        super().save()

    def _draw_header_footer(self, total):
        w, h = A4
        self.saveState()
        self.setFont("CJK", 9)
        self.drawCentredString(w / 2, h - 15 * mm, HEADER_TEXT)
        self.setLineWidth(0.5)
        self.line(25 * mm, h - 17 * mm, w - 25 * mm, h - 17 * mm)
        self.drawCentredString(w / 2, 12 * mm, "第 %d 页 共 %d 页" % (self._pageNumber, total))
        self.restoreState()


def build_pdf(items, out):
    _register_font()
    base = dict(fontName="CJK", wordWrap="CJK", fontSize=11, leading=18)
    st = {
        "body": ParagraphStyle("body", firstLineIndent=22, spaceAfter=3, **base),
        "sub": ParagraphStyle("sub", leftIndent=44, spaceAfter=2, **base),
        "note": ParagraphStyle("note", firstLineIndent=20, spaceBefore=6, **dict(base, fontSize=9.5, leading=15)),
        "cv": ParagraphStyle("cv", alignment=TA_CENTER, spaceAfter=10, **base),
        "cvbig": ParagraphStyle("cvbig", alignment=TA_CENTER, spaceBefore=30, spaceAfter=24,
                                textColor=colors.HexColor("#C00000"), **dict(base, fontSize=28, leading=36)),
        "cvt": ParagraphStyle("cvt", alignment=TA_CENTER, spaceBefore=18, spaceAfter=14, **dict(base, fontSize=15, leading=24)),
        "right": ParagraphStyle("right", alignment=TA_RIGHT, spaceAfter=2, **base),
        "cvd": ParagraphStyle("cvd", spaceBefore=60, **dict(base, fontSize=9.5, leading=15)),
        "title": ParagraphStyle("title", alignment=TA_CENTER, spaceAfter=14, **dict(base, fontSize=17, leading=26)),
        "h1": ParagraphStyle("h1", alignment=TA_CENTER, spaceBefore=10, spaceAfter=6, **dict(base, fontSize=13, leading=20)),
        "ah": ParagraphStyle("ah", spaceBefore=14, spaceAfter=8, **dict(base, fontSize=13, leading=20)),
        "cell": ParagraphStyle("cell", **dict(base, fontSize=9.5, leading=14)),
        "cellh": ParagraphStyle("cellh", alignment=TA_CENTER, **dict(base, fontSize=9.5, leading=14)),
        "arrow": ParagraphStyle("arrow", alignment=TA_CENTER, **base),
        "flow": ParagraphStyle("flow", leftIndent=10, **base),
    }
    story = []
    rows = []
    flow_started = False

    def flush_table():
        if not rows:
            return
        widths = [42 * mm, 26 * mm, 24 * mm, 34 * mm, 34 * mm]
        t = Table(rows[:], colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        story.append(t)
        rows.clear()

    for tag, payload in items:
        if tag not in ("TH", "TR"):
            flush_table()
        if tag != "FL":
            flow_started = False
        if tag == "CV":
            story.append(Paragraph(escape(payload), st["cvbig" if payload.endswith("文件") else "cv"]))
        elif tag == "CVT":
            story.append(Paragraph(escape(payload), st["cvt"]))
        elif tag == "CVP":
            story.append(Paragraph(escape(payload), st["body"]))
        elif tag == "CVR":
            story.append(Paragraph(escape(payload), st["right"]))
        elif tag == "CVD":
            story.append(Paragraph(escape(payload), st["cvd"]))
            story.append(PageBreak())
        elif tag == "T":
            story.append(Paragraph(escape(payload), st["title"]))
        elif tag == "H1":
            story.append(Paragraph(escape(payload), st["h1"]))
        elif tag == "A":
            story.append(Paragraph("<b>%s</b>\u3000%s" % (escape(payload[0]), escape(payload[1])), st["body"]))
        elif tag in ("P", "I"):
            story.append(Paragraph(escape(payload), st["body"]))
        elif tag == "S":
            story.append(Paragraph(escape(payload), st["sub"]))
        elif tag == "N":
            story.append(Paragraph(escape(payload), st["note"]))
        elif tag == "AN":
            story.append(Paragraph(escape(payload), st["body"] if payload.startswith("附件") else st["sub"]))
        elif tag == "AH":
            # 附件2 starts on a new page; 附件1 follows the text so that its table runs over a page break
            if payload.startswith("附件2"):
                story.append(PageBreak())
            story.append(Paragraph(escape(payload), st["ah"]))
        elif tag == "TH":
            rows.append([Paragraph(escape(c), st["cellh"]) for c in payload])
        elif tag == "TR":
            rows.append([Paragraph(escape(c), st["cell"]) for c in payload])
        elif tag == "FL":
            if flow_started:
                story.append(Paragraph("↓", st["arrow"]))
            story.append(Paragraph(escape(payload), st["flow"]))
            flow_started = True
        else:
            raise ValueError("unknown tag " + tag)
    flush_table()

    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm,
                            topMargin=25 * mm, bottomMargin=22 * mm, title=NAME,
                            author="河湾农村商业银行资产保全部")
    doc.build(story, canvasmaker=NumberedCanvas)


if __name__ == "__main__":
    items = parse()
    docx_path = os.path.join(HERE, NAME + ".docx")
    pdf_path = os.path.join(HERE, NAME + ".pdf")
    build_docx(items, docx_path)
    build_pdf(items, pdf_path)
    print("wrote", docx_path)
    print("wrote", pdf_path)
