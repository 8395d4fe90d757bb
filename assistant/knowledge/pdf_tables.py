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
_HEADER_CHARS = 16  # a column header is a few words (报告时限, 抵押率上限); a longer first cell is content
_SENTENCE = re.compile(r"[。；;，,：:！？!?]")
_SAME_CHARS = 8  # the characters that end (or begin) a line the same way in both readers
# a 2 × 2 grid drawn as lines has 12 segments (as four rectangles, 20); a slide's frame or a header rule has fewer
MIN_RULE_SEGMENTS = 12
MARGIN_SHARE = 0.08  # the top and bottom of a page that hold its running header and footer, not its body
CARRY_SHARE = 0.25  # a table running on reaches into the page's last quarter, and goes on in the next one's first


def with_tables(data: bytes, pages: list[str], skip: set[int] = frozenset(),
                warnings: list[str] | None = None) -> tuple[list[str], dict[str, str]]:
    """`pages` (the text layer's text of each page) with every ruled table in place as a marker line, and the
    table's rows by marker (`put_tables` puts them in once the page's lines are unwrapped: a table's long rows
    would raise the full line width the unwrapping measures); pages in `skip` (read by OCR) and pages without a
    table unchanged. A table that runs on from the foot of one page to the head of the next keeps the first
    part's column headers (a repeated header row is dropped). Without pdfplumber, or when it fails on the file,
    `pages` as given, with one warning (logged, and in `warnings` for the one who loaded the file)."""
    tables: dict[str, str] = {}
    try:
        import pdfplumber
    except ImportError:
        return pages, tables
    out = list(pages)
    carried: list[str] | None = None  # the headers of a table that ran to the foot of the page before
    ruled = _ruled_pages(data, len(pages))
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for index, page in enumerate(pdf.pages[: len(pages)]):
                if index in skip or index not in ruled or not page.rects and not page.lines:
                    carried = None
                    continue  # nothing ruled on the page: no table to find
                try:
                    found = [(t, _filled(raw), _size(raw)) for t in page.find_tables() if _usable(raw := t.extract())]
                    out[index], carried = (_placed(page, found, pages[index], tables, carried) if found
                                           else (pages[index], None))
                finally:
                    page.close()  # a page's layout objects, kept, grow with the book (378 MB for 300 pages)
    except Exception as exc:  # pdfminer raises many types on odd files; the text layer is still good
        log.warning("PDF 表格识别失败（%s），表格按原文字顺序读取", exc)
        if warnings is not None:
            warnings.append("PDF 中的表格未能按行识别，已按原文字顺序读取")
        return pages, {}
    return out, tables


def _ruled_pages(data: bytes, count: int) -> set[int]:
    """The pages drawing enough line segments for a table (pdfium counts them in about 2 ms a page; pdfplumber's
    layout analysis takes some 30 ms, spent only on these): every page when pdfium cannot read the file."""
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw

        document = pdfium.PdfDocument(data)
        try:
            ruled = set()
            for index in range(min(count, len(document))):
                paths = document[index].get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2)
                if sum(raw.FPDFPath_CountSegments(path.raw) for path in paths) >= MIN_RULE_SEGMENTS:
                    ruled.add(index)
            return ruled
        finally:
            document.close()
    except Exception:  # pdfium refuses some files pypdf reads: look at every page
        return set(range(count))


def put_tables(text: str, tables: dict[str, str]) -> str:
    """The rows of each table on lines of their own where its marker stands (the unwrapping may have joined the
    marker to the line above it)."""
    for marker, rows in tables.items():
        text = re.sub(rf"(?<=[^\n]){re.escape(marker)}", "\n" + marker, text)  # glued to the line above
        text = re.sub(rf"{re.escape(marker)}(?=[^\n])", marker + "\n", text)
        text = text.replace(marker, rows)
    return text


def _usable(rows: list[list[str | None]]) -> bool:
    return len(rows) >= MIN_ROWS and max((len(r) for r in rows), default=0) >= MIN_COLUMNS


def _filled(rows: list[list[str | None]]) -> list[list[str]]:
    """Cells as text; a cell merged into the one above it (pdfplumber gives None) takes that cell's text, as the .docx
    reader gives a vertically merged cell on every row it spans (等级 一级 over two rows)."""
    out: list[list[str]] = []
    section = True  # the row above is a row-wide section (（一）首次跟踪检查) or the header: nothing merges down from it
    for row in rows:
        cells: list[str] = []
        across = False  # a cell to the left holds text and runs on over this one
        for c, cell in enumerate(row):
            if cell is not None:
                cells.append(joined_lines(cell))
                across = True
            elif across or section or c >= len(out[-1]):
                cells.append("")
            else:
                cells.append(out[-1][c])  # merged with the cell above
        section = sum(cell is not None for cell in row) == 1 and row[0] is not None and len(row) > 1
        out.append(cells)
    return out


def _size(rows: list[list[str | None]]) -> int:
    """The characters a table's own cells hold (a merged cell once, as the text layer has it)."""
    return sum(len(_FLAT.sub("", joined_lines(cell))) for row in rows for cell in row if cell is not None)


def _has_header(rows: list[list[str]]) -> bool:
    """The first row names the columns: every cell filled, short, and no sentence (a term/definition table without a
    header row starts with a term and its definition)."""
    return all(cell and len(cell) <= _HEADER_CHARS and not _SENTENCE.search(cell) for cell in rows[0])


def _written(rows: list[list[str]]) -> list[str]:
    """A table's lines: every cell under its column's header when the first row is one (or the first two are: a
    title over the table, or group headers over their columns), else each row's cells."""
    if _has_header(rows):
        return table_lines(rows)
    if len(rows) >= 3 and (header := two_row_header(rows[0], rows[1])):
        title = [rows[0][0]] if header is rows[1] else []
        return title + table_lines([header] + rows[2:])
    return [" | ".join(c for c in cells if c) for cells in rows if any(cells)]


def _without_repeated_header(rows: list[list[str]], header: list[str]) -> list[list[str]]:
    """The rows of a table's part on a new page without the header the page repeats: its one header row, or the two
    rows (group headers over their columns) that make the same headers."""
    if rows[0] == header:
        return rows[1:]
    if len(rows) >= 2 and two_row_header(rows[0], rows[1]) == header:
        return rows[2:]
    return rows


def two_row_header(top: list[str], sub: list[str]) -> list[str] | None:
    """The column headers of a table headed by two rows: the second alone under a title across the table (表1 押品重估
    频率表 / 押品类型 | 重估频率), or each group header over the columns it spans joined to theirs (现场检查 over 频率 and
    责任人: 现场检查频率, 现场检查责任人). None when the second row is no header."""
    if len(top) != len(sub) or not any(sub) or any(cell and (len(cell) > _HEADER_CHARS or _SENTENCE.search(cell))
                                                   for cell in sub):
        return None
    if top[0] and not any(top[1:]) and all(sub):
        return sub  # a title row across the table
    if all(top) or not top[0]:
        return None
    header, group = [], ""
    for over, under in zip(top, sub):
        group = over or (group if under else "")  # a group header runs on over the columns to its right
        name = group + under if group != under else group
        if not name or len(name) > 2 * _HEADER_CHARS or _SENTENCE.search(name):
            return None
        header.append(name)
    return header


def joined_lines(text: str | None) -> str:
    """Wrapped lines as one (a table's cell, a heading broken by a manual line break): Chinese runs on without a
    break, Latin words and figures keep a space."""
    lines = [line.strip() for line in (text or "").split("\n") if line.strip()]
    out = ""
    for line in lines:
        gap = " " if out and re.match(r"[A-Za-z0-9]", line[0]) and re.search(r"[A-Za-z0-9]$", out) else ""
        out += gap + line
    return out


def _placed(page, found, layer: str, placed: dict[str, str],
            carried: list[str] | None) -> tuple[str, list[str] | None]:
    """The text layer's lines with each table's lines replaced by a marker for its rows, and the headers of a table
    running into the page's bottom margin (else None). A table sits between the last line of the page's body above
    it and the first below it (found by pdfplumber, outside every table; running headers and footers in the page's
    top and bottom margins are no body); tables with no body text between them share those lines and are placed
    together. When the text layer's lines there do not hold the tables' characters, they are left as the text layer
    gave them."""
    boxes = [t.bbox for t, _, _ in found]

    def outside(obj) -> bool:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    free = page.filter(lambda obj: obj.get("object_type") != "char" or outside(obj))
    head, foot = page.height * MARGIN_SHARE, page.height * (1 - MARGIN_SHARE)
    around = [(line["top"], _FLAT.sub("", line["text"])) for line in free.extract_text_lines()]
    body = [(y, text) for y, text in around if head <= y <= foot and text]
    margin = [text for y, text in around if not head <= y <= foot and text]
    lines = layer.split("\n")
    flat = [_FLAT.sub("", line) for line in lines]
    ordered = sorted(found, key=lambda found_table: found_table[0].bbox[1])
    groups: dict[tuple[int, int], list[list[str]]] = {}  # (start, end) in the text layer → the lines of its tables
    sizes: dict[tuple[int, int], int] = {}
    running: list[str] | None = None
    for number, (table, rows, size) in enumerate(ordered):
        top, bottom = table.bbox[1], table.bbox[3]
        above = [text for y, text in body if y < top]
        below = [text for y, text in body if y > bottom]
        start = _find(flat, above[-1], 0, last=True) + 1 if above else _after_margin(flat, margin)
        end = _find(flat, below[0], max(start, 0)) if below else _before_margin(flat, margin, max(start, 0))
        # a table at the head of the page, its column count that of the table at the foot of the page before: its rest
        continued = (number == 0 and not above and carried and top <= page.height * CARRY_SHARE
                     and len(rows[0]) == len(carried))
        if continued:
            rows = [carried] + _without_repeated_header(rows, carried)
        if number == len(ordered) - 1 and not below and bottom >= page.height * (1 - CARRY_SHARE):
            running = rows[0] if _has_header(rows) else two_row_header(*rows[:2]) if len(rows) >= 3 else None
        if start < 0 or end < start:
            continue
        # a table's rest under the headers carried over (taken as headers on the page before, whatever their length)
        groups.setdefault((start, end), []).extend(table_lines(rows) if continued else _written(rows))
        sizes[(start, end)] = sizes.get((start, end), 0) + size
    for (start, end), written in sorted(groups.items(), reverse=True):  # bottom first: earlier indices stay valid
        cells, held = sizes[(start, end)], sum(len(f) for f in flat[start:end])
        if not cells or min(cells, held) < MATCH_SHARE * max(cells, held):
            continue
        marker = f"⟦表格{len(placed) + 1}⟧"
        placed[marker] = "\n".join(written)
        lines[start:end] = [marker]
    return "\n".join(lines), running


def _after_margin(flat: list[str], margin: list[str]) -> int:
    """The first text-layer line after the running header (the lines at the top that the page's top margin holds)."""
    index = 0
    while index < len(flat) and flat[index] and any(_same_line(flat[index], text) for text in margin):
        index += 1
    return index


def _before_margin(flat: list[str], margin: list[str], start: int) -> int:
    """The first text-layer line, from `start`, of the running footer (the lines the bottom margin holds)."""
    end = len(flat)
    while end > start and any(_same_line(flat[end - 1], text) for text in margin):
        end -= 1
    return end


def _same_line(line: str, text: str) -> bool:
    size = min(len(text), _SAME_CHARS)
    return bool(line) and size > 0 and (line.startswith(text[:size]) or line.endswith(text[-size:]))


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


MARKER = re.compile(r"^⟦表格\d+⟧$")  # a table's place in a page's text until its rows are put in (never furniture)
