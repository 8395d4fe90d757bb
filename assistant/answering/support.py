"""Does one evidence sentence answer the question? Its focus words, a rule statement, and the asked-for kind of fact."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answering.strength import ContentTerm, word_tag
from assistant.answering.terms import QuestionTerms, has_quantity, term_found
from assistant.knowledge.colloquial import is_yes_no
from assistant.knowledge.types import SearchHit

# What kind of fact the question asks for, and what a sentence must hold to give it.
_QUANTITY_Q = re.compile(r"多久|多长|多少|几(?!类|种|道|项|方面|点)|百分之|比例是|上限|最长|最高|最低|频率")
_LIST_Q = re.compile(r"哪些|哪几|包括什么|有什么|都有")  # the answer is an enumeration itself
_CATEGORY_Q = re.compile(r"哪一?[类档级]|哪个(?:类别|档次|级别|分类)|什么类|归为?哪|分到哪|放哪")
_WHO_Q = re.compile(r"谁|哪个部门|哪一层|哪个岗位|哪一级|哪个层级")
_QUANTITY_A = re.compile(r"[0-9０-９]|[一二三四五六七八九十百千两半]+(?:个|天|日|年|月|季|次|倍|万|元|成|分之)|"
                         r"每[日周月季年]|按[月季年]|当[月季年]|孰长|孰短|一半|全部|足额|同比例|以上|以下|以内")
_ROLE_A = re.compile(r"董事会|高级管理层|行长|委员|部门|岗位|总行|分行|支行|贷款人|借款人|客户经理|人员|"
                     r"机构|监事会|负责人|担保人|中介|本人|管理层")
# A sentence that states something: a rule, a definition, a scope or a consequence.
_STATES = re.compile(r"应当|应|不得|须|需|要|必须|至少|不超过|超过|不低于|原则上|可以|可|禁止|是指|指的是|包括|"
                     r"分为|属于|归为|视为|除外|负责|承担|担任|审批|实行|采取|采用|执行|每|为|是")
_LABEL = re.compile(r"^[“\"]?[^，,。]{1,12}[”\"]?[:：]\S")  # "“三品”:企业主的人品…" defines by a label
_SENTENCE = re.compile(r"[^。；！？!?;\n]+[。；！？!?;]?")
_COUNTED = re.compile(r"^[一二三四五六七八九十两几半每多]+[年天月日个次家遍周季笔期]?$")  # 一年, 一遍: the kind check's job
# "A、B、C等": examples listed in passing; what follows the first item says nothing about each of them
_EXAMPLES = re.compile(r"[^、，。；：:,（）｜]{1,12}(、(?:[^、，。；：:,（）｜]{1,12}、)+[^、，。；：:,（）｜]{1,12}?等)")
_FUNCTION_TAGS = ("d", "ad", "c", "p", "r", "u")  # adverbs, conjunctions…: colour, not focus
_CHECKLIST = re.compile(r"^[^，,]{0,12}(?:是否|有无|有没有)|[？?]$")  # inspection checklist items

MIN_SUPPORT = 0.45  # dev: answerable ≥ 0.53, unanswerable that reach this gate ≤ 0.38 (or fully matched); share of the question's content (IDF-weighted) one sentence with its context must hold


@dataclass
class Support:
    """The best sentence found for the question and what it lacks."""

    share: float = 0.0
    text: str = ""
    missing: list[str] = field(default_factory=list)  # specific words of the question the sentence lacks
    kind: str = "open"
    kind_ok: bool = False

    @property
    def answers(self) -> bool:
        return self.kind_ok and self.share >= MIN_SUPPORT


def question_kind(question: str) -> str:
    if _WHO_Q.search(question):
        return "who"
    if _CATEGORY_Q.search(question):  # 最低放哪一档: a class is asked for, not a number
        return "open"
    if _QUANTITY_Q.search(question):
        return "quantity"
    return "open"


def gives_kind(kind: str, sentence: str) -> bool:
    """The sentence states a rule and holds the kind of fact asked for (a number, a role)."""
    if _CHECKLIST.search(sentence):  # "是否存在…的问题": says what to check, holds no number or role
        return kind == "open"
    if not (_STATES.search(sentence) or _LABEL.search(sentence)):
        return False
    if kind == "quantity":
        return bool(_QUANTITY_A.search(sentence)) or has_quantity(sentence)
    if kind == "who":
        return bool(_ROLE_A.search(sentence))
    return True


def focus_weight(term: ContentTerm) -> float:
    """How much a question word counts for the focus: things fully, predicates half, counts and adverbs not."""
    if _COUNTED.match(term.term) or word_tag(term.term).startswith(_FUNCTION_TAGS):
        return 0.0
    return term.weight * (1.0 if term.thing else 0.5)


def _found(term: ContentTerm, text: str, terms: QuestionTerms) -> bool:
    return any(f in text for f in (term.term, *term.forms)) or term_found(term.term, text, terms.expansions) > 0


def unlisted(text: str) -> str:
    """The text with the second and later items of "A、B、C等" enumerations blanked out."""
    return _EXAMPLES.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + "□" * len(m.group(1)), text)


def _share(content: list[ContentTerm], context: str, terms: QuestionTerms) -> tuple[float, list[str]]:
    weighted = [(t, focus_weight(t)) for t in content]
    total = sum(w for _, w in weighted) or 1.0
    have = [t for t, w in weighted if w and _found(t, context, terms)]
    missing = [t.term for t, w in weighted if w and t not in have and terms.key.get(t.term, 0) >= 1.0]
    return sum(w for t, w in weighted if t in have) / total, missing


def _sentences(hit: SearchHit) -> list[tuple[str, str]]:
    """(sentence, context) pairs. The context adds the document title, the chapter or section heading, the
    sentence before it in the same chunk (a rule's subject is often stated there) and, for a list item
    （一）…, the sentence introducing the list."""
    text, out, intro, previous = hit.chunk.text, [], "", ""
    head = f"{hit.chunk.doc_title}｜{hit.chunk.chapter}｜{hit.chunk.section}｜"
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip(" \t\u3000#")
        if len(sentence) < 6:
            continue
        if sentence.endswith(("：", ":")):
            intro, previous = sentence, ""
            continue
        if not re.match(r"\s*[（(][一二三四五六七八九十]+[）)]", sentence):
            intro = ""
        out.append((sentence, f"{head}{intro}{previous}｜{sentence}"))
        previous = "" if intro else sentence
    return out


def best_support(question: str, terms: QuestionTerms, content: list[ContentTerm],
                 hits: list[SearchHit]) -> Support:
    """The sentence of the hits that holds most of the question and the asked-for kind of fact."""
    kind = question_kind(question)
    best = Support(kind=kind)
    # a list answers 哪些 questions, and yes/no questions about one of its items (同业资产也要分类吗)
    examples_count = bool(_LIST_Q.search(question)) or is_yes_no(question)
    for hit in hits:
        for sentence, context in _sentences(hit):
            context = context if examples_count else unlisted(context)
            share, missing = _share(content, context, terms)
            ok = gives_kind(kind, sentence)
            if (ok, share) > (best.kind_ok, best.share):
                best = Support(share, sentence, missing, kind, ok)
    return best
