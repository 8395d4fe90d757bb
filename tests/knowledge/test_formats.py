"""Rule books as banks have them, on real files made in the test: scanned PDFs (OCR), .doc and .wps and .xls
made by LibreOffice, .xlsx tables and .html pages; bad files get a Chinese message naming the file."""

from __future__ import annotations

import io

import pytest

from assistant.errors import UserError
from assistant.knowledge import scanned
from assistant.knowledge.loaders import extract_text
from assistant.knowledge.office import libreoffice
from assistant.knowledge.ocr import RapidOcr
from evals.ocr.scans import Noise, character_accuracy, scan_book
from tests.knowledge.test_loaders import make_pdf

pytestmark = pytest.mark.integration

RULES = ("# 示例农商行押品管理办法\n\n第一条　抵押物为厂房的，押品管理岗每半年重估一次价值。\n\n"
         "第二条　客户经理应每季度开展一次现场检查，形成检查报告。\n\n第三条　贷款逾期超过90天的，应当划分为次级类。\n")
TABLE = [["检查类型", "频次", "报告"], ["首次检查", "放款后15日内", "首次检查报告"],
         ["定期检查", "每季度一次", "定期检查报告"]]
PAGE = ("<html><head><title>制度</title><script>var x = 1;</script></head><body><nav>首页</nav>"
        "<h1>示例检查规程</h1><p>第一条　客户经理应每季度开展一次现场检查。</p>"
        "<table><tr><th>检查类型</th><th>频次</th><th>报告</th></tr>"
        "<tr><td>首次检查</td><td>放款后15日内</td><td>首次检查报告</td></tr></table></body></html>")
needs_ocr = pytest.mark.skipif(not RapidOcr.available(), reason="rapidocr-onnxruntime is a project dependency")
needs_office = pytest.mark.skipif(libreoffice() is None, reason="LibreOffice is installed by scripts/system-deps.sh")


@needs_ocr
def test_a_scanned_pdf_is_read_by_ocr_with_its_articles():
    book = scan_book(RULES, noise=Noise())
    warnings: list[str] = []
    text = extract_text("扫描件.pdf", book.pdf, warnings)
    assert character_accuracy(book.pages[0], text) >= 0.95
    assert "第二条" in text and "每季度" in text and not warnings


@needs_ocr
def test_pages_with_a_text_layer_are_not_ocred_and_a_failed_page_is_named(monkeypatch):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in (make_pdf(["第一条　文字层页面的内容，客户经理按月报送。"]), scan_book(RULES).pdf, scan_book(RULES).pdf):
        for page in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    asked: list[list[int]] = []
    real = scanned.read_pages

    def spy(filename, data, pages, *, engine="auto"):
        asked.append(list(pages))
        result = real(filename, data, pages[:1], engine=engine)
        result.failed.update({page: "RuntimeError" for page in pages[1:]})  # as if the third page failed
        return result

    monkeypatch.setattr(scanned, "read_pages", spy)
    warnings: list[str] = []
    text = extract_text("混合.pdf", buffer.getvalue(), warnings)
    assert asked == [[1, 2]]  # the text-layer page (0) is read from its text layer
    assert "文字层页面的内容" in text and "半年重估" in text
    assert warnings == ["混合.pdf：第3页识别失败，已跳过，其余页已导入"]


def test_blank_pages_go_to_no_ocr_and_a_book_of_blank_pages_is_refused_at_once(monkeypatch):
    """A separator page, the empty back of a sheet: nothing is drawn on it, so no OCR looks at it (200 of them once took
    four minutes to read as nothing); a page holding a picture is still a scan."""
    from pypdf import PdfWriter

    asked: list[list[int]] = []

    def read(filename, data, pages, **_):
        asked.append(list(pages))
        said = ("第二条　扫描页上的规定：押品每年重估一次。", "第三条　逾期贷款由客户经理上门催收。")
        return scanned.OcrResult(texts={page: said[n % 2] for n, page in enumerate(pages)})

    monkeypatch.setattr(scanned, "read_pages", read)
    writer = PdfWriter()
    writer.append(io.BytesIO(make_pdf(["第一条　核销后的贷款，客户经理每半年查询一次借款人财产线索。"])))
    for _ in range(30):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "每半年查询一次" in extract_text("核销规定.pdf", buffer.getvalue()) and asked == []
    blank = PdfWriter()
    for _ in range(5):
        blank.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    blank.write(buffer)
    with pytest.raises(UserError, match="空白.pdf：PDF 中没有可提取的文字"):
        extract_text("空白.pdf", buffer.getvalue())
    assert asked == []
    from tests.knowledge.test_scanned import blank_scan

    assert "扫描页上的规定" in extract_text("扫描件.pdf", blank_scan(2)) and asked == [[0, 1]]  # pictures are scans
    from reportlab.pdfgen import canvas

    outlined = io.BytesIO()  # a red-head page whose text was turned to outlines (转曲): filled paths, no text layer
    page = canvas.Canvas(outlined)
    for x in range(5):
        page.rect(100 + 30 * x, 700, 20, 20, stroke=0, fill=1)
    page.save()
    asked.clear()
    assert "扫描页上的规定" in extract_text("转曲.pdf", outlined.getvalue()) and asked == [[0]]


def test_a_page_whose_text_layer_is_boxes_is_read_as_a_scan(monkeypatch):
    """A font with no map back to characters gives a text layer of boxes (■■■90■■■): that page is read by OCR, or
    left out with a warning when OCR is off, never indexed as boxes; a page of ■ bullets is text."""
    from pypdf import PageObject, PdfWriter

    from assistant.config import get_settings
    from assistant.knowledge.loaders import garbled

    assert garbled("■■■90■■■\n■■■■、■■") and garbled("\ue001\ue002\ue003押品")
    assert not garbled("■ 首次检查：放款后15日内\n■ 定期检查：每季度一次") and not garbled("第一条　正常的文字。")
    assert not garbled("\uf06c 抵押\n\uf06c 质押\n\uf06c 保证")  # Word's Symbol-font bullets before short items
    assert not garbled("身份证号码：□□□□□□□□□□□□□□□□□□\n是否逾期：□是 □否")  # a form's fill-in and check boxes
    writer = PdfWriter()
    for part in (make_pdf(["第一条　文字层完好的一页，客户经理按月报送。"]), make_pdf(["第二条　这一页的字体坏了。"])):
        writer.append(io.BytesIO(part))
    buffer = io.BytesIO()
    writer.write(buffer)
    real = PageObject.extract_text

    def broken_second_page(page, *args, **kwargs):
        text = real(page, *args, **kwargs)
        return "■■■■■■90■■■■" if "第二条" in text else text

    monkeypatch.setattr(PageObject, "extract_text", broken_second_page)
    asked: list[list[int]] = []

    def read(filename, data, pages, **_):
        asked.append(list(pages))
        return scanned.OcrResult(texts={page: "第二条　识别出的第二页：押品每年重估一次。" for page in pages})

    monkeypatch.setattr(scanned, "read_pages", read)
    text = extract_text("坏字体.pdf", buffer.getvalue())
    assert asked == [[1]] and "押品每年重估一次" in text and "■" not in text
    monkeypatch.setattr(scanned, "read_pages", lambda filename, data, pages, **_: scanned.OcrResult(texts={1: " "}))
    warnings: list[str] = []  # the picture holds no text either: said, not dropped in silence
    assert "■" not in extract_text("坏字体.pdf", buffer.getvalue(), warnings)
    assert warnings == ["坏字体.pdf：第2页文字层无法识别，OCR 也未识别出文字，已跳过"]
    monkeypatch.setenv("ASSISTANT_OCR_ENGINE", "off")
    get_settings.cache_clear()
    try:
        warnings = []
        text = extract_text("坏字体.pdf", buffer.getvalue(), warnings)
    finally:
        get_settings.cache_clear()
    assert "■" not in text and "文字层完好" in text
    assert warnings == ["坏字体.pdf：第2页是扫描页或文字层无法识别，未启用 OCR，已跳过"]


def test_a_scan_without_ocr_or_over_the_page_limit_is_refused_naming_the_file(monkeypatch):
    from assistant.config import get_settings

    book = scan_book(RULES, noise=Noise.clean())
    monkeypatch.setenv("ASSISTANT_OCR_ENGINE", "off")
    get_settings.cache_clear()
    try:
        with pytest.raises(UserError, match="无法读取文件 扫描件.pdf：PDF 是扫描件"):
            extract_text("扫描件.pdf", book.pdf)
        monkeypatch.setenv("ASSISTANT_OCR_ENGINE", "auto")
        monkeypatch.setenv("ASSISTANT_OCR_MAX_PAGES", "0")
        get_settings.cache_clear()
        with pytest.raises(UserError, match="扫描页 1 页，超过 OCR 上限 0 页"):
            extract_text("扫描件.pdf", book.pdf)
    finally:
        get_settings.cache_clear()


@needs_office
@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_word_97_files_keep_headings_paragraphs_and_table_headers(suffix):
    from assistant.knowledge.office import convert

    # LibreOffice writes the page as Word 97–2003 does (WPS saves the same binary format); its own docx → doc
    # export drops python-docx's width-less tables, so the source is an HTML page
    doc = convert("规程.html", PAGE.encode("utf-8"), "doc:MS Word 97")
    text = extract_text(f"规程{suffix}", doc)
    assert "# 示例检查规程" in text and "第一条" in text
    assert "检查类型：首次检查；频次：放款后15日内；报告：首次检查报告。" in text


def _xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "检查频次表"
    sheet.append(["贷后检查频次一览"])
    for row in TABLE:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_rows_carry_their_headers_under_the_sheet_name():
    text = extract_text("频次.xlsx", _xlsx())
    assert text.splitlines()[:2] == ["## 检查频次表", "贷后检查频次一览"]
    assert "检查类型：定期检查；频次：每季度一次；报告：定期检查报告。" in text


@needs_office
@pytest.mark.slow
def test_xls_made_by_libreoffice_reads_like_the_xlsx():
    from assistant.knowledge.office import convert

    xls = convert("频次.xlsx", _xlsx(), "xls")
    assert extract_text("频次.xls", xls) == extract_text("频次.xlsx", _xlsx())


def test_html_keeps_headings_paragraphs_and_tables():
    text = extract_text("规程.html", PAGE.encode("utf-8"))
    assert text.splitlines() == ["# 示例检查规程", "第一条　客户经理应每季度开展一次现场检查。",
                                 "检查类型：首次检查；频次：放款后15日内；报告：首次检查报告。"]


@pytest.mark.parametrize("name, data, reason", [
    ("旧格式.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "Excel 文件已损坏或不是 .xlsx 格式"),
    ("损坏.xlsx", b"PK\x03\x04 not a workbook", "Excel 文件已损坏或加密"),
    ("文本.doc", "只是改了扩展名的文本".encode("utf-8"), "不是 Word 或 WPS 文档"),
    pytest.param("损坏.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"no compound file here" * 40,
                 "LibreOffice 无法打开该文件", marks=[needs_office, pytest.mark.slow]),
])
def test_bad_files_in_the_new_formats_get_a_message_naming_the_file(name, data, reason):
    with pytest.raises(UserError) as caught:
        extract_text(name, data)
    assert caught.value.message.startswith(f"无法读取文件 {name}：") and reason in caught.value.message


def _protected(data: bytes) -> bytes:
    """The file saved with an opening password, as Word or Excel does (ECMA-376 agile encryption)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("贷后2026", out)
    return out.getvalue()


def test_password_protected_word_excel_and_pdf_files_are_named_with_the_reason():
    from openpyxl import Workbook
    from pypdf import PdfReader, PdfWriter

    from tests.knowledge.test_loaders import make_docx

    book = Workbook()
    sheet = book.active
    for row in TABLE:
        sheet.append(row)
    xlsx = io.BytesIO()
    book.save(xlsx)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["第一条　每季度检查一次。"]))))
    writer.encrypt("贷后2026")
    pdf = io.BytesIO()
    writer.write(pdf)
    for name, data, reason in (("加密.docx", _protected(make_docx(["第一条　每季度检查一次。"])), "Word 文件设有打开密码"),
                               ("加密.xlsx", _protected(xlsx.getvalue()), "Excel 文件设有打开密码"),
                               ("加密.pdf", pdf.getvalue(), "PDF 已加密")):
        with pytest.raises(UserError) as caught:
            extract_text(name, data)
        assert caught.value.message.startswith(f"无法读取文件 {name}：") and reason in caught.value.message


def test_a_long_table_is_chunked_by_whole_rows_each_with_its_headers():
    from assistant.knowledge.chunking import MAX_CHUNK_CHARS, ChunkContext, chunk_document
    from assistant.knowledge.loaders import extract_text
    from assistant.knowledge.metadata import prepare_document
    from tests.knowledge.test_loaders import make_docx

    rows = [["借款人类型", "风险分类", "检查频次", "报告要求"]]
    rows += [[f"第{n}类客户", "关注类" if n % 2 else "次级类", f"每{n % 4 + 1}个月一次", f"提交检查报告并附影像资料{n}份"]
             for n in range(1, 61)]
    text = extract_text("频次表.docx", make_docx(["下表规定各类客户的检查频次。"], heading="检查频次表", table=rows))
    meta, body = prepare_document(text, "频次表.docx")
    chunks = chunk_document(body, ChunkContext(doc_id="t", doc_title=meta.title, source_type="internal_rule"))
    row_lines = [line for chunk in chunks for line in chunk.text.splitlines() if line.startswith("借款人类型：")]
    assert len(chunks) > 3 and all(len(chunk.text) <= MAX_CHUNK_CHARS for chunk in chunks)
    assert len(row_lines) == 60  # every row whole, in one chunk, with every column's header
    assert all(all(f"{h}：" in line for h in rows[0]) for line in row_lines)
    assert "借款人类型：第60类客户；风险分类：次级类；检查频次：每1个月一次；报告要求：提交检查报告并附影像资料60份。" in row_lines
