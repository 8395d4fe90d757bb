"""Finds the testable facts of a clause: numbers and thresholds, frequencies, categories, payment modes, roles, terms."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from assistant.quiz.clauses import Clause, Statement
from assistant.knowledge.chunking import cn_to_int

CN_NUM = r"[0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九十百千万零〇]+"
UNITS = r"个工作日|工作日|个还款期|个月|小时|万元|亿元|天|日|年(?!度)|%|倍|类"
PRE = r"不超过|超过|不得低于|不低于|不少于|低于|高于|至少|最迟应于|最迟|达到|满"
NUMBER_RE = re.compile(rf"(?P<pre>{PRE})?(?P<num>{CN_NUM})(?P<unit>{UNITS})(?P<post>以上|以内|以下|内|及以上)?")
PERCENT_RE = re.compile(rf"(?P<pre>{PRE})?百分之(?P<num>[一二三四五六七八九十百]+)")
FREQUENCY_RE = re.compile(r"每(?:个)?(?:季度|半年|月|年)(?![初末底度])(?:至少)?(?:[一两二三四]次)?|按(?:季度|季|月|年|半年)")
CATEGORY_RE = re.compile(r"(?:正常|关注|次级|可疑|损失)类")
PAYMENT_RE = re.compile(r"贷款人受托支付|借款人自主支付|受托支付|自主支付")
TERM_RE = re.compile(r"^(?:本办法所称)?(?P<term>[\u4e00-\u9fff“”]{2,14}?)(?:（[^）]*）)?，?是指")
ROLES = ("借款人交易对象", "保证人", "项目发起人", "总行", "董事会", "高级管理层", "监事会")
ROLE_RE = re.compile("|".join(ROLES))
DATE_CONTEXT = re.compile(r"[0-9]{4}年|[0-9]{1,2}月[0-9]{1,2}日")
PRINCIPLE_RE = re.compile(r"(?:真实性|及时性|审慎性|独立性)原则")
CONTRASTS = {"上调": "下调", "下调": "上调", "从低": "从高", "书面": "口头", "事前": "事后", "事后": "事前",
             "发放前": "发放后", "本金分期偿还": "本金到期一次性偿还", "全部": "部分", "当面": "委托他人",
             "定期": "不定期"}
CONTRAST_RE = re.compile("|".join(sorted(CONTRASTS, key=len, reverse=True)))
# A ban read as a permission, or a permission read as a duty, is plainly false; a duty read as a permission
# ("应当" → "可以") is not (who must, may), so that flip is never made.
MODAL_FLIPS = {"不得": "可以", "可以": "应当"}
MODAL_RE = re.compile(rf"不得(?!(?:超过|低于|少于|高于)(?:{CN_NUM}))|可以(?!不|参照|根据需要|在必要时|视情况)")
PRODUCTS = re.compile(r"(?:固定资产|流动资金|个人)贷款")  # parallel rules of the three loan regulations
FULL_DATE = re.compile(r"[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日")
DANGLING_START = re.compile(rf"^(?:{CN_NUM})|^(?:前款|上述|其中|该|此|但|同时)")
STRICTER_WHEN_HIGHER = ("不得低于", "不低于", "不少于", "至少", "及以上")


@dataclass(frozen=True)
class Fact:
    """One fact of a statement: text[start:end] of the statement, of a kind that distractors can replace."""

    kind: str  # number | frequency | category | payment | role | term | principle | contrast | modal
    value: str  # the surface text, e.g. "90天", "每季度", "次级类"
    start: int
    end: int
    statement: Statement
    clause_key: str
    unit: str = ""  # numbers: 天, 工作日, %, 万元…
    number: float | None = None
    numeral: str = ""  # numbers: the digits as written ("90", "五")
    prefix: str = ""  # numbers: text before the digits inside the value ("百分之")
    suffix: str = ""  # numbers: text after the digits inside the value ("个工作日")
    stricter: str = "lower"  # which replacement makes the statement false for sure: lower | higher | any | none

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """Same statement, kind and value = same fact (never tested twice in one quiz)."""
        return (self.clause_key, str(self.statement.index), self.kind, self.value)

    @property
    def wording(self) -> str:
        """Same statement wording around the same value = same fact, even in another document."""
        masked = PRODUCTS.sub("贷款", self.statement.render(self.start, self.end, "□"))
        return hashlib.sha1(f"{self.kind}|{self.value}|{masked}".encode()).hexdigest()[:16]


def extract_facts(clause: Clause) -> list[Fact]:
    """All facts of a clause, in reading order; overlapping matches keep the first, longer one."""
    facts: list[Fact] = []
    for statement in clause.statements:
        if DANGLING_START.match(statement.text):
            continue  # "6个月后，…", "前款所称…": meaningless without the sentence before
        if FULL_DATE.search(statement.text):
            continue  # transitional arrangements ("2025年12月31日前…") are not worth training on
        taken: list[tuple[int, int]] = []
        for finder in (_numbers, _frequencies, _pattern_facts, _roles, _terms, _flips):
            for fact in finder(statement, clause.key):
                if all(fact.end <= a or fact.start >= b for a, b in taken):
                    taken.append((fact.start, fact.end))
                    facts.append(fact)
    return facts


def _numbers(statement: Statement, key: str) -> list[Fact]:
    text, found = statement.text, []
    for regex, unit_of in ((NUMBER_RE, lambda m: m.group("unit")), (PERCENT_RE, lambda m: "%")):
        for match in regex.finditer(text):
            value = _parse_number(match.group("num"))
            if value is None or _is_date(text, match.start("num"), match.end()) or \
                    text[max(0, match.start() - 1):match.start()] == "第":
                continue
            percent = regex is PERCENT_RE
            unit = unit_of(match).replace("个工作日", "工作日")
            start = match.start("num") - (3 if percent else 0)
            end = match.end("num") if percent else match.end("unit")
            stricter = _stricter(text, match, end)
            found.append(Fact("number", text[start:end], start, end, statement, key, unit=unit, number=float(value),
                              stricter=stricter, numeral=match.group("num"), prefix="百分之" if percent else "",
                              suffix="" if percent else match.group("unit")))
    return found


def _stricter(text: str, match: re.Match, end: int) -> str:
    """Which way a changed number makes the statement false for sure.

    A requirement "不低于/至少 X" is broken by a higher X; a limit "不超过 X" or a trigger "超过 X 的，应…" by a
    lower X; a permission condition "不超过 X 的，可以…" by a higher X (a lower one is still permitted).
    """
    pre, post = match.group("pre") or "", match.group("post") or ""
    before = text[max(0, match.start("num") - 7):match.start("num")]
    if pre in STRICTER_WHEN_HIGHER or post in STRICTER_WHEN_HIGHER or re.search("至少|不低于|不少于", before):
        return "higher"
    upper_bound = pre in ("不超过", "低于") or post in ("以下", "以内", "内")
    tail = text[end:end + 10].split("，")[0]
    if not (upper_bound and "的" in tail):
        return "lower"
    # "X以内的…": a permission is broken by a higher X; a duty or ban may be implied either way by the
    # clause's other sentences ("一年以内的…" next to "超过一年的…"), so no safe false version exists
    return "higher" if re.search("可以|可|无需|不再|简化", text[end:]) else "none"


def _parse_number(text: str) -> float | None:
    try:
        return float(text) if text[0].isdigit() else float(cn_to_int(text))
    except ValueError:  # 万 inside the numeral, or not a numeral at all
        return None


def _is_date(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - 5):end + 4]
    return bool(DATE_CONTEXT.search(window)) and ("年" in text[start:end] or "月" in window or "日" in window)


def _frequencies(statement: Statement, key: str) -> list[Fact]:
    text = statement.text
    return [Fact("frequency", m.group(0), m.start(), m.end(), statement, key,
                 stricter="higher" if re.search("至少|不低于", text[max(0, m.start() - 4):m.end()]) else "any")
            for m in FREQUENCY_RE.finditer(text)]


def _pattern_facts(statement: Statement, key: str) -> list[Fact]:
    text, found = statement.text, []
    for kind, regex in (("category", CATEGORY_RE), ("payment", PAYMENT_RE), ("principle", PRINCIPLE_RE)):
        for m in regex.finditer(text):
            if text[max(0, m.start() - 2):m.start()] == "规避":
                continue
            if kind == "principle" and (m.start() > 0 or text[m.end():m.end() + 1] != "："):
                continue  # only "审慎性原则：…" asks which principle a description is; elsewhere all four fit
            stricter = "higher" if "至少" in text[max(0, m.start() - 4):m.start()] else "any"
            found.append(Fact(kind, m.group(0), m.start(), m.end(), statement, key, stricter=stricter))
    return found


def _roles(statement: Statement, key: str) -> list[Fact]:
    """Roles other than 贷款人/借款人 (the parties of nearly every clause are not worth asking) in a duty."""
    text = statement.text
    if not re.search(r"应|不得|须", text):
        return []
    return [Fact("role", m.group(0), m.start(), m.end(), statement, key, stricter="any")
            for m in ROLE_RE.finditer(text) if m.start() == 0 or text[m.start() - 1] not in "、和与及或"]


def _terms(statement: Statement, key: str) -> list[Fact]:
    match = TERM_RE.match(statement.text)
    if not match or statement.is_item:
        return []
    term = match.group("term").strip("“”")
    start = statement.text.index(term)
    return [Fact("term", term, start, start + len(term), statement, key, stricter="any")]


def _flips(statement: Statement, key: str) -> list[Fact]:
    """Words whose opposite makes the statement plainly false (不得 → 可以, 上调 → 下调, 书面 → 口头)."""
    text, found = statement.text, []
    for kind, regex in (("contrast", CONTRAST_RE), ("modal", MODAL_RE)):
        for m in regex.finditer(text):
            if text.rfind("（", 0, m.start()) > text.rfind("）", 0, m.start()):
                continue  # inside a parenthesis: an aside, not the rule
            value = m.group(0)
            found.append(Fact(kind, value, m.start(), m.end(), statement, key, stricter="any"))
    return found
