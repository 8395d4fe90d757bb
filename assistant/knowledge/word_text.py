"""The text a reader sees in a Word file, where python-docx's own `.text` misses some of it.

- A paragraph's text includes tracked insertions (w:ins: a book still in 修订 mode reads as its changes accepted),
  inline content controls (w:sdt), smart tags, simple fields and hyperlinks; tracked deletions (w:del) are left out.
- Blocks (paragraphs and tables) are met inside block-level content controls and custom XML as well as at the top
  of the body: a template's clauses often sit in content controls.
- A text box (w:txbxContent, a cover title or a boxed 提示) is read as blocks of its own, once: Word stores a modern
  and a legacy copy of a box (mc:Choice / mc:Fallback), and only the first is read.
"""

from __future__ import annotations

from collections.abc import Iterator

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_INLINE_WRAPPERS = {_W + "hyperlink", _W + "ins", _W + "smartTag", _W + "fldSimple", _W + "customXml", _W + "dir",
                    _W + "bdo", _W + "moveTo", _W + "sdtContent"}
_BLOCK_WRAPPERS = {_W + "sdtContent", _W + "customXml", _W + "ins", _W + "moveTo"}


def blocks(container) -> Iterator[tuple[str, object]]:
    """("p", element) and ("tbl", element) of a body, cell, text box or content control, in reading order."""
    for child in container.iterchildren():
        if child.tag == _W + "p":
            yield "p", child
        elif child.tag == _W + "tbl":
            yield "tbl", child
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
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
            yield child.text  # python-docx's run text: w:t, w:tab, w:br, w:cr, w:noBreakHyphen, w:ptab
        elif tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _inline_text(content)
        elif tag in _INLINE_WRAPPERS:
            yield from _inline_text(child)
        elif tag == _MC + "AlternateContent":
            choice = child.find(_MC + "Choice")
            if choice is not None:
                yield from _inline_text(choice)


def text_boxes(paragraph) -> list:
    """The text boxes anchored in a paragraph (their w:txbxContent), outermost only, each once."""
    boxes = []
    for box in paragraph.iter(_W + "txbxContent"):
        ancestors = list(box.iterancestors())
        inside = ancestors[: ancestors.index(paragraph)] if paragraph in ancestors else ancestors
        if any(a.tag == _MC + "Fallback" or a.tag == _W + "txbxContent" for a in inside):
            continue
        boxes.append(box)
    return boxes
