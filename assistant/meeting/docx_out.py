"""Word outputs: the 会议纪要 and one 《贷后管理例会审议表》 per borrower (a form-like table), and a zip of forms."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from assistant.meeting.minutes import Minutes
from assistant.meeting.render import minutes_view, review_view

FORM_TITLE = "贷后管理例会审议表"
SIGN_LINE = "签字：________________　　日期：____年__月__日"


def _document():
    from docx import Document
    from docx.oxml.ns import qn

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    return document


def _table(document, title: str, columns: list[str], rows: list[list[str]]) -> None:
    document.add_paragraph().add_run(title).bold = True
    if not rows:
        document.add_paragraph("（无记录）")
        return
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, columns):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = str(text)


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _review_part(document, r: dict[str, Any]) -> None:
    document.add_heading(f"{r['id']} {r['name']}", level=3)
    document.add_paragraph(f"授信金额{r['credit']}，用信余额{r['balance']}，风险分类{r['classification']}，"
                           f"管户客户经理{r['officer']}。")
    for reason in r["reasons"]:
        document.add_paragraph(reason, style="List Bullet")
    for item in r["report_items"]:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{item['title']}：").bold = True
        paragraph.add_run(item["text"])
    for table in r["annex"]:
        _table(document, table["title"], table["columns"], table["rows"])
    lines = [f"{d['action_text']}（{d['responsible_department']}／{d['responsible_person']}，{d['deadline_text']}）"
             for d in r["decisions"]]
    document.add_paragraph("会议决议：" + ("；".join(lines) if lines else "待会议审议后填写。"))


def minutes_docx(minutes: Minutes) -> bytes:
    """The minutes as .docx, the same content and order as the Markdown."""
    m = minutes_view(minutes)
    document = _document()
    document.add_heading(m["title"], level=1)
    document.add_paragraph(f"会议日期：{m['date']}　会议类型：{m['kind']}　主持人：{m['chair']}　记录：风险部")
    if m["warning"]:
        document.add_paragraph().add_run(m["warning"]).bold = True
    document.add_heading("一、参会人员", level=2)
    _table(document, "参会人员名单", ["职务", "姓名", "出席", "委员"],
           [[a["role"], a["name"], a["present"], a["member"]] for a in m["attendees"]])
    document.add_paragraph(m["quorum_line"])
    document.add_heading("二、会议议程", level=2)
    for line in m["agenda_lines"]:
        document.add_paragraph(line)
    _table(document, "审议名单", ["借款人编号", "借款人", "客户经理", "授信金额", "风险分类", "审议原因"],
           [[r["id"], r["name"], r["officer"], r["credit"], r["classification"], "".join(r["reasons"])]
            for r in m["reviews"]])
    document.add_heading("三、上次会议决议落实情况", level=2)
    _table(document, "决议落实情况", ["借款人编号", "措施", "责任部门", "责任人", "完成时限", "状态", "落实情况"],
           [[d["borrower_id"], d["action_text"], d["responsible_department"], d["responsible_person"],
             d["deadline_text"], d["status_zh"], d["follow_up"] or "—"] for d in m["follow_up"]])
    document.add_heading("四、信贷资产质量总体情况（风险经理汇报）", level=2)
    for text in m["picture"]["statements"]:
        document.add_paragraph(text)
    for table in m["picture"]["tables"]:
        _table(document, table["title"], table["columns"], table["rows"])
    document.add_heading("五、逐户审议", level=2)
    for review in m["reviews"]:
        _review_part(document, review)
    document.add_heading("六、会议决议汇总", level=2)
    _table(document, "会议决议", ["借款人编号", "措施", "责任部门", "责任人", "完成时限"],
           [[d["borrower_id"], d["action_text"], d["responsible_department"], d["responsible_person"],
             d["deadline_text"]] for d in m["decisions"]])
    document.add_heading("七、会议总体情况与主持人总结", level=2)
    document.add_paragraph(m["summary"])
    document.add_paragraph("依据：" + "；".join(m["sources"]) + "。")
    return _save(document)


def _form_rows(minutes: Minutes, r: dict[str, Any]) -> list[tuple[str, str]]:
    decisions = "\n".join(d["action_text"] for d in r["decisions"]) or ""
    departments = "\n".join(f"{d['responsible_department']}／{d['responsible_person']}" for d in r["decisions"])
    deadlines = "\n".join(d["deadline_text"] for d in r["decisions"])
    return [("会议日期", minutes.meeting_date.text), ("机构", minutes.branch), ("客户名称", r["name"]),
            ("客户编号", r["id"]), ("管户客户经理", r["officer"]), ("授信金额", r["credit"]),
            ("用信余额", r["balance"]), ("风险分类", r["classification"]),
            ("风险信号", "\n".join(r["signals"]) or "未发现风险信号"), ("审议原因", "\n".join(r["reasons"])),
            ("客户经理汇报要点", r["points"]), ("建议措施", "、".join(r["suggested"]) or "维持现有管理措施"),
            ("审议意见／决议", decisions), ("责任部门／责任人", departments), ("完成时限", deadlines),
            ("主持人签字", SIGN_LINE), ("行长签字", SIGN_LINE)]


def review_form_docx(minutes: Minutes, borrower_id: str) -> bytes:
    """One 审议表: a two-column form (label | content), blank signature lines for the chair and the head."""
    r = review_view(minutes.review(borrower_id))
    document = _document()
    document.add_heading(f"{FORM_TITLE}", level=1)
    document.add_paragraph(f"{minutes.branch}　　会议日期：{minutes.meeting_date.text}")
    rows = _form_rows(minutes, r)
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for (label, text), row in zip(rows, table.rows):
        row.cells[0].text = label
        row.cells[0].paragraphs[0].runs[0].bold = True
        row.cells[1].text = text
    document.add_paragraph("填表：风险部（示范银行贷后管理实施细则第五十四条：一户一表，经会议主持人和行长签署意见后执行）")
    return _save(document)


def review_forms_zip(minutes: Minutes) -> bytes:
    """Every 审议表 of the meeting, one .docx per borrower, in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for review in minutes.reviews:
            name = f"{FORM_TITLE}_{review.borrower_id}_{review.name.text}.docx"
            archive.writestr(name, review_form_docx(minutes, review.borrower_id))
    return buffer.getvalue()
