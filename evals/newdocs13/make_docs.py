"""Render source.txt to the .docx (python-docx) and .pdf (reportlab) of the book.

Usage: /work/main/.venv/bin/python make_docs.py
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "source.txt")
FONT_CANDIDATES = [
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
]


# ---------------------------------------------------------------- parsing
def parse(path=SRC):
    """Return (meta, elements). elements: list of (kind, payload)."""
    meta = {}
    elems = []
    table = None
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            kind, _, rest = line.partition("|")
            if kind in ("HEADER", "FOOTER", "TITLE"):
                meta[kind] = rest
                if kind == "TITLE":
                    elems.append(("TITLE", rest))
            elif kind == "TABLE":
                name, nhead = rest.split("|")
                table = {"name": name, "header_rows": int(nhead), "rows": []}
            elif kind == "TR":
                table["rows"].append(rest.split("|"))
            elif kind == "ENDTABLE":
                ncol = max(len(r) for r in table["rows"])
                for r in table["rows"]:
                    assert len(r) == ncol, (table["name"], r)
                elems.append(("TABLE", table))
                table = None
            elif kind == "PAGEBREAK":
                elems.append(("PAGEBREAK", None))
            elif kind in ("COVER", "H1", "H2", "P", "NOTE", "LI", "CAPTION"):
                elems.append((kind, rest))
            else:
                raise ValueError("unknown line: " + line)
    return meta, elems


def spans(rows):
    """Yield (r, c, text, rowspan, colspan) for anchor cells of a grid that
    uses '<' (merge into left) and '^' (merge into above)."""
    nr, nc = len(rows), len(rows[0])
    out = []
    for r in range(nr):
        for c in range(nc):
            t = rows[r][c]
            if t in ("<", "^"):
                continue
            cs = 1
            while c + cs < nc and rows[r][c + cs] == "<":
                cs += 1
            rs = 1
            while r + rs < nr and rows[r + rs][c] == "^":
                rs += 1
            out.append((r, c, t, rs, cs))
    return out


# ---------------------------------------------------------------- docx
def build_docx(meta, elems, out_path):
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, Cm, RGBColor

    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.top_margin = sec.bottom_margin = Cm(2.5)

    def set_cjk(style_or_run, name="宋体"):
        rpr = style_or_run.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), name)

    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    set_cjk(normal)
    for sname, size in (("Heading 1", 16), ("Heading 2", 13), ("Title", 20)):
        st = doc.styles[sname]
        st.font.size = Pt(size)
        st.font.color.rgb = RGBColor(0, 0, 0)
        set_cjk(st, "黑体")

    # header / footer
    hp = sec.header.paragraphs[0]
    hp.text = meta["HEADER"]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pre, post = meta["FOOTER"].split("N")
    fp.add_run(pre)
    run = fp.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    fp.add_run(post)

    for kind, val in elems:
        if kind == "TITLE":
            for _ in range(6):
                doc.add_paragraph()
            p = doc.add_paragraph(val, style="Title")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            doc.add_paragraph()
        elif kind == "COVER":
            p = doc.add_paragraph(val)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "PAGEBREAK":
            doc.add_page_break()
        elif kind == "H1":
            doc.add_heading(val, level=1)
        elif kind == "H2":
            doc.add_heading(val, level=2)
        elif kind == "P":
            p = doc.add_paragraph(val)
            p.paragraph_format.first_line_indent = Pt(22)
        elif kind == "LI":
            p = doc.add_paragraph(val)
            p.paragraph_format.left_indent = Pt(33)
        elif kind == "NOTE":
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = Pt(44)
            r = p.add_run(val)
            r.font.size = Pt(10)
        elif kind == "CAPTION":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run(val)
            r.bold = True
        elif kind == "TABLE":
            rows = val["rows"]
            nr, nc = len(rows), len(rows[0])
            t = doc.add_table(rows=nr, cols=nc)
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, c, text, rs, cs in spans(rows):
                cell = t.cell(r, c)
                if rs > 1 or cs > 1:
                    cell = cell.merge(t.cell(r + rs - 1, c + cs - 1))
                cell.text = text
                if r < val["header_rows"]:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            for r in range(val["header_rows"]):
                trpr = t.rows[r]._tr.get_or_add_trPr()
                el = OxmlElement("w:tblHeader")
                el.set(qn("w:val"), "true")
                trpr.append(el)
            doc.add_paragraph()
    doc.core_properties.title = meta["TITLE"]
    doc.core_properties.author = "鹿鸣银行普惠金融部"
    doc.save(out_path)


# ---------------------------------------------------------------- pdf
def build_pdf(meta, elems, out_path):
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import (PageBreak, Paragraph, SimpleDocTemplate,
                                    Spacer, Table, TableStyle)

    for path, idx in FONT_CANDIDATES:
        if os.path.exists(path):
            pdfmetrics.registerFont(TTFont("CJK", path, subfontIndex=idx))
            break
    else:
        raise SystemExit("no CJK font found under /usr/share/fonts")

    def st(name, size, lead=None, **kw):
        return ParagraphStyle(name, fontName="CJK", fontSize=size,
                              leading=lead or size * 1.6, wordWrap="CJK", **kw)

    S = {
        "TITLE": st("title", 16, 26, alignment=TA_CENTER, spaceBefore=5 * cm, spaceAfter=1.2 * cm),
        "COVER": st("cover", 12, 22, alignment=TA_CENTER),
        "H1": st("h1", 15, 22, spaceBefore=10, spaceAfter=8),
        "H2": st("h2", 12.5, 19, spaceBefore=6, spaceAfter=4),
        "P": st("p", 10.5, 17, firstLineIndent=21, spaceAfter=3),
        "LI": st("li", 10.5, 17, leftIndent=31, spaceAfter=1),
        "NOTE": st("note", 9.5, 15, leftIndent=42, spaceAfter=3, textColor=colors.HexColor("#333333")),
        "CAPTION": st("cap", 11, 17, alignment=TA_CENTER, spaceBefore=6, spaceAfter=4),
        "CELL": st("cell", 9, 13),
        "HCELL": st("hcell", 9.5, 13, alignment=TA_CENTER),
    }

    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    width = A4[0] - 5 * cm
    colw = {
        "表1 检查频率表": [3.0 * cm] + [(width - 3.0 * cm) / 4] * 4,
        "表2 预警信号分级表": [6.2 * cm, 1.4 * cm, 4.6 * cm, width - 12.2 * cm],
        "修订记录": [1.8 * cm, 2.6 * cm, width - 4.4 * cm],
        "附录A 现场检查记录表": [3.6 * cm, width / 2 - 3.6 * cm, 3.2 * cm, width / 2 - 3.2 * cm],
    }

    story = []
    for kind, val in elems:
        if kind == "PAGEBREAK":
            story.append(PageBreak())
        elif kind == "TABLE":
            rows = val["rows"]
            hr = val["header_rows"]
            data = [["" for _ in r] for r in rows]
            cmds = [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), "CJK"),
            ]
            if hr:
                cmds.append(("BACKGROUND", (0, 0), (-1, hr - 1), colors.HexColor("#E6E6E6")))
            for r, c, text, rs, cs in spans(rows):
                data[r][c] = Paragraph(esc(text), S["HCELL" if r < hr else "CELL"]) if text else ""
                if rs > 1 or cs > 1:
                    cmds.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
            if val["name"].startswith("附录A"):
                cmds.append(("ROWPADDING", (0, 0), (-1, -1), 4))
                heights = [28 if len([x for x in rw if x not in ("<",)]) > 2 else 46 for rw in rows]
            else:
                heights = None
            tbl = Table(data, colWidths=colw.get(val["name"]), rowHeights=heights, repeatRows=hr)
            tbl.setStyle(TableStyle([c for c in cmds if c[0] != "ROWPADDING"]))
            story.append(tbl)
            story.append(Spacer(1, 8))
        else:
            story.append(Paragraph(esc(val), S[kind]))

    header, footer = meta["HEADER"], meta["FOOTER"]

    def deco(canvas, doc):
        canvas.saveState()
        w, h = A4
        canvas.setFont("CJK", 9)
        canvas.drawCentredString(w / 2, h - 1.5 * cm, header)
        canvas.setLineWidth(0.5)
        canvas.line(2.5 * cm, h - 1.7 * cm, w - 2.5 * cm, h - 1.7 * cm)
        canvas.setFont("CJK", 10)
        canvas.drawCentredString(w / 2, 1.3 * cm, footer.replace("N", str(doc.page)))
        canvas.restoreState()

    pdf = SimpleDocTemplate(out_path, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm,
                            topMargin=2.4 * cm, bottomMargin=2.2 * cm,
                            title=meta["TITLE"], author="鹿鸣银行普惠金融部")
    pdf.build(story, onFirstPage=deco, onLaterPages=deco)


def main():
    meta, elems = parse()
    base = os.path.join(HERE, meta["TITLE"])
    build_docx(meta, elems, base + ".docx")
    build_pdf(meta, elems, base + ".pdf")
    print("wrote", base + ".docx")
    print("wrote", base + ".pdf")


if __name__ == "__main__":
    main()
