"""Build <title>.docx and <title>.pdf from source.txt in this folder.

Markup of source.txt (one directive per line, blank lines ignored):
  @meta KEY VALUE      title / header / footer (dash|pageofn) / font / size
  @redhead TEXT        red institution name of a red-head document
  @docno TEXT          document number line under the red head
  @redline             red rule under the document number
  @title TEXT          centred document title
  @bigtitle TEXT       large centred title on a plain title page
  @subtitle TEXT       centred line under the title
  @spacer N            N empty paragraphs
  @noindent/@right/@center TEXT
  @label TEXT          bold paragraph without indent
  @list TEXT           list item with hanging indent
  @note TEXT           smaller note paragraph
  @table CAPTION|-|-kv start of a table; rows '| a | b |'; first row is header
                       (-: no caption; -kv: no caption and no header row)
  @endtable
  @toc                 table of contents (headings of level 1-2, with page numbers)
  @pagebreak
  # / ## / ###         headings of level 1 / 2 / 3
  other lines          body paragraph with first-line indent

The PDF is produced by LibreOffice; the table of contents gets its page numbers
from a first conversion (two passes).
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
from pypdf import PdfReader

HERE = os.path.dirname(os.path.abspath(__file__))
RED = RGBColor(0xE0, 0x00, 0x00)


def parse(path):
    meta, items = {}, []
    table = None
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        if not line.strip():
            continue
        if table is not None:
            if line.startswith("@endtable"):
                items.append(("table", table))
                table = None
            else:
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                table["rows"].append(cells)
            continue
        if line.startswith("@meta "):
            _, key, val = line.split(" ", 2)
            meta[key] = val
        elif line.startswith("@table"):
            cap = line[len("@table"):].strip()
            table = {"caption": None if cap in ("", "-", "-kv") else cap,
                     "header": cap != "-kv", "rows": []}
        elif line.startswith("@"):
            m = re.match(r"@(\w+)\s?(.*)", line)
            items.append((m.group(1), m.group(2)))
        elif line.startswith("### "):
            items.append(("h3", line[4:].strip()))
        elif line.startswith("## "):
            items.append(("h2", line[3:].strip()))
        elif line.startswith("# "):
            items.append(("h1", line[2:].strip()))
        else:
            items.append(("p", line.strip()))
    return meta, items


def set_run_font(run, name, size=None, bold=None, color=None):
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color


def style_font(style, name, size, bold=False):
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]


def add_field(paragraph, instr, font, size):
    run = paragraph.add_run()
    set_run_font(run, font, size)
    b = OxmlElement("w:fldChar")
    b.set(qn("w:fldCharType"), "begin")
    run._element.append(b)
    run2 = paragraph.add_run()
    set_run_font(run2, font, size)
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = f" {instr} "
    run2._element.append(t)
    run3 = paragraph.add_run()
    set_run_font(run3, font, size)
    s = OxmlElement("w:fldChar")
    s.set(qn("w:fldCharType"), "separate")
    run3._element.append(s)
    run4 = paragraph.add_run("1")
    set_run_font(run4, font, size)
    run5 = paragraph.add_run()
    e = OxmlElement("w:fldChar")
    e.set(qn("w:fldCharType"), "end")
    run5._element.append(e)


def bottom_border(paragraph, color="E00000", size=18):
    ppr = paragraph._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), color)
    pbdr.append(bottom)
    ppr.append(pbdr)


def shade(cell, fill="D9D9D9"):
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def build(meta, items, toc_pages, out_docx):
    body_font = meta.get("font", "仿宋_GB2312")
    head_font = meta.get("headfont", "黑体")
    title_font = meta.get("titlefont", "方正小标宋简体")
    size = float(meta.get("size", "14"))
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(3.5), Cm(3.0)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    sec.different_first_page_header_footer = True

    normal = doc.styles["Normal"]
    style_font(normal, body_font, size)
    normal.paragraph_format.line_spacing = Pt(size * 1.75)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.keep_together = True  # no paragraph is split across pages
    style_font(doc.styles["Heading 1"], title_font, size + 4, bold=False)
    style_font(doc.styles["Heading 2"], head_font, size + 1, bold=False)
    style_font(doc.styles["Heading 3"], "楷体_GB2312" if "仿宋" in body_font else head_font, size, bold=True)
    for lvl, before, after in (("Heading 1", 12, 18), ("Heading 2", 12, 6), ("Heading 3", 6, 3)):
        pf = doc.styles[lvl].paragraph_format
        pf.space_before, pf.space_after = Pt(before), Pt(after)
        pf.keep_with_next = True
    doc.styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    # header / footer
    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    r = hp.add_run(meta.get("header", ""))
    set_run_font(r, body_font, 9)
    bottom_border(hp, color="808080", size=6)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if meta.get("footer") == "pageofn":
        r = fp.add_run("第 ")
        set_run_font(r, body_font, 9)
        add_field(fp, "PAGE", body_font, 9)
        r = fp.add_run(" 页  共 ")
        set_run_font(r, body_font, 9)
        add_field(fp, "NUMPAGES", body_font, 9)
        r = fp.add_run(" 页")
        set_run_font(r, body_font, 9)
    else:
        r = fp.add_run("— ")
        set_run_font(r, body_font, 11)
        add_field(fp, "PAGE", body_font, 11)
        r = fp.add_run(" —")
        set_run_font(r, body_font, 11)

    def para(text, align=None, indent=True, bold=False, fsize=None, font=None, color=None):
        p = doc.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt((fsize or size) * 2)
        if text:
            run = p.add_run(text)
            set_run_font(run, font or body_font, fsize or size, bold, color)
        return p

    headings = [(k, t) for k, t in items if k in ("h1", "h2")]
    for kind, text in items:
        if kind == "redhead":
            para("", indent=False)
            para(text, WD_ALIGN_PARAGRAPH.CENTER, False, True, 30, title_font, RED)
            para("", indent=False)
        elif kind == "docno":
            para(text, WD_ALIGN_PARAGRAPH.CENTER, False)
        elif kind == "redline":
            p = para("", indent=False)
            bottom_border(p)
            para("", indent=False)
        elif kind == "title":
            p = para(text, WD_ALIGN_PARAGRAPH.CENTER, False, False, size + 6, title_font)
            p.paragraph_format.space_after = Pt(18)
        elif kind == "bigtitle":
            p = para(text, WD_ALIGN_PARAGRAPH.CENTER, False, True, size + 12, title_font)
            p.paragraph_format.space_after = Pt(24)
        elif kind == "subtitle":
            para(text, WD_ALIGN_PARAGRAPH.CENTER, False, False, size + 2)
        elif kind == "spacer":
            for _ in range(int(text or 1)):
                para("", indent=False)
        elif kind == "noindent":
            para(text, indent=False)
        elif kind == "right":
            p = para(text, WD_ALIGN_PARAGRAPH.RIGHT, False)
            p.paragraph_format.right_indent = Pt(size * 2)
        elif kind == "center":
            para(text, WD_ALIGN_PARAGRAPH.CENTER, False)
        elif kind == "label":
            para(text, indent=False, bold=True, font=head_font)
        elif kind == "list":
            p = para(text, indent=False)
            p.paragraph_format.left_indent = Pt(size * 3)
            p.paragraph_format.first_line_indent = Pt(-size * 1)
        elif kind == "note":
            p = para(text, indent=False, fsize=size - 2)
            p.paragraph_format.left_indent = Pt(size)
        elif kind == "pagebreak":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "toc":
            para("目　　录", WD_ALIGN_PARAGRAPH.CENTER, False, False, size + 6, title_font)
            para("", indent=False)
            usable = sec.page_width - sec.left_margin - sec.right_margin
            for i, (k, t) in enumerate(headings):
                p = doc.add_paragraph()
                p.paragraph_format.tab_stops.add_tab_stop(usable, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
                if k == "h2":
                    p.paragraph_format.left_indent = Pt(size * 2)
                run = p.add_run(f"{t}\t{toc_pages.get(i, 1)}")
                set_run_font(run, head_font if k == "h1" else body_font, size - 1 if k == "h2" else size)
        elif kind in ("h1", "h2", "h3"):
            doc.add_heading(text, level=int(kind[1]))
        elif kind == "table":
            tb = text
            if tb["caption"]:
                p = para(tb["caption"], WD_ALIGN_PARAGRAPH.CENTER, False, True, size - 1, head_font)
                p.paragraph_format.keep_with_next = True
                p.paragraph_format.space_before = Pt(6)
            rows = tb["rows"]
            ncol = max(len(r) for r in rows)
            t = doc.add_table(rows=len(rows), cols=ncol)
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            t.autofit = False
            usable = sec.page_width - sec.left_margin - sec.right_margin
            weights = [min(max(max(len(r[j]) if j < len(r) else 0 for r in rows), 6), 30)
                       for j in range(ncol)]
            widths = [int(usable * w / sum(weights)) for w in weights]
            for j, col in enumerate(t._tbl.tblGrid.gridCol_lst):
                col.w = widths[j]
            layout = OxmlElement("w:tblLayout")
            layout.set(qn("w:type"), "fixed")
            t._tbl.tblPr.append(layout)
            for i, row in enumerate(rows):
                trpr = t.rows[i]._tr.get_or_add_trPr()
                trpr.append(OxmlElement("w:cantSplit"))
                if i == 0 and tb["header"]:
                    trpr.append(OxmlElement("w:tblHeader"))
                for j in range(ncol):
                    cell = t.cell(i, j)
                    cell.width = widths[j]
                    cp = cell.paragraphs[0]
                    cp.paragraph_format.line_spacing = Pt((size - 2) * 1.4)
                    run = cp.add_run(row[j] if j < len(row) else "")
                    hdr = i == 0 and tb["header"]
                    set_run_font(run, head_font if hdr else body_font, size - 2, hdr)
                    if hdr:
                        cp.alignment = WD_ALIGN_PARAGRAPH.CENTER
                        shade(cell)
            doc.add_paragraph()
        elif kind == "p":
            para(text)
        else:
            raise SystemExit(f"unknown directive @{kind}")
    doc.core_properties.title = meta["title"]
    doc.core_properties.author = meta.get("author", "")
    doc.save(out_docx)
    return headings


def to_pdf(docx_path, outdir):
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home)
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{home}/lo", "--headless",
             "--convert-to", "pdf", "--outdir", outdir, docx_path],
            check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)


def norm(s):
    return re.sub(r"\s+", "", s)


def find_pages(pdf_path, headings):
    pages = [norm(p.extract_text() or "") for p in PdfReader(pdf_path).pages]
    toc_page = next(i for i, t in enumerate(pages) if "目录" in t)
    out, cur = {}, toc_page + 1
    for i, (_, t) in enumerate(headings):
        nt = norm(t)
        for j in range(cur, len(pages)):
            if nt in pages[j]:
                out[i] = j + 1
                cur = j
                break
        else:
            raise SystemExit(f"heading not found in PDF: {t}")
    return out


def main():
    meta, items = parse(os.path.join(HERE, "source.txt"))
    title = meta["title"]
    docx_path = os.path.join(HERE, f"{title}.docx")
    pdf_path = os.path.join(HERE, f"{title}.pdf")
    work = tempfile.mkdtemp()
    try:
        toc = {}
        for _ in range(3):
            headings = build(meta, items, toc, docx_path)
            to_pdf(docx_path, work)
            tmp_pdf = os.path.join(work, f"{title}.pdf")
            new = find_pages(tmp_pdf, headings)
            if new == toc:
                break
            toc = new
        build(meta, items, toc, docx_path)
        to_pdf(docx_path, work)
        shutil.copy(os.path.join(work, f"{title}.pdf"), pdf_path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n = len(PdfReader(pdf_path).pages)
    print(f"built {docx_path}\nbuilt {pdf_path} ({n} pages)")


if __name__ == "__main__":
    sys.exit(main())
