"""Render an InspectionReport into a Word document built on a replaceable .docx template."""

from __future__ import annotations

import io
from pathlib import Path

from assistant.drafting.make_docx_template import TEMPLATE_PATH
from assistant.drafting.render_md import report_view
from assistant.drafting.report import InspectionReport
from assistant.errors import UserError

BODY_MARKER = "{{正文}}"


def _placeholders(view: dict) -> dict[str, str]:
    return {"{{标题}}": view["title"], "{{借款人编号}}": view["borrower_id"], "{{借款人}}": view["title"],
            "{{管户机构}}": view["branch"], "{{客户经理}}": view["officer"], "{{检查基准日}}": view["as_of"]}


def _replace_in(paragraphs, values: dict[str, str]) -> None:
    for paragraph in paragraphs:
        text = paragraph.text
        if "{{" not in text or BODY_MARKER in text:
            continue
        for key, value in values.items():
            text = text.replace(key, value)
        runs = paragraph.runs
        if runs:  # keep the first run's formatting (Word may split a placeholder over several runs)
            runs[0].text = text
            for run in runs[1:]:
                run.text = ""


def _all_paragraphs(doc):
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in doc.sections:
        for part in (section.header, section.footer):
            yield from part.paragraphs


def _style(doc, name: str, fallback: str | None = None):
    names = {style.name for style in doc.styles}
    return name if name in names else fallback


def _add_table(doc, marker, table_view: dict) -> None:
    caption = marker.insert_paragraph_before(table_view["title"], style=_style(doc, "Heading 2"))
    columns = table_view["columns"]
    table = doc.add_table(rows=1 + len(table_view["rows"]), cols=len(columns))
    style = _style(doc, "Table Grid")
    if style:
        table.style = style
    for i, name in enumerate(columns):
        table.rows[0].cells[i].text = name
        for run in table.rows[0].cells[i].paragraphs[0].runs:
            run.bold = True
    for r, row in enumerate(table_view["rows"], start=1):
        for c, value in enumerate(row):
            table.rows[r].cells[c].text = value
    caption._p.addnext(table._tbl)


def _add_body(doc, marker, view: dict) -> None:
    for section in view["sections"]:
        marker.insert_paragraph_before(section["heading"], style=_style(doc, "Heading 1"))
        for statement in section["statements"]:
            cites = "（依据：" + "、".join(statement["cites"]) + "）" if statement["cites"] else ""
            marker.insert_paragraph_before(statement["text"] + cites)
        for table_view in section["tables"]:
            _add_table(doc, marker, table_view)
    if view["clauses"]:
        marker.insert_paragraph_before("附：引用条文", style=_style(doc, "Heading 1"))
        for clause in view["clauses"]:
            quote = f"「{clause['quote']}」" if clause["quote"] else "（知识库未收录该条原文，仅按出处引用）"
            marker.insert_paragraph_before(f"{clause['label']}：{quote}")


def render_docx(report: InspectionReport, template: Path | None = None) -> bytes:
    """The .docx bytes: the template's styles, header and footer with the report's sections in place of {{正文}}."""
    return render_view_docx(report_view(report), template)


def render_view_docx(view: dict, template: Path | None = None) -> bytes:
    """The .docx bytes of a report view (see render_md.report_view), e.g. one carrying the user's edits."""
    from docx import Document

    path = Path(template or TEMPLATE_PATH)
    if not path.is_file():
        raise UserError(f"找不到 Word 模板：{path}")
    doc = Document(str(path))
    _replace_in(_all_paragraphs(doc), _placeholders(view))
    marker = next((p for p in doc.paragraphs if BODY_MARKER in p.text), None)
    if marker is None:  # a bank template without the marker: append at the end
        marker = doc.add_paragraph(BODY_MARKER)
    _add_body(doc, marker, view)
    marker._p.getparent().remove(marker._p)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
