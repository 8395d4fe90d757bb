"""Build prompts/templates/inspection_report.docx, the Word template a bank may replace with its own.

The template supplies page setup, fonts, heading and table styles, header and footer. Placeholders
{{标题}} {{借款人编号}} {{借款人}} {{管户机构}} {{客户经理}} {{检查基准日}} are replaced anywhere (body, header,
footer); the paragraph holding {{正文}} is replaced by the report's sections. Run:
    python -m assistant.drafting.make_docx_template
"""

from __future__ import annotations

from pathlib import Path

from assistant.prompts import PROMPTS_DIR

TEMPLATE_PATH = PROMPTS_DIR / "templates" / "inspection_report.docx"
BODY_FONT, HEADING_FONT = "宋体", "黑体"


def _set_font(style, name: str, size_pt: float, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = name
    style.font.size = Pt(size_pt)
    style.font.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def build_template(path: Path = TEMPLATE_PATH) -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.5)
    _set_font(doc.styles["Normal"], BODY_FONT, 10.5)
    _set_font(doc.styles["Title"], HEADING_FONT, 18, bold=True)
    _set_font(doc.styles["Heading 1"], HEADING_FONT, 14, bold=True)
    _set_font(doc.styles["Heading 2"], HEADING_FONT, 12, bold=True)
    section.header.paragraphs[0].text = "示范银行　贷后检查报告（{{管户机构}}）"
    section.footer.paragraphs[0].text = "本报告由贷后助手依据业务记录起草，须经管户客户经理核实后签字生效。"
    title = doc.add_paragraph("{{标题}}", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("借款人编号：{{借款人编号}}　管户机构：{{管户机构}}　管户客户经理：{{客户经理}}　检查基准日：{{检查基准日}}")
    doc.add_paragraph("{{正文}}")
    doc.add_paragraph("客户经理（签字）：＿＿＿＿＿＿　　风险经理（签字）：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build_template())
