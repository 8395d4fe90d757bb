"""Turns .md, .txt, .docx and .pdf files into plain text; every failure is a UserError naming the file."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path

from assistant.errors import Unsupported, UserError

TEXT_SUFFIXES = (".md", ".markdown", ".txt")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + (".docx", ".pdf")
_SUPPORTED_LIST = "、".join((".md", ".txt", ".docx", ".pdf"))
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
        raise Unsupported(f"不支持的文件类型 {shown}：{Path(filename).name}（支持 {_SUPPORTED_LIST}）")
    return suffix


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError:
        raise unreadable(path.name, "没有读取权限") from None
    except OSError as exc:
        raise unreadable(path.name, f"读取失败（{exc.strerror or exc}）") from None


def extract_text(filename: str, data: bytes) -> str:
    """Plain text of a file's bytes, chosen by extension."""
    suffix = check_supported(filename)
    if not data.strip():
        raise unreadable(filename, "文件为空")
    if suffix in TEXT_SUFFIXES:
        text = decode_text(filename, data)
    elif suffix == ".docx":
        text = docx_text(filename, data)
    else:
        text = pdf_text(filename, data)
    if not text.strip():
        raise unreadable(filename, "没有可提取的文字")
    return text


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


def docx_text(filename: str, data: bytes) -> str:
    """Paragraphs and table rows in document order; Word headings become markdown headings."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except Exception:  # python-docx raises zipfile, KeyError, lxml and its own errors on damaged files
        raise unreadable(filename, "DOCX 文件已损坏或不是 Word 文档") from None
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(_paragraph_line(Paragraph(element, document)))
        elif tag == "tbl":
            lines.extend(_table_lines(Table(element, document)))
    return "\n".join(lines)


def _paragraph_line(paragraph) -> str:
    text = paragraph.text.strip()
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    level = re.search(r"(?:Heading|标题)\s*(\d)", style)
    if text and level:
        return "#" * int(level.group(1)) + " " + text
    if text and style == "Title":
        return "# " + text
    return text


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        if cells:
            lines.append(" | ".join(cells))
    return lines


def pdf_text(filename: str, data: bytes) -> str:
    """Text of every page; lines the PDF wrapped mid-sentence are joined again."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise unreadable(filename, "PDF 已加密")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UserError:
        raise
    except Exception:  # pypdf raises many types on damaged files
        raise unreadable(filename, "PDF 已损坏或加密") from None
    if not any(page.strip() for page in pages):
        raise unreadable(filename, "PDF 中没有可提取的文字（可能是扫描件）")
    return "\n".join(unwrap_lines(page) for page in pages)


_STARTS_BLOCK = re.compile(r"^(#|第[零一二三四五六七八九十百千0-9]+[章节条]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[）)]|\d+[.、．])")


def unwrap_lines(text: str) -> str:
    """Join a line to the next when the page width, not the author, ended it."""
    lines = [line.rstrip() for line in text.split("\n")]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        wrapped = (
            previous and line.strip() and len(previous) >= max(15, int(width * 0.8))
            and not re.search(r"[。！？；：:”）)]$", previous) and not _STARTS_BLOCK.match(line.strip())
        )
        if wrapped:
            out[-1] = previous + line.strip()
        else:
            out.append(line.strip())
    return "\n".join(out)


def iter_files(folder: Path) -> Iterable[Path]:
    """Files under a folder, recursively, skipping hidden files and Office lock files ('~$x.docx')."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or path.name.startswith("~$"):
            continue
        if path.is_file():
            yield path
