"""Key terms of a question (jieba + domain words + synonyms) and how to find them in evidence text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.knowledge import lexicon
from assistant.knowledge.colloquial import plain_question
from assistant.knowledge.metadata import mentioned_articles

DATA_DIR = Path(__file__).resolve().parent / "data"
# Words that say little about the topic: they count for coverage but never decide a refusal.
GENERIC = frozenset(row[0] for row in lexicon.read_table(DATA_DIR / "generic_words.txt"))
QUANTITY_CUES = tuple(row[0] for row in lexicon.read_table(DATA_DIR / "quantity_cues.txt"))
CATEGORY_SUFFIX = "类"
_UNIT = re.compile(r"(?:[0-9]+(?:\.[0-9]+)?|[一二三四五六七八九十百千两]+)\s*(?:个月|天|日|年|万元|亿元|元|%|％|倍|次|个工作日|小时)")
LATIN = re.compile(r"[a-z]")  # a question word in Latin letters (folded to lower case) matches text in either case
_PUNCT = re.compile(r"[\s，。、；：？！,.;:?!“”\"'（）()《》【】\[\]-]+")


@dataclass(frozen=True)
class QuestionTerms:
    """What a question is about: weighted key terms, the specific ones, and rule-word expansions."""

    key: dict[str, float]  # term -> weight (specific 1.0, generic 0.3)
    anchors: tuple[str, ...]  # specific terms; evidence lacking most of them does not answer the question
    expansions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # term -> rule words
    wants_quantity: bool = False

    @property
    def all_terms(self) -> list[str]:
        extra = [w for words in self.expansions.values() for w in words]
        return list(dict.fromkeys([*self.key, *extra]))


_LIGHT = LIGHT_CHARACTERS = frozenset(row[0] for row in lexicon.read_table(DATA_DIR / "light_characters.txt"))


_COUNT_WORDS = ("多少", "几", "多", "每", "第")


@lru_cache(maxsize=1)
def _known_pairs() -> frozenset[str]:
    """Two-character words our own tables know though jieba's dictionary does not (流贷, 固贷, 还本): the
    officer phrases of the synonym tables, the short names of documents, the domain words."""
    from assistant.knowledge.retriever import short_names

    known = {phrase for phrase, _ in answer_synonyms()} | set(lexicon.domain_terms())
    known |= {short for short, _ in short_names()}
    known |= {w[:2] for w in lexicon.domain_terms() if len(w) >= 3}  # 开/贷/后例会: 贷后 begins 贷后管理
    return frozenset(w for w in known if len(w) == 2)


def _join_known_pairs(tokens: list[str]) -> list[str]:
    """拿/流/贷 → 拿/流贷: single characters that make a word our tables know are joined first, so that the
    blind pairing below does not glue 拿 to 流."""
    out: list[str] = []
    for token in tokens:
        if out and len(token) == 1 and len(out[-1]) == 1 and out[-1] + token in _known_pairs():
            out[-1] += token
        else:
            out.append(token)
    return out


def _merge_unknown_pairs(tokens: list[str]) -> list[str]:
    """停/卡 → 停卡: two content characters the dictionary split apart are most likely one word — but not
    the unit of an asked number (多少/天/算: 天 belongs to 多少)."""
    merged: list[str] = []
    for token in _join_known_pairs(tokens):
        previous = merged[-1] if merged else ""
        # after a number the single character is its unit (几个/月/掉: 月 belongs to 几个, 掉 is not paired with it)
        counted = len(merged) >= 2 and (merged[-2] in _COUNT_WORDS or lexicon.counts_next(merged[-2]))
        if (len(token) == 1 and len(previous) == 1 and "\u4e00" <= token <= "\u9fff" and not counted
                and "\u4e00" <= previous <= "\u9fff" and not {token, previous} & _LIGHT
                and not lexicon.is_function_word(token) and not lexicon.is_function_word(previous)):
            merged[-1] = previous + token
        else:
            merged.append(token)
    return merged


def _cut(text: str) -> list[str]:
    """jieba's words, a document's short name kept whole where a word starts: 流贷放完了 is 流贷/放完/了, not
    流/贷放/完/了; but 这个贷款 is 这个/贷款 and 物流贷款 物流/贷款 (个贷, 流贷 start inside a word there)."""
    from assistant.knowledge.retriever import said_short_names

    said = said_short_names(text)
    if not said:
        return lexicon.cut(text)
    tokens: list[str] = []
    at = 0
    for match in said:
        tokens += lexicon.cut(text[at:match.start()]) + [match.group()]
        at = match.end()
    return tokens + lexicon.cut(text[at:])


def _words(text: str, tokens: list[str] | None = None) -> list[str]:
    """The question's content words; `tokens`: its cut (`_cut`), when the caller has it already."""
    stop = lexicon.stopwords()
    words = []
    tokens = _cut(lexicon.normalize(text)) if tokens is None else tokens
    for word in _merge_unknown_pairs(tokens):
        word = _PUNCT.sub("", word)
        if len(word) < 2 or word in stop or word.isdigit():
            continue
        words.append(word)
    # a clause the question names, as chunks label it (第9条 → 第九条, 第3.2条 → 3.2): jieba splits the numbers
    words += sorted(mentioned_articles(text))
    return list(dict.fromkeys(words))


@lru_cache(maxsize=1)
def answer_synonyms() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The shared lexicon's synonyms plus answering's own (abbreviations officers use)."""
    pairs = list(lexicon.synonyms())
    for row in lexicon.read_table(DATA_DIR / "answer_synonyms.txt"):
        pairs.append((lexicon.normalize(row[0]), tuple(row[1].split())))
    return tuple(pairs)


def _expansions(text: str, tokens: list[str]) -> dict[str, tuple[str, ...]]:
    """Rule words for the officer phrases and document short names a question (normalised, cut) says."""
    from assistant.knowledge.retriever import short_names

    starts = lexicon.word_starts(tokens)
    found: dict[str, tuple[str, ...]] = {}
    for phrase, targets in answer_synonyms():
        # a two-character phrase is said where a word starts: 这个贷款 says no 个贷, 物流贷款 no 流贷
        if lexicon.says(phrase, text) and lexicon.said_as_word(phrase, text, starts):
            found[phrase] = targets
    for short, full in short_names():  # 项目贷 → 固定资产贷款: a document's short name stands for its full one
        if short in tokens:
            found.setdefault(short, (full,))
    return found


# the book the question is read against, named by itself (本规程, 该办法, 这本手册): its topic is the book's, which every
# chunk's title carries, not a word a sentence must hold
_SELF_REFERENCE = re.compile(r"^(?:本|该|此|这本|这个)(?:规程|办法|细则|制度|手册|指引|规定|规则|指南|守则|规范|通知|文件)$")


def question_terms(question: str) -> QuestionTerms:
    question = plain_question(lexicon.normalize(question))
    tokens = _cut(question)  # once: the expansions and the words read the same cut
    expansions = _expansions(question, tokens)
    key: dict[str, float] = {}
    for word in _words(question, tokens):
        generic = word in GENERIC or any(cue in word for cue in QUANTITY_CUES) or bool(_SELF_REFERENCE.match(word))
        key[word] = 0.3 if generic else 1.0
    for phrase in expansions:
        if phrase in key or len(phrase) < 2:
            continue
        key[phrase] = 0.6
    anchors = tuple(w for w, weight in key.items() if weight == 1.0 and w not in expansions)
    for phrase, targets in list(expansions.items()):  # 普通客户 → 一般借款人 also stands for 普通
        for word in key:
            if word != phrase and word in phrase and word not in expansions:
                expansions[word] = targets
    wants = any(cue in question for cue in QUANTITY_CUES)
    return QuestionTerms(key, anchors, expansions, wants)


def variants(term: str) -> tuple[str, ...]:
    """Surface forms of a term in rule text: 次级类 ↔ 次级."""
    if term.endswith(CATEGORY_SUFFIX) and len(term) > 2:
        return (term, term[:-1])
    return (term,)


def _parts(term: str) -> list[str]:
    """Dictionary sub-words of a compound term: 个人经营贷款 → 个人, 经营, 贷款."""
    parts = [p for p in lexicon.get_tokenizer().lcut_for_search(term, HMM=False) if 2 <= len(p) < len(term)]
    return parts if len(parts) >= 2 else []


def term_found(term: str, text: str, expansions: dict[str, tuple[str, ...]]) -> float:
    """1.0 when the term is in the text, 0.7 when its parts or a rule-word expansion are, else 0 (Latin letters in
    either case: the question's words are folded to lower case)."""
    if LATIN.search(term):
        text = text.lower()
    if any(v in text for v in variants(term)):
        return 1.0
    parts = _parts(term) if len(term) >= 4 else []
    if parts and sum(p in text for p in parts) >= 0.75 * len(parts):
        return 0.7
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

