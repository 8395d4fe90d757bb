"""Finds the 章/节/条 and heading structure of Chinese rule texts, including scraped text run together."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.knowledge.sentences import FAQ_ANSWER, FAQ_QUESTION, RULE_WORDS
from assistant.numerals import parse_cn

NUM = r"[零〇一二两三四五六七八九十百千0-9]+"
ARTICLE_RE = re.compile(rf"^第({NUM})条(?![例件款])")
CHAPTER_RE = re.compile(rf"^第({NUM})章[\s　]*(.*)$")
# a book in 部分 (第二部分 职责分工), 编 or 篇 instead of 章: the same level, its title a short one of nouns (第二部分内容包括…
# and 第二部分所列情形应当上报 are sentences)
PART_RE = re.compile(rf"^第({NUM})(部分|编|篇)([\s　]*)(.*)$")
# a title glued to its label (a PDF drops the space: 第一部分总则) that reads as a sentence is none
_GLUED_SENTENCE = re.compile(RULE_WORDS + r"|所列|所述|包括|是指|内容|如下|以下|由.{0,6}负责")
JIE_RE = re.compile(rf"^第({NUM})节[\s　]*(.*)$")
MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
TOP_ITEM_RE = re.compile(r"^[一二三四五六七八九十]{1,3}、")
SUB_ITEM_RE = re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]")
TAIL_RE = re.compile(r"^(附件|附表|附录|附[：:]\s*$)")
# a question of a question-and-answer section (问：…？, 问3：…, 3.问：…, Q：…): with its 答 it is one citable unit
QA_RE = re.compile(FAQ_QUESTION + r"\s*(\S.*)$")
_ANSWER_IN_LINE = re.compile(FAQ_ANSWER)
RULE_BOOK_SUFFIX = r"(?:办法|规则|细则|制度|规定|条例|指引|规程)(?:[（(](?:试行|征求意见稿|修订稿?)[)）])?"
RULE_BOOK_TITLE_RE = re.compile(rf"^[^，。,；;：:！？!?]{{2,40}}{RULE_BOOK_SUFFIX}$")
SENTENCE_END = "。！？；!?;"

# Rule books numbered the decimal way (no 第X条): "1 总则" heads a part, "3.1 检查频率" a sub-part, and
# "3.1.1 正常类贷款每季度至少检查1次。" is a citable clause labelled 3.1.1. A number glued to its text (a PDF's
# text layer drops the space) still counts, but not an amount (1.5倍, 2.5%).
_NOT_UNIT = r"(?![\s　]*[\d.%％倍万亿元个年月日天周季次户家笔人名项期级类]|[\s　]*[-－~～至、)）．])"
DECIMAL_CLAUSE_RE = re.compile(rf"^(\d{{1,2}}(?:\.\d{{1,2}}){{1,3}}){_NOT_UNIT}[\s　]*(\S.*)$")
# a part's title starts with a Chinese character and has no space inside (a table row "1正常类 每季度一次"
# does), unless it is spaced out character by character (1 总 则)
DECIMAL_PART_RE = re.compile(rf"^(\d{{1,2}}){_NOT_UNIT}[\s　]*([\u4e00-\u9fff](?:[^\s　]{{0,19}}|(?:[\s　][\u4e00-\u9fff]){{1,3}}))$")

# Scraped pages run a rule book's title, its 第一章 and its 第一条 together on one line.
_TITLE_THEN_BODY = re.compile(
    rf"^([^，。,；;：:\n]{{2,40}}?{RULE_BOOK_SUFFIX})(?=第[一1](?:章|部分|编|篇)|一、|为了|为规范|为加强|为进一步)", re.M
)
_CHAPTER_THEN_ARTICLE = re.compile(rf"^(第{NUM}章[^\W\d_][\w　 ]{{0,20}}?)(?=第{NUM}条)", re.M)
_LONG_TITLE_THEN_ITEMS = re.compile(r"^([^，。,；;：:\n]{2,24}?(?:流程|要求|要点|措施))(?=一、)", re.M)
# A PDF's text layer runs a rule's title into its document number (临澄银行风险预警管理细则临银发〔2025〕23号): the
# title is a line of its own, as a compilation of rules (制度汇编) sets each of its rules
ISSUE_NUMBER = r"[〔\[［(（][0-9０-９]{4}[〕\]］)）][0-9０-９]{1,4}号"  # the year and number of a 文号: 〔2025〕23号
DOC_NUMBER = r"[\u4e00-\u9fff]{1,8}" + ISSUE_NUMBER  # with its issuer's code: 临银发〔2025〕23号, 银保监规〔2023〕1号
_TITLE_THEN_NUMBER = re.compile(
    rf"^((?:(?!关于)[^，。,；;：:\n]){{2,40}}(?:{RULE_BOOK_SUFFIX}|汇编|选编))(?={DOC_NUMBER}$)", re.M
)


def repair_run_together(text: str) -> str:
    """Put rule-book titles, chapter headings and first articles that scraping glued together on own lines."""
    text = _TITLE_THEN_BODY.sub(r"\1\n", text)
    text = _LONG_TITLE_THEN_ITEMS.sub(r"\1\n", text)
    text = _TITLE_THEN_NUMBER.sub(r"\1\n", text)
    return _CHAPTER_THEN_ARTICLE.sub(r"\1\n", text)


def count_articles(text: str) -> int:
    return sum(1 for line in text.splitlines() if ARTICLE_RE.match(line.strip()))


def count_decimal_clauses(text: str, titles: bool = False) -> int:
    """Lines opening a decimal-numbered clause with text (3.1.1 正常类贷款…), not a sub-part title; with `titles`,
    the numbered titles too (4.1.1 检查时限, set as a Word heading or not), of a book whose numbers head its sections:
    then only when at least two part headings (2 术语和定义, 3 职责分工) stand among them, so a numbered table
    (1.1资产负债率10分) in a prose guide makes no decimal book."""
    lines = [re.sub(r"^#{1,6}\s+", "", line.strip()) for line in text.splitlines()]
    if titles and sum(1 for line in lines if DECIMAL_PART_RE.match(line)) < 2:
        return 0
    return sum(1 for line in lines if (m := DECIMAL_CLAUSE_RE.match(line)) and (titles or not is_short_title(m.group(2))))


def _item_number(line: str) -> int:
    """The number of a （一） item, -9 for any other line."""
    item = SUB_ITEM_RE.match(line)
    return (parse_cn(item.group(1)) or -9) if item else -9


def part_heading(line: str) -> re.Match | None:
    """A 第X部分 / 第X编 / 第X篇 heading with a short title or none."""
    part = PART_RE.match(line)
    if not part:
        return None
    title = re.sub(r"[\s　]+", "", part.group(4))
    if not title:
        return part
    spaced = bool(part.group(3))  # 第二部分 贷款的发放与支付: a title after a space is trusted
    return part if is_short_title(title) and (spaced or not _GLUED_SENTENCE.search(title)) else None


def chapter_label(line: str) -> str | None:
    """The chapter a 第X章 line (or a 第X部分 / 编 / 篇 heading) opens, as chunks name it: 第二章　风险分类."""
    if chapter := CHAPTER_RE.match(line):
        number, kind, title = chapter.group(1), "章", chapter.group(2)
    elif part := part_heading(line):
        number, kind, title = part.group(1), part.group(2), part.group(4)
    else:
        return None
    title = re.sub(r"[\s　]+", "", title)
    return f"第{number}{kind}　{title}".rstrip("　")


def _prose_part(line: str) -> str | None:
    """A 第X部分 / 第X章 heading line of a book with no 第X条, its title short (第四章则对风险预警作出规定… is a sentence)."""
    chapter = CHAPTER_RE.match(line)
    title = re.sub(r"[\s　]+", "", chapter.group(2)) if chapter else ""
    if title and not is_short_title(title):
        return None
    return chapter_label(line)


# an annex heading of a book with no 第X条 (附件1　风险预警信号分级及处置标准, 附件2：…清单, 附录A): a part of the book.
# Glued to its number (a PDF: 附件1公司客户…细则), the title must end as an annex's does; not the list of annexes in a
# notice's body (附件：1.…细则), nor a sentence (附件1所列材料由客户经理收集, 附件二至附件四, 附件一览表, 附件2-1)
_ANNEX_RE = re.compile(r"^(附件|附录|附表)[\s　]*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}|[A-Z])(?![0-9０-９.．、\-－—览至])"
                       r"([\s　：:]*)(.*)$")
_ANNEX_TITLE_END = re.compile(r"(?:细则|办法|规定|制度|指引|规程|手册|方案|标准|清单|要素|要求|目录|流程|说明|表|单|书|"
                              r"模板|格式|样本|范本|文本)$")


def _annex_heading(line: str) -> str | None:
    annex = _ANNEX_RE.match(line)
    if not annex:
        return None
    title = re.sub(r"[\s　]+", "", annex.group(4))
    if title and not (is_short_title(title) and (annex.group(3) or _ANNEX_TITLE_END.search(title))):
        return None
    return f"{annex.group(1)}{annex.group(2)}　{title}".rstrip("　")


def has_chapters(text: str) -> bool:
    return any(chapter_label(_strip_md(line.strip())) for line in text.splitlines())


def _strip_md(line: str) -> str:
    match = MD_HEADING_RE.match(line)
    return match.group(2) if match else line


_LABEL_END = re.compile(r"[，。,；;：:！？!?]|(?<=.)(?:\d+[.、．]|[（(][\d一二三四五六七八九十]+[）)])")
_OPENS_BOOK = re.compile(rf"^(?:一、|第[一1](?:章|部分|编|篇)|第[一1]条|为了|为规范|为加强|为进一步)")


def heading_label(line: str, limit: int = 24) -> str:
    """The heading part of a line that may run on into body text (scraped '一、总则为了规范…')."""
    cut = _LABEL_END.search(line, 2)
    head = line[: cut.start()] if cut else line
    return head[:limit].strip()


# a rule book's issuing note ((2024年修订), …部　2024年6月印发, …编印　二〇二四年三月修订, …发〔2024〕52号) heads nothing: as a section it
# would be indexed with every article of the book. A title holding a year (2020年贷后管理工作要点) is still one.
_YEAR = r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年"  # 2024年 or 二〇二四年
_ISSUING_NOTE = re.compile(rf"^[（(][^（）()]*{_YEAR}[^（）()]*[）)]$|{_YEAR}.*(?:印发|发布|颁布|下发|修订|施行|编印|印制)[）)]?$|"
                           r"[〔［\[]\s*\d{4}\s*[〕］\]]\s*\d+\s*号")


def is_short_title(line: str) -> bool:
    return (2 <= len(line) <= 30 and not re.search(r"[，。,；;：:！？!?=+×/%<>|]", line) and not line[-1].isdigit()
            and not _ISSUING_NOTE.search(line))


@dataclass
class Unit:
    """A run of lines that becomes one or more chunks: one 条, or the body under one heading."""

    kind: str  # "article" | "prose"
    article: str = ""
    chapter: str = ""
    section: str = ""
    lines: list[str] = field(default_factory=list)
    heading_only: int = 0  # leading lines that are headings (a prose unit with nothing else is carried on)
    level: int = 99  # level of the heading that opened this unit
    alone: bool = False  # a question with its answer (问：… 答：…): a unit of its own, never merged with a neighbour

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class StructureParser:
    """Walks lines once, tracking chapter, 节 and heading path, and cuts them into Units."""

    def __init__(self, doc_title: str, with_articles: bool, decimal: bool = False) -> None:
        self.doc_title = doc_title
        self.with_articles = with_articles or decimal
        self.decimal = decimal  # clauses numbered 1.1, 3.1.1 instead of 第X条
        self.part = 0  # the decimal part in force (3 under "3 常规检查")
        self.clause_part = 0  # the part the last decimal clause was numbered in (1 for 1.5)
        self.following = ""
        self.units: list[Unit] = []
        self.chapter = ""
        self.chapter_set = False  # the chapter in force came from a 第X章 / 第X部分 / decimal part heading
        self.headings: list[tuple[int, str]] = []
        self.current: Unit | None = None
        self.pending: list[str] = []
        self.pending_level = 99
        self.pending_section = ""
        self.last_heading = ""

    def parse(self, text: str) -> list[Unit]:
        lines = [line.strip() for line in text.splitlines()]
        self.isolated_titles = not any(MD_HEADING_RE.match(line) for line in lines)
        for index, line in enumerate(lines):
            if line:
                following = next((nxt for nxt in lines[index + 1 :] if nxt), "")
                isolated = index == 0 or not lines[index - 1] or index + 1 >= len(lines) or not lines[index + 1]
                self.following = following
                self._feed(line, isolated, bool(_OPENS_BOOK.match(following)))
        return self.finish()

    @property
    def section(self) -> str:
        return " > ".join(text for _, text in self.headings)

    def _feed(self, line: str, isolated: bool, opens_book: bool) -> None:
        if line == self.last_heading:
            return  # scraped pages repeat a title right under itself
        self.last_heading = ""
        md = MD_HEADING_RE.match(line)
        bare = md.group(2).strip() if md else line
        in_article = self.current is not None and self.current.kind == "article"
        if self.with_articles and self._rule_structure(bare, is_markdown=bool(md)):
            return
        if md and (qa := QA_RE.match(bare)):
            self._question(qa, bare)  # ## 问2：谁是第一责任人？ — a question set as a heading, like a 问： line
        elif md:
            self._heading(len(md.group(1)), bare, None)
        elif self.with_articles and (RULE_BOOK_TITLE_RE.match(line) or (opens_book and is_short_title(line))):
            self._heading(2, line, line)
        elif self.with_articles and TAIL_RE.match(line):
            self._heading(2, heading_label(line), line)
        elif not self.with_articles and (part := _prose_part(bare) or _annex_heading(bare)):
            self._heading(1, part, line)  # 第一部分 适用范围, 附件2 …标准: a part of a prose book, blank lines around it or not
        elif TOP_ITEM_RE.match(line):
            self._heading(8, heading_label(line), line)
        elif not in_article and (qa := QA_RE.match(line)):
            self._question(qa, line)
        elif self._answer_goes_on(line):
            self._body(line)  # （一）… of a list inside an answer: still that answer
        elif not in_article and SUB_ITEM_RE.match(line):
            self._heading(9, heading_label(line), line)
        elif not in_article and isolated and self.isolated_titles and is_short_title(line):
            self._heading(2, line, line)
        else:
            self._body(line)

    def _question(self, qa: re.Match, line: str) -> None:
        """A 问 line heads its answer, a unit of its own (问：…？答：… on one line: the question alone is the heading)."""
        self._heading(10, _ANSWER_IN_LINE.split(qa.group(1))[0].strip()[:40], line)
        self.current.alone = True

    def _answer_goes_on(self, line: str) -> bool:
        """A （一） line inside a 问/答 pair's answer: after the answer's "…如下：", itself a clause (ends with 。；，), or
        the next number after an item of the answer (（二） after （一）)."""
        unit = self.current
        if unit is None or not unit.alone or not SUB_ITEM_RE.match(line):
            return False
        last = unit.lines[-1].rstrip()
        return last.endswith(("：", ":")) or bool(re.search(r"[。；;，,]$", line)) or _item_number(last) + 1 == _item_number(line)

    def _rule_structure(self, bare: str, *, is_markdown: bool) -> bool:
        """Handle a 第X章 / 第X节 heading or the start of a 第X条; False for any other line."""
        if chapter := chapter_label(bare):
            self._flush()
            if not CHAPTER_RE.match(bare):
                self.pending = []  # a part's heading line is no title of the articles under it
            self.chapter, self.chapter_set = chapter, True
            self._drop_headings(level=7)
        elif jie := JIE_RE.match(bare):
            self._flush()
            self._drop_headings(7)
            self.headings.append((7, f"第{jie.group(1)}节　{jie.group(2).strip()}".rstrip("　")))
        elif not is_markdown and (article := ARTICLE_RE.match(bare)):
            self._flush()
            self.pending = []  # a title right before an article lives on in the article's section
            self.current = Unit("article", f"第{article.group(1)}条", self.chapter, self.section, [bare])
        elif self.decimal:
            return self._decimal_structure(bare)
        else:
            return False
        return True

    def _decimal_structure(self, bare: str) -> bool:
        """A decimal-numbered part (1 总则), sub-part (3.1 检查频率) or clause (3.1.1 …). Parts come in order
        (the next part's number, so a list item 1、 or a table row numbered 1 is none), and a clause belongs
        to the part in force (3.2 under part 3, so a date 6.30 or an amount is none)."""
        part = DECIMAL_PART_RE.match(bare)
        # the next part: after the part in force, or after the part the last clause was numbered in (a PDF may glue
        # "1总则" to the line above it, and 1.1 … 1.5 still come first)
        if part and int(part.group(1)) in (self.part + 1, self.clause_part + 1) and int(part.group(1)) > self.part:
            self._flush()
            self.pending = []
            self.part = int(part.group(1))
            title = re.sub(r"[\s　]+", "", part.group(2))
            self.chapter, self.chapter_set = f"{part.group(1)}　{title}", True
            self._drop_headings(level=0)  # a part heads the book's top level: no heading before it (修订记录) goes on
            return True
        clause = DECIMAL_CLAUSE_RE.match(bare)
        if not clause or (self.part and clause.group(1).split(".")[0] != str(self.part)):
            return False
        label, rest = clause.group(1), clause.group(2).strip()
        self.clause_part = int(label.split(".")[0])
        depth = label.count(".")
        self._flush()
        self.pending = []
        self._drop_headings(6 + depth)  # 3.2 closes the sub-part 3.1; 3.1.1 stays inside it
        deeper = DECIMAL_CLAUSE_RE.match(MD_HEADING_RE.sub(r"\2", self.following))  # ### 3.1.1 … in a Word file
        if is_short_title(rest) and deeper and deeper.group(1).startswith(label + "."):
            # 3.1 检查频率 with 3.1.1 next: a sub-part's title, kept in the section of each clause under it
            self.headings.append((6 + depth, f"{label}　{rest}"))
        else:
            self.current = Unit("article", label, self.chapter, self.section, [bare])
        return True

    def _heading(self, level: int, label: str, line: str | None) -> None:
        """Start a new heading; `line` is the source line kept as the first line of the next chunk."""
        self._flush()
        if self.pending and level <= self.pending_level:
            self._emit_pending()
        if level <= 2 or (level <= 8 and not self.chapter_set):
            self.chapter, self.chapter_set = "", False  # a 一、 heading under a 第X章 / 第X部分 is a section of it
        self._drop_headings(level)
        if level <= 2 and (label == self.doc_title or (len(label) >= 6 and self.doc_title.endswith(label))):
            return
        self.headings.append((level, label))
        if line is not None:
            self.current = Unit("prose", chapter=self.chapter, section=self.section, lines=[line])
            self.current.heading_only = int(line == label)
            self.current.level = level
            self.last_heading = line if line == label else ""

    def _drop_headings(self, level: int) -> None:
        self.headings = [(lvl, txt) for lvl, txt in self.headings if lvl < level]

    def _body(self, line: str) -> None:
        if self.current is None:
            self.current = Unit("prose", chapter=self.chapter, section=self.section)
        self.current.lines.append(line)

    def _flush(self) -> None:
        unit, self.current = self.current, None
        if unit is None or not unit.lines:
            return
        if unit.kind == "prose":
            unit.lines[:0] = self.pending
            unit.heading_only += len(self.pending)
            self.pending = []
            if unit.heading_only >= len(unit.lines):
                # a heading with nothing under it joins the chunk of its first sub-heading
                self.pending, self.pending_level, self.pending_section = unit.lines, unit.level, unit.section
                return
        self.units.append(unit)

    def _emit_pending(self) -> None:
        self.units.append(Unit("prose", section=self.pending_section, lines=self.pending))
        self.pending = []

    def finish(self) -> list[Unit]:
        self._flush()
        if self.pending:
            self._emit_pending()
        return self.units
