"""Build the devdocs11 book (岚山农村商业银行贷后管理工作标准) from source.txt.

Produces <title>.docx with python-docx and <title>.pdf with LibreOffice headless.
Run with:  /work/main/.venv/bin/python make_docs.py
"""
import os
import shutil
import subprocess
import sys
import tempfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = os.path.dirname(os.path.abspath(__file__))
FONT = "WenQuanYi Micro Hei"

# column widths (cm) for the 5-column standard tables and the 3-column 附表
WIDTHS = {5: [2.6, 6.0, 3.0, 2.6, 2.8], 3: [1.5, 12.0, 3.5]}


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


def run_font(run, size=None, bold=None):
    run.font.name = FONT
    set_rfonts(run._r.get_or_add_rPr(), FONT)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def add_field(par, instr):
    def fld(kind):
        r = par.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)
        return r

    fld("begin")
    r = par.add_run()
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    r._r.append(it)
    fld("separate")
    run_font(par.add_run("1"), 9)
    fld("end")


def shade(cell, fill):
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def repeat_header(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def fill_cell(cell, text, size=9, bold=False, align=None):
    parts = [t.strip() for t in text.split("<br>")]
    first = cell.paragraphs[0]
    for i, part in enumerate(parts):
        par = first if i == 0 else cell.add_paragraph()
        par.paragraph_format.space_after = Pt(0)
        par.paragraph_format.space_before = Pt(0)
        par.paragraph_format.line_spacing = 1.15
        if align is not None:
            par.alignment = align
        run_font(par.add_run(part), size, bold)


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
                name = line[len("[table"):].rstrip("]").strip()
                table = {"name": name, "rows": []}
            elif line.startswith("[/table]"):
                blocks.append(("table", table))
                table = None
            elif table is not None:
                if line.startswith("= "):
                    table["rows"].append(("merged", line[2:].strip()))
                else:
                    table["rows"].append(("row", [c.strip() for c in line.split(" | ")]))
            elif line.strip() == "---":
                blocks.append(("pagebreak", None))
            else:
                tag, _, text = line.partition(": ")
                blocks.append((tag, text.strip()))
    return meta, blocks


def build_docx(meta, blocks, out_path):
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin, sec.bottom_margin = Cm(2.4), Cm(2.2)
    sec.header_distance, sec.footer_distance = Cm(1.2), Cm(1.0)

    style_font(doc.styles["Normal"], 10.5)
    style_font(doc.styles["Title"], 18, True)
    style_font(doc.styles["Heading 1"], 13, True)
    style_font(doc.styles["Caption"], 10, True)
    doc.styles["Caption"].font.italic = False
    # the Title style of the default template has a border line; keep it simple
    ppr = doc.styles["Title"].element.find(qn("w:pPr"))
    if ppr is not None:
        for bdr in ppr.findall(qn("w:pBdr")):
            ppr.remove(bdr)

    doc.core_properties.title = meta["title"]
    doc.core_properties.author = "岚山农村商业银行风险管理部"

    # page header: bank short name, right aligned, with a rule under it
    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run_font(hp.add_run(meta["header"]), 9)
    ppr = hp._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    pbdr.append(bottom)
    ppr.append(pbdr)

    # page footer: "- X -"
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run_font(fp.add_run("- "), 9)
    add_field(fp, "PAGE")
    run_font(fp.add_run(" -"), 9)

    for tag, val in blocks:
        if tag == "T":
            p = doc.add_paragraph(style="Title")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run_font(p.add_run(val), 18, True)
        elif tag == "S":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run_font(p.add_run(val), 11)
        elif tag == "H1":
            p = doc.add_paragraph(style="Heading 1")
            p.paragraph_format.space_before = Pt(12)
            p.paragraph_format.space_after = Pt(6)
            run_font(p.add_run(val), 13, True)
        elif tag == "P":
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(21)
            p.paragraph_format.line_spacing = 1.3
            run_font(p.add_run(val), 10.5)
        elif tag == "N":
            p = doc.add_paragraph()
            p.paragraph_format.space_after = Pt(2)
            run_font(p.add_run(val), 9)
        elif tag == "pagebreak":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif tag == "table":
            add_table(doc, val)
        else:
            raise ValueError(f"unknown tag {tag!r}")
    doc.save(out_path)


def add_table(doc, spec):
    if spec["name"]:
        cap = doc.add_paragraph(style="Caption")
        cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run_font(cap.add_run(spec["name"]), 10, True)
    rows = spec["rows"]
    header = rows[0][1]
    ncols = len(header)
    widths = WIDTHS[ncols]
    tbl = doc.add_table(rows=0, cols=ncols)
    tbl.style = "Table Grid"
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    fix_grid(tbl, widths)
    for i, (kind, content) in enumerate(rows):
        row = tbl.add_row()
        cant = OxmlElement("w:cantSplit")  # keep each row on one page
        cant.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(cant)
        for c, w in zip(row.cells, widths):
            c.width = Cm(w)
        if kind == "merged":
            cell = row.cells[0].merge(row.cells[-1])
            group = content.startswith("（") or not content.endswith("。")
            fill_cell(cell, content, 9, bold=group)
            if group:
                shade(cell, "F2F2F2")
            continue
        if len(content) != ncols:
            raise ValueError(f"row has {len(content)} cells, expected {ncols}: {content}")
        for j, (cell, text) in enumerate(zip(row.cells, content)):
            if i == 0:
                fill_cell(cell, text, 9.5, True, WD_ALIGN_PARAGRAPH.CENTER)
                shade(cell, "D9D9D9")
            else:
                center = ncols == 3 and j != 1
                fill_cell(cell, text, 9, False, WD_ALIGN_PARAGRAPH.CENTER if center else None)
        if i == 0:
            repeat_header(row)


def fix_grid(tbl, widths):
    """Write explicit column widths into tblGrid and a fixed layout so that
    LibreOffice honours them."""
    grid = tbl._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths):
        gc.set(qn("w:w"), str(int(Cm(w).twips)))
    tblpr = tbl._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(int(Cm(sum(widths)).twips)))


def to_pdf(docx_path):
    outdir = os.path.dirname(docx_path)
    profile = tempfile.mkdtemp(prefix="lo_profile_dd11_")
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
    docx_path = os.path.join(HERE, meta["title"] + ".docx")
    build_docx(meta, blocks, docx_path)
    pdf_path = to_pdf(docx_path)
    print(docx_path)
    print(pdf_path)


if __name__ == "__main__":
    main()
