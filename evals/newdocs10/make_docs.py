"""Build the .docx and text-layer .pdf of 溪山农村商业银行个人经营性贷款贷后管理实施细则 from source.txt.

Run with /work/main/.venv/bin/python (needs python-docx and reportlab) from any directory.
"""
import re
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

HERE = Path(__file__).resolve().parent
TITLE = "溪山农村商业银行个人经营性贷款贷后管理实施细则"
FOOTER_LEFT = "溪山农村商业银行贷后管理部印发"
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
]

RE_CHAPTER = re.compile(r"^第[一二三四五六七八九十]+章")
RE_ARTICLE = re.compile(r"^(第[一二三四五六七八九十百]+条)　(.*)$")
RE_ITEM = re.compile(r"^（[一二三四五六七八九十]+）")


def parse(lines):
    """Yield (kind, payload) blocks: title, chapter, article, clause, item, caption, table."""
    blocks = []
    lines = [ln.rstrip("\n") for ln in lines]
    blocks.append(("title", lines[0].strip()))
    table = None
    for ln in lines[1:]:
        s = ln.strip()
        if s.startswith("|"):
            cells = [c.strip() for c in s.strip("|").split("|")]
            if table is None:
                table = []
                blocks.append(("table", table))
            table.append(cells)
            continue
        table = None
        if not s:
            continue
        if RE_CHAPTER.match(s):
            blocks.append(("chapter", s))
        elif RE_ARTICLE.match(s):
            m = RE_ARTICLE.match(s)
            blocks.append(("article", (m.group(1), m.group(2))))
        elif RE_ITEM.match(s):
            blocks.append(("item", s))
        elif s.startswith("附表"):
            blocks.append(("caption", s))
        else:
            blocks.append(("clause", s))
    return blocks


# ---------------------------------------------------------------- DOCX
def _set_east_asian(run_or_style_element, name="宋体"):
    rpr = run_or_style_element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def _add_page_field(paragraph, prefix, suffix):
    paragraph.add_run(prefix)
    run = paragraph.add_run()
    fld_begin = OxmlElement("w:fldChar")
    fld_begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    fld_sep = OxmlElement("w:fldChar")
    fld_sep.set(qn("w:fldCharType"), "separate")
    txt = OxmlElement("w:t")
    txt.text = "1"
    fld_end = OxmlElement("w:fldChar")
    fld_end.set(qn("w:fldCharType"), "end")
    for el in (fld_begin, instr, fld_sep, txt, fld_end):
        run._r.append(el)
    paragraph.add_run(suffix)


def build_docx(blocks, out):
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.name = "宋体"
    normal.font.size = Pt(12)
    _set_east_asian(normal.element, "宋体")
    for sname in ("Title", "Heading 1"):
        st = doc.styles[sname]
        st.font.name = "黑体"
        _set_east_asian(st.element, "黑体")

    hp = sec.header.paragraphs[0]
    hp.text = TITLE
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_page_field(fp, FOOTER_LEFT + "　　第 ", " 页")

    for kind, val in blocks:
        if kind == "title":
            h = doc.add_heading(val, level=0)
            h.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "chapter":
            h = doc.add_heading(val, level=1)
            h.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "article":
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(24)
            r = p.add_run(val[0])
            r.bold = True
            p.add_run("　" + val[1])
        elif kind == "clause":
            p = doc.add_paragraph(val)
            p.paragraph_format.first_line_indent = Pt(24)
        elif kind == "item":
            p = doc.add_paragraph(val)
            p.paragraph_format.first_line_indent = Pt(24)
        elif kind == "caption":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(val).bold = True
        elif kind == "table":
            t = doc.add_table(rows=len(val), cols=len(val[0]))
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            for i, row in enumerate(val):
                for j, cell in enumerate(row):
                    c = t.cell(i, j)
                    c.text = cell
                    if i == 0:
                        for r in c.paragraphs[0].runs:
                            r.bold = True
            widths = [Cm(3.2), Cm(4.6), Cm(8.0)]
            for row in t.rows:
                for j, c in enumerate(row.cells):
                    c.width = widths[j]
    doc.save(out)


# ---------------------------------------------------------------- PDF
def register_font():
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            kw = {"subfontIndex": 0} if path.endswith(".ttc") else {}
            pdfmetrics.registerFont(TTFont("CJK", path, **kw))
            return path
    raise SystemExit("no CJK font found; check fc-list :lang=zh")


class NumberedCanvas(rl_canvas.Canvas):
    """Canvas that knows the page total, so the footer can print 第N页 共M页."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
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
        self.setFillColor(colors.HexColor("#555555"))
        self.drawCentredString(w / 2, h - 14 * mm, TITLE)
        self.setStrokeColor(colors.HexColor("#999999"))
        self.line(22 * mm, h - 16 * mm, w - 22 * mm, h - 16 * mm)
        self.line(22 * mm, 17 * mm, w - 22 * mm, 17 * mm)
        self.drawString(22 * mm, 12 * mm, FOOTER_LEFT)
        self.drawRightString(w - 22 * mm, 12 * mm, f"第{self._pageNumber}页　共{total}页")
        self.restoreState()


def build_pdf(blocks, out):
    register_font()
    base = dict(fontName="CJK", wordWrap="CJK")
    st_title = ParagraphStyle("t", fontSize=17, leading=26, alignment=TA_CENTER, spaceAfter=14, **base)
    st_ch = ParagraphStyle("c", fontSize=13, leading=20, alignment=TA_CENTER, spaceBefore=10, spaceAfter=8, **base)
    st_body = ParagraphStyle("b", fontSize=10.5, leading=17, firstLineIndent=21, spaceAfter=3, **base)
    st_cap = ParagraphStyle("cap", fontSize=10.5, leading=16, alignment=TA_CENTER, spaceBefore=4, spaceAfter=4, **base)
    st_cell = ParagraphStyle("cell", fontSize=9.5, leading=13, **base)
    story = []
    for kind, val in blocks:
        if kind == "title":
            story.append(Paragraph(val, st_title))
        elif kind == "chapter":
            story.append(Paragraph(val, st_ch))
        elif kind == "article":
            story.append(Paragraph(f"<b>{val[0]}</b>　{val[1]}", st_body))
        elif kind in ("clause", "item"):
            story.append(Paragraph(val, st_body))
        elif kind == "caption":
            story.append(Paragraph(val, st_cap))
        elif kind == "table":
            data = [[Paragraph(c, st_cell) for c in row] for row in val]
            t = Table(data, colWidths=[30 * mm, 44 * mm, 88 * mm], repeatRows=1)
            t.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]))
            story.append(Spacer(1, 2))
            story.append(t)
            story.append(Spacer(1, 6))
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=24 * mm, rightMargin=24 * mm,
                            topMargin=24 * mm, bottomMargin=24 * mm, title=TITLE,
                            author="溪山农村商业银行")
    doc.allowSplitting = 0  # keep every paragraph (款/项) on one page
    doc.build(story, canvasmaker=NumberedCanvas)


def main():
    blocks = parse((HERE / "source.txt").read_text(encoding="utf-8").splitlines())
    build_docx(blocks, HERE / f"{TITLE}.docx")
    build_pdf(blocks, HERE / f"{TITLE}.pdf")
    print("wrote", HERE / f"{TITLE}.docx")
    print("wrote", HERE / f"{TITLE}.pdf")


if __name__ == "__main__":
    main()
