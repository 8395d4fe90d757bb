"""Small hand-written documents for index and retriever tests (our own wording, not the shared corpus)."""

from __future__ import annotations

import hashlib

from assistant.knowledge.types import Chunk, DocumentRecord, IndexChanges

RULES = {
    "第一条": "借款人逾期超过九十天的贷款应当至少归为次级类，并纳入不良贷款管理。",
    "第二条": "单笔支付金额超过一千万元的，应当采用受托支付方式，由银行直接支付给交易对象。",
    "第三条": "客户经理应当每季度对正常类客户开展一次现场检查，并撰写贷后检查报告。",
    "第四条": "押品价值下降导致抵押率超过规定上限的，应当要求借款人补充担保。",
}


def document(doc_id: str, title: str, articles: dict[str, str], **meta) -> tuple[DocumentRecord, list[Chunk]]:
    chunk_meta = {k: v for k, v in meta.items() if k in {"source_type", "branch", "borrower_id",
                                                        "effective_date", "superseded", "version"}}
    chunk_meta.setdefault("source_type", "internal_rule")
    chunks = [
        Chunk(chunk_id=f"{doc_id}:{n:04d}", doc_id=doc_id, doc_title=title, text=f"{label}　{text}",
              article=label, content_hash=hashlib.sha256(text.encode()).hexdigest(), **chunk_meta)
        for n, (label, text) in enumerate(articles.items())
    ]
    record = DocumentRecord(doc_id=doc_id, title=title, source_path=f"/docs/{doc_id}.md",
                            content_hash=hashlib.sha256(repr(articles).encode()).hexdigest(),
                            chunk_count=len(chunks), **chunk_meta)
    return record, chunks


def rules_changes() -> IndexChanges:
    return IndexChanges(upserts=[
        document("rules", "示范银行贷后管理办法", RULES),
        document("note-east", "恒达机械走访记录", {"": "城东支行走访恒达机械，发现厂房抵押率偏高，押品需要重估。"},
                 source_type="case_note", branch="城东支行", borrower_id="B001"),
        document("note-west", "博雅电子走访记录", {"": "城西支行走访博雅电子，押品价值下降，抵押率超过上限。"},
                 source_type="case_note", branch="城西支行", borrower_id="B007"),
        document("future", "示范银行押品管理细则（2027版）", {"第一条": "押品重估每半年进行一次，抵押率上限为七成。"},
                 effective_date="2027-01-01"),
        document("old", "示范银行押品管理细则（2020版）", {"第一条": "押品重估每年进行一次，抵押率上限为八成。"},
                 superseded=True),
    ])
