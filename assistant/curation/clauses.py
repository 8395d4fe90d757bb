"""The clauses a standard answer cites: found in the live index by document and 第X条 (or heading), and
fingerprinted so that a later ingest that changes or removes one is noticed before the answer is served."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from assistant.errors import UserError
from assistant.knowledge.chunking import article_label, article_number
from assistant.knowledge.types import Chunk, DocumentRecord

_CONTINUED = re.compile(r"^第[零〇一二两三四五六七八九十百千0-9]+条（续）[^\n]*\n")


@dataclass(frozen=True)
class Clause:
    """One 条 (all its chunks when it was split on 款) or one headed section of a document."""

    record: DocumentRecord
    label: str
    chunks: tuple[Chunk, ...]
    title: str = ""  # the title it is cited by: a compiled rule's own (临澄银行风险预警管理细则), else the record's

    @property
    def text(self) -> str:
        return "\n".join(_CONTINUED.sub("", chunk.text) if i else chunk.text for i, chunk in enumerate(self.chunks))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def stored(self) -> dict:
        """What a standard answer keeps of the clause it cites."""
        return {"doc_id": self.record.doc_id, "doc_title": self.title or self.record.title, "article": self.label,
                "text_sha256": self.sha256}


def normalised_label(article: str) -> str:
    """'第12条' / '十二' / '第十二条' → '第十二条'; '第3.1.2条' / '3.1.2款' → '3.1.2' (a book numbered the
    decimal way); a heading is kept as written."""
    article = article.strip()
    decimal = re.fullmatch(r"第?\s*(\d{1,2}(?:\.\d{1,2}){1,3})\s*[条款项]?", article)
    if decimal:
        return decimal.group(1)
    try:
        return article_label(article_number(article))
    except ValueError:
        return article


def document_chunks(index, record: DocumentRecord) -> list[Chunk]:
    """A document's chunks in order (chunk ids are '<doc_id>:<n>')."""
    chunks = (index.chunk(f"{record.doc_id}:{n:04d}") for n in range(record.chunk_count))
    return [chunk for chunk in chunks if chunk is not None]


def find_document(index, document: str) -> DocumentRecord:
    """A document by id or by title (《》 optional); of several versions, the one in force."""
    wanted = document.strip().strip("《》").strip()
    if not wanted:
        raise UserError("引用缺少文档名称。")
    held = [r for r in index.documents().values() if not r.duplicate_of]
    found = [r for r in held if r.doc_id == wanted] or [r for r in held if r.title == wanted]
    if not found:  # a rule of a compilation, cited by its own title
        found = [r for r in held if any(c.doc_title == wanted for c in document_chunks(index, r))]
    if not found:
        raise UserError(f"知识库中没有文档《{wanted}》。")
    current = [r for r in found if not r.superseded] or found
    if len(current) > 1:
        raise UserError(f"知识库中有 {len(current)} 份题为《{wanted}》的现行文档，请用文档编号指明："
                        + "、".join(r.doc_id for r in current))
    return current[0]


def find_clause(index, document: str, article: str) -> Clause:
    """The clause cited as (document, 第X条 or heading); UserError naming what does not exist."""
    record = find_document(index, document)
    wanted = document.strip().strip("《》").strip()
    title = wanted if wanted not in (record.title, record.doc_id) else ""
    label = normalised_label(article)
    if not label:
        raise UserError(f"引用《{title or record.title}》时缺少条款（第X条或小节标题）。")
    clause = clause_of(index, record, label, title)
    if clause is None:
        raise UserError(f"《{title or record.title}》中没有{label}。")
    rules = sorted({c.doc_title for c in clause.chunks})
    if len(rules) > 1:  # a compilation cited by its own title: which rule's 第二条?
        raise UserError(f"《{record.title}》收录的{'、'.join(f'《{r}》' for r in rules)}都有{label}，请引用制度本身的名称。")
    return clause


def clause_of(index, record: DocumentRecord, label: str, title: str = "") -> Clause | None:
    """The clause `label` of a document; of a compilation's rule when `title` names it."""
    chunks = [c for c in document_chunks(index, record) if not title or c.doc_title == title]
    own = [c for c in chunks if c.article == label]
    if not own:
        own = [c for c in chunks if not c.article and c.section and c.section.split(" > ")[-1] == label]
    return Clause(record, label, tuple(own), title or record.title) if own else None


def current_clause(index, stored: dict) -> Clause | None:
    """The clause a standard answer cited, as the live index holds it now (None once it is gone)."""
    record = index.documents().get(stored.get("doc_id", ""))
    if record is None or record.duplicate_of:
        return None
    title = stored.get("doc_title", "")
    return clause_of(index, record, stored.get("article", ""), title if title != record.title else "")


def change_of(index, stored: dict) -> str:
    """'' while the cited clause is unchanged, else why the answer needs review (in Chinese)."""
    where = f"《{stored.get('doc_title', '')}》{stored.get('article', '')}"
    clause = current_clause(index, stored)
    if clause is None:
        return f"{where}已从知识库删除"
    if clause.sha256 != stored.get("text_sha256"):
        return f"{where}的条文已修改"
    if clause.record.superseded:
        return f"{where}所在文档已废止"
    return ""
