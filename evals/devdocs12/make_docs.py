"""Build the .docx and text-layer .pdf of 云溪银行公司客户贷后管理培训讲义 from source.txt.

source.txt is a slide deck exported to text: blocks separated by blank lines, the first line of
each block is the slide title; the first block is the cover, blocks starting with 第N讲 are section
divider slides; lines starting with "|" form a table.
Run with /work/main/.venv/bin/python (needs python-docx and reportlab).
"""
import re
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

HERE = Path(__file__).resolve().parent
TITLE = "云溪银行公司客户贷后管理培训讲义"
RUNNING_FOOTER = "云溪银行授信管理部｜公司客户贷后管理培训｜内部资料　注意保密"
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
]
RE_SECTION = re.compile(r"^第[一二三四五六七八九十]+讲 ")
PAGE = landscape(A4)


def parse(text):
    slides = []
    for i, raw in enumerate(re.split(r"\n\s*\n", text.strip())):
        lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
        kind = "cover" if i == 0 else ("section" if RE_SECTION.match(lines[0]) else "slide")
        body = []
        table = None
        for ln in lines[1:]:
            if ln.startswith("|"):
                if table is None:
                    table = []
                    body.append(("table", table))
                table.append([c.strip() for c in ln.strip("|").split("|")])
            else:
                table = None
                body.append(("line", ln))
        slides.append({"kind": kind, "title": lines[0], "body": body})
    return slides


# ---------------------------------------------------------------- DOCX
def _east_asian(style_el, name):
    rpr = style_el.get_or_add_rPr()
    rf = rpr.find(qn("w:rFonts"))
    if rf is None:
        rf = OxmlElement("w:rFonts")
        rpr.append(rf)
    rf.set(qn("w:eastAsia"), name)


def _page_field(paragraph, prefix, suffix):
    paragraph.add_run(prefix)
    run = paragraph.add_run()
    for tag, attr in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "separate"),
                      ("w:t", None), ("w:fldChar", "end")):
        el = OxmlElement(tag)
        if tag == "w:fldChar":
            el.set(qn("w:fldCharType"), attr)
        elif tag == "w:instrText":
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el.text = "1"
        run._r.append(el)
    paragraph.add_run(suffix)


def build_docx(slides, out):
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21)
    sec.left_margin = sec.right_margin = Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name = "微软雅黑"
    normal.font.size = Pt(13)
    _east_asian(normal.element, "微软雅黑")
    for sname in ("Title", "Heading 1", "Heading 2"):
        _east_asian(doc.styles[sname].element, "微软雅黑")
    hp = sec.header.paragraphs[0]
    hp.text = TITLE
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    fp = sec.footer.paragraphs[0]
    fp.text = RUNNING_FOOTER
    fp.alignment = WD_ALIGN_PARAGRAPH.LEFT
    fp2 = sec.footer.add_paragraph()
    fp2.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(fp2, "— ", " —")

    first = True
    for s in slides:
        if not first:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        first = False
        if s["kind"] == "cover":
            h = doc.add_heading(s["title"], level=0)
            h.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif s["kind"] == "section":
            doc.add_heading(s["title"], level=1)
        else:
            doc.add_heading(s["title"], level=2)
        for kind, val in s["body"]:
            if kind == "line":
                p = doc.add_paragraph(val)
                if s["kind"] == "cover":
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.space_after = Pt(4)
            else:
                t = doc.add_table(rows=len(val), cols=len(val[0]))
                t.style = "Table Grid"
                t.alignment = WD_TABLE_ALIGNMENT.CENTER
                for i, row in enumerate(val):
                    for j, cell in enumerate(row):
                        c = t.cell(i, j)
                        c.text = cell
                        if i == 0 or j == 0:
                            for r in c.paragraphs[0].runs:
                                r.bold = True
    doc.save(out)


# ---------------------------------------------------------------- PDF
def register_font():
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            kw = {"subfontIndex": 0} if path.endswith(".ttc") else {}
            pdfmetrics.registerFont(TTFont("CJK", path, **kw))
            return
    raise SystemExit("no CJK font found; check fc-list :lang=zh")


def decorate(canv, doc):
    w, h = PAGE
    canv.saveState()
    canv.setFillColor(colors.HexColor("#1f4e79"))
    canv.rect(0, h - 9 * mm, w, 9 * mm, stroke=0, fill=1)
    canv.setFillColor(colors.white)
    canv.setFont("CJK", 9)
    canv.drawRightString(w - 12 * mm, h - 6 * mm, TITLE)
    canv.setFillColor(colors.HexColor("#666666"))
    canv.setStrokeColor(colors.HexColor("#1f4e79"))
    canv.line(15 * mm, 14 * mm, w - 15 * mm, 14 * mm)
    canv.drawString(15 * mm, 9 * mm, RUNNING_FOOTER)
    canv.setFont("CJK", 10)
    canv.drawCentredString(w / 2, 4 * mm, f"— {doc.page} —")
    canv.restoreState()


def build_pdf(slides, out):
    register_font()
    base = dict(fontName="CJK", wordWrap="CJK")
    st_cover = ParagraphStyle("cv", fontSize=28, leading=40, alignment=TA_CENTER, spaceBefore=90, spaceAfter=30,
                              textColor=colors.HexColor("#1f4e79"), **base)
    st_cover_line = ParagraphStyle("cl", fontSize=15, leading=26, alignment=TA_CENTER, **base)
    st_section = ParagraphStyle("sec", fontSize=30, leading=42, alignment=TA_CENTER, spaceBefore=150, spaceAfter=20,
                                textColor=colors.HexColor("#1f4e79"), **base)
    st_sub = ParagraphStyle("sub", fontSize=16, leading=26, alignment=TA_CENTER, **base)
    st_title = ParagraphStyle("st", fontSize=22, leading=30, spaceAfter=14, textColor=colors.HexColor("#1f4e79"), **base)
    st_line = ParagraphStyle("ln", fontSize=14, leading=23, spaceAfter=4, **base)
    st_key = ParagraphStyle("key", parent=st_line, textColor=colors.HexColor("#c00000"))
    st_cell = ParagraphStyle("cell", fontSize=12, leading=17, **base)
    story = []
    for n, s in enumerate(slides):
        if n:
            story.append(PageBreak())
        if s["kind"] == "cover":
            story.append(Paragraph(s["title"], st_cover))
            story += [Paragraph(v, st_cover_line) for k, v in s["body"]]
            continue
        if s["kind"] == "section":
            story.append(Paragraph(s["title"], st_section))
            story += [Paragraph(v, st_sub) for k, v in s["body"]]
            continue
        story.append(Paragraph(s["title"], st_title))
        for kind, val in s["body"]:
            if kind == "line":
                style = st_key if val.startswith(("要点：", "口诀：", "启示：")) else st_line
                story.append(Paragraph(val, style))
            else:
                data = [[Paragraph(c, st_cell) for c in row] for row in val]
                t = Table(data, colWidths=[28 * mm] + [78 * mm] * (len(val[0]) - 1))
                t.setStyle(TableStyle([
                    ("GRID", (0, 0), (-1, -1), 0.6, colors.HexColor("#1f4e79")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dbe5f1")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]))
                story.append(Spacer(1, 4))
                story.append(t)
    doc = SimpleDocTemplate(str(out), pagesize=PAGE, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=16 * mm, bottomMargin=20 * mm, title=TITLE, author="云溪银行授信管理部")
    doc.allowSplitting = 0
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)


def main():
    slides = parse((HERE / "source.txt").read_text(encoding="utf-8"))
    build_docx(slides, HERE / f"{TITLE}.docx")
    build_pdf(slides, HERE / f"{TITLE}.pdf")
    print("slides:", len(slides))
    print("wrote", HERE / f"{TITLE}.docx")
    print("wrote", HERE / f"{TITLE}.pdf")


if __name__ == "__main__":
    main()
