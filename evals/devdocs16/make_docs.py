"""Render source.txt into the .docx (python-docx) and the .pdf (reportlab) of
星澜银行固定资产贷款及项目融资贷后管理实施办法.

House style being tested:
  * .docx: article numbers (第X条) come from Word automatic numbering
    (numbering.xml: abstractNum level lvlText "第%1条", numFmt chineseCounting,
    one continuous list through the book); items （一） use a second abstractNum
    (lvlText "（%1）", chineseCounting) restarted under each article through a
    new w:num with startOverride; "1." lists use a decimal abstractNum likewise.
    The paragraph text itself never contains 第X条 / （X） / N.
  * .pdf: the same numbers printed as literal text, A4, running header with the
    bank's name, footer "第 X 页 共 Y 页", 文号 above the title on page 1, the
    annex table (merged header cells) running over a page break.

Usage: /work/main/.venv/bin/python make_docs.py
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "source.txt")
FONT_CANDIDATES = [
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
]
CN_DIGITS = "零一二三四五六七八九"

# numbering ids used in numbering.xml (well above anything in the default template)
ABS_ARTICLE, ABS_ITEM, ABS_DEC = 801, 802, 803
NUM_ARTICLE = 801          # the single, continuous list of articles
NUM_FIRST_FREE = 810       # per-article restarts of items / decimal lists


def cn_num(n):
    """1 -> 一, 10 -> 十, 15 -> 十五, 20 -> 二十, 88 -> 八十八 (1..99)."""
    assert 1 <= n <= 99, n
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else CN_DIGITS[tens] + "十"
    return head + (CN_DIGITS[ones] if ones else "")


def article_label(n):
    return "第%s条" % cn_num(n)


# ---------------------------------------------------------------- parsing
def parse(path=SRC):
    """Return (meta, elems).

    elems is a list of dicts: {"kind": ..., "text": ..., "n": ..., "art": ...};
    ART/KUAN/ITEM/DEC carry "art" (the article number they belong to)."""
    meta = {}
    elems = []
    table = None
    art = None
    expected_art = 1
    expected_item = expected_dec = 1
    with open(path, encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            kind, _, rest = line.partition("|")
            where = "source.txt:%d" % lineno
            if kind in ("DOCNO", "TITLE", "ISSUED", "HEADER", "FOOTER"):
                meta[kind] = rest
                if kind in ("DOCNO", "TITLE", "ISSUED"):
                    elems.append({"kind": kind, "text": rest})
            elif kind == "ART":
                num, text = rest.split("|", 1)
                n = int(num)
                assert n == expected_art, "%s: article %d, expected %d" % (where, n, expected_art)
                expected_art += 1
                art = n
                expected_item = expected_dec = 1
                elems.append({"kind": "ART", "n": n, "text": text, "art": n})
            elif kind in ("ITEM", "DEC"):
                assert art is not None, where
                num, text = rest.split("|", 1)
                n = int(num)
                exp = expected_item if kind == "ITEM" else expected_dec
                assert n == exp, "%s: %s %d, expected %d" % (where, kind, n, exp)
                if kind == "ITEM":
                    expected_item += 1
                else:
                    expected_dec += 1
                elems.append({"kind": kind, "n": n, "text": text, "art": art})
            elif kind == "KUAN":
                assert art is not None, where
                elems.append({"kind": "KUAN", "text": rest, "art": art})
            elif kind in ("H1", "H2", "ANNEX", "CAPTION", "NOTE", "SIGN"):
                art = None
                elems.append({"kind": kind, "text": rest})
            elif kind == "PAGEBREAK_DOCX":
                art = None
                elems.append({"kind": kind})
            elif kind == "TABLE":
                art = None
                name, nhead = rest.split("|")
                table = {"kind": "TABLE", "name": name, "header_rows": int(nhead), "rows": []}
            elif kind == "TR":
                table["rows"].append(rest.split("|"))
            elif kind == "ENDTABLE":
                ncol = len(table["rows"][0])
                for r in table["rows"]:
                    assert len(r) == ncol, (table["name"], r)
                elems.append(table)
                table = None
            else:
                raise ValueError("%s: unknown line kind %r" % (where, kind))
    check_cross_refs(elems)
    return meta, elems


def check_cross_refs(elems):
    """Every "本办法第X条[第Y款]" must point at an existing article (and 款)."""
    kuan = {}
    for e in elems:
        if e["kind"] == "ART":
            kuan[article_label(e["n"])] = 1
        elif e["kind"] == "KUAN":
            kuan[article_label(e["art"])] += 1
    cn2int = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
    for e in elems:
        for m in re.finditer(r"本办法(第[一二三四五六七八九十]+条)(?:第([一二三四五])款)?", e.get("text") or ""):
            assert m.group(1) in kuan, "dangling reference " + m.group(0)
            if m.group(2):
                assert cn2int[m.group(2)] <= kuan[m.group(1)], "dangling reference " + m.group(0)


def spans(rows):
    """(r, c, text, rowspan, colspan) for anchor cells; '<' merges left, '^' merges up."""
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
def _numbering_xml_parts():
    """XML of the three abstractNum definitions (namespaces added by the caller)."""
    def lvl(fmt, text, ind_first, bold, font):
        rpr = '<w:rPr><w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s"/>%s</w:rPr>' % (
            font, font, font, "<w:b/><w:bCs/>" if bold else "")
        return (
            '<w:lvl w:ilvl="0">'
            '<w:start w:val="1"/>'
            '<w:numFmt w:val="%s"/>'
            '<w:suff w:val="%s"/>'
            '<w:lvlText w:val="%s"/>'
            '<w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="0" w:firstLine="%d"/></w:pPr>'
            '%s'
            '</w:lvl>' % (fmt, "space" if text.startswith("第") else "nothing", text, ind_first, rpr)
        )

    def absnum(aid, nsid, name, level):
        return (
            '<w:abstractNum w:abstractNumId="%d">'
            '<w:nsid w:val="%s"/>'
            '<w:multiLevelType w:val="singleLevel"/>'
            '<w:tmpl w:val="%s"/>'
            '<w:name w:val="%s"/>'
            '%s'
            '</w:abstractNum>' % (aid, nsid, nsid.replace("5", "7"), name, level)
        )

    return [
        absnum(ABS_ARTICLE, "5A1C0E01", "XL_Article", lvl("chineseCounting", "第%1条", 480, True, "黑体")),
        absnum(ABS_ITEM, "5A1C0E02", "XL_Item", lvl("chineseCounting", "（%1）", 480, False, "宋体")),
        absnum(ABS_DEC, "5A1C0E03", "XL_Decimal", lvl("decimal", "%1.", 480, False, "宋体")),
    ]


class DocxNumbering:
    """Adds our abstractNum / num definitions to the document's numbering part."""

    def __init__(self, doc):
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls, qn
        self.qn = qn
        self.parse_xml = parse_xml
        self.nsdecls = nsdecls("w")
        self.numbering = doc.part.numbering_part.element
        first_num = self.numbering.find(qn("w:num"))
        for xml in _numbering_xml_parts():
            el = parse_xml(xml.replace("<w:abstractNum ", "<w:abstractNum %s " % self.nsdecls, 1))
            if first_num is not None:
                first_num.addprevious(el)   # schema order: all abstractNum before num
            else:
                self.numbering.append(el)
        self._add_num(NUM_ARTICLE, ABS_ARTICLE, restart=False)
        self.next_id = NUM_FIRST_FREE

    def _add_num(self, num_id, abs_id, restart):
        over = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                if restart else "")
        el = self.parse_xml('<w:num %s w:numId="%d"><w:abstractNumId w:val="%d"/>%s</w:num>'
                            % (self.nsdecls, num_id, abs_id, over))
        self.numbering.append(el)

    def new_restarted(self, abs_id):
        """A new w:num for abs_id whose counter starts again at 1."""
        nid = self.next_id
        self.next_id += 1
        self._add_num(nid, abs_id, restart=True)
        return nid

    @staticmethod
    def attach(paragraph, num_id, ilvl=0):
        numPr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numPr.get_or_add_ilvl().val = ilvl
        numPr.get_or_add_numId().val = num_id


def build_docx(meta, elems, out_path):
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.6)
    sec.top_margin, sec.bottom_margin = Cm(3.0), Cm(2.5)

    def set_cjk(obj, name):
        rpr = obj.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), name)

    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    set_cjk(normal, "宋体")
    normal.paragraph_format.line_spacing = 1.25
    for sname, size in (("Heading 1", 15), ("Heading 2", 13), ("Title", 20)):
        st = doc.styles[sname]
        st.font.size = Pt(size)
        st.font.bold = True
        st.font.color.rgb = RGBColor(0, 0, 0)
        set_cjk(st, "黑体")
        st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    # running header and footer with PAGE / NUMPAGES fields
    hp = sec.header.paragraphs[0]
    hp.text = meta["HEADER"]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def add_field(par, instr):
        """A complex field as Word writes it: begin / instrText / separate / cached value / end,
        each in its own run."""
        for tag, text in (("begin", None), ("instr", instr), ("separate", None),
                          ("value", "1"), ("end", None)):
            run = par.add_run()
            if tag == "instr":
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = " %s " % text
            elif tag == "value":
                el = OxmlElement("w:t")
                el.text = text
            else:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), tag)
            run._r.append(el)

    pieces = re.split(r"(\{page\}|\{total\})", meta["FOOTER"])
    for piece in pieces:
        if piece == "{page}":
            add_field(fp, "PAGE")
        elif piece == "{total}":
            add_field(fp, "NUMPAGES")
        elif piece:
            fp.add_run(piece)

    numbering = DocxNumbering(doc)
    item_num = {}   # article -> numId for its （一） items
    dec_num = {}    # article -> numId for its 1. items
    indent = Pt(24)

    for e in elems:
        k = e["kind"]
        if k == "DOCNO":
            p = doc.add_paragraph(e["text"])
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_before = Pt(18)
        elif k == "TITLE":
            p = doc.add_paragraph(e["text"], style="Title")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif k == "ISSUED":
            p = doc.add_paragraph(e["text"])
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif k == "H1":
            doc.add_heading(e["text"], level=1)
        elif k == "H2":
            doc.add_heading(e["text"], level=2)
        elif k == "ART":
            p = doc.add_paragraph(e["text"])
            DocxNumbering.attach(p, NUM_ARTICLE)
        elif k == "KUAN":
            p = doc.add_paragraph(e["text"])
            p.paragraph_format.first_line_indent = indent
        elif k == "ITEM":
            if e["art"] not in item_num:
                item_num[e["art"]] = numbering.new_restarted(ABS_ITEM)
            p = doc.add_paragraph(e["text"])
            DocxNumbering.attach(p, item_num[e["art"]])
        elif k == "DEC":
            if e["art"] not in dec_num:
                dec_num[e["art"]] = numbering.new_restarted(ABS_DEC)
            p = doc.add_paragraph(e["text"])
            DocxNumbering.attach(p, dec_num[e["art"]])
        elif k == "SIGN":
            p = doc.add_paragraph(e["text"])
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif k == "PAGEBREAK_DOCX":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif k == "ANNEX":
            p = doc.add_paragraph()
            r = p.add_run(e["text"])
            r.bold = True
            set_cjk(r, "黑体")
        elif k == "CAPTION":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run(e["text"])
            r.bold = True
            r.font.size = Pt(14)
        elif k == "NOTE":
            p = doc.add_paragraph()
            r = p.add_run(e["text"])
            r.font.size = Pt(10.5)
        elif k == "TABLE":
            rows = e["rows"]
            nr, nc = len(rows), len(rows[0])
            t = doc.add_table(rows=nr, cols=nc)
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            widths = [Cm(2.9), Cm(3.4), Cm(3.0), Cm(4.1), Cm(2.4)]
            for r, c, text, rs, cs in spans(rows):
                cell = t.cell(r, c)
                if rs > 1 or cs > 1:
                    cell = cell.merge(t.cell(r + rs - 1, c + cs - 1))
                cell.text = text
                for par in cell.paragraphs:
                    for run in par.runs:
                        run.font.size = Pt(10)
                        if r < e["header_rows"]:
                            run.bold = True
                    if r < e["header_rows"]:
                        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for row in t.rows:
                for c, cell in enumerate(row.cells):
                    cell.width = widths[c]
            for r in range(e["header_rows"]):
                trpr = t.rows[r]._tr.get_or_add_trPr()
                el = OxmlElement("w:tblHeader")
                el.set(qn("w:val"), "true")
                trpr.append(el)
        else:
            raise ValueError(k)

    doc.core_properties.title = meta["TITLE"]
    doc.core_properties.author = "星澜银行总行公司金融部"
    doc.core_properties.keywords = meta["DOCNO"]
    doc.save(out_path)


# ---------------------------------------------------------------- pdf
def build_pdf(meta, elems, out_path, lead=17.5):
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas as rl_canvas
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    for path, idx in FONT_CANDIDATES:
        if os.path.exists(path):
            pdfmetrics.registerFont(TTFont("CJK", path, subfontIndex=idx))
            break
    else:
        raise SystemExit("no CJK font found under /usr/share/fonts "
                         "(apt-get install fonts-wqy-microhei)")

    def st(name, size, lead=None, **kw):
        return ParagraphStyle(name, fontName="CJK", fontSize=size,
                              leading=lead or size * 1.65, wordWrap="CJK", **kw)

    body = 10.5
    S = {
        "DOCNO": st("docno", 11, 18, alignment=TA_CENTER, spaceBefore=0.6 * cm, spaceAfter=0.5 * cm),
        "TITLE": st("title", 17, 26, alignment=TA_CENTER, spaceAfter=4),
        "ISSUED": st("issued", 10.5, 17, alignment=TA_CENTER, spaceAfter=0.5 * cm),
        "H1": st("h1", 13.5, 21, alignment=TA_CENTER, spaceBefore=9, spaceAfter=6),
        "H2": st("h2", 12, 19, alignment=TA_CENTER, spaceBefore=4, spaceAfter=4),
        "ART": st("art", body, lead, firstLineIndent=2 * body, spaceAfter=2),
        "KUAN": st("kuan", body, lead, firstLineIndent=2 * body, spaceAfter=2),
        "ITEM": st("item", body, lead, firstLineIndent=2 * body, spaceAfter=1),
        "DEC": st("dec", body, lead, firstLineIndent=2 * body, spaceAfter=1),
        "SIGN": st("sign", body, 18, alignment=TA_RIGHT, rightIndent=1 * cm),
        "ANNEX": st("annex", 12, 19, spaceBefore=18, spaceAfter=2),
        "CAPTION": st("cap", 13, 20, alignment=TA_CENTER, spaceAfter=6),
        "NOTE": st("note", 9.5, 15, spaceBefore=4),
        "CELL": st("cell", 9, 13),
        "HCELL": st("hcell", 9.5, 13, alignment=TA_CENTER),
    }

    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    page_w, page_h = A4
    lm = rm = 2.6 * cm
    width = page_w - lm - rm
    story = []
    prev_kind = None
    for e in elems:
        k = e["kind"]
        prev_kind, this_prev = k, prev_kind
        if k == "PAGEBREAK_DOCX":
            continue
        if k == "ART":
            text = article_label(e["n"]) + "　" + e["text"]
        elif k == "ITEM":
            text = "（%s）" % cn_num(e["n"]) + e["text"]
        elif k == "DEC":
            text = "%d. " % e["n"] + e["text"]
        elif k == "SIGN":
            if this_prev != "SIGN":
                story.append(Spacer(1, 14))
            text = e["text"]
        elif k == "TABLE":
            rows = e["rows"]
            hr = e["header_rows"]
            data = [["" for _ in r] for r in rows]
            cmds = [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), "CJK"),
                ("BACKGROUND", (0, 0), (-1, hr - 1), colors.HexColor("#E4E4E4")),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
            for r, c, text, rs, cs in spans(rows):
                data[r][c] = Paragraph(esc(text), S["HCELL" if r < hr else "CELL"]) if text else ""
                if rs > 1 or cs > 1:
                    cmds.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
            colw = [2.5 * cm, 3.0 * cm, 2.6 * cm, 4.2 * cm]
            colw.append(width - sum(colw))
            tbl = Table(data, colWidths=colw, repeatRows=hr, splitByRow=1)
            tbl.setStyle(TableStyle(cmds))
            story.append(tbl)
            continue
        else:
            text = e["text"]
        story.append(Paragraph(esc(text), S[k]))

    header = meta["HEADER"]
    footer = meta["FOOTER"]

    class NumberedCanvas(rl_canvas.Canvas):
        """Two-pass canvas so that every page can show the total page count."""

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
            self.saveState()
            self.setFont("CJK", 9)
            self.setFillColor(colors.HexColor("#333333"))
            self.drawCentredString(page_w / 2, page_h - 1.55 * cm, header)
            self.setLineWidth(0.5)
            self.line(lm, page_h - 1.75 * cm, page_w - rm, page_h - 1.75 * cm)
            self.setFont("CJK", 9.5)
            self.setFillColor(colors.black)
            self.drawCentredString(page_w / 2, 1.3 * cm,
                                   footer.format(page=self._pageNumber, total=total))
            self.restoreState()

    pdf = SimpleDocTemplate(out_path, pagesize=A4, leftMargin=lm, rightMargin=rm,
                            topMargin=2.4 * cm, bottomMargin=2.2 * cm,
                            title=meta["TITLE"], author="星澜银行总行公司金融部",
                            subject=meta["DOCNO"])
    pdf.build(story, canvasmaker=NumberedCanvas)


def table_split(pdf_path, elems, min_rows_first=2):
    """(ok, first_page, last_page): does the annex table run over a page break,
    with its header and at least min_rows_first body rows on its first page?
    Rows are located by their first cell, searched only after the caption."""
    from pypdf import PdfReader
    table = [e for e in elems if e["kind"] == "TABLE"][0]
    caption = [e["text"] for e in elems if e["kind"] == "CAPTION"][0]
    body_rows = table["rows"][table["header_rows"]:]
    pages = [re.sub(r"\s+", "", p.extract_text() or "") for p in PdfReader(pdf_path).pages]
    cap_page = max(i for i, p in enumerate(pages) if caption in p)
    after = [pages[cap_page].split(caption, 1)[1]] + pages[cap_page + 1:]

    def page_of(cell):
        mark = re.sub(r"\s+", "", cell)
        return cap_page + 1 + min(i for i, p in enumerate(after) if mark in p)

    first, last = page_of(body_rows[0][0]), page_of(body_rows[-1][0])
    enough = page_of(body_rows[min_rows_first - 1][0]) == first
    return first < last and enough, first, last


def main():
    meta, elems = parse()
    base = os.path.join(HERE, meta["TITLE"])
    build_docx(meta, elems, base + ".docx")
    # The annex table must run over a page break in the PDF. Where it starts
    # depends on the body text, so try a few body leadings until it does.
    for lead in (17.5, 17.0, 18.0, 16.5, 18.5, 16.0, 19.0):
        build_pdf(meta, elems, base + ".pdf", lead=lead)
        ok, first, last = table_split(base + ".pdf", elems)
        print("pdf leading %.1f: annex table on pages %d-%d%s" % (lead, first, last, "" if ok else " (retry)"))
        if ok:
            break
    else:
        raise SystemExit("could not make the annex table span a page break")
    print("wrote", base + ".docx")
    print("wrote", base + ".pdf")


if __name__ == "__main__":
    main()
