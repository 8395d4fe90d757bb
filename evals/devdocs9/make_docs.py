"""Build the devdocs9 book (a city bank's decimal-numbered operating procedure) from source.txt.

Writes <title>.docx with python-docx and converts it to a text-layer PDF with LibreOffice.
Run: /work/main/.venv/bin/python evals/devdocs9/make_docs.py
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
FONT = "WenQuanYi Micro Hei"


def set_run_font(run, size=None, bold=None):
    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def style_font(style, size, bold=False, color=None):
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]


def add_field(paragraph, instr, size=9):
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rfonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    rpr.append(rfonts)
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(size * 2))
    rpr.append(sz)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def bottom_border(paragraph):
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    b = OxmlElement("w:bottom")
    b.set(qn("w:val"), "single")
    b.set(qn("w:sz"), "6")
    b.set(qn("w:space"), "1")
    b.set(qn("w:color"), "000000")
    bdr.append(b)
    ppr.append(bdr)


def parse(path: Path):
    meta, blocks = {}, []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("@META "):
            k, v = line[6:].split("=", 1)
            meta[k.strip()] = v.strip()
        elif line == "@COVER":
            j = lines.index("@ENDCOVER", i)
            blocks.append(("cover", lines[i + 1:j]))
            i = j
        elif line == "@TABLE":
            j = lines.index("@ENDTABLE", i)
            blocks.append(("table", [r.split("\t") for r in lines[i + 1:j]]))
            i = j
        elif line == "@PAGEBREAK":
            blocks.append(("pagebreak", None))
        elif line.startswith("@CAPTION "):
            blocks.append(("caption", line[9:]))
        elif line.startswith("@WIDTHS "):
            blocks.append(("widths", [float(x) for x in line[8:].split(",")]))
        elif line.startswith("@H1 "):
            blocks.append(("h1", line[4:]))
        elif line.startswith("@H2 "):
            blocks.append(("h2", line[4:]))
        elif line.startswith("@H3 "):
            blocks.append(("h3", line[4:]))
        elif line.strip():
            blocks.append(("p", line))
        i += 1
    return meta, blocks


def build(meta, blocks, out_docx: Path):
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.top_margin, sec.bottom_margin = Cm(2.6), Cm(2.4)
    sec.left_margin, sec.right_margin = Cm(2.6), Cm(2.4)
    sec.header_distance, sec.footer_distance = Cm(1.4), Cm(1.3)

    style_font(doc.styles["Normal"], 10.5)
    doc.styles["Normal"].paragraph_format.space_after = Pt(3)
    doc.styles["Normal"].paragraph_format.line_spacing = 1.3
    for name, size in (("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 10.5)):
        style_font(doc.styles[name], size, bold=True, color=RGBColor(0, 0, 0))
        doc.styles[name].paragraph_format.space_before = Pt(10 if name == "Heading 1" else 6)
        doc.styles[name].paragraph_format.space_after = Pt(4)
        doc.styles[name].paragraph_format.keep_with_next = True

    # header and footer: cover page has none
    sec.different_first_page_header_footer = True
    hp = sec.header.paragraphs[0]
    hp.text = ""
    r = hp.add_run(f"瀚川银行股份有限公司\t{meta['title']}\t{meta['code']}")
    set_run_font(r, 9)
    hp.paragraph_format.tab_stops.add_tab_stop(Cm(8.0), alignment=1)
    hp.paragraph_format.tab_stops.add_tab_stop(Cm(16.0), alignment=2)
    bottom_border(hp)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(fp.add_run("第 "), 9)
    add_field(fp, "PAGE")
    set_run_font(fp.add_run(" 页 共 "), 9)
    add_field(fp, "NUMPAGES")
    set_run_font(fp.add_run(" 页"), 9)

    widths = None
    for kind, val in blocks:
        if kind == "cover":
            lines = val
            for _ in range(3):
                doc.add_paragraph()
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_run_font(p.add_run(lines[0]), 18, True)
            for _ in range(2):
                doc.add_paragraph()
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_run_font(p.add_run(lines[1]), 24, True)
            for _ in range(6):
                doc.add_paragraph()
            for ln in lines[2:]:
                p = doc.add_paragraph()
                p.paragraph_format.left_indent = Cm(4.5)
                set_run_font(p.add_run(ln), 11)
            p = doc.add_paragraph()
            p.add_run().add_break(WD_BREAK.PAGE)
        elif kind == "widths":
            widths = val
        elif kind == "pagebreak":
            p = doc.add_paragraph()
            p.add_run().add_break(WD_BREAK.PAGE)
        elif kind in ("h1", "h2", "h3"):
            h = doc.add_heading(level=int(kind[1]))
            set_run_font(h.add_run(val))
        elif kind == "caption":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
            set_run_font(p.add_run(val), 10, True)
        elif kind == "p":
            p = doc.add_paragraph()
            txt = val
            is_item = len(txt) > 2 and txt[1] == ")" and (txt[0].isdigit() or txt[0] in "abcdefgh")
            is_note = txt.startswith("注：") or txt.startswith("填表说明")
            if is_item:
                p.paragraph_format.left_indent = Cm(0.74)
                p.paragraph_format.first_line_indent = Cm(-0.0)
            elif is_note:
                pass
            else:
                p.paragraph_format.first_line_indent = Cm(0.74)
            set_run_font(p.add_run(txt), 9 if is_note else None)
        elif kind == "table":
            rows = val
            ncol = max(len(r) for r in rows)
            t = doc.add_table(rows=len(rows), cols=ncol)
            t.style = doc.styles["Table Grid"]
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            if widths:
                t.autofit = False
                for ci, w in enumerate(widths):
                    t._tbl.tblGrid.gridCol_lst[ci].w = Cm(w)
                    for cell in t.columns[ci].cells:
                        cell.width = Cm(w)
            for ri, row in enumerate(rows):
                ci = 0
                while ci < ncol:
                    txt = row[ci] if ci < len(row) else ""
                    span = 1
                    while ci + span < ncol and ci + span < len(row) and row[ci + span] == ">>":
                        span += 1
                    cell = t.cell(ri, ci)
                    if span > 1:
                        cell = cell.merge(t.cell(ri, ci + span - 1))
                    cell.text = ""
                    cp = cell.paragraphs[0]
                    cp.paragraph_format.first_line_indent = Cm(0)
                    cp.paragraph_format.space_after = Pt(1)
                    set_run_font(cp.add_run(txt), 9.5, bold=(ri == 0 and rows[0][0] in ("版本", "风险分类", "序号")))
                    ci += span
            widths = None
            doc.add_paragraph()
    doc.core_properties.title = meta["title"]
    doc.core_properties.author = "瀚川银行股份有限公司总行授信管理部"
    doc.save(out_docx)


def to_pdf(docx_path: Path):
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{prof}", "--headless",
             "--convert-to", "pdf", "--outdir", str(docx_path.parent), str(docx_path)],
            check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300,
        )
    return docx_path.with_suffix(".pdf")


def main():
    meta, blocks = parse(HERE / "source.txt")
    out = HERE / f"{meta['title']}.docx"
    build(meta, blocks, out)
    pdf = to_pdf(out)
    print(out.name, pdf.name, pdf.exists())


if __name__ == "__main__":
    sys.exit(main())
