"""Question analysis, built once per question: its words, what each weighs, the kind of fact asked, its focus.

Every later step (the decision, the supporting sentence, the composition) reads this object instead of
re-deriving terms. Word weights are corpus IDF × the question weight (specific 1.0, generic 0.3); a
word the corpus never names may still be present through a near word (Cilin synonym or word-vector
neighbour in the corpus vocabulary), which earns `soft_credit` × its similarity.
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path
from dataclasses import dataclass, replace

from assistant.knowledge import quantities
from assistant.answering.config import DEFAULT, AnsweringConfig
from assistant.answering.terms import GENERIC, LATIN, QUANTITY_CUES, QuestionTerms, _parts, question_terms, term_found, variants
from assistant.knowledge import lexicon
from assistant.knowledge.colloquial import is_yes_no, plain_question
from assistant.knowledge.metadata import OLD_VERSION, mentioned_articles
from assistant.knowledge.stats import CorpusStats

_QUESTION_WORD = re.compile("什么|哪|几|多少|多久|多长|谁|怎|吗|呢")
_NOUN_TAGS = ("n", "nr", "ns", "nt", "nz", "vn", "eng")
_COLOUR_TAGS = ("d", "ad", "c", "p", "r", "u")  # adverbs, conjunctions…: colour, not focus
# locality words (下面, 之前) too, by a list: the dictionary tags 内部, 外部, 前期 the same way
_LOCALITY = frozenset(row[0] for row in lexicon.read_table(Path(__file__).resolve().parent / "data" / "locality_words.txt"))
# 提前几天: in a question asking a number, the mark of a time limit (a rule says 到期前30日)
_LIMIT_CUES = frozenset(row[0] for row in lexicon.read_table(Path(__file__).resolve().parent / "data" / "limit_cues.txt"))
_COUNTED = re.compile(r"^[一二三四五六七八九十两几半每多]+[年天月日个次家遍周季笔期]?$")  # 一年, 一遍
# What kind of fact the question asks for.
# 哪个机构 / 哪个单位 asks for a body, which a rule names by its role (向总行问责委员会申请复核) as often as by a name;
# 哪一级 asks for a level of the bank (报哪一级审批), but 哪一级预警 / 哪一级信号 for a class of warning
_WHO_Q = re.compile(r"谁|哪个部门|哪一层|哪个岗位|(?<!属于)(?<!算)(?<!是)(?<!定为)(?<!评为)哪一级(?!别|的?(?:预警|信号|风险|颜色|分类|灯))|"
                    r"哪个层级|由哪|哪个(?:单位|机构)")
# the name of a party is asked for: 哪家企业, 叫啥名字, 哪个法院
_ENTITY_Q = re.compile(r"哪[几两一二三四五六七八九十]?家|叫啥|叫什么|什么名字|啥名字|名称是|哪个(?:公司|企业|银行|法院|供应商|客户)")
_CATEGORY_Q = re.compile(r"哪一?[类档级]|哪个(?:类别|档次|级别|分类)|什么类|归为?哪|分到哪|放哪|算哪|几级|(?<![共总])(?:是|算|属于?|归|挂|定|评)(?:的|成|为|在)?几类")
_MEMBERS_Q = r"(?:分|有)几个(?:方面|阶段|环节|步骤|部分|组|类)"  # 分几个阶段: the members are asked, not their number
_LIST_Q = re.compile(r"哪些|哪几|哪[两三四五六七八九十](?:条|个|项|点|类|种|步|块|方面|部分|件)|" + _MEMBERS_Q + r"|包括什么|包含什么|有什么|都有|几种|几类|几个方面|几项|什么内容|要点|步骤|流程|程序|怎么做|怎么办|如何")
_AMOUNT_NOUNS = "上限|最长|最高|最低|频率|频次|期限"  # nouns naming an amount
_QUANTITY_Q = re.compile(r"多久|多长|多少|多大(?:比例|比重|权重)|(?:每天|每日|当天|当日|上午|下午|晚上|早上)几点|几点钟|几点(?:前|之前|以前)|(?<![哪好头这那十])几(?!类|种|道|项|方面|点|个方面|级|[十百千万])|百分之|比例是|(?:最晚|最迟)[^，,。？?]{0,8}(?:什么时候|啥时候|何时|哪天|哪一天)|" + _AMOUNT_NOUNS)
# nouns that name an amount (期限, 上限, 频率) ask for it only when nothing else is asked: 定金额和期限要看哪些因素
# asks for a list of factors, 期限最长多久 for an amount
_QUANTITY_NOUN = re.compile(_AMOUNT_NOUNS)
# a fee or charge (评估费, 手续费, 费用, 佣金), not 消费 (consumption), 浪费/白费/耗费 or 费心/费劲/费事 (effort)
CHARGE = re.compile(r"(?<![消浪白耗])费(?![心劲力时事神解])|佣金")
_SENTENCE_END = re.compile(r"[。；;？?！!]")
_CHARGE_REACH = 12  # characters after the charge (half as many before it) in which the question asks about it
# …asked about close to it: who pays it (谁来出, 银行掏还是客户掏, 让他自己出), whether or how much is charged
# (要不要收, 要不要交, 收多少, 比例, 标准) — not a fee that is only the setting (拖欠水电费算预警吗, 费用由谁审批)
_CHARGE_ASKED = re.compile(r"谁来?(?:出|掏|付|交|缴|承担|负担)|(?:自己|我们|咱们|银行|本行|我行|咱行|客户|借款人)来?"
                           r"(?:出|掏|付|承担|负担)|掏|承担|负担|买单|收不收|(?:要|需|得|是否)(?:不要|不需要)?"
                           r"(?:收|交|缴|付)|收取|(?:收|交|缴|付)?多少|标准|比例|费率|怎么(?:收|算|定)|如何(?:收|计算|确定)")
_WHICH_ITEMS = re.compile(r"哪些|哪几")
KINDS = ("entity", "who", "category", "definition", "quantity", "reason", "list", "yes_no", "open")
# What a number must measure to answer a quantity question: its unit's class. A question naming the unit
# (多少户, 几成, 几点, 打几折, 多少钱, 几个工作日) is answered only by a number of the same class.
UNIT_CLASSES = {
    "duration": "个工作日|工作日|个月|个季度|个小时|小时|分钟|个星期|星期|季度|天|日|周|月|季|年",
    "date": "号|点钟|点|时",
    "share": "个百分点|百分点|百分之|成|折|倍|%|％|分之",
    "money": "万元|亿元|元|万|亿|钱|块",
    "count": "户|家|笔|次|人|名|个|项|份|张|岁|道|套|栋|幢|间|台|辆|亩|头|期",
}
# 好几笔, 头几天, 这几年, 十几户: 几 that counts loosely asks nothing (到期前几天, 分几期 do ask); 哪几张表, 哪几个部门
# ask which ones, a list, not how many
_LOOSE = "好头这那十哪"
_ASKED_UNIT = re.compile(r"(?:多少|(?<![" + _LOOSE + r"])几(?![十百千万]))\s*(" + "|".join(UNIT_CLASSES.values()) + ")")
_ASKED_CLASS = (("frequency", re.compile(r"(?:多久|多长时间|隔多久|多少天|几个月|几天).{0,8}一次|频率|频次|多久.{0,4}一[回趟遍]")),
                # a rate asked 多少 (差异率超过多少, 归行率不低于多少) wants a share
                ("share", re.compile(r"百分之(?:几|多少)|多少(?:的)?比例|比例(?:最低|最高|至少|最少|最多|一般|大概|通常)?(?:是|为|要|得)?多少|占比|几成|打几折|多大(?:比例|比重|权重)|占多少|"
                                     r"率(?:是|为|要|得|超过|低于|高于|达到|不低于|不超过)?多少")),
                # a noun that names an amount of money, asked 多少: 租金多少, 总投资额是多少, 罚款最高多少, 租金收多少
                # …or named by its ending (多少货款, 多少利息, 多少保证金, 多少评估费)
                ("money", re.compile(r"多少钱|罚多少|多少万|多少(?:金额|租金|房租|工资|费用|罚款)|"
                                     r"多少(?:的)?(?:(?!比例)[^\s\W人户类项条企客家笔名位个]){0,3}(?:(?<!多少)款|费|金|额|价|钱|资|息|租)"
                                     r"(?![人户类项率期限融料外产品条利比])|"
                                     r"(?:金额|租金|房租|工资|收入|费用|价格|价值|罚款|投资额|保额)"
                                     r"(?:是|有|能|最高|最多|大概|一般)?(?:收|交|付|给|要|赔|罚)?多少")),
                # how far a figure moves (营收跌多少, 利率能降多少, 跌幅多少): a share or a sum of money, not the period
                # the rule gives for acting on it; 掉到多少 asks the figure it ends at and stays unclassed
                ("change", re.compile(r"(?:跌|降|下降|降低|下跌|下滑|下调|调低|减少|缩水|掉|涨|上涨|上调|调高|提高|上浮|下浮|"
                                      r"增长|增加|上升)(?:了|过)?(?:超过|达到|有|得)?多少|"
                                      r"[跌降涨增减浮]幅度?(?:是|为|有|要|得)?多少")),
                ("date", re.compile(r"几号|几点|哪天|哪一天")),
                # a deadline (最晚什么时候): a day, or a period a rule gives it as (放款后15日内, 到期前, 当日)
                ("when", re.compile(r"什么时候|啥时候|何时|最晚|最迟")),
                # a time limit (时限是多久, 多长时间内): a period or a moment answers it, how often does not
                ("limit", re.compile(r"时限|(?:多久|多长时间)(?:之内|以内|内)")),
                ("duration", re.compile(r"多久|多长时间|多长|期限")))
_LIMIT_AFTER = re.compile(r"\s*(?:之内|以内|内)")  # 几天内, 几个工作日以内: a limit


@dataclass(frozen=True)
class Word:
    """One content word of the question, measured against the corpus."""

    term: str
    forms: tuple[str, ...]  # surface forms the corpus has: variants, rule-word expansions, parts
    near: tuple[tuple[str, float], ...]  # stand-ins the corpus has (word, credit): semantic neighbours
    weight: float  # question weight × IDF
    known: bool  # some form occurs in the corpus
    thing: bool  # a specific word naming a thing (domain word or dictionary noun)
    specific: bool  # not a generic word (贷款, 管理 …)
    focus: float  # weight in the sentence check: things fully, predicates half, counts and adverbs 0
    amount: quantities.Quantity | None = None  # an amount the question states: found in a band holding it
    cover: tuple[str, ...] = ()  # the corpus has the word only as these parts (住房贷款 → 住房, 贷款), spelling it out

    def found(self, text: str, terms: QuestionTerms, soft: bool = True) -> float:
        """1 when a form is in the text, a part or rule-word expansion 0.7, a near word its credit, else 0;
        an amount is found in a band holding it (100万元至300万元 for 一百五十万), half in a band leaving it out;
        a word the corpus has only as parts needs all of them (3 of 4 for 0.7): 个人经营类贷款 holds 贷款, not
        住房贷款. Latin letters match in either case (the question's words are folded to lower case, CMS is not)."""
        if LATIN.search(self.term):
            text = text.lower()
        if self.cover:
            held = sum(p in text for p in self.cover) / len(self.cover)
            if held == 1.0 or self.term in text:
                return 1.0
            if held >= 0.75:
                return 0.7
            return max((credit for word, credit in self.near if word in text), default=0.0) if soft else 0.0
        if any(f in text for f in (self.term, *self.forms)):
            return 1.0
        if self.amount is not None:
            return quantities.fit(self.amount, text)
        exact = term_found(self.term, text, terms.expansions)  # a generic rule word (放贷 → 贷款) counts 0.7 here
        if exact < _PART_CREDIT and said_with_wei(self.term, text):
            return _PART_CREDIT
        if exact or not soft:
            return exact
        return max((credit for word, credit in self.near if word in text), default=0.0)


_PART_CREDIT = 0.7  # as much as a part of the word or a rule-word expansion


_WEI_HEADS = frozenset(row[0].strip()
                       for row in lexicon.read_table(Path(__file__).resolve().parent / "data" / "wei_verbs.txt"))


def said_with_wei(term: str, text: str) -> bool:
    """A verb of dividing or settling said by its second character with 为 (data/wei_verbs.txt: 划分 → 分为, 认定 →
    定为): 预警等级如何划分 is answered by 预警等级…分为一级、二级和三级. Not any verb (执行 is no 行为, 确认 no 认为)."""
    return len(term) == 2 and term[1] in _WEI_HEADS and word_tag(term).startswith("v") and term[1] + "为" in text


def _cover(term: str, parts: list[str]) -> tuple[str, ...]:
    """The parts that spell the word out without overlapping: 住房, 贷款 of 住房贷款 (not 房贷)."""
    out: list[str] = []
    end = 0
    for part in sorted(parts, key=lambda p: (term.find(p), -len(p))):
        at = term.find(part)
        if at >= end:
            out.append(part)
            end = at + len(part)
    return tuple(out)


@dataclass(frozen=True)
class QuestionAnalysis:
    question: str
    terms: QuestionTerms
    words: tuple[Word, ...]
    kind: str  # one of KINDS
    yes_no: bool
    unit_class: str = ""  # for quantity questions: the class of unit asked for (UNIT_CLASSES), "" if unsaid
    asked: Word | None = None  # the noun the question asks about (多少手续费, 什么材料, 押品比例是多少)
    choices: tuple[Word, ...] = ()  # the alternatives of a choice question (借款人还是本行承担: 借款人, 本行)
    asks_charge: bool = False  # asks who pays a charge or how much it is: only a sentence speaking of one answers
    # asks what follows for the officer (有啥后果, 要追责不, 会被问责吗): only a sentence speaking of a consequence answers
    asks_consequence: bool = False
    action: Word | None = None  # the act a who- or time-limit question asks about (谁来审批, 几天内要认定完)

    @property
    def specific(self) -> tuple[Word, ...]:
        return tuple(w for w in self.words if w.specific)

    @property
    def focus_total(self) -> float:
        return sum(w.focus for w in self.words)

    @property
    def key_terms(self) -> list[str]:
        return list(self.terms.key)

    def absent_things(self) -> float:
        """Share of the question's specific words that are nouns (dictionary or domain words) the corpus
        never has: 拨备, 差旅费 — but not the type a which-question asks for (什么级别: dev2 answerable refused
        5 → 4 %, no unanswerable lost). Counted per word: an unseen word has no corpus weight to go by."""
        specific = [w for w in self.words if w.specific and w.focus]
        kind = self.answer_type  # 算什么级别: the answer's type, no topic the corpus must have
        absent = sum(w.thing and not w.known and not w.near and w is not kind for w in specific)
        return absent / len(specific) if specific else 0.0

    @property
    def answer_type(self) -> Word | None:
        """The noun a which-question names as the type of its answer (算什么级别, 哪个部门): not its topic."""
        if self.asked is None:
            return None
        which = re.search(rf"(?:什么|啥|哪个|哪种|哪一?类)(?:的)?{re.escape(self.asked.term)}", self.question)
        return self.asked if which else None

    def pointing_at_old_version(self) -> "QuestionAnalysis":
        """The question with its words for an old version (旧版, 老版 of 旧版细则) read as pointing at the superseded
        book it names, not as a topic the evidence must hold: the book is at hand, its clauses answer."""
        words = tuple(replace(w, known=True, specific=False, focus=0.0) if OLD_VERSION.fullmatch(w.term) else w
                      for w in self.words)
        return replace(self, words=words) if words != self.words else self

    def unknown_share(self) -> float:
        """Share of the question's specific words, other than nouns, the corpus never has (spoken wording,
        segmentation guesses: 年假 split as 年/假 and joined again, 拿不到)."""
        specific = [w for w in self.words if w.specific and w.focus]
        return sum(not w.thing and not w.known and not w.near for w in specific) / len(specific) if specific else 0.0


word_tag = lexicon.word_tag


def in_dictionary(term: str) -> bool:
    return term in lexicon.domain_terms() or bool(lexicon.get_tokenizer().FREQ.get(term))


# a word in capitals or with a digit (LPR, EWS, IFRS, XGBoost, R2): officers borrow such names for systems, standards
# and measures, so one the corpus never has is a thing it does not treat. Plain lower-case words (这个case, check一下)
# are often spoken filler, and words in brackets gloss the Chinese before them (现场检查（on-site check）): neither counts.
# Dev: unanswerable refused +5 of 752, no answerable question lost; a corpus that has the name (CRM) still answers.
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_BRACKETED = re.compile(r"[（(][^（()）]*[)）]")


# everyday words in capitals (APP, PDF, OK): the medium or a reply, not a thing a rule book would treat
_EVERYDAY_LATIN = frozenset(row[0].lower() for row in lexicon.read_table(Path(__file__).resolve().parent / "data"
                                                                          / "everyday_latin.txt"))


def acronyms(question: str) -> set[str]:
    """The words with two capitals or a digit (LPR, XGBoost, R2, not Excel) a question uses outside brackets,
    folded to lower case as the index folds them (IFRS → ifrs); full-width letters (ＬＰＲ) as their plain forms,
    everyday ones (APP, PDF) left out."""
    words = _LATIN_WORD.findall(_BRACKETED.sub(" ", unicodedata.normalize("NFKC", question)))
    return {w.lower() for w in words if (sum(c.isupper() for c in w) >= 2 or any(c.isdigit() for c in w))
            and w.lower() not in _EVERYDAY_LATIN}


def names_a_thing(term: str) -> bool:
    """A domain word or a dictionary noun (网点, 手续费, 违约金), not a colloquial verb (放出去, 写明)."""
    return term in lexicon.domain_terms() or word_tag(term).startswith(_NOUN_TAGS)


def idf(df: int, n: int) -> float:
    return math.log1p((n - df + 0.5) / (df + 0.5))


# a cause is asked for: 为啥往下掉, 是啥原因, 因为啥被告的
_REASON_Q = re.compile(r"为啥|为什么|为何(?!种)|什么原因|啥原因|因为啥|因为什么|何故|咋回事|怎么回事|(?:咋|怎么)(?:会(?![计签同议谈商审])|又|老是|总是)|咋比(?!较)")
_DEFINITION_Q = re.compile(r"(?:如何|怎么|怎样|是怎么)定义|定义是|含义|什么意思|啥意思|指的?是什么|指什么|是指啥|什么叫|何谓|(?<!为)什么是"
                           # asked for by name: 关注类的定义说一下, 给我讲讲次级类的定义, 可疑类的概念是啥 (not 定义说明了,
                           # 定义给了几个条件, 树立风险概念)
                           r"|的(?:定义|概念)(?:说(?:一下|下|说)|讲(?:一下|下|讲)|解释|介绍|给我|是啥|是什么|呢|[？?。]?$)")


def _indefinite_ji(question: str) -> bool:
    """几 in a yes/no sentence is "a few", not a number asked: 给几个老板分红，行不行 asks whether. A sentence
    asking an amount by any other word (多少, 多久, 上限 …), or a part of its own (是几年？过了还能告吗？), still asks it."""
    asking = [c for c in re.split(r"[？?。！!；;]", question) if _QUANTITY_Q.search(c)]
    return bool(asking) and all(is_yes_no(c) and not _QUANTITY_Q.search(c.replace("几", "")) for c in asking)


# examples asked for (给我举几个, 举个例子, 列举一下): members of a list, not a count
_EXAMPLES_Q = re.compile(r"(?<![检选推枚抬])举(?:几个|两个|三个|个|些|一些)(?:例子|实例|例)?|(?<![检选推枚抬])举例|列举")


def question_kind(question: str) -> str:
    examples = bool(_EXAMPLES_Q.search(question))
    question = _EXAMPLES_Q.sub("，", question)
    if _ENTITY_Q.search(question):
        return "entity"
    if _WHO_Q.search(question):
        return "who"
    if _CATEGORY_Q.search(question):  # 最低放哪一档: a class is asked for, not a number
        return "category"
    if _DEFINITION_Q.search(question):  # 如何定义, 是什么意思: answered by the sentence that defines the word
        return "definition"
    # an amount noun (期限, 上限) is only the topic when the question asks for members (哪些) or a reason (为什么上限定得高)
    named_only = not _QUANTITY_Q.search(_QUANTITY_NOUN.sub("", question))
    if (_QUANTITY_Q.search(question) and not re.search(_MEMBERS_Q, question) and not _indefinite_ji(question)
            and not ((_WHICH_ITEMS.search(question) or _REASON_Q.search(question)) and named_only)):
        return "quantity"
    if _LIST_Q.search(question) or examples:  # 为什么要催收，有哪些步骤: the members are asked
        return "list"
    if _REASON_Q.search(question):
        return "reason"
    if is_yes_no(question):
        return "yes_no"
    return "open"


_ASK_BEFORE = "多少|几|什么|啥|哪些|哪个|哪种|哪类|哪几"
_ASK_AFTER = "是多少|是什么|有哪些|有啥|多少|几|怎么算|怎么收|如何|咋|怎么定|怎么确定|由谁|归谁|谁"


def asked_word(question: str, words: tuple[Word, ...]) -> Word | None:
    """The noun a question asks about: the one right after 多少/什么/哪些… or right before 是多少/有哪些/怎么算…, but
    not the base of a share asked (贷到评估值的几成 asks the share, which a rule gives as 抵押率)."""
    text = re.sub(r"\s+", "", question)
    for word in sorted((w for w in words if w.specific and w.thing), key=lambda w: -len(w.term)):
        term = re.escape(word.term)
        if (re.search(rf"(?:{_ASK_BEFORE})(?:的)?{term}|{term}(?:的)?(?:{_ASK_AFTER})", text)
                and not re.search(term + BASE_OF_SHARE, text)):
            return word
    return None


# who does it: the act a who-question asks the doer of, next to its cue (谁来审批, 由哪个部门认定, 报给谁, 找谁签字)
_WHO_CUE = re.compile(r"谁|哪个(?:部门|岗位|单位|机构|层级)|哪一(?:层|级)")
_ACTION_REACH = 4  # characters between the cue and the act (谁最后来审批, 要报给谁)
# acts any doer's rule states, which name no particular act (谁负责, 谁来管, 谁来办)
_ANY_ACT = frozenset(row[0] for row in lexicon.read_table(Path(__file__).resolve().parent / "data" / "any_acts.txt"))


# …and the act whose time limit a question asks (几天内要整改完: 整改; 多少天内移交: 移交)
_LIMIT_CUE = re.compile(r"(?:几|多少)(?:个)?(?:工作日|天|日|小时|周|个月|月)(?:之内|以内|内)|多长时间内|多久内")


def asked_action(question: str, words: tuple[Word, ...], cue_pattern: re.Pattern = _WHO_CUE) -> Word | None:
    """The act a who-question asks the doer of (谁来审批: 审批; 由哪个部门认定: 认定), or a time-limit question the limit
    of (几天内要整改完: 整改): a verb the corpus has just after the cue or, when the cue ends its clause, just before it."""
    text = re.sub(r"\s+", "", question)
    cue = cue_pattern.search(text)
    if cue is None:
        return None
    after = text[cue.end():cue.end() + _ACTION_REACH + 2]
    clause_end = not re.match(r"[\u4e00-\u9fff]", text[cue.end():cue.end() + 1] or "。")
    before = text[max(0, cue.start() - _ACTION_REACH - 2):cue.start()] if clause_end else ""
    # a verb or a verbal noun (审批, 催收, 重估), not the thing acted on (处置方案由谁审批, 几天内把材料报给…)
    acts = [w for w in words if w.known and w.specific and w.term not in _ANY_ACT and word_tag(w.term).startswith("v")]
    for place in (after, before):
        found = [(place.find(w.term), w) for w in acts if w.term in place]
        if found:
            return min(found, key=lambda f: f[0] if place is after else -f[0])[1]
    return None


# the base a share is asked of: 评估值的几成, 收入的百分之几, 余额的多大比例
BASE_OF_SHARE = r"的\s*(?:几成|百分之(?:几|多少)|多少比例|多大比例|几成比例|一半|几倍|多少倍)"


# a choice closes the question: "…由借款人还是银行承担？", "能口头提吗，还是必须书面？" (not 最后还是出了不良，…吗)
_CHOICE = re.compile(r"还是([^，,。；;：:？?！!]*)[？?！!]*$")
_CLAUSE = re.compile(r"[，,。；;：:？?！!]")
_CHOICE_GAP = 3
_LINKING_TAGS = ("d", "c", "p", "u")  # 必须, 或者, 由, 的: no alternative (本行, a pronoun, is one)


def choice_alternatives(question: str, words: tuple[Word, ...]) -> tuple[Word, ...]:
    """The two alternatives of a choice question: the last word before 还是 (in its clause, or in the clause
    before when 还是 opens one) and the first word after it; a word on both sides (由A承担还是由B承担: 承担)
    is the shared frame, not an alternative."""
    text = re.sub(r"\s+", "", question)
    match = _CHOICE.search(text)
    if not match:
        return ()
    clauses = [c for c in _CLAUSE.split(text[: match.start()]) if c]
    before, after = (clauses[-1] if clauses else ""), match.group(1)
    shared = {w.term for w in words if w.term in before and w.term in after}
    content = [w for w in words if w.term not in shared and not word_tag(w.term).startswith(_LINKING_TAGS)]
    # an alternative stands next to 还是, a verb (出, 承担) or 由 at most between: 费用是我们出还是 names no
    # alternative before 还是 (我们 is no content word), 费用 is the topic
    last = max(((before.rfind(w.term), w) for w in content if w.term in before), key=lambda p: p[0], default=None)
    first = min(((after.find(w.term), w) for w in content if w.term in after), key=lambda p: p[0], default=None)
    if last is None or first is None or len(before) - last[0] - len(last[1].term) > _CHOICE_GAP or first[0] > _CHOICE_GAP:
        return ()
    return (last[1], first[1])


# what follows a breach for whoever breached it (有啥后果, 要追责不, 扣不扣分); 罚息 is a loan's charge, not a penalty
# (the penalty-clause test, decision._ASKS_PENALTY, is wider: 违规, 违反 let a 罚则 chapter answer, they ask no consequence)
_CONSEQUENCE_Q = re.compile(r"后果|追责|问责|处分|担责|追究|罚(?!息)|扣(?:分|钱|绩效|工资|奖金)|(?:负|担|承担)(?:什么|啥)责任")


# a question asking in which cases (哪些情况可以免予追责, 什么情形下要问责) asks for the cases, not for what follows
_CASES_Q = re.compile(r"(?:哪些|什么|啥|哪种|哪几种|何种)(?:样的)?(?:情况|情形|条件|场景)")


_CONSEQUENCE_ASKED = re.compile(r"后果|(?:什么|啥|哪些)(?:责任|处分|处罚)|怎么(?:处理|处罚|追责)")


def asks_consequence(question: str) -> bool:
    """The question asks what follows for the officer (有啥后果, 要追责不); asking in which cases (哪些情况可以免予
    追责) it does not, unless it asks the consequence too (…的后果是什么，什么情况下可以免责)."""
    return bool(_CONSEQUENCE_Q.search(question)) and (not _CASES_Q.search(question)
                                                       or bool(_CONSEQUENCE_ASKED.search(question)))


def asks_charge(question: str) -> bool:
    """A sentence names a charge and, close to it, asks who pays it, whether or how much is charged (评估费谁来出,
    评估费，是银行掏还是客户掏, 要不要收手续费, 佣金比例怎么定)."""
    for sentence in _SENTENCE_END.split(question):
        for fee in CHARGE.finditer(sentence):
            if _CHARGE_ASKED.search(sentence[max(0, fee.start() - _CHARGE_REACH // 2):fee.end() + _CHARGE_REACH]):
                return True
    return False


def asked_unit_class(question: str) -> str:
    """The class of unit a quantity question asks for, by the first question of the message that asks one (by a unit
    or by its wording: 现场得多久跑一趟？报告要交几份 asks how often), and in it by its first 多少 or else its last 几:
    手上几户要交给新来的客户经理，交接得几天内弄完 asks days, 几户 being "a few" of them; 一户最多能贷多少万，期限最长几年
    asks the money first."""
    parts = re.findall(r"[^？?]+[？?]?", question)
    for index, part in enumerate(parts):
        # 差异达到多少时，…: 时 after 多少 is "when", not an hour (几时, 几点 still ask a time)
        matches = [m for m in _ASKED_UNIT.finditer(part) if not (m.group(1) == "时" and m.group(0).startswith("多少"))]
        if matches:
            # 多少 always asks (贷多少万，期限最长几年: the money); 几 may be "a few", so of several the last one asks
            found = next((m for m in matches if m.group(0).startswith("多少")), matches[-1])
            unit = found.group(1)
            name = next(name for name, units in UNIT_CLASSES.items() if unit in units.split("|"))
            if name == "duration" and _LIMIT_AFTER.match(part, found.end()):
                return "limit"
            # a count is of something: 多少户 is not answered by 一名 (count:户); 几个 counts anything
            return f"count:{unit}" if name == "count" and unit != "个" else name
        # a part before the last asks an amount by its wording only with a word asking one (检查频率有变化吗？ does not)
        last = index == len(parts) - 1
        if ((last or _ASKS_AMOUNT.search(part))
                and (name := next((name for name, pattern in _ASKED_CLASS if pattern.search(part)), ""))):
            return name
    return ""


_ASKS_AMOUNT = re.compile(r"多久|多少|多长|多大|几|何时|什么时候|啥时候|哪天|最晚|最迟")


def _frequency(form: str, stats: CorpusStats) -> int:
    """Document frequency of a form; a rule phrase the index splits (红灯 → 红色信号: 红色 + 信号) counts by its
    rarest part when every part is in the corpus (found() then looks for the whole phrase in the text)."""
    df = stats.document_frequency(form)
    if df or len(form) < 4:
        return df
    parts = _parts(form)
    return min((stats.document_frequency(p) for p in parts), default=0) if parts else 0


_MEND_REACH = 2  # characters on each side of a miscut word where the corpus word it belongs to may end


def _mended_cut(term: str, question: str, stats: CorpusStats, taken: set[int]) -> str:
    """The corpus word a word neither the corpus nor the dictionary knows was cut out of: the segmenter joined a
    character of the word before or after to it (去办续登 → 办续/登, where the rules say 办理续登). The longest
    string of two to four characters around it that overlaps it, reaches past it into characters no known word of
    the question holds (`taken`: 营运资金量里 keeps 营运资金 whole), has no function character (是不, 的话) and stands
    in the corpus's text; "" when none does."""
    at = question.find(term)
    if at < 0:
        return ""
    start, end = max(0, at - _MEND_REACH), min(len(question), at + len(term) + _MEND_REACH)
    found = []
    for i in range(start, end):
        for j in range(i + 2, min(i + 4, end) + 1):
            piece = question[i:j]
            outside = [k for k in range(i, j) if not at <= k < at + len(term)]
            inside = j - i - len(outside)
            if (inside and outside and inside < len(term) and not taken.intersection(outside)
                    and re.fullmatch(r"[\u4e00-\u9fff]+", piece) and not any(lexicon.is_function_word(c) for c in piece)
                    and stats.text_frequency(piece)):
                found.append(piece)
    # equal pieces: the one reaching past the word's end (办续|登 → 续登, not 去|办续 → 去办), where a segmenter's
    # dictionary more often takes the head of the next word
    return max(found, key=lambda piece: (len(piece), stats.text_frequency(piece), question.find(piece)), default="")


def _known_characters(question: str, terms: QuestionTerms, stats: CorpusStats) -> set[int]:
    """Positions of the question's characters inside a word the corpus has."""
    taken: set[int] = set()
    for term in terms.key:
        if stats.document_frequency(term) or stats.text_frequency(term):
            for match in re.finditer(re.escape(term), question):
                taken.update(range(match.start(), match.end()))
    return taken


def analyse(question: str, stats: CorpusStats, config: AnsweringConfig = DEFAULT) -> QuestionAnalysis:
    from assistant.knowledge.retriever import short_name_words  # the retriever's table; its module loads the index
    terms = question_terms(_EXAMPLES_Q.sub("，", question))  # 举几个例子 asks for members: 例子 is no topic
    plain = plain_question(lexicon.normalize(question))
    taken: set[int] | None = None  # characters of the question in words the corpus has, read when first needed
    n = max(stats.n_chunks, 1)
    # longer words that stand for their parts: the question's own words, not synonym phrases (算不良) nor
    # phrases holding a question word (逾期多少天)
    carriers = [o for o, w in terms.key.items() if w >= 1.0 and o not in GENERIC and not _QUESTION_WORD.search(o)]
    words = []
    named = mentioned_articles(question)
    borrowed = acronyms(question)
    kind = question_kind(question)
    for term, weight in terms.key.items():
        if _QUESTION_WORD.search(term) or any(term != o and term in o for o in carriers):
            continue  # question words, and words a longer word of the question already carries
        if term in named:  # the clause the question names is found in its own chunks' heading, rare as a word
            words.append(Word(term, (term,), (), weight * idf(1, n), True, False, True,
                              weight * idf(1, n) ** config.focus_idf_power * config.predicate_share))
            continue
        forms = tuple([f for f in variants(term) if stats.document_frequency(f)]
                      + [f for f in terms.expansions.get(term, ())
                         if _frequency(f, stats) and (f not in GENERIC or term in GENERIC)])
        cover: tuple[str, ...] = ()
        if not forms and len(term) >= 3:
            parts = _parts(term)
            if parts and all(stats.document_frequency(p) for p in parts):
                forms, cover = tuple(parts), _cover(term, parts)
        in_text = stats.text_frequency(term) if not forms else 0  # 约谈: split differently in the index
        if not forms and not in_text and config.abbreviations:
            forms = tuple(stats.full_forms(term))  # 实控人 → 实际控制人: an abbreviation of a corpus word
        if not forms and not in_text and not in_dictionary(term):
            taken = _known_characters(plain, terms, stats) if taken is None else taken
            if (mended := _mended_cut(term, plain, stats, taken)) and all(w.term != mended for w in words):
                term, in_text = mended, stats.text_frequency(mended)  # 去办续登: 办续 is a miscut of 续登
        if forms:
            value = idf(min(_frequency(f, stats) for f in forms), n)
        elif in_text:
            forms, value = (term,), idf(in_text, n)
        else:
            guess = 1.0 if in_dictionary(term) else config.guess_share
            value = guess * config.unknown_share * idf(0, n)
        specific = weight >= 1.0
        # 项目贷 names a loan; LPR a rate
        thing = specific and (names_a_thing(term) or term in short_name_words() or term in borrowed)
        near = ()
        if specific and config.soft_matching:
            near = tuple((nb.word, config.soft_credit * nb.similarity)
                         for nb in stats.near_words(term, config.soft_threshold, config.soft_neighbours)
                         if nb.word not in forms and nb.word != term)
        if (_COUNTED.match(term) or word_tag(term).startswith(_COLOUR_TAGS) or term in _LOCALITY
                or term in QUANTITY_CUES or (term in _LIMIT_CUES and kind == "quantity")):
            focus = 0.0  # counts, adverbs and the cues of the asked kind (以上, 至少) say what kind, not what topic
        else:
            focus = weight * value ** config.focus_idf_power * (1.0 if thing else config.predicate_share)
        words.append(Word(term, forms, near, weight * value, bool(forms), thing, specific, focus, cover=cover))
    for quantity in quantities.question_quantities(lexicon.normalize(question)):
        # the officer's own figure (授信1500万, 逾期二十来天): a condition of the rule's band, weighed like a mid-rare word
        weight = idf(max(1, n // 10), n)
        words = [w for w in words if w.term not in quantity.text and quantity.text not in w.term]
        words.append(Word(quantity.text, (), (), weight, True, False, True, weight ** config.focus_idf_power, quantity))
    unit = asked_unit_class(question) if kind == "quantity" else ""
    action = (asked_action(plain, tuple(words)) if kind == "who"
              else asked_action(plain, tuple(words), _LIMIT_CUE) if unit in ("limit", "duration") else None)
    return QuestionAnalysis(question, terms, tuple(words), kind, is_yes_no(question), unit, asked_word(plain, tuple(words)),
                            choice_alternatives(plain, tuple(words)), asks_charge(plain), asks_consequence(plain), action)


def with_context(own: QuestionAnalysis, context: QuestionAnalysis, share: float) -> QuestionAnalysis:
    """A part of a question read with the part before it: the words only `context` (the two parts together)
    has join at `share` of their weight and focus; the kind of fact asked stays the part's own."""
    mine = {w.term for w in own.words}
    lent = tuple(replace(w, weight=w.weight * share, focus=w.focus * share)
                 for w in context.words if w.term not in mine)
    return replace(own, terms=context.terms, words=own.words + lent)
