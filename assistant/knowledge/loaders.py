"""Turns rule-book files into plain text with the structure the chunker needs: .md/.txt, .docx, .pdf (scanned
pages through OCR), .doc/.wps (LibreOffice), .xlsx/.xls tables and .html. Every failure is a UserError naming
the file; a scanned page that cannot be read is a warning, and the rest of the file is kept."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable
from pathlib import Path

from assistant.errors import Unsupported, UserError
from assistant.knowledge.metadata import TITLE_EDITION, TITLE_STATUS
from assistant.knowledge.metadata import TITLE_END as _TITLE_END
from assistant.knowledge.pdf_tables import MARKER as TABLE_MARKER
from assistant.knowledge.pdf_tables import joined_lines, put_tables, two_row_header, with_tables
from assistant.knowledge.sentences import ITEM_MARKS, STRUCTURAL_LABEL
from assistant.knowledge.word_numbering import WordNumbering
from assistant.knowledge.word_text import blocks, note_references, notes, paragraph_text, text_boxes

# the PDF readers' own warnings (EOF marker not found, a bad xref) are English notes on files this module reports on
# in Chinese (已损坏或加密) or reads all the same: not for the one loading the file
for _reader in ("pypdf", "pdfminer"):
    logging.getLogger(_reader).setLevel(logging.ERROR)

TEXT_SUFFIXES = (".md", ".markdown", ".txt")
WORD_SUFFIXES = (".doc", ".wps")  # converted to .docx by LibreOffice headless
SHEET_SUFFIXES = (".xlsx", ".xls")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + (".docx", ".pdf") + WORD_SUFFIXES + SHEET_SUFFIXES + HTML_SUFFIXES
SUPPORTED_LIST = "、".join((".md", ".txt", ".docx", ".doc", ".wps", ".pdf", ".xlsx", ".xls", ".html"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class UnreadableDocument(UserError):
    """The file exists but its content cannot be turned into text (empty, corrupt, encrypted, binary)."""

    status = 422


def unreadable(filename: str, reason: str) -> UnreadableDocument:
    return UnreadableDocument(f"无法读取文件 {Path(filename).name}：{reason}")


def check_supported(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "（无扩展名）"
        raise Unsupported(f"不支持的文件类型 {shown}：{Path(filename).name}（支持 {SUPPORTED_LIST}）")
    return suffix


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError:
        raise unreadable(path.name, "没有读取权限") from None
    except OSError as exc:
        raise unreadable(path.name, f"读取失败（{exc.strerror or exc}）") from None


def extract_text(filename: str, data: bytes, warnings: list[str] | None = None) -> str:
    """Plain text of a file's bytes, chosen by extension; what was read only in part goes to `warnings`."""
    suffix = check_supported(filename)
    if not data.strip():
        raise unreadable(filename, "文件为空")
    if suffix in TEXT_SUFFIXES:
        text = decode_text(filename, data)
    elif suffix == ".docx":
        text = rejoin_title(docx_text(filename, data))
    elif suffix in WORD_SUFFIXES:
        if not data.startswith(_WORD_SIGNATURES):
            raise unreadable(filename, "不是 Word 或 WPS 文档")
        infilter = "Rich Text Format" if data.startswith(b"{\\rtf") else "MS Word 97"
        text = docx_text(filename, _converted(filename, data, "docx", infilter))
    elif suffix in SHEET_SUFFIXES:
        text = sheet_text(filename, data)
    elif suffix in HTML_SUFFIXES:
        text = html_text(filename, data)
    else:
        text = pdf_text(filename, data, warnings)
    if not re.search(r"\w", text):  # nothing but spaces and punctuation is no rule book either
        raise unreadable(filename, "没有可提取的文字")
    return text


# what a .doc or .wps really holds: an OLE compound file (Word 97–2003, WPS) or, saved as .doc, RTF
_WORD_SIGNATURES = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf")


def _converted(filename: str, data: bytes, target: str, infilter: str) -> bytes:
    from assistant.knowledge.office import ConversionFailed, convert

    try:
        return convert(filename, data, target, infilter)
    except ConversionFailed as exc:
        raise unreadable(filename, str(exc)) from None


_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
PROTECTED_ZH = "{kind} 文件设有打开密码，请在原软件中取消密码后再上传"


def sheet_text(filename: str, data: bytes) -> str:
    """An .xlsx (or an .xls converted to it): each sheet a section, each row with its column headers."""
    from assistant.knowledge.office import xlsx_lines

    if Path(filename).suffix.lower() == ".xls":
        data = _converted(filename, data, "xlsx", "MS Excel 97")
    elif password_protected(data):
        raise unreadable(filename, PROTECTED_ZH.format(kind="Excel"))
    elif data[:4] != b"PK\x03\x04":
        raise unreadable(filename, "Excel 文件已损坏或不是 .xlsx 格式")
    try:
        lines = xlsx_lines(data)
    except Exception:  # openpyxl raises zipfile, KeyError and its own errors on damaged files
        raise unreadable(filename, "Excel 文件已损坏或加密") from None
    return "\n".join(lines)


def html_text(filename: str, data: bytes) -> str:
    from assistant.knowledge.office import html_lines

    text = re.sub(r"^\s*<\?xml[^>]*>", "", decode_text(filename, data))  # lxml refuses str with a declaration
    try:
        return "\n".join(html_lines(text))
    except Exception:  # lxml raises ParserError on an empty or broken document
        raise unreadable(filename, "HTML 文件无法解析") from None


def decode_text(filename: str, data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030; binary content is refused."""
    if b"\x00" in data[:8192]:
        raise unreadable(filename, "不是文本文件（含二进制内容）")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text[:8192])) > max(2, len(text[:8192]) // 100):
            break
        return text
    raise unreadable(filename, "无法识别文件编码（应为 UTF-8 或 GB18030 文本）")


def password_protected(data: bytes) -> bool:
    """An Office 2007+ file saved with a password: an OLE container holding an "EncryptedPackage" stream
    (the directory entry's name is stored in UTF-16LE), not the usual zip."""
    return data[:8] == _OLE_SIGNATURE and _ENCRYPTED_PACKAGE in data


def docx_text(filename: str, data: bytes) -> str:
    """Paragraphs and table rows in document order; Word headings become markdown headings."""
    from docx import Document

    if password_protected(data):
        raise unreadable(filename, PROTECTED_ZH.format(kind="Word"))
    try:
        document = Document(io.BytesIO(data))
    except Exception:  # python-docx raises zipfile, KeyError, lxml and its own errors on damaged files
        raise unreadable(filename, "DOCX 文件已损坏或不是 Word 文档") from None
    numbering = WordNumbering(document)  # 第十二条 drawn by Word's automatic numbering, not held in the text
    return "\n".join(_block_lines(document.element.body, document, numbering, notes(document)))


def _block_lines(container, parent, numbering: WordNumbering, said: dict[tuple[str, str], str]) -> list[str]:
    """The lines of a body, text box or content control: a paragraph's text boxes before it, the notes it refers to
    after it (注：…, each once), tables as rows."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for tag, element in blocks(container):
        if tag == "p":
            for box in text_boxes(element):
                lines.extend(_block_lines(box, parent, numbering, said))
            lines.append(_paragraph_line(Paragraph(element, parent), numbering))
            lines.extend(f"注：{said.pop(ref)}" for ref in note_references(element) if ref in said)
        else:
            lines.extend(_table_lines(Table(element, parent), numbering))
    return lines


def _paragraph_line(paragraph, numbering: WordNumbering) -> str:
    text = paragraph_text(paragraph._p).strip()
    label = numbering.label(paragraph)  # counted when empty too: Word numbers an empty numbered paragraph
    if text and label:
        text = label + text
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    level = re.search(r"(?:Heading|标题)\s*(\d)", style)
    if text and level:
        return "#" * int(level.group(1)) + " " + joined_lines(text)  # 关于印发《…办法》的 / 通知: one heading
    if text and style == "Title":
        return "# " + joined_lines(text)
    return text


def _table_lines(table, numbering: WordNumbering) -> list[str]:
    """One line per row, every cell with its column's header (office.table_lines), or with both of a header of two
    rows (a group header merged over its columns: 检查要求 over 现场检查频率 and 非现场监测), as a PDF's table is read.
    A cell merged across columns is read once; one merged down the rows on each."""
    from assistant.knowledge.office import table_lines

    grid: list[list[object]] = []  # by the table's columns: a merged cell's further columns _SPANNED
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            cells.append(_cell_text(cell, numbering) if cell._tc is not previous else _SPANNED)
            previous = cell._tc
        if any(c and c is not _SPANNED for c in cells):
            grid.append(cells)
    plain = [["" if c is _SPANNED else c for c in cells] for cells in grid]
    # a group header: a cell of the first row merged over columns, beside other headers (not a title across the
    # table, nor a section row, nor a header with a blank cell: those read as before)
    grouped = (len(grid) >= 3 and any(c is _SPANNED for c in grid[0])
               and sum(1 for c in grid[0] if c is not _SPANNED) >= 2 and not any(c is _SPANNED for c in grid[1]))
    if grouped and (header := two_row_header(plain[0], plain[1])) and header is not plain[1]:
        return table_lines([header] + plain[2:])
    return table_lines([[c for c in cells if c is not _SPANNED] for cells in grid])


_SPANNED = object()  # a grid column a cell to its left is merged over


def _cell_text(cell, numbering: WordNumbering) -> str:
    """A cell's paragraphs and, in their place among them, the rows of any table nested in it (python-docx's cell.text
    leaves those out); a merged inner cell once, an empty one not at all."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    parts: list[str] = []
    for tag, element in blocks(cell._tc):  # paragraphs and tables, in order
        if tag == "p":
            for box in text_boxes(element):
                parts.extend(_block_lines(box, cell, numbering, {}))
            text = paragraph_text(element)
            label = numbering.label(Paragraph(element, cell))  # counted when empty too
            parts.append(label + text if text.strip() else text)
            continue
        for row in Table(element, cell).rows:
            cells, previous = [], None
            for inner in row.cells:
                if inner._tc is not previous and (text := _cell_text(inner, numbering)):
                    cells.append(text)
                previous = inner._tc
            parts.append("；".join(cells))
    return " ".join(" ".join(parts).split())


def pdf_text(filename: str, data: bytes, warnings: list[str] | None = None) -> str:
    """Text of every page, scanned pages read by OCR; lines the PDF wrapped mid-sentence are joined again."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise unreadable(filename, "PDF 已加密")
        pages = [reseat_item_marks(page.extract_text() or "") for page in reader.pages]
        # a page with no text is a scan when something is drawn on it; a blank page (a separator, the empty back
        # of a printed sheet) goes to no OCR: 200 of them once took four minutes to read as nothing
        scanned = [i for i, page in enumerate(pages) if (len(page.strip()) < SCANNED_PAGE_CHARS
                                                         and _draws_something(reader.pages[i])) or garbled(page)]
    except UserError:
        raise
    except Exception:  # pypdf raises many types on damaged files
        raise unreadable(filename, "PDF 已损坏或加密") from None
    if not pages:
        raise unreadable(filename, "PDF 没有页面")
    pages, tables = with_tables(data, pages, skip=set(scanned), warnings=warnings)  # ruled tables as rows with their headers
    if scanned:
        pages = _with_ocr(filename, data, pages, scanned, warnings if warnings is not None else [])
    if not any(page.strip() for page in pages):
        raise unreadable(filename, "PDF 中没有可提取的文字")
    lines: list[str] = []
    for page in strip_page_furniture(pages):
        if lines and page and _continues(lines[-1], page[0]):
            lines[-1] += page.pop(0)  # a sentence running on to the next page
        lines.extend(page)
    return _DIGIT_GAP.sub("", put_tables(rejoin_title(unwrap_lines("\n".join(lines))), tables))


# a title the PDF wrapped (…贷后管理工作指 / 南) is whole again when its short tail line completes a title's ending
# (metadata.TITLE_END) and the first line alone ends with none, or the tail is a whole ending (…问答 / 手册)
_WRAPPED_TAIL = re.compile(r"^[\u4e00-\u9fff（()）]{1,8}$")
# a title's status in brackets (（试行）, （2024年修订）), which a PDF may set on a line of its own under the title
_STATUS_TAIL = re.compile(rf"^[（(](?:{TITLE_STATUS}|{TITLE_EDITION})[)）]$")
_STATUS_END = re.compile(r"[)）]$")
_STRUCTURAL_HEAD = re.compile(rf"^(?:{STRUCTURAL_LABEL}|附件|附表|附录|[一二三四五六七八九十]+、)")


def rejoin_title(text: str) -> str:
    """A title set in large type wraps at fewer characters than the body, so `unwrap_lines` keeps its tail on
    a line of its own (丰源信用联社…贷后管理工作指 / 南): joined when the tail completes a title's ending."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or first + 1 >= len(lines):
        return text
    head, tail = lines[first].strip(), lines[first + 1].strip()
    bare = re.sub(r"^#+\s+", "", head)  # a Word heading: # 第一章 总则 is no title either
    under = next((i for i in range(first + 1, len(lines)) if lines[i].strip()), first + 1)
    status = re.sub(r"\s+", "", lines[under])  # （2025 年版）: a text layer's gap between a figure and a character
    if _STATUS_TAIL.match(status) and len(bare) >= 8 and not _STRUCTURAL_HEAD.match(bare) and not _STATUS_END.search(head):
        # …处置标准 / （试行）: the title's status or edition, set on a line of its own (a blank one between, maybe)
        lines[first:under + 1] = [head + status]
        return "\n".join(lines)
    ending = _TITLE_END.search(head + tail)
    # the page width broke the title's last words (…工作指 / 南, …检查操 / 作规程): a long first line, no label of its own
    # (附件1, 第一章总则), and a tail no longer than the ending and two characters before it
    if (ending and _WRAPPED_TAIL.match(tail) and len(tail) <= len(ending.group()) + 2 and len(head) >= 8
            and (not _TITLE_END.search(head) or _TITLE_END.fullmatch(tail)) and not _STRUCTURAL_HEAD.match(head)
            and not re.search(r"[。，,；;：:！？!?]", head)):
        lines[first:first + 2] = [head + tail]
    return "\n".join(lines)


SCANNED_PAGE_CHARS = 5  # a page with fewer characters in its text layer is a scan (or blank) and goes to OCR


# what a text layer gives for glyphs its font cannot map back to characters: private-use code points, U+FFFD, control
# characters and the ■ some writers put in their place (not □ or ☐: a form's fill-in boxes and check boxes)
_UNMAPPED = re.compile("[\ue000-\uf8ff\ufffd\u25a0\x00-\x08\x0b\x0c\x0e-\x1f]")
# a mark opening an item (■ 抵押, a Symbol-font bullet \uf06c 质押): a bullet, not a lost character
_ITEM_MARK = re.compile("(?:^|(?<=\\s))[\u25a0\ue000-\uf8ff](?=[ \u3000]|[^\\W_])")
GARBLED_SHARE = 0.3  # by hand: a broken font's page is mostly boxes, a page of text has a few at most


def garbled(page: str) -> bool:
    """The page's text layer is mostly characters its font could not map (■■■90■■■): read it as a scan instead."""
    shown = re.sub(r"\s+", "", _ITEM_MARK.sub("", page))
    return len(shown) >= SCANNED_PAGE_CHARS and len(_UNMAPPED.findall(shown)) >= GARBLED_SHARE * len(shown)


# a content stream's painting operators: an image or form (Do, BI), a shading (sh), a filled or stroked path (text
# turned to outlines, 转曲, is drawn this way)
_PAINTS = re.compile(rb"(?:^|\s)(?:Do|BI|sh|f\*?|F|B\*?|b\*?|S|s)(?=\s|$)")


def _draws_something(page) -> bool:
    """Something is painted on the page (a scan's picture, a form, text turned to outlines): not blank. A page that
    cannot be read this far is taken for a drawn one (OCR decides), not for a reason to refuse the file."""
    try:
        contents = page.get_contents()
        return contents is not None and bool(_PAINTS.search(contents.get_data()))
    except Exception:  # pypdf raises many types on a damaged page
        return True


def _with_ocr(filename: str, data: bytes, pages: list[str], scanned: list[int], warnings: list[str]) -> list[str]:
    """The pages with the scanned ones read by OCR; a page that fails is named in `warnings`."""
    from assistant.config import get_settings
    from assistant.knowledge.ocr import OcrUnavailable
    from assistant.knowledge.scanned import read_pages

    settings = get_settings()
    name = Path(filename).name
    if settings.ocr_engine == "off":
        if len(scanned) == len(pages):
            raise unreadable(filename, "PDF 是扫描件，没有文字层，且未启用 OCR（ASSISTANT_OCR_ENGINE=off）")
        warnings.append(f"{name}：第{_pages_said(scanned)}页是扫描页或文字层无法识别，未启用 OCR，已跳过")
        return [_UNMAPPED.sub("", page) if i in scanned else page for i, page in enumerate(pages)]  # boxes say nothing
    if len(scanned) > settings.ocr_max_pages:
        raise unreadable(filename, f"扫描页 {len(scanned)} 页，超过 OCR 上限 {settings.ocr_max_pages} 页"
                                   "（ASSISTANT_OCR_MAX_PAGES），请拆分后再导入")
    try:
        result = read_pages(name, data, scanned, engine=settings.ocr_engine)
    except OcrUnavailable as exc:
        raise unreadable(filename, f"PDF 是扫描件，需要 OCR：{exc}") from None
    except Exception:  # the renderer cannot open what pypdf could: a damaged file
        raise unreadable(filename, "PDF 已损坏，无法渲染扫描页") from None
    if result.failed:
        warnings.append(f"{name}：第{_pages_said(sorted(result.failed))}页识别失败，已跳过，其余页已导入")
    # a page whose text layer was boxes and whose picture holds no text either is said, not dropped in silence
    empty = [i for i in scanned if i not in result.failed and garbled(pages[i]) and not result.texts.get(i, "").strip()]
    if empty:
        warnings.append(f"{name}：第{_pages_said(empty)}页文字层无法识别，OCR 也未识别出文字，已跳过")
    return [result.texts.get(i, "" if i in scanned else page) for i, page in enumerate(pages)]


def _pages_said(pages: list[int]) -> str:
    return "、".join(str(i + 1) for i in pages)


# item marks set in another font than the text (①②, ⑴⑵, ❶❷): a text layer may hold a line's marks out of place,
# all together at its start or beside a figure of the same font, each leaving a space where it stood after a
# colon or semicolon ("① ②原因造成的，可免除其责任： 自然灾害…； 国家政策…")
_MARKS = re.compile(f"[{ITEM_MARKS}]")
_MARK_SLOT = re.compile(r"(?<=[：:；;])[ \u3000]+(?=\S)")


def reseat_item_marks(page: str) -> str:
    """Each line whose item marks stand away from their slots gets them back, in order, in the slots they left
    (a space after ：or ；); a line whose marks already follow a colon or semicolon, or whose marks and slots do
    not pair off one to one, is left as it is."""
    lines = page.split("\n")
    for n, line in enumerate(lines):
        marks = _MARKS.findall(line)
        # an item opening its own line after a line that ended a sentence or a lead-in (…如下：/ ①首次检查： 放款后
        # 15日内) is in place; one opening a line that runs on from the line before (展期应同 / ①时满足下列条件： …)
        # was moved there
        opens = re.match(rf"[ \u3000]*([{ITEM_MARKS}])(?![ \u3000]*[{ITEM_MARKS}])", line)
        if opens and (n == 0 or re.search(r"[：:；;。！？!?]\s*$", lines[n - 1]) or not lines[n - 1].strip()):
            marks = marks[1:]
        if not marks or all(re.search(rf"[：:；;]\s*{m}", line) for m in marks):
            continue
        if any(ord(b) != ord(a) + 1 for a, b in zip(marks, marks[1:])):
            continue  # ① ③: not one run of items
        if len(marks) == 1 and re.match(rf"[ \u3000]*[{ITEM_MARKS}][ \u3000]", line):
            continue  # "① 首次检查： 放款后15日内": an item opening its own line, spaced from its text as set
        kept = line[:opens.end()] if opens and len(marks) < len(_MARKS.findall(line)) else ""
        bare = kept + _MARKS.sub("", line[len(kept):]).lstrip(" \u3000")
        slots = list(_MARK_SLOT.finditer(bare))
        if len(slots) != len(marks):
            continue
        out, at = [], 0
        for mark, slot in zip(marks, slots):
            out.append(bare[at:slot.start()] + mark)
            at = slot.end()
        lines[n] = "".join(out) + bare[at:]
    return "\n".join(lines)


# text layers put spaces around numbers inside Chinese text ("在2 个工作日内"): the author did not
_DIGIT_GAP = re.compile(r"(?<=[0-9%])[ \u3000]+(?=[\u4e00-\u9fff（）])|(?<=[\u4e00-\u9fff])[ \u3000]+(?=[0-9])")


def _continues(last: str, first: str) -> bool:
    return not re.search(r"[。！？；：:”）)]$", last) and not _STARTS_BLOCK.match(first)


_PAGE_NUMBER = re.compile(r"^(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|[-—–]?\s*\d+\s*[-—–]?|\d+\s*/\s*\d+|"
                          r"page\s*\d+(?:\s*of\s*\d+)?)$", re.I)
_EDGE_LINES = 3  # running headers and footers sit in a page's first or last few lines
_COUNTED_LINES = 6  # …and are counted over a few more, for a header of several lines with the footer after it


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def strip_page_furniture(pages: list[str]) -> list[list[str]]:
    """Each page's lines without running headers and footers (a line repeated at the top or bottom of at
    least half the pages, digits aside: "内部资料 注意保密", "第 3 页") and bare page numbers, even when the
    text layer glued the footer to the last line of the body ("…应当暂停内部资料注意保密第5 页")."""
    split = [[line.strip() for line in page.split("\n") if line.strip()] for page in pages]
    counts: dict[str, int] = {}
    for lines in split:
        edge = lines[:_COUNTED_LINES] + lines[-_COUNTED_LINES:]
        for key in {_furniture_key(line) for line in edge if not TABLE_MARKER.match(line)}:
            counts[key] = counts.get(key, 0) + 1
    needed = max(2, (len(pages) + 1) // 2)
    repeated = {k for k, n in counts.items() if n >= needed and len(k) >= 2}

    def furniture(line: str) -> bool:
        return not TABLE_MARKER.match(line) and (_furniture_key(line) in repeated or bool(_PAGE_NUMBER.match(line)))

    out = []
    for number, lines in enumerate(split):
        kept = []
        met: set[str] = set()  # the running header met at this page's top: met again there, it is the page's own line
        # a header of several lines may come with the footer right after it in the text layer (a writer that draws
        # the page's furniture first: 公司名 / 密级 / 文号 / 第 1 页, then the body): the whole run is the page's edge
        top = next((i for i, line in enumerate(lines) if not furniture(line)), len(lines))
        bottom = len(lines) - next((i for i, line in enumerate(reversed(lines)) if not furniture(line)), len(lines))
        for i, line in enumerate(lines):
            at_edge = i < max(_EDGE_LINES, top) or i >= min(len(lines) - _EDGE_LINES, bottom)
            key = _furniture_key(line)
            if TABLE_MARKER.match(line):
                kept.append(line)  # a table's place, which may stand at the foot of its page
                continue
            if number == i == 0 and key in repeated and _cover_title_line(line, lines[1:]):
                kept.append(line)  # the cover's title, which the later pages' running header repeats: the book's title
                continue
            if (number == 0 and at_edge and key in repeated and i < top and key in met and _TITLE_END.search(line)
                    and not re.search(r"[\s0-9A-Za-z/]", line)):
                kept.append(line)  # a cover under a running header that is the book's title: 讲义 / — 1 — / 讲义 / 授课对象
                continue
            if at_edge and (key in repeated or _PAGE_NUMBER.match(line.strip())):
                met.add(key)
                continue
            if at_edge:
                line = _strip_glued_furniture(line, repeated)
            if line:
                kept.append(line)
        out.append(kept)
    return out


def _cover_title_line(line: str, rest: list[str]) -> bool:
    """The first page's first line is its title, though the running header repeats it, on a cover: a title of
    words alone (临澄银行贷后管理制度汇编, not 澜江银行 LJB/CR-OP-017 V3.0…规程 nor 沅水农商行 内部规程), no other line of
    the page ending as a title does, and no sentence on the page (a first page of text has its header over 第一条…。)."""
    return (bool(_TITLE_END.search(line)) and not re.search(r"[\s0-9A-Za-z/]", line)
            and not any(_TITLE_END.search(other) or re.search(r"[。；;！？!?]", other) for other in rest))


def _strip_glued_furniture(line: str, repeated: set[str]) -> str:
    """Remove a repeated footer text (and a page number after it) glued to the end of a body line."""
    flat = re.sub(r"\s+", "", line)
    for key in sorted(repeated, key=len, reverse=True):
        if "#" in key or len(key) < 6:
            continue
        at = flat.rfind(key)
        if at > 0:
            rest = flat[at + len(key):]
            if not rest or _PAGE_NUMBER.match(rest) or _furniture_key(rest) in repeated:
                return _prefix_of(line, at)
    return line


def _prefix_of(line: str, flat_chars: int) -> str:
    """The start of `line` holding its first `flat_chars` non-space characters."""
    seen = 0
    for i, ch in enumerate(line):
        if seen == flat_chars:
            return line[:i].rstrip()
        if not ch.isspace():
            seen += 1
    return line


_STARTS_BLOCK = re.compile(rf"^(#|{STRUCTURAL_LABEL}|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[）)]|\d+[.、．])")


def unwrap_lines(text: str) -> str:
    """Join a line to the next when the page width, not the author, ended it: a line near the usual full
    width (the 90th percentile of line lengths, spaces aside) that ends without closing punctuation, followed
    by a line that does not open a new article, item or heading."""
    lines = [line.rstrip() for line in text.split("\n")]
    lengths = sorted(_visible(line) for line in lines if _visible(line) >= 10)
    width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        wrapped = (
            previous and line.strip() and _visible(previous) >= max(15, int(width * 0.8))
            and not re.search(r"[。！？；：:”）)]$", previous) and not _STARTS_BLOCK.match(line.strip())
        )
        if wrapped:
            out[-1] = previous + line.strip()
        else:
            out.append(line.strip())
    return "\n".join(out)


def _visible(line: str) -> int:
    return len(re.sub(r"\s+", "", line))


def iter_files(folder: Path) -> Iterable[Path]:
    """Files under a folder, recursively, skipping hidden files and Office lock files ('~$x.docx')."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or path.name.startswith("~$"):
            continue
        if path.is_file():
            yield path
