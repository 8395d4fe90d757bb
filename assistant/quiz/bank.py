"""Trainer review of generated items (approve / edit / reject) and the approved question bank by topic."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import select

from assistant.config import Settings
from assistant.db import session_scope
from assistant.errors import NotFound, UserError
from assistant.quiz.models import BankItem, utcnow
from assistant.quiz.types import ITEM_TYPES, QuizItem

EDITABLE = ("stem", "options", "answer", "explanation", "topic", "difficulty")
STATUS_NAMES = {"pending": "待审核", "approved": "已通过", "rejected": "已退回"}


@dataclass
class BankEntry:
    item: QuizItem
    status: str
    edited: bool
    note: str
    reviewed_by: str

    def as_json(self) -> dict:
        return {**self.item.as_json(), "status": self.status, "edited": self.edited, "note": self.note,
                "reviewed_by": self.reviewed_by}


def _entry(row: BankItem) -> BankEntry:
    return BankEntry(QuizItem.from_record(row.record), row.status, row.edited, row.note, row.reviewed_by)


def add_items(items: Iterable[QuizItem], settings: Settings | None = None) -> list[str]:
    """Store new items as 待审核; items already in the bank (same id) are left as they are."""
    added = []
    with session_scope(settings) as db:
        for item in items:
            if db.get(BankItem, item.id) is None:
                db.add(BankItem(id=item.id, status="pending", topic=item.topic, type=item.type,
                                difficulty=item.difficulty, record=item.as_record()))
                added.append(item.id)
    return added


def list_items(*, status: str | None = None, topic: str | None = None,
               settings: Settings | None = None) -> list[BankEntry]:
    if status and status not in STATUS_NAMES:
        raise UserError(f"未知的审核状态：{status}；可选：{'、'.join(STATUS_NAMES)}。")
    query = select(BankItem).order_by(BankItem.topic, BankItem.created_at, BankItem.id)
    if status:
        query = query.where(BankItem.status == status)
    if topic:
        query = query.where(BankItem.topic == topic)
    with session_scope(settings) as db:
        return [_entry(row) for row in db.scalars(query)]


def get_item(item_id: str, settings: Settings | None = None) -> BankEntry:
    with session_scope(settings) as db:
        return _entry(_row(db, item_id))


def _row(db, item_id: str) -> BankItem:
    row = db.get(BankItem, item_id)
    if row is None:
        raise NotFound(f"题库中没有编号为 {item_id} 的题目。")
    return row


def _review(item_id: str, status: str, reviewer: str, note: str, settings: Settings | None) -> BankEntry:
    with session_scope(settings) as db:
        row = _row(db, item_id)
        row.status, row.reviewed_by, row.reviewed_at = status, reviewer, utcnow()
        if note:
            row.note = note
        return _entry(row)


def approve(item_id: str, reviewer: str, settings: Settings | None = None) -> BankEntry:
    return _review(item_id, "approved", reviewer, "", settings)


def reject(item_id: str, reviewer: str, reason: str = "", settings: Settings | None = None) -> BankEntry:
    return _review(item_id, "rejected", reviewer, reason, settings)


def edit(item_id: str, reviewer: str, changes: dict, settings: Settings | None = None) -> BankEntry:
    """Change stem, options, answer, explanation, topic or difficulty; the item goes back to 待审核."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise UserError(f"不能修改这些字段：{'、'.join(unknown)}；可修改：{'、'.join(EDITABLE)}。")
    with session_scope(settings) as db:
        row = _row(db, item_id)
        record = {**row.record, **{k: v for k, v in changes.items() if v is not None}}
        validate_shape(QuizItem.from_record(record))
        row.record, row.topic, row.difficulty = record, record["topic"], record["difficulty"]
        row.edited, row.status, row.reviewed_by, row.reviewed_at = True, "pending", reviewer, utcnow()
        return _entry(row)


def validate_shape(item: QuizItem) -> None:
    """The answer fits the item type and options (checked again after a trainer's edit)."""
    if item.type not in ITEM_TYPES:
        raise UserError(f"未知题型：{item.type}。")
    if not item.stem.strip():
        raise UserError("题干不能为空。")
    letters = set(item.options)
    if item.type == "single" and (len(item.answer) != 1 or item.answer not in letters or len(letters) < 2):
        raise UserError("单选题的答案必须是一个已有选项的字母。")
    if item.type == "multiple" and (len(item.answer) < 2 or not set(item.answer) <= letters):
        raise UserError("多选题的答案必须是至少两个已有选项的字母，如“AB”。")
    if item.type == "true_false" and item.answer not in ("对", "错"):
        raise UserError("判断题的答案只能是“对”或“错”。")
    if item.type == "fill" and not item.answer.strip():
        raise UserError("填空题的答案不能为空。")


def approved_items(topic: str | None = None, settings: Settings | None = None) -> list[QuizItem]:
    return [entry.item for entry in list_items(status="approved", topic=topic, settings=settings)]


def topic_counts(settings: Settings | None = None) -> dict[str, int]:
    """Approved items per topic."""
    return dict(Counter(entry.item.topic for entry in list_items(status="approved", settings=settings)))
