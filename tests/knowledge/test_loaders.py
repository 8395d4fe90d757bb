"""Loaders turn real .md/.txt/.docx/.pdf files into text and refuse bad files with a Chinese message."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from assistant.errors import Unsupported, UserError
from assistant.knowledge.loaders import extract_text, iter_files, read_bytes, unwrap_lines

pytestmark = pytest.mark.unit


def make_docx(paragraphs: list[str], *, heading: str = "", table: list[list[str]] | None = None) -> bytes:
    from docx import Document

    document = Document()
    if heading:
        document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(lines: list[str]) -> bytes:
    """A real PDF with Chinese text in reportlab's built-in CID font STSong-Light."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("STSong-Light", 11)
    for number, line in enumerate(lines):
        page.drawString(60, 780 - 18 * number, line)
    page.save()
    return buffer.getvalue()


def load(path: Path) -> str:
    return extract_text(path.name, read_bytes(path))


def test_markdown_and_utf8_text(tmp_path):
    md = tmp_path / "制度.md"
    md.write_text("# 示范银行贷后检查细则\n\n第一条　为规范贷后检查，制定本细则。\n", encoding="utf-8")
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeff客户经理应每季度现场检查一次。".encode("utf-8"))
    assert "第一条" in load(md)
    assert load(bom) == "客户经理应每季度现场检查一次。"


def test_gb18030_text_is_decoded(tmp_path):
    path = tmp_path / "走访记录.txt"
    path.write_bytes("城东支行走访恒达机械，经营正常。".encode("gb18030"))
    assert load(path) == "城东支行走访恒达机械，经营正常。"


def test_docx_paragraphs_headings_and_tables(tmp_path):
    path = tmp_path / "细则.docx"
    path.write_bytes(make_docx(
        ["第一条　本细则适用于城东支行。", "第二条　次级类贷款每月现场检查一次。"],
        heading="示范银行现场检查细则",
        table=[["风险分类", "检查频率"], ["次级", "每月"]],
    ))
    text = load(path)
    assert text.splitlines()[0] == "# 示范银行现场检查细则"
    assert "第二条　次级类贷款每月现场检查一次。" in text
    assert "风险分类：次级；检查频率：每月。" in text  # a row read alone still names its columns
    assert "风险分类 | 检查频率" not in text


def test_a_table_nested_in_a_cell_is_read_with_its_row(tmp_path):
    """A Word cell may hold a table of its own (预警等级 → 处置 | 时限): its rows are read inside the outer row."""
    from docx import Document

    document = Document()
    grid = document.add_table(rows=2, cols=2)
    grid.cell(0, 0).text, grid.cell(0, 1).text = "信号", "处置要求"
    grid.cell(1, 0).text = "红色预警"
    inner = grid.cell(1, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "报告", "24小时内报告分行"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "额度", "冻结未提用额度"
    merged = inner.add_row().cells
    merged[0].merge(merged[1]).text = "总行统一处置"  # a merged inner cell, read once
    path = tmp_path / "预警.docx"
    document.save(path)
    text = load(path)
    assert "24小时内报告分行" in text and "冻结未提用额度" in text
    row = next(line for line in text.splitlines() if "红色预警" in line)
    assert "24小时内报告分行" in row and row.startswith("信号：红色预警")
    assert row.count("总行统一处置") == 1 and "；；" not in row


def test_pdf_with_chinese_text_is_extracted(tmp_path):
    path = tmp_path / "办法.pdf"
    path.write_bytes(make_pdf(["第一条　为规范贷后管理，制定本办法。", "第二条　逾期超过90天的贷款至少归为次级类。"]))
    text = load(path)
    assert "第一条" in text and "为规范贷后管理，制定本办法。" in text
    assert "逾期超过90天的贷款至少归为次级类。" in text


def test_pdf_wrapped_lines_are_joined():
    text = "贷款人应当按照合同约定检查、监督流动资金贷款的使用情况和用途，\n防止资金挪用。\n第二条　短句。"
    assert unwrap_lines(text).splitlines()[0].endswith("防止资金挪用。")


@pytest.mark.parametrize(("text", "title"), [
    ("某某农村信用合作联社小微企业贷款贷后管理工作指\n南\n信贷管理部编印\n一、总则", "某某农村信用合作联社小微企业贷款贷后管理工作指南"),
    ("某某银行个人经营性贷款贷后检查操\n作规程\n第一章　总则", "某某银行个人经营性贷款贷后检查操作规程"),
    ("某某银行贷后管理\n办法（试行）\n第一条", "某某银行贷后管理办法（试行）"),
    # the title's status alone on the line under it (a large-type title that ends in a full title word)
    ("某某银行对公客户风险预警信号目录及处置标准\n（试行）\n某银风〔2024〕57号", "某某银行对公客户风险预警信号目录及处置标准（试行）"),
    ("某某银行贷后管理办法\n（2024年修订）\n第一章", "某某银行贷后管理办法（2024年修订）"),
    ("某某银行贷后管理办法\n（2024版）\n第一章", "某某银行贷后管理办法（2024版）"),
    ("某某银行贷后管理办法\n（2024年第二次修订）\n第一章", "某某银行贷后管理办法（2024年第二次修订）"),
    # a blank line between, and the text layer's gap between a figure and a character
    ("某某银行贷后管理制度汇编\n\n（2025 年版）\n某某银行风险管理部　编", "某某银行贷后管理制度汇编（2025年版）"),
    # a whole title followed by a short heading, and a sentence, stay as they are
    ("某某银行贷后管理办法\n总则\n第一条", "某某银行贷后管理办法"),
    ("为规范贷后管理，制定本\n办法\n", "为规范贷后管理，制定本"),
    ("附件1\n押品管理规定", "附件1"),  # a label, then a whole title of its own
    ("第一章总则\n第一节一般规定", "第一章总则"),
])
def test_a_title_the_pdf_wrapped_is_whole_again(text, title):
    from assistant.knowledge.loaders import rejoin_title

    assert rejoin_title(text).splitlines()[0] == title


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("空文件.md", b"", "文件为空"),
        ("空白.txt", b"  \n\n ", "文件为空"),
        ("标点.txt", "……。，；！\n——、、\n*** --- ###".encode(), "没有可提取的文字"),
        ("图片.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "不是文本文件"),
        ("损坏.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> broken", "PDF 已损坏"),
        ("损坏.docx", b"PK\x03\x04 not really a zip", "DOCX 文件已损坏"),
        ("假的.docx", b"just some text pretending to be word", "DOCX 文件已损坏"),
    ],
)
def test_bad_files_raise_user_error_naming_the_file(name, data, reason):
    with pytest.raises(UserError) as caught:
        extract_text(name, data)
    assert caught.value.message.startswith(f"无法读取文件 {name}：")
    assert reason in caught.value.message


def test_unsupported_extension(tmp_path):
    with pytest.raises(Unsupported) as caught:
        extract_text("数据.xyz", b"something")
    assert "数据.xyz" in caught.value.message and caught.value.status == 415


def test_unreadable_path_is_a_user_error(tmp_path):
    folder_named_like_file = tmp_path / "目录.txt"
    folder_named_like_file.mkdir()
    with pytest.raises(UserError, match="无法读取文件 目录.txt"):
        read_bytes(folder_named_like_file)


def test_empty_docx_and_pdf_without_text(tmp_path):
    with pytest.raises(UserError, match="没有可提取的文字"):
        extract_text("空.docx", make_docx([]))
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    canvas.Canvas(buffer).save()
    with pytest.raises(UserError, match="PDF 没有页面"):  # a PDF of zero pages
        extract_text("空白.pdf", buffer.getvalue())


def test_folders_recurse_and_skip_hidden_and_lock_files(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for name in ("a/one.md", "a/b/two.txt", ".git/config.md", "a/.hidden.md", "a/~$draft.docx"):
        (tmp_path / name).write_text("内容", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_files(tmp_path)] == ["a/b/two.txt", "a/one.md"]


@pytest.mark.unit
def test_running_footers_and_page_numbers_are_removed_and_page_breaks_rejoined():
    from assistant.knowledge.loaders import strip_page_furniture, unwrap_lines

    pages = [
        "示范银行制度汇编\n第一条 本办法适用于全行。\n第二条 客户经理应当在放款后十日内完成首次检\n内部资料 注意保密\n第 1 页",
        "示范银行制度汇编\n查，并撰写报告。\n第三条 检查发现问题的，应当及时报告。应当暂停内部资料 注意保密第 2 页",
        "示范银行制度汇编\n后续提款。\n内部资料 注意保密\n第 3 页",
    ]
    cleaned = strip_page_furniture(pages)
    flat = [line for page in cleaned for line in page]
    assert not any("注意保密" in line or "制度汇编" in line or line.startswith("第 ") for line in flat)
    assert cleaned[1][-1].endswith("应当暂停")  # the footer glued to a body line is cut off
    assert unwrap_lines("第一条 本办法适用于全行的公司贷款和个人贷款业务的\n贷后管理。\n第二条 另起一条。") == (
        "第一条 本办法适用于全行的公司贷款和个人贷款业务的贷后管理。\n第二条 另起一条。")


@pytest.mark.unit
def test_a_header_of_several_lines_with_the_page_number_after_it_is_all_furniture():
    """A writer that draws a page's furniture before its body puts 公司名 / 密级 / 文号 / 第 N 页 on top of the text
    layer: all four go, so the book's title is no 《第1页》 and 第3页 is not glued into a sentence across the break."""
    from assistant.knowledge.loaders import strip_page_furniture

    head = "澄江农村商业银行股份有限公司　内部管理制度\n密级：内部\n澄江农商银发〔2025〕12号\n第 {} 页\n"
    pages = [head.format(1) + "澄江农村商业银行个人经营性贷款贷后管理办法\n第一条 为加强管理，制定本办法。\n第二条 逾期的，移交资产",
             head.format(2) + "保全部集中处置。\n第三条 本办法自发布之日起施行。",
             head.format(3) + "第四条 由风险管理部负责解释。"]
    cleaned = strip_page_furniture(pages)
    assert cleaned[0][0] == "澄江农村商业银行个人经营性贷款贷后管理办法"
    assert cleaned[1][0] == "保全部集中处置。" and cleaned[2] == ["第四条 由风险管理部负责解释。"]


@pytest.mark.unit
def test_a_cover_title_the_running_header_repeats_stays_the_title():
    """A compilation's cover carries its title alone; every later page repeats it as a running header. The cover's
    line is the title; a header over a first page of text, or one holding a code, is furniture as before."""
    from assistant.knowledge.loaders import strip_page_furniture

    later = ["临澄银行贷后管理制度汇编\n第一条　为规范贷后检查，制定本办法。\n— 2 —",
             "临澄银行贷后管理制度汇编\n第二条　首次检查应在放款后15日内完成。\n— 3 —"]
    cover = ["临澄银行贷后管理制度汇编\n（2025年版）\n临澄银行股份有限公司风险管理部　编"] + later
    assert strip_page_furniture(cover)[0][0] == "临澄银行贷后管理制度汇编"
    assert all("汇编" not in line for page in strip_page_furniture(cover)[1:] for line in page)
    text_first = ["临澄银行贷后管理制度汇编\n第零条　本汇编收录两项制度。\n— 1 —"] + later
    assert strip_page_furniture(text_first)[0][0].startswith("第零条")
    coded = [p.replace("临澄银行贷后管理制度汇编", "临澄银行 LC/OP-01 制度汇编") for p in cover]
    assert "LC/OP-01" not in strip_page_furniture(coded)[0][0]


def test_a_cover_under_a_running_header_that_repeats_the_title_keeps_the_title():
    """A training book's pages all carry its title as a running header; its cover sets the title once more under
    that header (and the page number): met twice at the top of one page, the second is the page's own line."""
    from assistant.knowledge.loaders import strip_page_furniture

    header = "某某银行公司客户贷后管理培训讲义\n某某银行授信管理部｜内部资料"
    cover = [f"{header}\n— 1 —\n某某银行公司客户贷后管理培训讲义\n授课对象：公司客户经理\n主讲部门：授信管理部"]
    later = [f"{header}\n— {n} —\n第{n}讲 贷后检查\n首次检查应在放款后15日内完成。" for n in (2, 3, 4)]
    pages = strip_page_furniture(cover + later)
    assert pages[0][0] == "某某银行公司客户贷后管理培训讲义"
    assert all("讲义" not in line and "内部资料" not in line for page in pages[1:] for line in page)
    # a line printed twice at a page's top (a header and a footer drawn first, or a fake-bold header) stays furniture
    body = ["首次检查应在放款后15日内完成。", "关注类贷款每季度检查一次。", "次级类贷款每月检查一次。"]
    twice = [f"某某农村商业银行\n内部资料 注意保密\n内部资料 注意保密\n第 {n} 页\n{line}" for n, line in enumerate(body, 1)]
    assert strip_page_furniture(twice) == [[line] for line in body]
    bold = [f"某某银行贷后管理办法\n某某银行贷后管理办法\n{line}" for line in body]
    assert strip_page_furniture(bold)[1:] == [[line] for line in body[1:]]


def test_a_word_title_broken_by_a_line_break_or_followed_by_its_edition_is_one_title(tmp_path):
    """关于印发《…》的 / 通知 set in one heading with a manual line break, and a title with its edition in a paragraph of
    its own under it, give the title a PDF of the same book gives."""
    from docx import Document

    from assistant.knowledge.loaders import rejoin_title
    from assistant.knowledge.metadata import prepare_document

    document = Document()
    document.add_heading("关于印发《某某村镇银行贷后管理办法（2025年修订）》的\n通知", level=1)
    document.add_paragraph("各支行：")
    buffer = io.BytesIO()
    document.save(buffer)
    (tmp_path / "a.docx").write_bytes(buffer.getvalue())
    meta, _ = prepare_document(load(tmp_path / "a.docx"), "a.docx")
    assert meta.title == "关于印发《某某村镇银行贷后管理办法（2025年修订）》的通知"
    (tmp_path / "b.docx").write_bytes(make_docx(["（2025年版）", "某某银行风险管理部　编"], heading="某某银行贷后管理工作标准"))
    meta, body = prepare_document(load(tmp_path / "b.docx"), "b.docx")
    assert meta.title == "某某银行贷后管理工作标准（2025年版）"
    assert "2025年版" not in body
    assert rejoin_title("# 第一章　总则\n（试行）\n第一条").startswith("# 第一章　总则\n")  # a chapter, no title
    year = Document()
    year.add_heading("某某银行\n2025年贷后管理工作要点", level=1)
    year.save(tmp_path / "d.docx")
    assert load(tmp_path / "d.docx").splitlines()[0] == "# 某某银行2025年贷后管理工作要点"
    english = Document()
    english.add_heading("Post-loan\nmanual", level=1)
    english.save(tmp_path / "c.docx")
    assert load(tmp_path / "c.docx").splitlines()[0] == "# Post-loan manual"


@pytest.mark.unit
def test_a_word_files_first_chapter_heading_is_not_its_title():
    from assistant.knowledge.metadata import infer_title

    assert infer_title("澄江银行贷后管理办法\n# 第一章 总则\n第一条为规范…", "x.docx") == "澄江银行贷后管理办法"
    assert infer_title("# 第一章 总则\n第一条为规范…", "澄江办法.docx") == "澄江办法"
    assert infer_title("# 示范银行现场检查细则\n第一条…", "y.docx") == "示范银行现场检查细则"


def test_a_decimal_numbered_rule_book_keeps_its_clause_numbers_from_word_and_pdf(tmp_path):
    """Parts as Word headings (1 总则), clauses 1.1, 2.1 … as paragraphs; the PDF's text layer of the same
    lines. Both files give the same clause labels, which the chat cites."""
    from docx import Document

    from assistant.knowledge.ingest import build_document

    lines = ["1.1 为规范小企业贷款贷后检查工作，制定本规程。", "1.2 本规程适用于单户授信1000万元以下的小企业贷款。",
             "2.1 客户经理应当在贷款发放后10日内完成首次检查。", "2.2 首次检查应当实地查看借款人经营场所。",
             "3.1 正常类贷款每季度至少检查1次。", "3.2 关注类贷款每月至少检查1次。"]
    word = Document()
    word.add_paragraph("某某银行小企业贷款贷后检查规程")
    for n, title in enumerate(("总则", "首次检查", "常规检查"), 1):
        word.add_heading(f"{n} {title}", level=1)
        for line in lines[2 * n - 2: 2 * n]:
            word.add_paragraph(line)
    buffer = io.BytesIO()
    word.save(buffer)
    docx_path, pdf_path = tmp_path / "规程.docx", tmp_path / "规程.pdf"
    docx_path.write_bytes(buffer.getvalue())
    pdf_path.write_bytes(make_pdf(["某某银行小企业贷款贷后检查规程", "1 总则", *lines[:2], "2 首次检查", *lines[2:4],
                                   "3 常规检查", *lines[4:]]))
    for path in (docx_path, pdf_path):
        _, chunks = build_document(path, path.read_bytes(), source_type="internal_rule")
        labelled = {c.article: c for c in chunks if c.article}
        assert list(labelled) == ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2"], (path.name, [c.text for c in chunks])
        assert labelled["2.1"].chapter == "2　首次检查" and "10日内" in labelled["2.1"].text


@pytest.mark.parametrize(("line", "expected"), [
    # the marks of a line held together at its start, each leaving a space in its slot
    ("① ②原因造成的，可免除其责任： 自然灾害等不可抗力； 国家政策或市",
     "原因造成的，可免除其责任：①自然灾害等不可抗力；②国家政策或市"),
    ("第5 条  ①客户经理负责： 在规定时限内开展首次检查，", "第5 条  客户经理负责：①在规定时限内开展首次检查，"),
    # a mark held beside a figure of its own font
    ("检查内容包括保证人\n②经营及财务状况； 对外担保是否超过其净资产的2 ③倍； 是否涉诉",
     "检查内容包括保证人\n经营及财务状况；②对外担保是否超过其净资产的2 倍；③是否涉诉"),
    # in place already, or an item opening its own line: as it is
    ("条件：①借款人经营正常；②申请时无欠息", "条件：①借款人经营正常；②申请时无欠息"),
    ("① 首次检查： 放款后15日内", "① 首次检查： 放款后15日内"),
    # an item opening its own line after a lead-in or a sentence's end: in place, spaces in it or not
    ("说明如下：\n①首次检查： 放款后15日内完成", "说明如下：\n①首次检查： 放款后15日内完成"),
    ("要求如下：\n①首次检查： 放款后15日内； ②定期检查每季度一次", "要求如下：\n①首次检查： 放款后15日内； ②定期检查每季度一次"),
    # …but one opening a line that runs on from the line before was moved there
    ("展期应同\n①时满足下列条件： 借款人经营正常，因季节性原因", "展期应同\n时满足下列条件：①借款人经营正常，因季节性原因"),
    # marks and slots that do not pair off: as it is
    ("① ②原因造成的，可免除其责任： 自然灾害等不可抗力。", "① ②原因造成的，可免除其责任： 自然灾害等不可抗力。"),
])
def test_item_marks_a_text_layer_holds_out_of_place_go_back_to_their_slots(line, expected):
    from assistant.knowledge.loaders import reseat_item_marks

    assert reseat_item_marks(line) == expected


@pytest.mark.skipif(__import__("assistant.knowledge.office", fromlist=["libreoffice"]).libreoffice() is None,
                    reason="LibreOffice is installed by scripts/system-deps.sh")
def test_inline_circled_items_of_a_printed_pdf_read_in_order():
    """A .docx clause with ①②③ inside its paragraph, printed to PDF by LibreOffice: the text layer sets the marks
    in another font, and the PDF reads with each mark before its own item."""
    from assistant.knowledge.office import convert

    clause = ("第四十九条　相关人员能够证明已按本办法履行贷后管理职责，且授信损失系下列原因造成的，可免除或减轻其责任："
              "①自然灾害、疫情等不可抗力；②国家政策或市场环境发生重大变化；③借款人蓄意欺诈且经正常审查难以发现；"
              "④已及时报告预警信号并提出处置建议，但未被上级采纳。")
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    run = document.add_paragraph().add_run(clause)
    fonts = OxmlElement("w:rFonts")  # 宋体, as banks set it: a converter without it sets ①② in a fallback font
    for side in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(side), "宋体")
    run._element.get_or_add_rPr().append(fonts)
    buffer = io.BytesIO()
    document.save(buffer)
    pdf = convert("细则.docx", buffer.getvalue(), "pdf")
    text = extract_text("细则.pdf", pdf).replace("\n", "")
    for before, mark, after in (("责任：", "①", "自然灾害"), ("不可抗力；", "②", "国家政策"),
                                ("难以发现；", "④", "已及时报告")):
        assert before + mark + after in text, text


def make_pdf_with_table(above: list[str], table: list[list[str]], below: list[str]) -> bytes:
    """A real PDF: paragraphs, a ruled table whose cells wrap, paragraphs (reportlab's CID font STSong-Light)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=10.5, leading=15, wordWrap="CJK")
    buffer = io.BytesIO()
    cells = [[Paragraph(value, style) for value in row] for row in table]
    grid = Table(cells, colWidths=[60, 120, 90])
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    story = [Paragraph(line, style) for line in above] + [grid] + [Paragraph(line, style) for line in below]
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


TABLE = [["等级", "报告对象", "报告时限"],
         ["一级", "支行行长、分行分管副行长、分行授信审批部", "认定后24小时内，紧急情况可先电话报告"],
         ["二级", "支行行长、分行风险管理部", "认定后3个工作日内"]]


def test_a_ruled_table_in_a_pdf_is_read_as_rows_under_its_headers():
    data = make_pdf_with_table(["1. 风险经理完成等级认定后，按下表报告。"], TABLE, ["2. 一级信号客户应下调分类。"])
    text = extract_text("预警标准.pdf", data)
    lines = text.splitlines()
    first = "等级：一级；报告对象：支行行长、分行分管副行长、分行授信审批部；报告时限：认定后24小时内，紧急情况可先电话报告。"
    assert first in lines
    assert "等级：二级；报告对象：支行行长、分行风险管理部；报告时限：认定后3个工作日内。" in lines
    # in its place, and the cells' wrapped fragments are gone
    assert lines.index("1. 风险经理完成等级认定后，按下表报告。") < lines.index(first) < lines.index("2. 一级信号客户应下调分类。")
    assert "报告对象" not in [line.strip() for line in lines]


def test_a_pdf_table_reader_that_fails_leaves_the_text_layer_with_one_warning(monkeypatch, caplog):
    import pdfplumber

    data = make_pdf_with_table(["1. 按下表报告。"], TABLE, ["2. 其他。"])

    def broken(*args, **kwargs):
        raise ValueError("bad xref")

    monkeypatch.setattr(pdfplumber, "open", broken)
    with caplog.at_level("WARNING"):
        text = extract_text("预警标准.pdf", data)
    assert "1. 按下表报告。" in text and "报告对象" in text  # the cells as the text layer gave them
    assert not any(line.startswith("等级：一级") for line in text.splitlines())
    assert sum("表格识别失败" in r.getMessage() for r in caplog.records) == 1


@pytest.mark.parametrize("repeat_header", [True, False])
def test_a_table_running_over_a_page_break_keeps_its_headers_and_the_footer_goes(repeat_header):
    """The table's part at the foot of one page (under a page footer) and its part at the head of the next are one
    table: every row carries the first part's headers, whether or not the PDF repeats the header row."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=10.5, leading=15, wordWrap="CJK")
    rows = [["押品类型", "重估频率"]] + [[f"第{n}类押品", f"每{n}个月至少重估一次"] for n in range(1, 61)]
    grid = Table([[Paragraph(v, style) for v in row] for row in rows], colWidths=[120, 200],
                 repeatRows=1 if repeat_header else 0)
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))

    def footer(canvas, doc):
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, 20, f"— {doc.page} —")

    buffer = io.BytesIO()
    story = [Paragraph("押品按下表定期重估。", style), grid, Paragraph("重估结果录入系统。", style)]
    SimpleDocTemplate(buffer, pagesize=A4).build(story, onFirstPage=footer, onLaterPages=footer)
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(buffer.getvalue())).pages) >= 2  # the table does run over a page break
    lines = extract_text("押品管理.pdf", buffer.getvalue()).splitlines()
    for n in range(1, 61):
        assert f"押品类型：第{n}类押品；重估频率：每{n}个月至少重估一次。" in lines
    assert not any("⟦" in line or line.startswith("—") for line in lines)
    assert not any(line.startswith("押品类型：押品类型") for line in lines)  # a repeated header row is no row
    assert lines.index("押品按下表定期重估。") < lines.index("押品类型：第1类押品；重估频率：每1个月至少重估一次。")
    assert lines.index("押品类型：第60类押品；重估频率：每60个月至少重估一次。") < lines.index("重估结果录入系统。")


def test_only_pages_that_draw_rules_are_searched_for_tables():
    from assistant.knowledge.pdf_tables import _ruled_pages

    assert _ruled_pages(make_pdf(["第一条　客户经理应每季度现场检查一次。"]), 1) == set()
    assert _ruled_pages(make_pdf_with_table(["按下表报告。"], TABLE, ["其他。"]), 1) == {0}
    assert _ruled_pages(b"%PDF-1.4 not really", 3) == {0, 1, 2}  # pdfium cannot read it: every page is looked at


def _table_pdf(story_of) -> bytes:
    """A PDF built from `story_of(paragraph, grid)`, where grid(rows, spans, widths) makes a ruled table."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=10.5, leading=15, wordWrap="CJK")

    def grid(rows, spans=(), widths=(90, 260)):
        table = Table([[Paragraph(v, style) if v else "" for v in row] for row in rows], colWidths=list(widths))
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), *[("SPAN", a, b) for a, b in spans]]))
        return table

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build(story_of(lambda text: Paragraph(text, style), grid))
    return buffer.getvalue()


def test_pdf_tables_without_a_header_row_merged_cells_and_two_tables_in_a_row_all_read_whole():
    from reportlab.platypus import PageBreak

    terms = [["关注类", "借款人目前有能力偿还贷款本息，但存在一些可能对偿还产生不利影响的因素。"],
             ["次级类", "借款人的还款能力出现明显问题，完全依靠其正常营业收入无法足额偿还。"]]
    levels = [["等级", "报告对象"], ["一级", "支行行长"], ["", "分行风险管理部"], ["（二）一般信号", ""], ["二级", "风险经理"]]
    signed = [["编制人", "审核人", "批准人"], ["张三", "李四", "王五"]]
    data = _table_pdf(lambda p, grid: [p("一、术语。"), grid(terms), p("二、报告对象如下表。"),
                                       grid(levels, spans=[((0, 1), (0, 2)), ((0, 3), (1, 3))]),
                                       grid(signed, widths=(70, 70, 70)),
                                       p("三、附则。"),
                                       PageBreak(), grid([["押品类型", "重估频率"], ["住宅", "每年一次"]])])
    lines = extract_text("规程.pdf", data).splitlines()
    # a term/definition table has no header row: each row as it is, no definition made a label
    assert "关注类 | 借款人目前有能力偿还贷款本息，但存在一些可能对偿还产生不利影响的因素。" in lines
    assert not any(line.startswith("关注类：") for line in lines)
    # a cell merged over two rows is on both, as in the Word file
    assert "等级：一级；报告对象：支行行长。" in lines and "等级：一级；报告对象：分行风险管理部。" in lines
    # a section's row across the table is no merged cell: it takes nothing from the row above
    assert "等级：（二）一般信号。" in lines and "等级：二级；报告对象：风险经理。" in lines
    # a small table right under another keeps its rows
    assert "编制人：张三；审核人：李四；批准人：王五。" in lines
    # a table opening a page after one that ended mid-page keeps its own headers
    assert "押品类型：住宅；重估频率：每年一次。" in lines
    assert lines.index("二、报告对象如下表。") < lines.index("等级：一级；报告对象：支行行长。") < lines.index("三、附则。")


def test_a_corrupt_pdf_gets_a_chinese_reason_and_no_english_reader_warning(capfd):
    with pytest.raises(UserError, match="PDF 已损坏或加密"):
        extract_text("乱码.pdf", b"%PDF-1.4 not really a pdf")
    assert "EOF marker" not in capfd.readouterr().err


def test_a_pdf_table_headed_by_two_rows_reads_each_cell_under_both():
    """现场检查 over 频率 and 责任人, or a title across the table over its headers: every row still says what it is."""
    grouped = [["押品类型", "现场检查", "", "重估"], ["", "频率", "责任人", ""],
               ["住宅", "每季度一次", "客户经理", "每年"], ["机动车辆", "每月一次", "押品管理岗", "每季度"]]
    titled = [["表2 抵押率上限", "", ""], ["押品类型", "抵押率上限", "备注"], ["住宅", "70%", "首套可至75%"]]
    data = _table_pdf(lambda p, grid: [p("押品按下表管理。"),
                                       grid(grouped, spans=[((1, 0), (2, 0)), ((0, 0), (0, 1)), ((3, 0), (3, 1))],
                                            widths=(80, 90, 90, 60)),
                                       p("抵押率按下表控制。"), grid(titled, spans=[((0, 0), (2, 0))], widths=(100, 100, 120)),
                                       p("其他事项另行规定。")])
    lines = extract_text("押品.pdf", data).splitlines()
    assert "押品类型：住宅；现场检查频率：每季度一次；现场检查责任人：客户经理；重估：每年。" in lines
    assert "押品类型：机动车辆；现场检查频率：每月一次；现场检查责任人：押品管理岗；重估：每季度。" in lines
    assert "表2抵押率上限" in lines and "押品类型：住宅；抵押率上限：70%；备注：首套可至75%。" in lines


@pytest.mark.parametrize(("group", "sub"), [("检查要求", "现场检查频率"), ("押品现场检查及价值重估", "现场检查频率要求说明")])
def test_a_table_headed_by_two_rows_over_a_page_break_does_not_read_its_repeated_header_as_rows(group, sub):
    """The PDF repeats both header rows (检查要求 merged over its columns) at the head of the next page: they are the
    headers again, not two more rows, also when the joined headers are long."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=10.5, leading=15, wordWrap="CJK")
    rows = ([["项目阶段", group, ""], ["", sub, "牵头人"]]
            + [[f"第{n}阶段", f"每{n}个月至少一次", "主办客户经理"] for n in range(1, 61)])
    grid = Table([[Paragraph(v, style) for v in row] for row in rows], colWidths=[100, 160, 120], repeatRows=2)
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("SPAN", (1, 0), (2, 0)),
                              ("SPAN", (0, 0), (0, 1))]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([Paragraph("各阶段按下表检查。", style), grid])
    lines = extract_text("检查要求.pdf", buffer.getvalue()).splitlines()
    for n in range(1, 61):
        assert f"项目阶段：第{n}阶段；{group}{sub}：每{n}个月至少一次；{group}牵头人：主办客户经理。" in lines
    assert not any(line.startswith("项目阶段：项目阶段") or line.startswith("项目阶段：；") for line in lines)


def test_a_word_table_headed_by_two_rows_reads_each_cell_under_both(tmp_path):
    """A group header merged across its columns over their own headers, the first column's header merged down: the
    rows read as the PDF printed from the file reads them."""
    from docx import Document

    document = Document()
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "项目阶段"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "检查要求"
    table.cell(1, 1).text, table.cell(1, 2).text = "现场检查频率", "牵头人"
    for r, (stage, often, who) in enumerate((("建设期", "每季度至少一次", "主办客户经理"),
                                             ("停缓建", "每月至少一次", "分行风险管理部")), 2):
        table.cell(r, 0).text, table.cell(r, 1).text, table.cell(r, 2).text = stage, often, who
    buffer = io.BytesIO()
    document.save(buffer)
    lines = extract_text("检查要求.docx", buffer.getvalue()).splitlines()
    assert lines[-2:] == ["项目阶段：建设期；检查要求现场检查频率：每季度至少一次；检查要求牵头人：主办客户经理。",
                          "项目阶段：停缓建；检查要求现场检查频率：每月至少一次；检查要求牵头人：分行风险管理部。"]


def test_word_tables_without_a_group_header_read_as_before():
    """A title merged across the table, a section row merged across, a header with a blank cell: no two-row header."""
    from docx import Document

    def lines_of(rows, merge_first_row=False):
        document = Document()
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                table.cell(r, c).text = text
        if merge_first_row:
            table.cell(0, 0).merge(table.cell(0, len(rows[0]) - 1)).text = rows[0][0]
        buffer = io.BytesIO()
        document.save(buffer)
        return extract_text("表.docx", buffer.getvalue()).splitlines()

    titled = lines_of([["贷后检查表", "", "", ""], ["借款人名称", "XX公司", "贷款金额", "100万元"],
                       ["检查日期", "2024-01-01", "检查人", "张三"]], merge_first_row=True)
    assert titled[-2:] == ["借款人名称 | XX公司 | 贷款金额 | 100万元", "检查日期 | 2024-01-01 | 检查人 | 张三"]
    section = lines_of([["一、现场检查", ""], ["首次检查", "放款后15日内"], ["常规检查", "每季度一次"]], merge_first_row=True)
    assert section[-2:] == ["首次检查 | 放款后15日内", "常规检查 | 每季度一次"]
    blank = lines_of([["检查类型", "检查频率", ""], ["首次检查", "张三", "李四"], ["常规检查", "每季度", "王五"]])
    assert blank[-2:] == ["首次检查 | 张三 | 李四", "常规检查 | 每季度 | 王五"]
