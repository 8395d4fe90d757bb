"""Rule-based resolution of follow-up questions against the previous turn of a conversation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["new", "ellipsis", "sources", "more"]

CATEGORIES = ("正常类", "关注类", "次级类", "可疑类", "损失类")
# Entities a short follow-up can swap in for their counterpart in the previous question.
CONTRAST_GROUPS: tuple[tuple[str, ...], ...] = (
    CATEGORIES,
    ("固定资产贷款", "流动资金贷款", "个人贷款", "个人经营贷款", "个人消费贷款"),
    ("现场检查", "非现场检查"),
    ("受托支付", "自主支付"),
    ("法人客户", "个人客户"),
    ("保证人", "押品", "抵押物", "质押物"),
)
_SOURCES = re.compile(r"(出自|出处|依据|根据是|哪条规定|哪一条|哪个文件|哪份文件|原文|条文|来源)")
_MORE = re.compile(r"^(还有呢|还有吗|还有别的吗|还有其他的吗|还有什么|其他呢|别的呢|继续|更多|再说说|展开说说)")
_ELLIPSIS = re.compile(r"^(那|那么|如果是|要是|换成|对于)?(?P<entity>.{1,12}?)(呢|的话呢|怎么样|又如何|怎么办呢)?$")
_TRAILING = re.compile(r"[？?。！!\s]+$")


@dataclass(frozen=True)
class Resolution:
    kind: Kind
    question: str  # the standalone question to search and answer


def _short_form(entity: str) -> list[str]:
    return [entity, entity[:-1]] if entity.endswith("类") else [entity]


def _swap(entity: str, previous: str) -> str | None:
    """The previous question with its contrasted entity replaced by `entity`, if one is found."""
    for group in CONTRAST_GROUPS:
        target = next((g for g in group if any(f == entity or f == entity.rstrip("类")
                                                for f in _short_form(g))), None)
        if target is None:
            continue
        for other in group:
            if other == target:
                continue
            for form in _short_form(other):
                if form in previous:
                    replacement = target if form == other else target.rstrip("类")
                    return previous.replace(form, replacement)
    return None


def resolve(question: str, previous_question: str | None) -> Resolution:
    """Turn a follow-up into a standalone question; anything else stays a new question."""
    text = _TRAILING.sub("", question.strip())
    if not previous_question:
        return Resolution("new", question.strip())
    if _MORE.match(text):
        return Resolution("more", previous_question)
    if len(text) <= 16 and _SOURCES.search(text) and re.search(r"(这|那|上|该|此|刚才)", text):
        return Resolution("sources", previous_question)
    if text in ("依据是什么", "依据呢", "出处呢", "有什么依据"):
        return Resolution("sources", previous_question)
    match = _ELLIPSIS.match(text) if len(text) <= 14 else None
    if match:
        swapped = _swap(match.group("entity"), previous_question)
        if swapped:
            return Resolution("ellipsis", swapped)
    return Resolution("new", question.strip())
