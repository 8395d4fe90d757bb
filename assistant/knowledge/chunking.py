"""Cuts a document into citable chunks: one per 条 (long 条 split on 款/项), or headed sections of 200–600 characters."""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass

from assistant.knowledge.metadata import INSTITUTION, REGULATOR
from assistant.knowledge.structure import (
    DOC_NUMBER, RULE_BOOK_TITLE_RE, SENTENCE_END, StructureParser, Unit, count_articles, count_decimal_clauses,
    repair_run_together,
)
from assistant.knowledge.types import Chunk, SourceType
from assistant.numerals import cn_to_int, int_to_cn

MAX_CHUNK_CHARS = 600  # no chunk is longer, continuation header included
MIN_PROSE_CHARS = 200  # smaller neighbouring sections are merged when they fit together
MIN_ARTICLES = 2  # fewer line-start 第X条 than this: the document is treated as prose
# bumped whenever the same file would be cut differently: ingesting it again then re-reads it (ingest.file_digest)
# 2: decimal-numbered clauses (3.1.1) and issuing notes that head nothing
# 3: books in 部分/编/篇, 问/答 pairs as chunks, issuing notes with Chinese-numeral years, PDF titles wrapped in two
# 4: a .docx's 问N headings head their answers alone, 第X部分 of a prose book opens a part without blank lines, a PDF's
#    displaced item marks (①②) go back to their slots, a red-head cover's title is read past the issuing body
# 5: a notice's title line over its red head, no table of contents, 附件N parts, 一是…二是… items
# 6: a book whose decimal numbers head its sections (4.1.1 检查时限), no heading before its first part in the path
# 7: a compilation of rules (制度汇编) cites each rule by its own title; a PDF's cover title repeated as its running
#    header stays the title; a rule's title run into its document number is a line of its own
# 8: merged small sections keep their own headings in the text; a title's status (（试行）) wrapped under it joins it;
#    a PDF's ruled tables are read as rows under their headers (pdf_tables)
# 9: a title ending in a status or edition the titles did not know (（草案）, （2024版）, （2024年第二次修订）) is a title
# 10: a notice title opening with 关于, a Word heading broken by a line break, a cover title wrapped by its large type,
#    an edition under a title (a blank line between, 2025 年 spaced) and a cover repeating its running header: one title
#    for a book's .docx and .pdf
# 11: a merged section whose first sentence opens with its heading's words keeps the heading
# 12: a Word file's automatic numbers (第十二条 drawn from a numbering definition, not held in the text), tracked
#    insertions, content controls, text boxes and footnotes are read; tracked deletions are not
CHUNKING_VERSION = "12"
MIN_DECIMAL_CLAUSES = 5  # a book numbered 1.1, 3.1.1 … instead: a few numbered lines may be a list of figures
# …or a book whose numbers head its sections (4.1.1 检查时限, its text unnumbered below): more than a short list
MIN_DECIMAL_HEADINGS = 8

__all__ = [
    "CHUNKING_VERSION", "MAX_CHUNK_CHARS", "ChunkContext", "article_label", "article_number", "chunk_document",
    "cn_to_int", "int_to_cn", "split_sentences",
]

def article_number(label: str) -> int:
    """'第十一条' / '十一' / '第11条' → 11."""
    match = re.fullmatch(r"第?\s*([零〇一二两三四五六七八九十百千0-9]+)\s*条?", label.strip())
    if not match:
        raise ValueError(f"not an article label: {label!r}")
    return cn_to_int(match.group(1))


def article_label(number: int) -> str:
    """11 → '第十一条'."""
    return f"第{int_to_cn(number)}条"


@dataclass(frozen=True)
class ChunkContext:
    """Document-level metadata copied onto every chunk."""

    doc_id: str
    doc_title: str
    source_type: SourceType
    source_path: str = ""
    version: str = ""
    effective_date: str = ""
    superseded: bool = False
    branch: str = ""
    borrower_id: str = ""


def chunk_document(text: str, context: ChunkContext) -> list[Chunk]:
    """Chunks for the cleaned body `text` (front matter and provenance already removed)."""
    text = repair_run_together(text)
    with_articles = count_articles(text) >= MIN_ARTICLES
    # a case note's dated log (3.15 电话回访…) is no decimal rule book
    decimal = (not with_articles and context.source_type != "case_note"
               and (count_decimal_clauses(text) >= MIN_DECIMAL_CLAUSES
                    or count_decimal_clauses(text, titles=True) >= MIN_DECIMAL_HEADINGS))
    units = StructureParser(context.doc_title, with_articles, decimal).parse(text)
    rules = compiled_rules(units, context.doc_title)
    pieces: list[tuple[Unit, int, str]] = []
    for unit in _merge_small_prose(units):
        if unit.kind == "article":
            parts = split_article(unit.article, unit.lines)
            pieces += [(unit, index if len(parts) > 1 else 0, part) for index, part in enumerate(parts, 1)]
        else:
            pieces += [(unit, 0, part) for part in pack_lines(unit.lines, MAX_CHUNK_CHARS)]
    return [_make_chunk(context, n, unit, paragraph, body, rules) for n, (unit, paragraph, body) in enumerate(pieces)]


_COMPILATION = re.compile(r"(?:汇编|选编)(?:[（(][^）)]*[）)])?$")
_DOC_NUMBER = re.compile(rf"^{DOC_NUMBER}$")


def _rule_of(section: str) -> str:
    """The rule-book title a heading path starts from (a category heading may stand above it: 一、贷后管理类)."""
    return next((part for part in section.split(" > ") if RULE_BOOK_TITLE_RE.match(part)), "")


def compiled_rules(units: list[Unit], doc_title: str) -> set[str]:
    """The rules a compilation holds, each set under its own title with its articles numbered from 第一条 (第1条)
    again: two or more such titles, in a book called one (…制度汇编, …文件选编) or each with its document number
    (临银发〔2025〕23号) on the line after it. A rule is cited by its own title, for 第九条 of one rule is not 第九条 of
    another. A book issuing one rule under its notice holds one; a web page pasting several rules together, with
    no numbers, stays one page; and when a title went unread (a 第一条 twice under one rule) nothing is split."""
    firsts = [_rule_of(unit.section) for unit in units
              if unit.kind == "article" and re.fullmatch(r"第(?:一|1)条", unit.article)]
    rules = set(firsts) - {""}
    if len(rules) < 2 or len(firsts) != len(set(firsts)):
        return set()
    if _COMPILATION.search(doc_title):
        return rules
    numbered = {_rule_of(unit.section) or (unit.lines[0] if unit.lines else "") for unit in units
                if unit.kind == "prose" and any(_DOC_NUMBER.match(line.strip()) for line in unit.lines[:2])}
    return rules if rules <= numbered else set()


def rule_title(compilation: str, rule: str) -> str:
    """A compiled rule's title as its bank cites it: the compilation's bank name heads a title naming none
    (临澄银行贷后管理制度汇编 + 押品监控操作规程 → 临澄银行押品监控操作规程); a regulator's compilation names no bank,
    and a rule naming its bank (临澄农商行…) keeps its title."""
    bank = INSTITUTION.match(compilation)
    if not bank or REGULATOR.search(compilation) or INSTITUTION.match(rule):
        return rule
    return re.sub(r"^(?:\d{4}年)?《?", "", bank.group()) + rule


def _make_chunk(context: ChunkContext, n: int, unit: Unit, paragraph: int, body: str,
                rules: set[str] = frozenset()) -> Chunk:
    doc_title, section, book = context.doc_title, unit.section, ""
    rule = _rule_of(unit.section)
    if rule in rules:  # the rule's own title, not the compilation's, which the chunk keeps as its book
        parts = unit.section.split(" > ")
        doc_title, book = rule_title(context.doc_title, rule), context.doc_title
        section = " > ".join(parts[parts.index(rule) + 1:])
    return Chunk(
        chunk_id=f"{context.doc_id}:{n:04d}", doc_id=context.doc_id, doc_title=doc_title, book=book, text=body,
        source_type=context.source_type, article=unit.article, chapter=unit.chapter, section=section,
        paragraph=paragraph, version=context.version, effective_date=context.effective_date,
        superseded=context.superseded, branch=context.branch, borrower_id=context.borrower_id,
        source_path=context.source_path, content_hash=hashlib.sha256(body.encode("utf-8")).hexdigest(),
    )


def _merge_small_prose(units: list[Unit]) -> list[Unit]:
    merged: list[Unit] = []
    for unit in units:
        last = merged[-1] if merged else None
        if (
            last is not None and last.kind == unit.kind == "prose" and not (last.alone or unit.alone)
            and len(last.text) < MIN_PROSE_CHARS and len(last.text) + len(unit.text) < MAX_CHUNK_CHARS
            and not _opens_part(last.section, unit.section)  # a notice's last lines do not swallow 附件1's first section
        ):
            if _heading_only(last):
                section, lines = unit.section, last.lines + unit.lines
            else:
                # each part keeps the headings the merged chunk's path no longer names (### CW-01 营业收入下滑), once
                section = _common_path(last.section, unit.section)
                lines = _headed(last, section)
                lines += _headed(unit, section, said={re.sub(r"[\s　#]+", "", line) for line in lines})
            merged[-1] = Unit("prose", chapter=last.chapter, section=section, lines=lines)
        else:
            merged.append(unit)
    return merged


_PART_LABEL = re.compile(r"^(?:附件|附录|附表|第[一二三四五六七八九十百0-9]+(?:部分|章|编|篇))")


def _opens_part(before: str, section: str) -> bool:
    """The section opens another part of the book (附件2 …, 第三部分 …) than the one before it."""
    part = section.split(" > ")[0]
    return bool(_PART_LABEL.match(part)) and part != before.split(" > ")[0]


def _heading_only(unit: Unit) -> bool:
    """A unit holding its heading line and nothing else (附件1　贷后检查细则 right before 一、总体要求): merged into the
    next section, it takes that section's path."""
    flat = [re.sub(r"[\s　#]+", "", line) for line in unit.lines if line.strip()]
    return len(flat) == 1 and bool(unit.section) and flat[0] == re.sub(r"[\s　]+", "", unit.section.split(" > ")[-1])


def _headed(unit: Unit, section: str, said: set[str] = frozenset()) -> list[str]:
    """A unit's lines under the headings of its path below `section` that it does not open with already: merged
    under their common path, two small sections of a Word file (whose headings live in the path, not the text)
    still say which is which."""
    path = unit.section.split(" > ") if unit.section else []
    below = path[len(section.split(" > ")) if section else 0:]
    flat = [re.sub(r"[\s　#]+", "", line) for line in unit.lines[: len(below) + 1]]
    return [heading for heading in below if re.sub(r"[\s　]+", "", heading) not in said
            and not any(_opens_with(line, re.sub(r"[\s　]+", "", heading)) for line in flat)] + unit.lines


def _opens_with(line: str, heading: str) -> bool:
    """The line is the heading, or the heading with its text run on after a mark (一、总则：本办法…); 贷后管理阶段业务
    流程… under ## 贷后管理 is a sentence, and the heading is said by no line of it."""
    bare = re.sub(r"[：:。.．、]+$", "", heading)  # 四、贷后检查： heads 四、贷后检查：客户经理每季检查一次。
    return line == heading or (line.startswith(bare) and not re.match(r"[\u4e00-\u9fff0-9A-Za-z]", line[len(bare):]))


def _common_path(first: str, second: str) -> str:
    """The path two merged sections share."""
    common = []
    for a, b in zip(first.split(" > "), second.split(" > ")):
        if a != b:
            break
        common.append(a)
    return " > ".join(common)


def split_article(label: str, lines: list[str]) -> list[str]:
    """One 条 as one text, or split on 款/项 (then sentences) with a '第X条（续）' header on continuations."""
    whole = "\n".join(lines)
    if len(whole) <= MAX_CHUNK_CHARS:
        return [whole]
    lead = lines[0][len(label):].lstrip("　 ")
    colon = re.search(r"[：:]", lead[:60])
    header = f"{label}（续）" + (lead[: colon.end()] if colon else "") + "\n"
    parts = pack_lines(lines, MAX_CHUNK_CHARS - len(header))
    return parts[:1] + [header + part for part in parts[1:]]


def pack_lines(lines: list[str], limit: int) -> list[str]:
    """Greedy, balanced packing of lines (or of sentences of over-long lines) into texts of at most `limit`."""
    pieces: list[tuple[str, bool]] = []  # (text, starts a new line)
    for line in lines:
        parts = [line] if len(line) <= limit else _split_long(line, limit)
        pieces += [(part, index == 0) for index, part in enumerate(parts)]
    total = sum(len(text) + 1 for text, _ in pieces)
    target = total / max(1, math.ceil(total / limit))
    chunks: list[str] = []
    current = ""
    for text, new_line in pieces:
        joined = current + ("\n" if new_line and current else "") + text
        if current and (len(joined) > limit or len(current) >= target):
            chunks.append(current)
            joined = text
        current = joined
    if current:
        chunks.append(current)
    return chunks


def split_sentences(text: str) -> list[str]:
    """Sentences ending in 。！？； (closing quotes and brackets stay with their sentence)."""
    return [s for s in re.findall(rf"[^{SENTENCE_END}]*[{SENTENCE_END}]+[”’」』）)]*|[^{SENTENCE_END}]+$", text) if s]


def _split_long(line: str, limit: int) -> list[str]:
    parts: list[str] = []
    for sentence in split_sentences(line):
        if len(sentence) <= limit:
            parts.append(sentence)
            continue
        clauses = re.findall(r"[^，、,]*[，、,]+|[^，、,]+$", sentence)  # last resort: clause, then hard cut
        for clause in clauses:
            parts += [clause[i : i + limit] for i in range(0, len(clause), limit)]
    return _rejoin(parts, limit)


def _rejoin(parts: list[str], limit: int) -> list[str]:
    out: list[str] = []
    for part in parts:
        if out and len(out[-1]) + len(part) <= limit and not out[-1].endswith(tuple(SENTENCE_END)):
            out[-1] += part  # glue clause fragments back while they fit
        else:
            out.append(part)
    return out
