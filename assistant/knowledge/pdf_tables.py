"""Ruled tables in a PDF's text layer, read as rows.

A PDF keeps no table: its text layer holds each cell's wrapped lines one after another (等级 / 报告对象 / … / 一级 /
支行行长、分行分管 / 副行长、…), so a row read alone says nothing. pdfplumber finds a table by its ruling lines and
gives its cells; each table is then written as the .docx reader writes one, one line per row with every cell under
its column's header (office.table_lines: "等级：一级；报告对象：支行行长、分行分管副行长…"), in place of the lines the
text layer gave for it. The rest of the page keeps the text layer's lines (pypdf's), so a page without a table, or
one whose table cannot be placed, reads exactly as before.
"""

from __future__ import annotations

import io
import logging
import re

from assistant.knowledge.office import table_lines

log = logging.getLogger(__name__)

MIN_ROWS, MIN_COLUMNS = 2, 2  # a framed note or a one-column box is no table
# the text layer's lines between the table's neighbours hold about the table's characters (a caption or a stray
# header line more or less), else the table is not where the neighbours say and the page is left as it was
MATCH_SHARE = 0.85
_FLAT = re.compile(r"\s+")
_SAME_CHARS = 8  # the characters that end (or begin) a line the same way in both readers


def with_tables(data: bytes, pages: list[str], skip: set[int] = frozenset()) -> list[str]:
    """`pages` (the text layer's text of each page) with every ruled table written as rows; pages in `skip` (read
    by OCR) and pages without a table unchanged. Without pdfplumber, or when it fails on the file, `pages` as
    given, with one logged warning."""
    try:
        import pdfplumber
    except ImportError:
        return pages
    out = list(pages)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for index, page in enumerate(pdf.pages[: len(pages)]):
                if index in skip or not page.rects and not page.lines:
                    continue  # nothing ruled on the page: no table to find
                tables = [t for t in page.find_tables() if _usable(t)]
                if tables:
                    out[index] = _placed(page, tables, pages[index])
    except Exception as exc:  # pdfminer raises many types on odd files; the text layer is still good
        log.warning("PDF 表格识别失败（%s），表格按原文字顺序读取", exc)
        return pages
    return out


def _usable(table) -> bool:
    rows = table.extract()
    return len(rows) >= MIN_ROWS and max((len(r) for r in rows), default=0) >= MIN_COLUMNS


def _cell(text: str | None) -> str:
    """A cell's wrapped lines as one: Chinese runs on without a break, Latin words keep a space."""
    lines = [line.strip() for line in (text or "").split("\n") if line.strip()]
    out = ""
    for line in lines:
        gap = " " if out and re.match(r"[A-Za-z0-9]", line[0]) and re.search(r"[A-Za-z0-9]$", out) else ""
        out += gap + line
    return out


def _rows(table) -> list[str]:
    return table_lines([[_cell(c) for c in row] for row in table.extract()])


def _placed(page, tables, layer: str) -> str:
    """The text layer's lines with each table's lines replaced by its rows: the table sits between the last line of
    text above it and the first below it (found by pdfplumber, outside every table); when the text layer's lines
    between those two do not hold the table's characters, that table is left as the text layer gave it."""
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    free = page.filter(lambda obj: obj.get("object_type") != "char" or outside(obj))
    around = [(line["top"], _FLAT.sub("", line["text"])) for line in free.extract_text_lines()]
    lines = layer.split("\n")
    flat = [_FLAT.sub("", line) for line in lines]
    for table in sorted(tables, key=lambda t: -t.bbox[1]):  # bottom first: earlier indices stay valid
        top, bottom = table.bbox[1], table.bbox[3]
        above = [text for y, text in around if y < top and text]
        below = [text for y, text in around if y > bottom and text]
        start = _find(flat, above[-1], 0, last=True) + 1 if above else 0  # the nearest line above
        end = _find(flat, below[0], start) if below else len(lines)
        if start < 0 or end < start:
            continue
        cells = sum(len(_FLAT.sub("", _cell(c))) for row in table.extract() for c in row)
        held = sum(len(f) for f in flat[start:end])
        if not cells or min(cells, held) < MATCH_SHARE * max(cells, held):
            continue
        rows = _rows(table)
        lines[start:end] = rows
        flat[start:end] = [_FLAT.sub("", r) for r in rows]
    return "\n".join(lines)


def _find(flat: list[str], text: str, start: int, last: bool = False) -> int:
    """The index of the text layer's line that is the line `text` pdfplumber read: the same ending for the line
    above a table (`last`: the nearest), the same beginning for the line below it; the two readers may wrap a line
    a few characters apart. -2 when none is (so that +1 stays negative)."""
    size = min(len(text), _SAME_CHARS)
    found = [i for i in range(start, len(flat)) if len(flat[i]) >= size
             and (flat[i].endswith(text[-size:]) if last else flat[i].startswith(text[:size]))]
    if not found:
        return -2
    return found[-1] if last else found[0]
