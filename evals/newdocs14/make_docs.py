"""Render source.txt into the .docx (python-docx) and the .pdf (reportlab).

House style of the book:
  * page 1 cover, page 2 目录 (TOC with dot leaders and page numbers);
  * every chapter and the annex start on a new page; the running header of
    every page names the current chapter ("栖霞湖农商银行　第六章　逾期贷款催收"),
    the footer is "- N -";
  * footnote marks {注N} are superscript; the note text is printed at the
    bottom of the page carrying the mark (PDF) or at the end of the chapter
    (DOCX);
  * the annex table has a two-row header that is repeated when the table
    runs over a page break.

The PDF is built several times: each pass records on which page every
chapter heading and every footnote mark landed; the next pass prints those
page numbers in the TOC and reserves room for the notes at the bottom of
those pages.  Passes stop when nothing moves any more.

Usage: /work/main/.venv/bin/python make_docs.py
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "source.txt")
FONT_CANDIDATES = [
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
]
MARK_RE = re.compile(r"\{(注\d+)\}")
BODY_KINDS = ("ART", "KUAN", "XIANG", "MU", "REV", "P", "TNOTE")


# ====================================================================== parse
def parse(path=SRC):
    """Return (meta, blocks).  blocks is a list of dicts with key 'kind'."""
    meta, blocks, table = {}, [], None
    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            kind, _, rest = line.partition("|")
            if kind == "META":
                key, _, val = rest.partition("|")
                meta[key] = val
            elif kind in ("COVER", "TOC", "CH", "ANNEX") + BODY_KINDS:
                blocks.append({"kind": kind, "text": rest})
            elif kind == "NOTE":
                mark, _, text = rest.partition("|")
                blocks.append({"kind": "NOTE", "mark": mark, "text": text})
            elif kind == "TABLE":
                name, nhead = rest.split("|")
                table = {"kind": "TABLE", "name": name, "header_rows": int(nhead), "rows": []}
            elif kind == "TR":
                table["rows"].append(rest.split("|"))
            elif kind == "ENDTABLE":
                ncol = len(table["rows"][0])
                for r in table["rows"]:
                    assert len(r) == ncol, ("ragged row", r)
                blocks.append(table)
                table = None
            else:
                raise ValueError("line %d: unknown kind %r" % (n, kind))
    for key in ("TITLE", "SHORT", "FOOTER", "AUTHOR"):
        assert key in meta, "META|%s missing" % key
    # every note mark must have exactly one note, in the same chapter
    marks, notes, chapter = {}, {}, None
    for b in blocks:
        if b["kind"] in ("CH", "ANNEX"):
            chapter = b["text"]
        for m in MARK_RE.findall(b.get("text", "")) if b["kind"] != "NOTE" else []:
            assert m not in marks, "mark used twice: " + m
            marks[m] = chapter
        if b["kind"] == "NOTE":
            notes[b["mark"]] = chapter
    assert marks == notes, ("marks and notes differ", marks, notes)
    return meta, blocks


def header_text(meta, section):
    return meta["SHORT"] + "　" + section


def spans(rows):
    """(r, c, text, rowspan, colspan) for the anchor cells of a grid that uses
    '<' (merged into the cell on the left) and '^' (merged into the cell above)."""
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


def sections(blocks):
    """Names used in the running header, in order: cover, 目录, chapters, annex."""
    return [b["text"] for b in blocks if b["kind"] in ("CH", "ANNEX")]


# ====================================================================== docx
def build_docx(meta, blocks, out_path, toc_pages):
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()

    def east_asia(obj, name):
        rpr = obj.element.get_or_add_rPr() if hasattr(obj, "element") else obj.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        fonts.set(qn("w:eastAsia"), name)

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(11)
    normal.font.name = "Times New Roman"
    east_asia(normal, "宋体")
    for sname, size in (("Title", 20), ("Heading 1", 15)):
        stl = styles[sname]
        stl.font.size = Pt(size)
        stl.font.bold = True
        stl.font.color.rgb = RGBColor(0, 0, 0)
        east_asia(stl, "黑体")
    styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Heading 1"].paragraph_format.space_before = Pt(12)
    styles["Heading 1"].paragraph_format.space_after = Pt(12)

    text_width = Cm(21.0 - 2.6 - 2.6)
    # Word's built-in TOC styles are "toc 1" (style id TOC1); the default
    # python-docx template only defines "TOC Heading", so add "toc 1".
    toc1 = styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    toc1.element.set(qn("w:styleId"), "TOC1")
    toc1.base_style = normal
    toc1.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    toc1.paragraph_format.space_after = Pt(6)
    toc_head = styles["TOC Heading"]
    toc_head.font.color.rgb = RGBColor(0, 0, 0)
    east_asia(toc_head, "黑体")
    note_style = styles.add_style("Chapter Note", WD_STYLE_TYPE.PARAGRAPH)
    note_style.base_style = normal
    note_style.font.size = Pt(9)
    note_style.paragraph_format.left_indent = Pt(18)
    note_style.paragraph_format.space_after = Pt(2)

    def fld(run, kind, text=None):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    def setup_section(sec, name, first=False):
        sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
        sec.left_margin = sec.right_margin = Cm(2.6)
        sec.top_margin, sec.bottom_margin = Cm(2.6), Cm(2.4)
        sec.header_distance, sec.footer_distance = Cm(1.3), Cm(1.1)
        sec.header.is_linked_to_previous = False
        hp = sec.header.paragraphs[0]
        hp.text = header_text(meta, name)
        hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for r in hp.runs:
            r.font.size = Pt(9)
        # bottom border under the header line
        ppr = hp._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        bot = OxmlElement("w:bottom")
        for k, v in (("val", "single"), ("sz", "4"), ("space", "1"), ("color", "000000")):
            bot.set(qn("w:" + k), v)
        bdr.append(bot)
        ppr.append(bdr)
        if first:
            fp = sec.footer.paragraphs[0]
            fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
            pre, post = meta["FOOTER"].split("N")
            fp.add_run(pre)
            run = fp.add_run()
            fld(run, "begin")
            fld(run, "instr", " PAGE ")
            fld(run, "separate")
            fp.add_run("1")
            fld(fp.add_run(), "end")
            fp.add_run(post)

    def add_marked(p, text, size=None):
        pos = 0
        for m in MARK_RE.finditer(text):
            r = p.add_run(text[pos:m.start()])
            if size:
                r.font.size = size
            sup = p.add_run(m.group(1))
            sup.font.superscript = True
            pos = m.end()
        r = p.add_run(text[pos:])
        if size:
            r.font.size = size

    bm_id = [100]

    def bookmark(p, name):
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(bm_id[0]))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(bm_id[0]))
        bm_id[0] += 1
        p._p.insert(1 if p._p.pPr is not None else 0, start)
        p._p.append(end)

    names = sections(blocks)
    anchors = {nm: "_Toc%06d" % (i + 1) for i, nm in enumerate(names)}
    cover_name = meta["TITLE"].replace("栖霞湖农村商业银行", "")

    setup_section(doc.sections[0], cover_name, first=True)
    pending_notes = []

    def flush_notes():
        if not pending_notes:
            return
        p = doc.add_paragraph("注释", style="Chapter Note")
        ppr = p._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        top = OxmlElement("w:top")
        for k, v in (("val", "single"), ("sz", "4"), ("space", "4"), ("color", "000000")):
            top.set(qn("w:" + k), v)
        bdr.append(top)
        ppr.append(bdr)
        for b in pending_notes:
            doc.add_paragraph(b["mark"] + "：" + b["text"], style="Chapter Note")
        pending_notes.clear()

    for b in blocks:
        k = b["kind"]
        if k == "COVER":
            if not any(p.style.name == "Title" for p in doc.paragraphs):
                for _ in range(7):
                    doc.add_paragraph()
                t = doc.add_paragraph(meta["TITLE"], style="Title")
                t.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for _ in range(3):
                    doc.add_paragraph()
            p = doc.add_paragraph(b["text"])
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif k == "TOC":
            sec = doc.add_section(WD_SECTION.NEW_PAGE)
            setup_section(sec, "目录")
            doc.add_paragraph(b["text"], style="TOC Heading").alignment = WD_ALIGN_PARAGRAPH.CENTER
            for i, nm in enumerate(names):
                p = doc.add_paragraph(style="toc 1")
                if i == 0:
                    r = p.add_run()
                    fld(r, "begin")
                    fld(r, "instr", ' TOC \\o "1-1" \\h \\z \\u ')
                    fld(r, "separate")
                hl = OxmlElement("w:hyperlink")
                hl.set(qn("w:anchor"), anchors[nm])
                hl.set(qn("w:history"), "1")
                p._p.append(hl)

                def hrun(text=None, tab=False):
                    r = OxmlElement("w:r")
                    if tab:
                        r.append(OxmlElement("w:tab"))
                    if text is not None:
                        t = OxmlElement("w:t")
                        t.set(qn("xml:space"), "preserve")
                        t.text = text
                        r.append(t)
                    hl.append(r)
                    return r

                def hfld(kind, text=None):
                    r = OxmlElement("w:r")
                    if kind == "instr":
                        el = OxmlElement("w:instrText")
                        el.set(qn("xml:space"), "preserve")
                        el.text = text
                    else:
                        el = OxmlElement("w:fldChar")
                        el.set(qn("w:fldCharType"), kind)
                    r.append(el)
                    hl.append(r)

                hrun(nm)
                hrun(tab=True)
                hfld("begin")
                hfld("instr", " PAGEREF %s \\h " % anchors[nm])
                hfld("separate")
                hrun(str(toc_pages[nm]))
                hfld("end")
                if i == len(names) - 1:
                    fld(p.add_run(), "end")
        elif k in ("CH", "ANNEX"):
            flush_notes()
            sec = doc.add_section(WD_SECTION.NEW_PAGE)
            setup_section(sec, b["text"])
            h = doc.add_heading(b["text"], level=1)
            bookmark(h, anchors[b["text"]])
        elif k in ("ART", "KUAN", "P"):
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(22)
            p.paragraph_format.space_after = Pt(3)
            add_marked(p, b["text"])
        elif k == "XIANG":
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = Pt(22)
            p.paragraph_format.space_after = Pt(2)
            add_marked(p, b["text"])
        elif k == "MU":
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = Pt(44)
            p.paragraph_format.space_after = Pt(1)
            add_marked(p, b["text"])
        elif k == "NOTE":
            pending_notes.append(b)
        elif k == "REV":
            flush_notes()
            p = doc.add_paragraph()
            p.paragraph_format.space_before = Pt(18)
            p.paragraph_format.first_line_indent = Pt(22)
            head, _, rest = b["text"].partition("：")
            r = p.add_run(head + "：")
            r.bold = True
            p.add_run(rest)
        elif k == "TNOTE":
            p = doc.add_paragraph()
            r = p.add_run(b["text"])
            r.font.size = Pt(9)
        elif k == "TABLE":
            rows, hr = b["rows"], b["header_rows"]
            t = doc.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            widths = [Cm(0.8), Cm(2.0), Cm(2.8), Cm(2.9), Cm(1.9), Cm(1.9), Cm(3.5)]
            for r_ in t.rows:
                for c, w in zip(r_.cells, widths):
                    c.width = w
            for r, c, text, rs, cs in spans(rows):
                cell = t.cell(r, c)
                if rs > 1 or cs > 1:
                    cell = cell.merge(t.cell(r + rs - 1, c + cs - 1))
                cell.text = text
                for para in cell.paragraphs:
                    for run in para.runs:
                        run.font.size = Pt(9)
                        if r < hr:
                            run.bold = True
                    if r < hr:
                        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for r in range(hr):
                trpr = t.rows[r]._tr.get_or_add_trPr()
                el = OxmlElement("w:tblHeader")
                el.set(qn("w:val"), "true")
                trpr.append(el)
        else:
            raise ValueError(k)
    flush_notes()
    doc.core_properties.title = meta["TITLE"]
    doc.core_properties.author = meta["AUTHOR"]
    doc.save(out_path)


# ====================================================================== pdf
def register_font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    for path, idx in FONT_CANDIDATES:
        if os.path.exists(path):
            pdfmetrics.registerFont(TTFont("CJK", path, subfontIndex=idx))
            return path
    raise SystemExit("no CJK font found under /usr/share/fonts")


def build_pdf_pass(meta, blocks, out_path, toc_pages, reserve):
    """One reportlab pass.  Returns (chapter_pages, note_pages, note_heights,
    table_pages)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, PageBreak,
                                    PageTemplate, Paragraph, Spacer, Table, TableStyle)

    W, H = A4
    LM = RM = 2.6 * cm
    TM, BM = 2.6 * cm, 2.4 * cm
    FW = W - LM - RM

    def st(name, size, lead=None, **kw):
        return ParagraphStyle(name, fontName="CJK", fontSize=size,
                              leading=lead or size * 1.6, wordWrap="CJK", **kw)

    S = {
        "TITLE": st("title", 20, 30, alignment=TA_CENTER, spaceBefore=6 * cm, spaceAfter=2.5 * cm),
        "COVER": st("cover", 13, 26, alignment=TA_CENTER),
        "TOCH": st("toch", 16, 24, alignment=TA_CENTER, spaceAfter=18),
        "CH": st("ch", 15, 22, alignment=TA_CENTER, spaceBefore=4, spaceAfter=14),
        "ART": st("art", 10.5, 18, firstLineIndent=21, spaceAfter=3),
        "KUAN": st("kuan", 10.5, 18, firstLineIndent=21, spaceAfter=3),
        "P": st("p", 10.5, 18, firstLineIndent=21, spaceAfter=3),
        "XIANG": st("xiang", 10.5, 18, leftIndent=21, spaceAfter=2),
        "MU": st("mu", 10.5, 18, leftIndent=42, spaceAfter=1),
        "REV": st("rev", 10.5, 18, firstLineIndent=21, spaceBefore=16),
        "TNOTE": st("tnote", 9, 14, spaceBefore=4),
        "NOTE": st("note", 8.5, 12.5),
        "CELL": st("cell", 8.8, 12.5),
        "HCELL": st("hcell", 9.2, 12.5, alignment=TA_CENTER),
    }

    def esc(s):
        s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return MARK_RE.sub(r'<super rise="4"><font size="7">\1</font></super>', s)

    notes = {b["mark"]: b["text"] for b in blocks if b["kind"] == "NOTE"}
    note_paras = {m: Paragraph(esc(m + "：" + t), S["NOTE"]) for m, t in notes.items()}
    note_heights = {m: p.wrap(FW, H)[1] + 3 for m, p in note_paras.items()}
    NOTE_SEP = 14  # separator line + gap above the notes

    class Marked(Paragraph):
        """A paragraph carrying footnote marks; never split across pages so
        that the mark and its note land on the same page."""
        def split(self, aW, aH):
            return []

    class TocLine(Flowable):
        def __init__(self, title, page):
            super().__init__()
            self.title, self.page = title, str(page)

        def wrap(self, aW, aH):
            self.width = aW
            return aW, 24

        def draw(self):
            c = self.canv
            c.setFont("CJK", 12)
            # drawn left to right (title, leader, page number) so that the
            # text layer reads "第一章　总则……3"
            x0 = stringWidth(self.title, "CJK", 12) + 6
            x1 = self.width - stringWidth(self.page, "CJK", 12) - 6
            dot_w = stringWidth(".", "CJK", 12)
            n = max(3, int((x1 - x0) / dot_w))
            c.drawString(0, 6, self.title)
            c.drawString(x0, 6, "." * n)
            c.drawRightString(self.width, 6, self.page)

    names = sections(blocks)
    cover_name = meta["TITLE"].replace("栖霞湖农村商业银行", "")
    story = []
    for b in blocks:
        k = b["kind"]
        if k == "COVER":
            if not story:
                bank = "栖霞湖农村商业银行"
                t = meta["TITLE"]
                t = esc(bank) + "<br/>" + esc(t[len(bank):]) if t.startswith(bank) else esc(t)
                title = Paragraph(t, S["TITLE"])
                title._section = cover_name
                story.append(title)
            story.append(Paragraph(esc(b["text"]), S["COVER"]))
        elif k == "TOC":
            story.append(PageBreak())
            h = Paragraph(esc(b["text"]), S["TOCH"])
            h._section = "目录"
            story.append(h)
            for nm in names:
                story.append(TocLine(nm, toc_pages.get(nm, 0)))
        elif k in ("CH", "ANNEX"):
            story.append(PageBreak())
            h = Paragraph(esc(b["text"]), S["CH"])
            h._section = b["text"]
            story.append(h)
        elif k in BODY_KINDS:
            marks = MARK_RE.findall(b["text"])
            cls = Marked if marks else Paragraph
            p = cls(esc(b["text"]), S[k])
            p._marks = marks
            story.append(p)
        elif k == "NOTE":
            pass  # printed at the page bottom by the page decorator
        elif k == "TABLE":
            rows, hr = b["rows"], b["header_rows"]
            data = [["" for _ in r] for r in rows]
            cmds = [("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("BACKGROUND", (0, 0), (-1, hr - 1), colors.HexColor("#E4E4E4")),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
            for r, c, text, rs, cs in spans(rows):
                data[r][c] = Paragraph(esc(text), S["HCELL" if r < hr else "CELL"])
                if rs > 1 or cs > 1:
                    cmds.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
            fr = [0.8, 2.0, 2.8, 2.9, 1.9, 1.9]
            cw = [x * cm for x in fr]
            cw.append(FW - sum(cw))
            tbl = Table(data, colWidths=cw, repeatRows=hr)
            tbl.setStyle(TableStyle(cmds))
            tbl._is_annex = True
            story.append(tbl)
            story.append(Spacer(1, 4))
        else:
            raise ValueError(k)

    state = {"section": None, "page_first": None, "chapter_pages": {},
             "note_pages": {}, "page_notes": {}, "table_pages": set()}

    class Doc(BaseDocTemplate):
        def beforePage(self):
            r = reserve.get(self.page, 0)
            self.pageTemplate.frames = [Frame(LM, BM + r, FW, H - TM - BM - r,
                                              leftPadding=0, rightPadding=0,
                                              topPadding=0, bottomPadding=0, id="body")]
            state["page_first"] = None

        def afterFlowable(self, fl):
            page = self.page
            sec = getattr(fl, "_section", None)
            if sec:
                state["section"] = sec
                if state["page_first"] is None:
                    state["page_first"] = sec
                state["chapter_pages"].setdefault(sec, page)
            for m in getattr(fl, "_marks", []) or []:
                state["note_pages"][m] = page
                state["page_notes"].setdefault(page, []).append(m)
            if isinstance(fl, Table):
                state["table_pages"].add(page)

    def page_end(canvas, doc):
        canvas.saveState()
        name = state["page_first"] or state["section"]
        canvas.setFont("CJK", 9)
        canvas.drawCentredString(W / 2, H - 1.6 * cm, header_text(meta, name))
        canvas.setLineWidth(0.5)
        canvas.line(LM, H - 1.8 * cm, W - RM, H - 1.8 * cm)
        canvas.setFont("CJK", 10)
        canvas.drawCentredString(W / 2, 1.2 * cm, meta["FOOTER"].replace("N", str(doc.page)))
        marks = state["page_notes"].get(doc.page, [])
        if marks:
            y = BM + sum(note_heights[m] for m in marks) + NOTE_SEP - 6
            canvas.line(LM, y, LM + 5 * cm, y)
            y -= 8
            for m in marks:
                p = note_paras[m]
                _, h = p.wrap(FW, H)
                p.drawOn(canvas, LM, y - h)
                y -= note_heights[m]
        canvas.restoreState()

    doc = Doc(out_path, pagesize=A4, leftMargin=LM, rightMargin=RM, topMargin=TM,
              bottomMargin=BM, title=meta["TITLE"], author=meta["AUTHOR"],
              subject=meta["SHORT"])
    frame = Frame(LM, BM, FW, H - TM - BM, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=page_end)])
    doc.build(story)
    needed = {}
    for page, marks in state["page_notes"].items():
        needed[page] = sum(note_heights[m] for m in marks) + NOTE_SEP
    return state["chapter_pages"], state["note_pages"], needed, state["table_pages"]


def build_pdf(meta, blocks, out_path):
    register_font()
    toc_pages, reserve = {}, {}
    prev = None
    for _ in range(8):
        chap, notes, needed, tpages = build_pdf_pass(meta, blocks, out_path, toc_pages, reserve)
        for page, h in needed.items():
            reserve[page] = max(reserve.get(page, 0), h)
        key = (sorted(chap.items()), sorted(notes.items()))
        ok = all(reserve.get(p, 0) >= h for p, h in needed.items())
        toc_pages = chap
        if key == prev and ok:
            break
        prev = key
    else:
        raise SystemExit("pdf layout did not settle")
    assert len(tpages) >= 2, "annex table does not run over a page break: %s" % tpages
    return toc_pages, notes, tpages


def main():
    meta, blocks = parse()
    base = os.path.join(HERE, meta["TITLE"])
    toc_pages, note_pages, tpages = build_pdf(meta, blocks, base + ".pdf")
    build_docx(meta, blocks, base + ".docx", toc_pages)
    print("toc pages:", " ".join("%s=%d" % (k.split("　")[0], v) for k, v in toc_pages.items()))
    print("footnote pages:", note_pages, "annex table pages:", sorted(tpages))
    print("wrote", base + ".docx")
    print("wrote", base + ".pdf")


if __name__ == "__main__":
    main()
