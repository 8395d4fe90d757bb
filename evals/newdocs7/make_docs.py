"""Build the newdocs7 book (a rural credit cooperative's Q&A handbook on post-loan management) from source.txt.

Writes <title>.docx with python-docx and converts it to a text-layer PDF with LibreOffice.
Run: /work/main/.venv/bin/python evals/newdocs7/make_docs.py
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
        elif line == "@TITLEPAGE":
            j = lines.index("@ENDTITLEPAGE", i)
            blocks.append(("titlepage", lines[i + 1:j]))
            i = j
        elif line == "@TABLE":
            j = lines.index("@ENDTABLE", i)
            blocks.append(("table", [r.split("\t") for r in lines[i + 1:j]]))
            i = j
        elif line[:3] in ("@H1", "@Q ", "@A ", "@L ", "@T "):
            blocks.append((line[1:3].strip(), line[3:].strip()))
        elif line.startswith("@CAPTION "):
            blocks.append(("caption", line[9:]))
        elif line.strip():
            blocks.append(("p", line))
        i += 1
    return meta, blocks


def build(meta, blocks, out_docx: Path):
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(26.0), Cm(18.4)  # 16开 handbook
    sec.top_margin, sec.bottom_margin = Cm(2.2), Cm(2.2)
    sec.left_margin, sec.right_margin = Cm(2.0), Cm(2.0)
    sec.footer_distance = Cm(1.1)

    style_font(doc.styles["Normal"], 10.5)
    doc.styles["Normal"].paragraph_format.space_after = Pt(2)
    doc.styles["Normal"].paragraph_format.line_spacing = 1.35
    style_font(doc.styles["Heading 1"], 14, bold=True, color=RGBColor(0x1F, 0x4E, 0x3D))
    doc.styles["Heading 1"].paragraph_format.space_before = Pt(14)
    doc.styles["Heading 1"].paragraph_format.space_after = Pt(8)
    doc.styles["Heading 1"].paragraph_format.keep_with_next = True

    # title page has no header/footer
    sec.different_first_page_header_footer = True
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(fp.add_run(meta["org"] + "　贷后管理问答手册　　第 "), 8.5)
    add_field(fp, "PAGE", size=8)
    set_run_font(fp.add_run(" 页"), 8.5)
    bp = sec.header.paragraphs[0]
    bp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_run_font(bp.add_run("内部资料　注意保存"), 8)

    for kind, val in blocks:
        if kind == "titlepage":
            for _ in range(5):
                doc.add_paragraph()
            sizes = [16, 26, 14]
            for k, ln in enumerate(val[:3]):
                p = doc.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.space_after = Pt(14)
                set_run_font(p.add_run(ln), sizes[k], k < 2)
            for _ in range(10):
                doc.add_paragraph()
            for ln in val[3:]:
                p = doc.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                set_run_font(p.add_run(ln), 12)
            p = doc.add_paragraph()
            p.add_run().add_break(WD_BREAK.PAGE)
        elif kind == "H1":
            h = doc.add_heading(level=1)
            if val.startswith("前") or val.startswith("附"):
                h.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_run_font(h.add_run(val))
        elif kind == "Q":
            p = doc.add_paragraph()
            p.paragraph_format.space_before = Pt(6)
            p.paragraph_format.keep_with_next = True
            set_run_font(p.add_run(val), 10.5, True)
        elif kind == "A":
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = Cm(0.6)
            set_run_font(p.add_run(val))
        elif kind == "L":
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = Cm(1.2)
            p.paragraph_format.space_after = Pt(0)
            set_run_font(p.add_run(val))
        elif kind == "T":
            p = doc.add_paragraph()
            term, _, rest = val.partition("：")
            set_run_font(p.add_run(term + "："), None, True)
            set_run_font(p.add_run(rest))
        elif kind == "caption":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
            set_run_font(p.add_run(val), 9.5, True)
        elif kind == "p":
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Cm(0.74)
            set_run_font(p.add_run(val))
        elif kind == "table":
            rows = val
            ncol = max(len(r) for r in rows)
            t = doc.add_table(rows=len(rows), cols=ncol)
            t.style = doc.styles["Table Grid"]
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            for ri, row in enumerate(rows):
                for ci in range(ncol):
                    cell = t.cell(ri, ci)
                    cell.text = ""
                    cp = cell.paragraphs[0]
                    if ci > 0:
                        cp.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    set_run_font(cp.add_run(row[ci] if ci < len(row) else ""), 9, ri == 0)
            doc.add_paragraph()
    doc.core_properties.title = meta["title"]
    doc.core_properties.author = meta["org"] + "风险管理部"
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
