"""The other files a bank's rule books come in: .doc and .wps (through LibreOffice headless), .xlsx and .xls
tables, and .html pages. Each is turned into the same text the chunker reads from .docx: markdown headings,
paragraphs, and table rows that carry their column headers."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

CONVERT_SECONDS = 120  # one LibreOffice conversion; a file that takes longer is reported as unreadable


class ConversionFailed(Exception):
    """LibreOffice is missing, timed out or could not open the file; the message is in Chinese."""


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(filename: str, data: bytes, target: str, infilter: str | None = None) -> bytes:
    """The file converted by LibreOffice headless to `target` ("docx", "xlsx"); a private profile per call,
    so conversions may run side by side. `infilter` ("MS Word 97") makes LibreOffice read the file as that
    format or fail, instead of falling back to reading it as plain text."""
    program = libreoffice()
    if program is None:
        raise ConversionFailed("未安装 LibreOffice，无法转换该格式")
    suffix = Path(filename).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="convert-") as work:
        source = Path(work) / f"source{suffix}"
        source.write_bytes(data)
        profile = Path(work) / "profile"
        command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   *([f"--infilter={infilter}"] if infilter else []),
                   "--convert-to", target, "--outdir", work, str(source)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS,
                                  env={**os.environ, "HOME": work})
        except subprocess.TimeoutExpired:
            raise ConversionFailed(f"LibreOffice 转换超时（{CONVERT_SECONDS} 秒）") from None
        converted = Path(work) / f"source.{target.split(':')[0]}"  # "doc:MS Word 97" names a filter
        if done.returncode != 0 or not converted.exists() or converted.stat().st_size == 0:
            raise ConversionFailed("LibreOffice 无法打开该文件（可能已损坏、加密或不是该格式）")
        return converted.read_bytes()


def squashed(text: str) -> str:
    """Runs of spaces and line breaks as one space; the ideographic space after 第X条 is kept."""
    return re.sub(r"[ \t\r\n\xa0]+", " ", text).strip()


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        value = value.isoformat()[:10] if getattr(value, "hour", 0) == 0 else value.isoformat(sep=" ")
    return squashed(str(value))


def table_lines(rows: list[list[str]]) -> list[str]:
    """One line per row. With a header row, every cell carries its column's header, so that a row read
    alone still says what it is: "检查类型：首次检查；频次：放款后15日内；报告：首次检查报告"."""
    rows = [cells for cells in rows if any(cells)]
    if len(rows) < 2 or len(rows[0]) < 2 or not all(rows[0]):
        return [" | ".join(c for c in cells if c) for cells in rows]
    header, lines = rows[0], []
    for cells in rows[1:]:
        if len(cells) != len(header):
            lines.append(" | ".join(c for c in cells if c))
            continue
        pairs = [f"{h}：{c}" for h, c in zip(header, cells) if c]
        lines.append("；".join(pairs) + "。")
    return lines


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    """Rows without the empty columns a spreadsheet pads them with."""
    width = max((i + 1 for cells in rows for i, c in enumerate(cells) if c), default=0)
    return [cells[:width] + [""] * (width - len(cells[:width])) for cells in rows]


def xlsx_lines(data: bytes) -> list[str]:
    """Every sheet: its name as a heading, a title row above the table kept as a line, then the rows."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines: list[str] = []
    try:
        for sheet in book.worksheets:
            rows = _trimmed([[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)])
            rows = [cells for cells in rows if any(cells)]
            if not rows:
                continue
            lines.append(f"## {sheet.title}")
            while rows and sum(1 for c in rows[0] if c) == 1 and len(rows) > 1:  # a title over the table
                lines.append(next(c for c in rows.pop(0) if c))
            lines.extend(table_lines(rows))
    finally:
        book.close()
    return lines


_BLOCKS = {"p", "div", "li", "dt", "dd", "blockquote", "pre", "section", "article", "td", "th", "caption", "br"}


def html_lines(data: str) -> list[str]:
    """Headings (h1–h6 as markdown), paragraphs and list items, and tables with their headers; scripts,
    styles and navigation dropped."""
    import lxml.html

    root = lxml.html.document_fromstring(data)
    for bad in root.xpath("//script|//style|//nav|//noscript|//template"):
        bad.drop_tree()
    title = root.findtext(".//title")
    lines: list[str] = []
    body = root.find("body") if root.find("body") is not None else root
    _walk(body, lines)
    if title and not any(line.startswith("# ") for line in lines):
        lines.insert(0, "# " + squashed(title))
    return lines


def _walk(element, lines: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    heading = re.fullmatch(r"h([1-6])", tag)
    if heading:
        text = squashed(element.text_content())
        if text:
            lines.append("#" * int(heading.group(1)) + " " + text)
        return
    if tag == "table":
        rows = [[squashed(cell.text_content()) for cell in row.xpath("./th|./td")]
                for row in element.xpath(".//tr")]
        lines.extend(table_lines(rows))
        return
    if tag in _BLOCKS and not any(isinstance(c.tag, str) and (c.tag in _BLOCKS or c.tag == "table"
                                                               or re.fullmatch(r"h[1-6]", c.tag))
                                  for c in element.iterdescendants()):
        text = squashed(element.text_content())
        if text:
            lines.append(text)
        return
    if element.text and element.text.strip():
        lines.append(squashed(element.text))
    for child in element:
        _walk(child, lines)
        if child.tail and child.tail.strip():
            lines.append(squashed(child.tail))
