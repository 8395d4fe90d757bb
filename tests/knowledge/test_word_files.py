"""Word files read as Word shows them: automatic numbers (第X条 from a numbering definition), tracked changes,
content controls and text boxes."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml import parse_xml

from assistant.knowledge.loaders import extract_text
from assistant.knowledge.word_numbering import format_number

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


def _add_list(document, abstract_id: int, num_id: int, levels: str, overrides: str = "") -> None:
    numbering = document.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {W} w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>')
    numbering.insert(0, abstract)  # abstract definitions come before the list instances
    numbering.append(parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                               f'{overrides}</w:num>'))


def _number(paragraph, num_id: int, ilvl: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _text(document) -> str:
    buffer = io.BytesIO()
    document.save(buffer)
    return extract_text("办法.docx", buffer.getvalue())


def _articles_book():
    """Articles numbered 第%1条 through the book, their items （%2） restarting under each article, and one
    paragraph inside a table numbered too."""
    document = Document()
    _add_list(document, 90, 90, _level(0, "chineseCounting", "第%1条") + _level(1, "chineseCounting", "（%2）"))
    document.add_heading("第一章 总则", level=1)
    _number(document.add_paragraph("为规范固定资产贷款贷后管理，制定本办法。"), 90)
    _number(document.add_paragraph("本办法适用于本行发放的固定资产贷款。"), 90)
    document.add_heading("第二章 贷后检查", level=1)
    _number(document.add_paragraph("贷后检查包括以下内容："), 90)
    _number(document.add_paragraph("资金支付情况；"), 90, 1)
    _number(document.add_paragraph("项目进度。"), 90, 1)
    for n in range(8):
        _number(document.add_paragraph(f"第{n}个补充规定的正文。"), 90)
    _number(document.add_paragraph("检查中发现问题的，应当报告："), 90)
    _number(document.add_paragraph("向风险经理报告。"), 90, 1)
    return document


def test_articles_numbered_by_word_keep_their_numbers_and_items_restart_under_each_article():
    lines = _text(_articles_book()).splitlines()
    assert "# 第一章 总则" in lines
    assert "第一条 为规范固定资产贷款贷后管理，制定本办法。" in lines
    assert "第二条 本办法适用于本行发放的固定资产贷款。" in lines  # the sequence runs on past the chapter heading
    assert lines[lines.index("第三条 贷后检查包括以下内容：") + 1:][:2] == ["（一） 资金支付情况；", "（二） 项目进度。"]
    assert "第十二条 检查中发现问题的，应当报告：" in lines
    assert "（一） 向风险经理报告。" in lines  # the items restart under the next article


def test_a_word_book_with_automatic_article_numbers_is_cited_by_them(tmp_path):
    from assistant.knowledge.ingest import build_document

    path = tmp_path / "星河银行固定资产贷款贷后管理办法.docx"
    buffer = io.BytesIO()
    _articles_book().save(buffer)
    path.write_bytes(buffer.getvalue())
    _, chunks = build_document(path, path.read_bytes(), source_type="internal_rule")
    articles = [c.article for c in chunks if c.article]
    assert articles[:3] == ["第一条", "第二条", "第三条"] and "第十二条" in articles
    third = next(c for c in chunks if c.article == "第三条")
    assert "资金支付情况" in third.text and third.chapter.endswith("贷后检查")


def test_a_new_list_instance_with_a_start_override_restarts_and_one_without_runs_on():
    document = Document()
    _add_list(document, 91, 91, _level(0, "decimal", "%1."))
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(f'<w:num {W} w:numId="92"><w:abstractNumId w:val="91"/>'
                               f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="93"><w:abstractNumId w:val="91"/></w:num>'))
    for text, num_id in (("甲", 91), ("乙", 91), ("丙", 92), ("丁", 92), ("戊", 93)):
        _number(document.add_paragraph(text), num_id)
    assert _text(document).splitlines()[-5:] == ["1. 甲", "2. 乙", "1. 丙", "2. 丁", "3. 戊"]


def test_numbering_carried_by_a_paragraph_style_levels_written_in_arabic_and_bullets():
    document = Document()
    _add_list(document, 94, 94, _level(0, "chineseCounting", "第%1章")
              + _level(1, "decimal", "%1.%2", extra='<w:isLgl/>') + _level(2, "bullet", "\uf0b7"))
    style = document.styles.add_style("条款", 1)
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W}><w:ilvl w:val="1"/><w:numId w:val="94"/></w:numPr>'))
    _number(document.add_paragraph("总则"), 94)
    document.add_paragraph("规范贷后管理。", style="条款")
    _number(document.add_paragraph("关注现金流"), 94, 2)
    none = document.add_paragraph("不编号的段落")
    _number(none, 0)  # numId 0 switches numbering off
    assert _text(document).splitlines()[-4:] == ["第一章 总则", "1.1 规范贷后管理。", "● 关注现金流", "不编号的段落"]


def test_a_docx_without_any_numbering_reads_as_before():
    document = Document()
    document.add_paragraph("第一条 为规范贷后管理，制定本办法。")
    assert _text(document) == "第一条 为规范贷后管理，制定本办法。"


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    (1, "chineseCounting", "一"), (11, "chineseCounting", "十一"), (20, "chineseCounting", "二十"),
    (101, "chineseCountingThousand", "一百零一"), (3, "decimalEnclosedCircle", "③"), (27, "upperLetter", "AA"),
    (4, "lowerRoman", "iv"), (12, "chineseLegalSimplified", "壹拾贰"), (2, "ideographTraditional", "乙"),
    (7, "decimalZero", "07"), (5, "decimalFullWidth", "５"), (3, "none", ""), (9, "somethingNew", "9"),
])
def test_number_formats(value, fmt, shown):
    assert format_number(value, fmt) == shown


# ---------------------------------------------------------------- text python-docx's .text leaves out

MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
WPS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'


def test_tracked_changes_read_as_accepted_and_content_controls_read_in_place():
    document = Document()
    paragraph = document.add_paragraph("第一条 客户经理应当")
    paragraph._p.append(parse_xml(f'<w:ins {W} w:id="1" w:author="审核"><w:r><w:t>每季度</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(f'<w:del {W} w:id="2" w:author="审核"><w:r><w:delText>每月</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(f'<w:r {W}><w:t>检查一次。</w:t></w:r>'))
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(  # a block-level content control holding a clause (before the sectPr)
        f'<w:sdt {W}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>第二条 放款后15日内完成首次检查。</w:t></w:r></w:p>'
        f'</w:sdtContent></w:sdt>'))
    inline = document.add_paragraph("第三条 ")
    inline._p.append(parse_xml(f'<w:sdt {W}><w:sdtContent><w:r><w:t>检查报告由风险经理审阅。</w:t></w:r></w:sdtContent></w:sdt>'))
    assert _text(document).splitlines() == ["第一条 客户经理应当每季度检查一次。", "第二条 放款后15日内完成首次检查。",
                                            "第三条 检查报告由风险经理审阅。"]


def test_a_text_box_is_read_once_though_word_stores_it_twice():
    document = Document()
    anchor = document.add_paragraph("")
    box = '<w:txbxContent><w:p><w:r><w:t>星河银行贷后管理办法</w:t></w:r></w:p></w:txbxContent>'
    anchor._p.append(parse_xml(
        f'<w:r {W} {MC} {WPS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx>'
        f'</w:drawing></mc:Choice><mc:Fallback><w:pict><w:textbox>{box}</w:textbox></w:pict></mc:Fallback>'
        f'</mc:AlternateContent></w:r>'))
    document.add_paragraph("第一条 为规范贷后管理，制定本办法。")
    assert [line for line in _text(document).splitlines() if line] == ["星河银行贷后管理办法",
                                                                       "第一条 为规范贷后管理，制定本办法。"]


def test_a_content_control_in_a_table_cell_is_read_with_its_row():
    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "检查类型", "时限"
    table.cell(1, 0).text = "首次检查"
    table.cell(1, 1)._tc.append(parse_xml(
        f'<w:sdt {W}><w:sdtContent><w:p><w:r><w:t>放款后15日内</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    assert "放款后15日内" in _text(document)


def _with_notes(document, kind: str, notes: dict[str, str]) -> None:
    """A footnotes (or endnotes) part holding the notes by id, with Word's separator note, related to the document."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    body = "".join(f'<w:{kind} w:id="{i}"><w:p><w:r><w:{kind}Ref/></w:r><w:r><w:t>{text}</w:t></w:r></w:p></w:{kind}>'
                   for i, text in notes.items())
    xml = (f'<w:{kind}s {W}><w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
           f'{body}</w:{kind}s>').encode("utf-8")
    content_type = f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml"
    part = Part(PackURI(f"/word/{kind}s.xml"), content_type, xml, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES)


def test_footnotes_and_endnotes_are_read_after_the_clause_that_refers_to_them():
    document = Document()
    _with_notes(document, "footnote", {"1": "重估以本行准入评估机构的报告为准。"})
    _with_notes(document, "endnote", {"2": "本条所称工作日不含法定节假日。"})
    first = document.add_paragraph("第十条 押品每年至少重估一次")
    first._p.append(parse_xml(f'<w:r {W}><w:footnoteReference w:id="1"/></w:r>'))
    first._p.append(parse_xml(f'<w:r {W}><w:t>。</w:t></w:r>'))
    second = document.add_paragraph("第十一条 重估结果在5个工作日内录入系统。")
    second._p.append(parse_xml(f'<w:r {W}><w:endnoteReference w:id="2"/></w:r>'))
    second._p.append(parse_xml(f'<w:r {W}><w:footnoteReference w:id="7"/></w:r>'))  # a note the part lacks: nothing
    assert _text(document).splitlines() == ["第十条 押品每年至少重估一次。", "注：重估以本行准入评估机构的报告为准。",
                                            "第十一条 重估结果在5个工作日内录入系统。", "注：本条所称工作日不含法定节假日。"]


def test_a_damaged_notes_part_leaves_the_body_read():
    document = Document()
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", b"<w:footnotes", None)
    document.part.relate_to(part, RT.FOOTNOTES)
    document.add_paragraph("第一条 为规范贷后管理，制定本办法。")
    assert _text(document) == "第一条 为规范贷后管理，制定本办法。"


def test_a_content_control_still_showing_words_prompt_says_nothing():
    document = Document()
    label = document.add_paragraph("编制部门：")
    label._p.append(parse_xml(f'<w:sdt {W}><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r>'
                              f'<w:t>单击或点击此处输入文字。</w:t></w:r></w:sdtContent></w:sdt>'))
    filled = document.add_paragraph("施行日期：")
    filled._p.append(parse_xml(f'<w:sdt {W}><w:sdtPr/><w:sdtContent><w:r><w:t>2024年9月1日</w:t></w:r></w:sdtContent></w:sdt>'))
    assert _text(document).splitlines() == ["编制部门：", "施行日期：2024年9月1日"]


def test_odd_numbering_is_read_as_word_reads_it_and_never_breaks_the_file():
    """An empty numbered paragraph takes its number (the next article is 第三条); a paragraph whose mark is a tracked
    deletion takes none; a numId or level that is no number means no numbering (a level with no value is the first);
    a huge start is capped; a level
    restarting after level 1 only (w:lvlRestart 1) runs on when level 2 advances."""
    document = Document()
    _add_list(document, 95, 95, _level(0, "chineseCounting", "第%1条"))
    _number(document.add_paragraph("甲"), 95)
    _number(document.add_paragraph(""), 95)
    _number(document.add_paragraph("乙"), 95)
    gone = document.add_paragraph("删去的一条")
    _number(gone, 95)
    gone._p.get_or_add_pPr().append(parse_xml(f'<w:rPr {W}><w:del w:id="9" w:author="审核"/></w:rPr>'))
    _number(document.add_paragraph("丙"), 95)
    for bad in ('<w:numId w:val="abc"/>', '<w:ilvl/><w:numId w:val="95"/>', '<w:numId/>', '<w:ilvl w:val="x"/><w:numId w:val="95"/>'):
        paragraph = document.add_paragraph("无编号")
        paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}>{bad}</w:numPr>'))
    lines = [line for line in _text(document).splitlines() if line]
    assert lines[:4] == ["第一条 甲", "第三条 乙", "删去的一条", "第四条 丙"]
    assert lines[4:] == ["无编号", "第五条 无编号", "无编号", "无编号"]  # a level with no value is the first

    huge = Document()
    _add_list(huge, 96, 96, _level(0, "lowerLetter", "%1)", start=10 ** 12))
    _number(huge.add_paragraph("项"), 96)
    assert len(_text(huge)) < 20

    restarting = Document()
    _add_list(restarting, 97, 97, _level(0, "decimal", "%1.") + _level(1, "decimal", "%1.%2")
              + _level(2, "decimal", "(%3)", extra='<w:lvlRestart w:val="1"/>'))
    for text, ilvl in (("A", 0), ("a", 1), ("x", 2), ("y", 2), ("b", 1), ("z", 2), ("B", 0), ("w", 2)):
        _number(restarting.add_paragraph(text), 97, ilvl)
    assert _text(restarting).splitlines()[-8:] == ["1. A", "1.1 a", "(1) x", "(2) y", "1.2 b", "(3) z", "2. B", "(1) w"]


def test_a_footnote_or_text_box_inside_deleted_text_is_not_read():
    document = Document()
    _with_notes(document, "footnote", {"3": "旧的注释。"})
    paragraph = document.add_paragraph("第一条 押品每年重估一次。")
    paragraph._p.append(parse_xml(
        f'<w:del {W} w:id="4" w:author="审核"><w:r><w:footnoteReference w:id="3"/></w:r><w:r><w:pict><w:textbox>'
        f'<w:txbxContent><w:p><w:r><w:t>删去的文本框</w:t></w:r></w:p></w:txbxContent></w:textbox></w:pict></w:r></w:del>'))
    assert _text(document) == "第一条 押品每年重估一次。"
