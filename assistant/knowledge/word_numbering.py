"""The numbers Word draws in front of paragraphs by itself (automatic numbering), as text.

Many banks' rule books number their articles with Word's list numbering: the paragraph holds "对借款人…", and
Word draws "第十二条" in front of it from a numbering definition (numbering.xml: a level whose lvlText is "第%1条"
and numFmt chineseCounting). python-docx reads only the paragraph's own text, so without this every article of
such a book would lose its number, and with it its citation. `WordNumbering.label(paragraph)` gives the label
Word would draw, counting the way Word does: one counter per level of an abstract list, shared by the list
instances (w:num) that point at it, a level restarting when a level above it advances (unless w:lvlRestart says
otherwise), a w:startOverride restarting a level when its list instance is first met, an empty numbered paragraph
taking its number. A numbering part that says something odd (a numId that is no number, a missing definition) gives
no number rather than an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.numerals import int_to_cn

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PARENTHESISED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
BULLET = "●"  # what a bullet level is written as (its own glyph is often a private-use Symbol-font character)
MAX_START = 32767  # the largest start value Word accepts


def _val(element, tag: str) -> str | None:
    child = element.find(_W + tag) if element is not None else None
    return child.get(_W + "val") if child is not None else None


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    # w:lvlRestart: None, when any level above advances; 0, never; k, when level k (1-based) or one above it does
    restart: int | None = None
    legal: bool = False  # w:isLgl: the numbers of the levels above written in Arabic digits
    suffix: str = "tab"


@dataclass
class _Instance:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # w:startOverride per level
    levels: dict[int, Level] = field(default_factory=dict)  # w:lvlOverride/w:lvl
    met: bool = False


def format_number(value: int, fmt: str) -> str:
    """One level's number in Word's number format (the formats Chinese rule books use, and the common others)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "koreanCounting"):
        return int_to_cn(value) if 0 < value < 10000 else str(value)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _legal(value)
    if fmt in ("ideographTraditional",) and 0 < value <= len(_HEAVENLY):
        return _HEAVENLY[value - 1]
    if fmt in ("ideographZodiac",) and 0 < value <= len(_EARTHLY):
        return _EARTHLY[value - 1]
    if fmt.startswith("decimalEnclosedCircle") and 0 < value <= len(_CIRCLED):
        return _CIRCLED[value - 1]
    if fmt == "decimalEnclosedParen" and 0 < value <= len(_PARENTHESISED):
        return _PARENTHESISED[value - 1]
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(d) - ord("0") + ord("０")) for d in str(value))
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("lowerLetter", "upperLetter") and 0 < value <= 780:  # Word's letters stop at zz…z (30 letters)
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman, rest = "", value
        for amount, numeral in _ROMAN:
            while rest >= amount:
                roman, rest = roman + numeral, rest - amount
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "none":
        return ""
    return str(value)


def _legal(value: int) -> str:
    """壹拾贰 for 12: the capital numerals of financial writing, written the way int_to_cn writes small ones."""
    plain = int_to_cn(value) if 0 < value < 10000 else str(value)
    if value < 20 and plain.startswith("十"):
        plain = "一" + plain
    table = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
    return plain.translate(table)


def _level(element) -> Level:
    text_element = element.find(_W + "lvlText")
    text = text_element.get(_W + "val", "") if text_element is not None else ""
    restart = _val(element, "lvlRestart")
    return Level(start=min(max(_int(_val(element, "start"), 1), 0), MAX_START),
                 fmt=_val(element, "numFmt") or "decimal", text=text,
                 restart=_int(restart, 0) if restart is not None else None,
                 legal=element.find(_W + "isLgl") is not None and _val(element, "isLgl") not in ("0", "false"),
                 suffix=_val(element, "suff") or "tab")


class WordNumbering:
    """The automatic numbers of one .docx, read in document order: call `label` once per paragraph, in order."""

    def __init__(self, document) -> None:
        self._abstract: dict[str, dict[int, Level]] = {}
        self._instances: dict[str, _Instance] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._style_numbering: dict[str, tuple[str, int]] = {}
        self._based_on: dict[str, str] = {}
        self._labels: dict[object, str] = {}
        numbering = _numbering_element(document)
        if numbering is None:
            return
        for abstract in numbering.iterfind(_W + "abstractNum"):
            levels = {_int(lvl.get(_W + "ilvl"), 0): _level(lvl) for lvl in abstract.iterfind(_W + "lvl")}
            self._abstract[abstract.get(_W + "abstractNumId", "")] = levels
        for num in numbering.iterfind(_W + "num"):
            instance = _Instance(abstract=_val(num, "abstractNumId") or "")
            for override in num.iterfind(_W + "lvlOverride"):
                ilvl = _int(override.get(_W + "ilvl"), 0)
                if (start := _val(override, "startOverride")) is not None:
                    instance.starts[ilvl] = min(max(_int(start, 1), 0), MAX_START)
                if (lvl := override.find(_W + "lvl")) is not None:
                    instance.levels[ilvl] = _level(lvl)
            self._instances[num.get(_W + "numId", "")] = instance
        for style in document.styles.element.iterfind(_W + "style"):
            if based_on := _val(style, "basedOn"):
                self._based_on[style.get(_W + "styleId", "")] = based_on
            ppr = style.find(_W + "pPr")
            num_pr = ppr.find(_W + "numPr") if ppr is not None else None
            if num_pr is not None and (num_id := _val(num_pr, "numId")):
                self._style_numbering[style.get(_W + "styleId", "")] = (num_id, _int(_val(num_pr, "ilvl"), 0))

    def label(self, paragraph) -> str:
        """The number Word draws before this paragraph with the space after it ("第十二条 ", "（三）", "● "), or "".
        A paragraph met again (a merged table cell read once per row it spans) keeps its first label."""
        if not self._instances:
            return ""
        if paragraph._p in self._labels:
            return self._labels[paragraph._p]
        self._labels[paragraph._p] = label = self._count(paragraph)
        return label

    def _count(self, paragraph) -> str:
        ppr = paragraph._p.find(_W + "pPr")
        mark = ppr.find(_W + "rPr") if ppr is not None else None
        if mark is not None and mark.find(_W + "del") is not None:
            return ""  # a paragraph whose mark is a tracked deletion is merged away: Word counts no number for it
        found = self._numbering_of(paragraph)
        if found is None:
            return ""
        num_id, ilvl = found
        instance = self._instances.get(num_id)
        if instance is None or num_id == "0":
            return ""
        levels = {**self._abstract.get(instance.abstract, {}), **instance.levels}
        if ilvl not in levels:
            return ""
        counters = self._counters.setdefault(instance.abstract, {})
        if not instance.met:  # a list instance restarting its levels where it says so
            instance.met = True
            for level, start in instance.starts.items():
                counters[level] = start - 1
        level = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper, spec in levels.items():  # the levels below restart when this one advances: any level above them
            # by default, the level w:lvlRestart names (1-based) or one above it otherwise, none when it says 0
            if deeper > ilvl and (spec.restart is None or ilvl < spec.restart):
                counters.pop(deeper, None)
        if level.fmt == "bullet":
            return BULLET + " "
        text = level.text
        for k in range(1, 10):
            if f"%{k}" not in text:
                continue
            shown = levels.get(k - 1, Level())
            value = counters.get(k - 1, shown.start)
            fmt = "decimal" if (level.legal and k - 1 != ilvl) else shown.fmt
            text = text.replace(f"%{k}", format_number(value, fmt))
        if not text.strip():
            return ""
        return text + ("" if level.suffix == "nothing" else " ")

    def _numbering_of(self, paragraph) -> tuple[str, int] | None:
        """(numId, ilvl) of the paragraph: its own w:numPr, or its style's (with the paragraph's own ilvl, if it says
        one). Values that are no numbers mean no numbering, as Word draws none for them."""
        ppr = paragraph._p.find(_W + "pPr")
        num_pr = ppr.find(_W + "numPr") if ppr is not None else None
        own_level = _val(num_pr, "ilvl") if num_pr is not None else None
        num_id = _val(num_pr, "numId") if num_pr is not None else None
        if num_id is not None:
            return (num_id, _int(own_level, 0)) if num_id.strip().isdigit() and _level_ok(own_level) else None
        style = paragraph._p.style  # the style's own numbering (a "条款" style numbered 第%1条)
        seen: set[str] = set()
        while style and style not in seen:
            seen.add(style)
            if style in self._style_numbering:
                style_id, style_level = self._style_numbering[style]
                return style_id, (_int(own_level, style_level) if _level_ok(own_level) else style_level)
            style = self._based_on.get(style)
        return None


def _level_ok(ilvl: str | None) -> bool:
    return ilvl is None or (ilvl.strip().isdigit() and int(ilvl) < 9)


def _numbering_element(document):
    try:
        part = document.part.numbering_part
    except (KeyError, NotImplementedError):  # no numbering part: nothing is numbered
        return None
    return part.element if part is not None else None
