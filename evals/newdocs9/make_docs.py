"""Build the newdocs9 book (关于印发《临川村镇银行贷后管理办法（2025年修订）》的通知)
from source.txt.

Layout (house style of 临川村镇银行):
  section 1, portrait: red masthead, 文号, 通知正文, 落款
  section 2, landscape: 附件1 修订对照表 (4 columns)
  section 3, portrait: 附件2 the revised 办法 (第一章…/第X条)
Header "临川村镇银行" at the left; footer "第 X 页 共 Y 页".

Run with:  /work/main/.venv/bin/python make_docs.py
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = os.path.dirname(os.path.abspath(__file__))
FONT = "WenQuanYi Micro Hei"
RED = RGBColor(0xC0, 0x00, 0x00)
TABLE_WIDTHS = [1.2, 7.6, 9.6, 7.3]  # landscape A4, 25.7 cm usable
ARTICLE_RE = re.compile(r"^(第[一二三四五六七八九十百零]+条)　(.*)$")


def set_rfonts(rpr, name):
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(key), name)


def style_font(style, size=None, bold=None):
    style.font.name = FONT
    set_rfonts(style.element.get_or_add_rPr(), FONT)
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)


def add_run(par, text, size=12, bold=False, color=None):
    run = par.add_run(text)
    run.font.name = FONT
    set_rfonts(run._r.get_or_add_rPr(), FONT)
    run.font.size = Pt(size)
    run.bold = bold
    if color is not None:
        run.font.color.rgb = color
    return run


def add_field(par, instr, size):
    def fld(kind):
        r = par.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)

    fld("begin")
    r = par.add_run()
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    r._r.append(it)
    fld("separate")
    add_run(par, "1", size)
    fld("end")


def bottom_rule(par, color="C00000", size="12"):
    ppr = par._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", size), ("w:space", "4"), ("w:color", color)):
        bottom.set(qn(k), v)
    pbdr.append(bottom)
    ppr.append(pbdr)


def body_format(par, indent=True, spacing=1.5):
    pf = par.paragraph_format
    pf.line_spacing = spacing
    pf.space_after = Pt(0)
    pf.space_before = Pt(0)
    if indent:
        pf.first_line_indent = Pt(24)


def setup_section(sec, landscape=False):
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    else:
        sec.orientation = WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    if landscape:
        sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin, sec.bottom_margin = Cm(3.0), Cm(2.6)
    sec.header_distance, sec.footer_distance = Cm(1.5), Cm(1.4)


def parse(path):
    meta, blocks, table = {}, [], None
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("# "):
                continue
            if line.startswith("@"):
                key, _, val = line[1:].partition(" ")
                meta[key] = val.strip()
            elif line.startswith("[table"):
                table = {"name": line[len("[table"):].rstrip("]").strip(), "rows": []}
            elif line.startswith("[/table]"):
                blocks.append(("table", table))
                table = None
            elif table is not None:
                table["rows"].append([c.strip() for c in line.split(" | ")])
            elif line.strip() == "---":
                blocks.append(("section", None))
            else:
                tag, _, text = line.partition(": ")
                blocks.append((tag, text.strip()))
    return meta, blocks


def build_docx(meta, blocks, out_path):
    doc = Document()
    setup_section(doc.sections[0])
    style_font(doc.styles["Normal"], 12)
    for name, size in (("Title", 18), ("Heading 1", 12), ("Heading 2", 13)):
        style_font(doc.styles[name], size, True)
    ppr = doc.styles["Title"].element.find(qn("w:pPr"))
    if ppr is not None:
        for bdr in ppr.findall(qn("w:pBdr")):
            ppr.remove(bdr)
    doc.core_properties.title = meta["title"]
    doc.core_properties.author = "临川村镇银行办公室"

    sec = doc.sections[0]
    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.LEFT
    add_run(hp, meta["header"], 9)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(fp, "第 ", 9)
    add_field(fp, "PAGE", 9)
    add_run(fp, " 页  共 ", 9)
    add_field(fp, "NUMPAGES", 9)
    add_run(fp, " 页", 9)

    n_sections = 1
    for tag, val in blocks:
        if tag == "RH":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_before = Pt(24)
            p.paragraph_format.space_after = Pt(18)
            add_run(p, val, 30, True, RED)
        elif tag == "DN":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(18)
            add_run(p, val, 12)
            bottom_rule(p)
        elif tag == "T":
            p = doc.add_paragraph(style="Title")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_before = Pt(12)
            p.paragraph_format.space_after = Pt(12)
            add_run(p, val, 17, True)
        elif tag == "T2":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(12)
            add_run(p, val, 14, True)
        elif tag == "P0":
            p = doc.add_paragraph()
            body_format(p, indent=False)
            add_run(p, val, 12)
        elif tag == "P":
            p = doc.add_paragraph()
            body_format(p)
            add_run(p, val, 12)
        elif tag == "H1":
            p = doc.add_paragraph(style="Heading 1")
            body_format(p)
            p.paragraph_format.keep_with_next = True
            add_run(p, val, 12, True)
        elif tag == "R":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.right_indent = Pt(36)
            add_run(p, val, 12)
        elif tag == "ATT":
            p = doc.add_paragraph()
            add_run(p, val, 12, True)
        elif tag == "CH":
            p = doc.add_paragraph(style="Heading 2")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_before = Pt(10)
            p.paragraph_format.space_after = Pt(6)
            add_run(p, val, 13, True)
        elif tag == "A":
            m = ARTICLE_RE.match(val)
            if not m:
                raise ValueError(f"article without number: {val[:20]}")
            p = doc.add_paragraph()
            body_format(p)
            add_run(p, m.group(1), 12, True)
            add_run(p, "　" + m.group(2), 12)
        elif tag == "I":
            p = doc.add_paragraph()
            body_format(p)
            add_run(p, val, 12)
        elif tag == "section":
            n_sections += 1
            new = doc.add_section(WD_SECTION.NEW_PAGE)
            # section 2 (对照表) is landscape, section 3 (办法) portrait again
            setup_section(new, landscape=(n_sections == 2))
        elif tag == "table":
            add_table(doc, val)
        else:
            raise ValueError(f"unknown tag {tag!r}")
    doc.save(out_path)


def add_table(doc, spec):
    rows = spec["rows"]
    tbl = doc.add_table(rows=0, cols=len(rows[0]))
    tbl.style = "Table Grid"
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    grid = tbl._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), TABLE_WIDTHS):
        gc.set(qn("w:w"), str(int(Cm(w).twips)))
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl._tbl.tblPr.append(layout)
    for i, cells in enumerate(rows):
        if len(cells) != len(TABLE_WIDTHS):
            raise ValueError(f"bad row {cells}")
        row = tbl.add_row()
        cant = OxmlElement("w:cantSplit")
        cant.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(cant)
        for j, (cell, text, w) in enumerate(zip(row.cells, cells, TABLE_WIDTHS)):
            cell.width = Cm(w)
            p = cell.paragraphs[0]
            p.paragraph_format.line_spacing = 1.2
            if i == 0 or j == 0:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_run(p, text, 10.5 if i == 0 else 10, bold=(i == 0))
        if i == 0:
            trpr = row._tr.get_or_add_trPr()
            el = OxmlElement("w:tblHeader")
            el.set(qn("w:val"), "true")
            trpr.append(el)


def check_source(blocks):
    """The 修订后条款 column must repeat the 办法 text word for word."""
    articles = [v for t, v in blocks if t == "A"]
    table = next(v for t, v in blocks if t == "table")
    for row in table["rows"][1:]:
        if row[2] not in articles:
            raise ValueError(f"对照表 text differs from 办法: {row[2][:30]}")
    nums = [ARTICLE_RE.match(a).group(1) for a in articles]
    if len(nums) != len(set(nums)):
        raise ValueError("duplicate article numbers")
    return len(articles)


def to_pdf(docx_path):
    outdir = os.path.dirname(docx_path)
    profile = tempfile.mkdtemp(prefix="lo_profile_n9_")
    try:
        cmd = [
            "soffice", f"-env:UserInstallation=file://{profile}", "--headless",
            "--convert-to", "pdf", "--outdir", outdir, docx_path,
        ]
        subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=240)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = os.path.splitext(docx_path)[0] + ".pdf"
    if not os.path.exists(pdf):
        sys.exit(f"PDF was not produced: {pdf}")
    return pdf


def main():
    meta, blocks = parse(os.path.join(HERE, "source.txt"))
    n = check_source(blocks)
    print(f"{n} articles in the revised 办法")
    docx_path = os.path.join(HERE, meta["title"] + ".docx")
    build_docx(meta, blocks, docx_path)
    print(docx_path)
    print(to_pdf(docx_path))


if __name__ == "__main__":
    main()
