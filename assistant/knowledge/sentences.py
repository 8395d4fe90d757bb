"""The one sentence splitter of rule texts: spans that answers quote, checks verify and chunking keeps whole.

A sentence ends at 。！？；, at a line break, and at a colon that introduces a list — one at the end of its
line or before an item marker (the intro is its own span so that list items can be read with it); a
colon inside a running sentence ("包括:A、B、C等。") does not end it. A table row written with its headers ("检查类型：首次检查；
时限：放款后10日内") is one span. Closing quotes and brackets stay with their sentence. A
leading "第X条" label and markdown heading marks are trimmed from a span, so a quote starts with the rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ENDS = "。！？；!?;"
_SPAN = re.compile(rf"[^{ENDS}：:\n]+(?:[{ENDS}：:]+[”’」』）)]*)?")
# a clause label opening a sentence (第三条　…); 第二部分 / 编 / 篇 only when a space or the line's end follows (第二部分内容
#由…负责解释 keeps its subject)
_ARTICLE_HEAD = re.compile(r"\s*(?:#+\s*)?(?:第[一二三四五六七八九十百零〇0-9]+(?:[章节条][\s　]*|(?:部分|编|篇)(?:[\s　]+|$)))+")
# the question of a question-and-answer pair: 问：…？, 问3：…, 3.问：…, Q：… (structure.py cuts the pairs by it)
FAQ_QUESTION = r"^\s*(?:\d{1,3}[.、．]\s*)?(?:问|Q)\s*\d{0,3}\s*[：:]"
# a structural label (第三章, 第五条, 第二部分, 第一编, 第二篇): shared by the loaders, the title reader and the chunker
STRUCTURAL_LABEL = r"第[零〇一二两三四五六七八九十百千0-9]+(?:[章节条编篇]|部分)"
# words that make a line state a rule (应当, 须, 不得 …), not name a part: 三、应急处置 and 一、须知 are titles
RULE_WORDS = r"应当|应(?![急收付])|须(?!知)|必须|不得|禁止"
FAQ_ANSWER = r"(?:答|A)\s*[：:]"
_FAQ_QUESTION = re.compile(FAQ_QUESTION)
_FAQ_ANSWER = re.compile(FAQ_ANSWER)
# marks that number a list's items (①, ⑴, ❶) and bullets (●, ◆, ■, •, ➢ …), as character-class ranges
ITEM_MARKS = "\u2460-\u2473\u2474-\u2487\u2776-\u277f"
BULLETS = "●○◆◇■□▪•➢➤►▶·・★▲✓"
# one item of a list: （一） / 1、 / 1） / ①, ⑴, ❶ / a bullet, and the enumerations of official prose (一是…；二是…,
# 第一，…; not 一是否, 三是指, 第二、三款)
_ITEM = re.compile(rf"^\s*(?:[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[、.．)）](?!\d)|[{ITEM_MARKS}{BULLETS}]|"
                   r"[一二三四五六七八九十]{1,2}是(?![否非指])|第[一二三四五六七八九十]{1,2}[，,](?!第))")
_LINK = re.compile(r"^\s*(?:https?://|www\.)\S*\s*$", re.I)  # a line that is only a web address
MIN_CHARS = 6


_STOPS = "；;。\n"
_COLONS = "：:"
_MAX_LABEL = 16


def _cells_with_headers(line: str) -> bool:
    """The whole line is two or more "label：value" cells, each label 1–16 characters with no colon or stop, each value
    one or more characters up to a stop (；;。) or a line break, the stop optional: what the regex
    ^\\s*(?:[^：:；;。\\n]{1,16}[：:][^；;。\\n]+[；;。]?){2,}\\s*$ matches. Read in one pass over the line, for that regex
    backtracks without end on a long line of many colons and no stop (a slide of bullets run together by a PDF)."""
    if sum(line.count(colon) for colon in _COLONS) < 2:
        return False  # two cells need two colons: most lines end here, before the pass below
    n = len(line)
    next_stop = [n] * (n + 1)  # index of the first stop at or after i
    for i in range(n - 1, -1, -1):
        next_stop[i] = i if line[i] in _STOPS else next_stop[i + 1]
    best = [-1] * (n + 2)  # the most cells (capped at 2) that parse line[:i] whole
    lead = len(line) - len(line.lstrip())
    for i in range(lead + 1):
        best[i] = 0
    cover = [[0] * (n + 2) for _ in range(3)]  # cover[c][i]: cells of count c ending anywhere in a span holding i
    running = [0, 0, 0]
    for i in range(n + 1):
        for c in (1, 2):
            running[c] += cover[c][i]
            if running[c] > 0:
                best[i] = max(best[i], c)
        if i == n or best[i] < 0:
            continue
        colon = next((j for j in range(i, min(n, i + _MAX_LABEL + 1)) if line[j] in _COLONS or line[j] in _STOPS), -1)
        if colon <= i or line[colon] not in _COLONS:
            continue
        stop = next_stop[colon + 1]
        if stop <= colon + 1:
            continue  # no value
        count = min(best[i] + 1, 2)
        cover[count][colon + 2] += 1  # the value may end anywhere up to the stop…
        cover[count][stop + 1] -= 1
        if stop < n and line[stop] != "\n":  # …or take the stop with it (a line break ends a value but is no stop)
            best[stop + 1] = max(best[stop + 1], count)
    return any(best[e] >= 2 for e in range(len(line.rstrip()), n + 1))  # then only spaces, as \\s*$


def _labelled_row(line: str) -> bool:
    """A table row written with its column headers (检查类型：首次检查；时限：…), not a 问：…答：… pair on one line."""
    return _cells_with_headers(line) and not (_FAQ_QUESTION.match(line) and _FAQ_ANSWER.search(line))


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start:self.end]


def spans(text: str, min_chars: int = MIN_CHARS) -> list[Span]:
    """Trimmed sentence spans of a text; headings-only labels and fragments shorter than `min_chars` left out."""
    out = []
    for start, end in _pieces(text):
        while start < end and text[start] in " \t\u3000#":
            start += 1
        while end > start and text[end - 1] in " \t\u3000":
            end -= 1
        head = _ARTICLE_HEAD.match(text, start, end)
        if head and head.end() < end:
            start = head.end()
        if end - start >= min_chars:
            out.append(Span(start, end))
    return out


def _pieces(text: str):
    """Raw sentence spans; a table row written "列名：值；列名：值" stays whole (its labels say what it is)."""
    offset = 0
    for line in text.split("\n"):
        if _labelled_row(line) or _LINK.match(line):  # a web address is one piece, its ? and : included
            yield offset, offset + len(line)
        else:
            pending: tuple[int, int] | None = None
            for match in _SPAN.finditer(line):
                start, end = match.span()
                if pending is not None:
                    if is_item(line[start:end].lstrip()):
                        yield offset + pending[0], offset + pending[1]
                        pending = None
                    else:  # "…以下上限：住宅70%；厂房60%。" — the colon's list runs on to the sentence's end
                        pending = (pending[0], end)
                        if not line[start:end].rstrip().endswith(("。", "！", "？", "!", "?")):
                            continue
                        yield offset + pending[0], offset + pending[1]
                        pending = None
                        continue
                if line[start:end].rstrip().endswith(("：", ":")) and end < len(line.rstrip()):
                    pending = (start, end)
                    continue
                yield offset + start, offset + end
            if pending is not None:
                yield offset + pending[0], offset + pending[1]
        offset += len(line) + 1


def is_row(sentence: str) -> bool:
    return _labelled_row(sentence)


def sentences(text: str, min_chars: int = MIN_CHARS) -> list[str]:
    return [s.of(text) for s in spans(text, min_chars)]


def is_intro(sentence: str) -> bool:
    """"…包括以下内容：" introduces the items after it."""
    return sentence.rstrip().endswith(("：", ":"))


def is_link(sentence: str) -> bool:
    """A line that is only a web address (a saved page's list of links): it states nothing."""
    return bool(_LINK.match(sentence))


# a numbered heading on its own line (六、逾期催收, （一）催收步骤, 2.个人类借款人, 第三部分 附则): a title, no statement. A
# line that states a rule is no title even unpunctuated (1.首次检查在放款后15日内完成, 三、对逾期贷款应及时催收)
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.、．](?!\d)|"
                      r"第[一二三四五六七八九十百零〇0-9]+(?:章|节|部分|编|篇))\s*([^，,。；;：:！？!?]{1,20})\s*$")
# a decimal book's section title (4.1.1 检查时限, 6.1预警等级), not an amount opening a line: a unit right after the
# number and then nothing of a title (1.5倍以上, 2.5成以下, 0.5 分, 2.5 小时内, 1.5个工作日)
_DECIMAL_HEADING = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2}){1,3}(?![\d%％.])"
                              r"(?![\s　]*(?:[个倍成折分万亿元米岁](?:[以内前后及至左多的]|[^\u4e00-\u9fff]|$)|小时|公里|个工作日|个月))"
                              r"\s*([\u4e00-\u9fff][^，,。；;：:！？!?]{0,19})\s*$")
_STATES_A_RULE = re.compile(RULE_WORDS + r"|可以|不超过|不低于|至少|每.{1,6}?次|"
                            r"(?:[0-9０-９]+|[一二两三四五六七八九十百]+)\s*(?:个工作日|工作日|日|天|个月|月|年|小时)\s*(?:内|前|后)")


def is_heading(sentence: str, decimal: bool = False) -> bool:
    """A numbered title on its own (六、逾期催收), or the question of a 问/答 pair: neither states anything. With
    `decimal` (a rule book's text, not a case note's dated log: 4.20 借款人告知回款延迟), a decimal section title too."""
    if _FAQ_QUESTION.match(sentence):
        return not _FAQ_ANSWER.search(sentence)  # 问：…？答：… on one line holds its answer
    title = _HEADING.match(sentence) or (_DECIMAL_HEADING.match(sentence) if decimal else None)
    return bool(title) and not _STATES_A_RULE.search(title.group(1))


def is_item(sentence: str) -> bool:
    """（一）… / 1、… / ①… / 一是…: one item of a list."""
    return bool(_ITEM.match(sentence))


def split_plain(text: str) -> list[str]:
    """Sentences ending in 。！？； with everything kept (chunking: nothing may be lost between pieces)."""
    return [s for s in re.findall(rf"[^{ENDS}]*[{ENDS}]+[”’」』）)]*|[^{ENDS}]+$", text) if s]
