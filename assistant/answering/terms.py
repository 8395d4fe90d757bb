"""Key terms of a question (jieba + domain words + synonyms) and how to find them in evidence text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.knowledge import lexicon

# Words that say little about the topic: they count for coverage but never decide a refusal.
GENERIC = frozenset(
    "贷款 银行 商业银行 客户 管理 规定 要求 办法 制度 情况 问题 进行 工作 一次 时候 算 做 "
    "借款人 贷款人 根据 相关 按照 什么样 条件 标准 流程 时间 方面 内容 处理 应当 必须 规则 "
    "条 哪条 依据 出处 业务 信贷 多长 多大 怎么样 谁 负责 哪个 部门 风险 超过 以上 以下 有关 "
    "一般 具体 几年 几天 几个".split())
QUANTITY_CUES = ("多久", "多长", "多少", "几", "期限", "频率", "频次", "金额", "比例", "天数", "超过",
                 "以上", "以下", "最长", "最高", "最低", "上限", "门槛")
CATEGORY_SUFFIX = "类"
_NUMBER = re.compile(r"[0-9０-９]+(?:\.[0-9]+)?|[一二三四五六七八九十百千万两]+(?=[个天日月年万元%％倍次])")
_UNIT = re.compile(r"(?:[0-9]+(?:\.[0-9]+)?|[一二三四五六七八九十百千两]+)\s*(?:个月|天|日|年|万元|亿元|元|%|％|倍|次|个工作日|小时)")
_PUNCT = re.compile(r"[\s，。、；：？！,.;:?!“”\"'（）()《》【】\[\]-]+")


@dataclass(frozen=True)
class QuestionTerms:
    """What a question is about: weighted key terms, the specific ones, and rule-word expansions."""

    key: dict[str, float]  # term -> weight (specific 1.0, generic 0.3)
    anchors: tuple[str, ...]  # specific terms; evidence lacking them does not answer the question
    expansions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # term -> rule words
    wants_quantity: bool = False

    @property
    def all_terms(self) -> list[str]:
        extra = [w for words in self.expansions.values() for w in words]
        return list(dict.fromkeys([*self.key, *extra]))


def _words(text: str) -> list[str]:
    stop = lexicon.stopwords()
    words = []
    for word in lexicon.get_tokenizer().lcut(lexicon.normalize(text), HMM=False):
        word = _PUNCT.sub("", word)
        if len(word) < 2 or word in stop or word.isdigit():
            continue
        words.append(word)
    return list(dict.fromkeys(words))


def _expansions(question: str) -> dict[str, tuple[str, ...]]:
    text = lexicon.normalize(question)
    found: dict[str, tuple[str, ...]] = {}
    for phrase, targets in lexicon.synonyms():
        if phrase in text:
            found[phrase] = targets
    return found


def question_terms(question: str) -> QuestionTerms:
    expansions = _expansions(question)
    key: dict[str, float] = {}
    for word in _words(question):
        generic = word in GENERIC or any(cue in word for cue in QUANTITY_CUES)
        key[word] = 0.3 if generic else 1.0
    for phrase in expansions:
        if phrase in key or len(phrase) < 2:
            continue
        key[phrase] = 0.6
    anchors = tuple(w for w, weight in key.items() if weight == 1.0 and w not in expansions)
    wants = any(cue in question for cue in QUANTITY_CUES)
    return QuestionTerms(key, anchors, expansions, wants)


def variants(term: str) -> tuple[str, ...]:
    """Surface forms of a term in rule text: 次级类 ↔ 次级."""
    if term.endswith(CATEGORY_SUFFIX) and len(term) > 2:
        return (term, term[:-1])
    return (term,)


def term_found(term: str, text: str, expansions: dict[str, tuple[str, ...]]) -> float:
    """1.0 when the term is in the text, 0.7 when only a rule-word expansion is, else 0."""
    if any(v in text for v in variants(term)):
        return 1.0
    if any(word in text for word in expansions.get(term, ())):
        return 0.7
    return 0.0


def coverage(terms: QuestionTerms, text: str) -> float:
    """Weighted share of the question's key terms present in the text."""
    total = sum(terms.key.values())
    if not total:
        return 0.0
    return sum(w * term_found(t, text, terms.expansions) for t, w in terms.key.items()) / total


def has_quantity(text: str) -> bool:
    return bool(_UNIT.search(text))


def numbers_in(text: str) -> list[str]:
    return _NUMBER.findall(text)
