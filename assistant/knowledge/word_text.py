"""The text a reader sees in a Word file, where python-docx's own `.text` misses some of it.

- A paragraph's text includes tracked insertions (w:ins: a book still in 修订 mode reads as its changes accepted),
  inline content controls (w:sdt), smart tags, simple fields and hyperlinks; tracked deletions (w:del) are left out,
  and so is a content control still showing Word's prompt (w:showingPlcHdr: 单击或点击此处输入文字。).
- Blocks (paragraphs and tables) are met inside block-level content controls and custom XML as well as at the top
  of the body: a template's clauses often sit in content controls.
- A text box (w:txbxContent, a cover title or a boxed 提示) is read as blocks of its own, once: Word stores a modern
  and a legacy copy of a box (mc:Choice / mc:Fallback), and only the first is read.
- Footnotes and endnotes (word/footnotes.xml, endnotes.xml: a 注 on a clause) are read after the paragraph that
  refers to them, where a reader looks them up, so that they are indexed with their clause.
"""

from __future__ import annotations

from collections.abc import Iterator

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_INLINE_WRAPPERS = {_W + "hyperlink", _W + "ins", _W + "smartTag", _W + "fldSimple", _W + "customXml", _W + "dir",
                    _W + "bdo", _W + "moveTo", _W + "sdtContent"}
_BLOCK_WRAPPERS = {_W + "sdtContent", _W + "customXml", _W + "ins", _W + "moveTo"}


def _placeholder(sdt) -> bool:
    """A content control still showing Word's prompt (单击或点击此处输入文字。): nobody filled it in, it says nothing."""
    properties = sdt.find(_W + "sdtPr")
    return properties is not None and properties.find(_W + "showingPlcHdr") is not None


def blocks(container) -> Iterator[tuple[str, object]]:
    """("p", element) and ("tbl", element) of a body, cell, text box or content control, in reading order."""
    for child in container.iterchildren():
        if child.tag == _W + "p":
            yield "p", child
        elif child.tag == _W + "tbl":
            yield "tbl", child
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None and not _placeholder(child):
                yield from blocks(content)
        elif child.tag in _BLOCK_WRAPPERS:
            yield from blocks(child)


def paragraph_text(paragraph) -> str:
    """The paragraph's visible text: runs, with tabs and line breaks as \\t and \\n, through the wrappers above."""
    return "".join(_inline_text(paragraph))


def _inline_text(element) -> Iterator[str]:
    for child in element.iterchildren():
        tag = child.tag
        if tag == _W + "r":
            yield from _run_text(child)
        elif tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None and not _placeholder(child):
                yield from _inline_text(content)
        elif tag in _INLINE_WRAPPERS:
            yield from _inline_text(child)
        elif tag == _MC + "AlternateContent":
            choice = child.find(_MC + "Choice")
            if choice is not None:
                yield from _inline_text(choice)


_NOTE_KINDS = {"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes": "footnote",
               "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes": "endnote"}
_NOT_NOTES = {"separator", "continuationSeparator", "continuationNotice"}  # Word's own rules above the notes


def notes(document) -> dict[tuple[str, str], str]:
    """The text of each footnote and endnote by (kind, id); none when the file has no notes or they do not parse."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    found: dict[tuple[str, str], str] = {}
    for rel in document.part.rels.values():
        kind = _NOTE_KINDS.get(rel.reltype)
        if kind is None or rel.is_external:
            continue
        try:
            root = etree.fromstring(rel.target_part.blob, parser)
        except (etree.XMLSyntaxError, ValueError):
            continue  # a damaged notes part: the body is still read
        for note in root.iterfind(_W + kind):
            if note.get(_W + "type") in _NOT_NOTES:
                continue
            text = " ".join(t for p in note.iter(_W + "p") if (t := paragraph_text(p).strip()))
            if text:
                found[(kind, note.get(_W + "id", ""))] = text
    return found


_REMOVED = {_W + "del", _W + "moveFrom"}  # tracked deletions: what they hold is not in the text


def _removed(element, within) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is within:
            return False
        if ancestor.tag in _REMOVED:
            return True
    return False


def note_references(paragraph) -> list[tuple[str, str]]:
    """(kind, id) of the footnotes and endnotes a paragraph refers to, in order (not those in deleted text)."""
    return [("footnote" if ref.tag == _W + "footnoteReference" else "endnote", ref.get(_W + "id", ""))
            for ref in paragraph.iter(_W + "footnoteReference", _W + "endnoteReference")
            if not _removed(ref, paragraph)]


def _run_text(run) -> Iterator[str]:
    """A run's text as python-docx reads it (w:t; tabs and line breaks as \t and \n; a page or column break as
    nothing), from any lxml element: a notes part is parsed apart from python-docx's own classes."""
    for child in run.iterchildren():
        tag = child.tag
        if tag == _W + "t":
            yield child.text or ""
        elif tag in (_W + "tab", _W + "ptab"):
            yield "\t"
        elif tag == _W + "br":
            yield "" if child.get(_W + "type") in ("page", "column") else "\n"
        elif tag == _W + "cr":
            yield "\n"
        elif tag == _W + "noBreakHyphen":
            yield "-"


def text_boxes(paragraph) -> list:
    """The text boxes anchored in a paragraph (their w:txbxContent), outermost only, each once."""
    boxes = []
    for box in paragraph.iter(_W + "txbxContent"):
        ancestors = list(box.iterancestors())
        inside = ancestors[: ancestors.index(paragraph)] if paragraph in ancestors else ancestors
        if any(a.tag in (_MC + "Fallback", _W + "txbxContent") or a.tag in _REMOVED for a in inside):
            continue
        boxes.append(box)
    return boxes
