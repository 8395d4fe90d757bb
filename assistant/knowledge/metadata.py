"""Document metadata: front matter, provenance comments, scraped junk, and title/type/version/date inference."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import PurePath

from assistant.errors import UserError
from assistant.knowledge.lexicon import word_tag
from assistant.knowledge.sentences import BULLETS, ITEM_MARKS, STRUCTURAL_LABEL
from assistant.knowledge.structure import ISSUE_NUMBER, count_articles, has_chapters, repair_run_together
from assistant.numerals import int_to_cn

SOURCE_TYPES = ("regulation", "internal_rule", "case_note", "article")
FRONT_MATTER_KEYS = (
    "title", "source_type", "version", "effective_date", "superseded", "branch", "borrower_id", "date", "author",
)
_LEADING_COMMENTS = re.compile(r"\A(?:\s*<!--.*?-->)+\s*", re.S)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_JUNK_LINE = re.compile(r"^\s*(?:[-*·]\s*(?:格式|大小|文档页数|页数|下载次数|上传时间|浏览次数)\s*[:：].*|-\s*\d+\s*-。?|推荐语[:：].*)$")
_MD_TITLE = re.compile(r"^#\s+(.+?)\s*#*$", re.M)
_PROMULGATED = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日([^（）()\n]*?)(?:公布|发布|印发)")
# the kinds of rule book a title or a question names (…办法, 细则第八条, 本规程): one list for every reader of them
BOOK_KIND = r"(?:办法|细则|规定|制度|指引|指南|规程|标准|手册|条例|规则|准则|汇编|选编)"
_EFFECTIVE = re.compile(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起(?:施行|实施|执行|生效)")
_REGULATION_TITLE = re.compile(r"(?:办法|规定|条例|指引)(?:[（(][^）)]*[）)])?$")
_INTERNAL_TITLE = re.compile(r"(?:细则|制度|规则|规程)(?:[（(][^）)]*[）)])?$")
_BANK_OWN = re.compile(r"支行|分行|我行|本行|[xX]{2,}|某银行")
# an institution's own rule book: its title opens with the bank's or credit cooperative's name (江淮农商银行…办法,
# 青禾县农村信用合作联社…细则, 澜江银行股份有限公司…规程); a regulator's (中国人民银行…, 关于印发…的通知) or a
# generic regulation's title (商业银行…办法) names none
_INSTITUTION = re.compile(r"^(?:\d{4}年)?《?[\u4e00-\u9fff]{2,12}?(?:农村商业银行|农商银行|农商行|城市商业银行|村镇银行|"
                          r"商业银行|农村信用合作联社|信用合作联社|农信社|信用联社|联社|信用社|银行)")
_REGULATOR = re.compile(r"^《?(?:商业银行|银行)|人民银行|银保监|银监|金融监督管理|证监|银行业协会|关于")
INSTITUTION, REGULATOR = _INSTITUTION, _REGULATOR  # for the chunker: a compiled rule takes its bank's name
_RULE_BOOK = re.compile(r"(?:细则|办法|规程|指引|手册|制度|指南|解答|规定|守则|规则|规范|要求|流程|汇编|选编)(?:[（(][^）)]*[）)])?》?$")


# an institution's notice issuing its own rule book: 青澜农村商业银行关于印发《公司客户贷后检查…实施细则》的通知
_ISSUING_NOTICE = re.compile(r"^(.{2,30}?)关于(?:印发|发布|下发|修订)《([^《》]+)》的通知$")


def names_institution_book(title: str) -> bool:
    """The title is an institution's own rule book (江淮农商银行公司客户授信后管理办法), or its notice issuing one,
    not a regulator's."""
    title = title.strip()
    if notice := _ISSUING_NOTICE.match(title):
        issuer, book = notice.groups()
        return bool(_INSTITUTION.match(issuer) and _RULE_BOOK.search(book) and not _REGULATOR.search(issuer))
    return bool(_INSTITUTION.match(title) and _RULE_BOOK.search(title) and not _REGULATOR.search(title))


class InvalidFrontMatter(UserError):
    status = 422


@dataclass(frozen=True)
class DocumentMeta:
    """What we know about a document besides its text."""

    title: str
    source_type: str = "article"
    version: str = ""
    effective_date: str = ""
    superseded: bool = False
    branch: str = ""
    borrower_id: str = ""
    date: str = ""
    author: str = ""


def prepare_document(text: str, filename: str, *, source_type: str | None = None,
                     branch: str | None = None) -> tuple[DocumentMeta, str]:
    """(metadata, body) for raw file text: front matter wins over the arguments, which win over inference."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").replace("\xa0", " ")
    text = _LEADING_COMMENTS.sub("", text)
    declared, text = parse_front_matter(text, filename)
    text = _LEADING_COMMENTS.sub("", text)
    body = clean_body(text)
    title = declared.get("title") or infer_title(body, filename)
    body = _drop_title_line(body, title)
    inferred = DocumentMeta(title=title, source_type=infer_source_type(title, body), **infer_version(body))
    overrides = {k: v for k, v in (("source_type", source_type), ("branch", branch)) if v}
    meta = replace(inferred, **{**overrides, **declared})
    if meta.source_type == "case_note" and not meta.effective_date and meta.date:
        meta = replace(meta, effective_date=meta.date)  # a case note is known from the day it was written
    return meta, body


def parse_front_matter(text: str, filename: str) -> tuple[dict, str]:
    """Keys of a leading '---' block (simple 'key: value' lines) and the text after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    values: dict = {}
    for line in match.group(1).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key, value = key.strip(), value.strip().strip("'\"")
        if not sep or key not in FRONT_MATTER_KEYS:
            raise InvalidFrontMatter(f"文件 {filename} 的文件头无法识别：“{line.strip()}”")
        values[key] = _front_matter_value(key, value, filename)
    return values, text[match.end():]


def _front_matter_value(key: str, value: str, filename: str) -> str | bool:
    if key == "source_type" and value not in SOURCE_TYPES:
        raise InvalidFrontMatter(f"文件 {filename} 的 source_type “{value}” 无效，应为 {'/'.join(SOURCE_TYPES)}")
    if key == "superseded":
        if value.lower() not in ("true", "false", "是", "否", "yes", "no"):
            raise InvalidFrontMatter(f"文件 {filename} 的 superseded 应为 true 或 false")
        return value.lower() in ("true", "是", "yes")
    if key in ("effective_date", "date") and value:
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise InvalidFrontMatter(f"文件 {filename} 的 {key} “{value}” 不是 YYYY-MM-DD 日期") from None
    return value


# a table of contents: its heading (目录, 目　　录) and its entries, a heading then a page number after a tab or a
# leader (一、总体要求\t5, 附件1：…细则……………5). A PDF glues entries into one line, the spaced heading (目 录) to the
# line before and the first heading of the text to the last entry (…三、档案借阅与查阅……24附件1…细则): each entry is cut
# out and what is left stays. What is no entry: an ellipsis in a sentence (包括……等; a leader is four dots or three
# ellipses), a figure with its unit after a leader (资产负债率……20分), a fill-in blank (日期……), a tab before a figure
# outside a table of contents (回款金额\t120).
_TOC_HEADING = re.compile(r"^\s*目[\s　]*录\s*$")
_TOC_TAB_ENTRY = re.compile(r"^\s*\S[^。；;！？!?\t]{0,60}\t[\t ]*\d{1,3}\s*$")
_LEADER = r"(?:[.．·・]{4,}|…{3,})"
_PAGE = r"\d{1,3}(?![\d%％.．分个天日月年次元万倍项条户人名家笔期周岁时秒])"  # a page number, not a figure
_LABELLED = r"(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十百0-9]+[章节条部编篇]|[（(][一二三四五六七八九十0-9]+[）)]|" \
            r"附件|附录|附表|[0-9]+(?:\.[0-9]+)*[.、．\s　])"
_TOC_ENTRY = re.compile(rf"[^\s.．·・…。；;，,！？!?][^.．·・…。；;，,！？!?\n]{{0,60}}?[ 　]{{0,4}}{_LEADER}[ 　]{{0,4}}{_PAGE}|"
                        rf"{_LABELLED}[^.．·・…。；;，,！？!?\n]{{0,60}}?[ 　]{{0,4}}[.．·・]{{6,}}\s*$")
_TOC_GLUED = re.compile(rf"目[ 　]+录(?=[^。；;！？!?]{{1,60}}?{_LEADER})")


def clean_body(text: str) -> str:
    """Drop download-site junk ('- 格式:doc', page marks '- 1 -'), a table of contents (its entries would be
    indexed as a chunk holding every heading of the book) and trailing spaces."""
    lines, in_contents = [], False
    for line in text.split("\n"):
        parts = [line]
        if glued := _TOC_GLUED.search(line):  # …2024年9月13日印发目 录附件1…细则………5: the heading on a line of its own
            parts = [line[: glued.start()], "目录", line[glued.end():]]
        for part in parts:
            if _TOC_HEADING.match(part):
                in_contents = True
                continue
            entries = _TOC_ENTRY.sub("", part)
            if entries != part and not entries.strip():
                continue
            if in_contents and _TOC_TAB_ENTRY.match(entries):
                continue  # a Word table of contents: 一、总体要求<tab>5
            in_contents = in_contents and not entries.strip()
            if not _JUNK_LINE.match(entries):
                lines.append(entries.rstrip())
    return "\n".join(lines).strip("\n")


_STRUCTURAL = re.compile(rf"^(?:{STRUCTURAL_LABEL}|[一二三四五六七八九十]+、|附件|附表|目\s*录)")
# a title's status in brackets, after its name (…办法（试行）, …细则（征求意见稿）): the same book in any status
TITLE_STATUS = r"(?:试行|暂行|修订稿?|修订版|征求意见稿|讨论稿|草案|送审稿)"
# …or its edition (（2025年版）, （2024年修订）, （2024年第二次修订）)
TITLE_EDITION = r"(?:[0-9０-９]{4}年?(?:版|修订版?|第[一二三四五六七八九十]次修订)?)"
# what a rule book's title ends with (…管理办法, …操作手册（试行）, …常见问题解答（2025年版）)
TITLE_END = re.compile(r"(?:办法|细则|规定|制度|指引|指南|手册|规程|规则|条例|守则|须知|方案|要点|规范|问答|解答|汇编|选编|讲义)"
                       rf"(?:[（(](?:{TITLE_STATUS}|{TITLE_EDITION})[)）])?$")
COVER_LINES = 10  # a cover page: the issuing body, its 文号, then the title (红头文件), within this many lines
# an issuing body's line on a red-head cover (鹤岭县农村信用合作联社, 某某银行股份有限公司文件) and a document number
# (鹤农信联发〔2024〕118号, 银发[2023]5号)
_ISSUER_LINE = re.compile(_INSTITUTION.pattern + r"(?:股份有限公司|有限责任公司|[\u4e00-\u9fff]{0,8}(?:分行|支行|部))?(?:文件)?$")
_DOC_NUMBER = re.compile(ISSUE_NUMBER)
# a title line: the whole line, in 《》 or not, no sentence or list punctuation (依据《…细则》 is a reference, not a title)
_COVER_TITLE = re.compile(rf"^(?![#*\-（(0-9一二三四五六七八九十{ITEM_MARKS}{BULLETS}])《?([^。；;！？!?〔〕\[\]《》：:，,、]{{4,48}})》?$")


def infer_title(body: str, filename: str) -> str:
    """The document's own title: a first line (or '# ' heading) that is not a structural label such as
    第一章 (a Word file's first heading is often its first chapter), without site prefixes like '干货|';
    else the first non-structural '# ' heading; else the file name."""
    first = next((line.strip() for line in body.split("\n") if line.strip()), "")
    bare = re.sub(r"^#+\s+", "", first)
    if first.startswith("#") and bare and not _STRUCTURAL.match(bare):
        return bare.strip()
    heading = next((m.group(1).strip() for m in _MD_TITLE.finditer(body) if not _STRUCTURAL.match(m.group(1).strip())), "")
    if heading and (not first or _STRUCTURAL.match(bare)):
        return heading
    if _STRUCTURAL.match(bare):
        return heading or PurePath(filename).stem
    first = re.sub(r"^[^|｜]{1,6}[|｜]", "", first).strip()
    if not TITLE_END.search(first) and (cover := cover_title(body)):
        return cover
    if first and len(first) <= 50 and not re.search(r"[。；！？]$", first):
        return first
    clause = re.split(r"[，,。；;：:！？!?]", first)[0].strip()
    return clause if 4 <= len(clause) <= 30 else PurePath(filename).stem


# a notice that issues the rules (青澜农村商业银行关于印发《…实施细则》的通知): its title is the book's title
_NOTICE_TITLE = re.compile(r"^(?!根据|按照|依据|依照|为|经|对|请|现)(?:[^。；;！？!?，,：:]{2,40})?关于[^。；;！？!?，,：:]{2,60}的(?:通知|决定)$")


def cover_title(body: str) -> str:
    """A title set below the issuing body's name or its 文号 on a cover page (鹤岭县农村信用合作联社 / 鹤农信联发〔2024〕
    118号 / 鹤岭农信联社普惠贷款贷后管理问答手册): when the first line names an institution and nothing more, or a
    文号 stands among the opening lines, the first of them that is a title line ending the way a rule book's title
    does, or the title of a notice issuing it (…关于印发《…细则》的通知, on one line or wrapped on two); "" otherwise
    (a case note or an article citing a rule book names none)."""
    lines = [re.sub(r"^#+\s+", "", line.strip()) for line in body.split("\n") if line.strip()][:COVER_LINES]
    if not lines or not (_ISSUER_LINE.match(lines[0]) or any(_DOC_NUMBER.search(line) for line in lines)):
        return ""
    for index, line in enumerate(lines):
        if _ISSUER_LINE.match(line) or _DOC_NUMBER.search(line):
            continue  # the red head and the 文号 are not the title, nor its first half
        for notice in (line, line + "".join(lines[index + 1:index + 2])):  # a PDF wraps a long notice title
            if _NOTICE_TITLE.match(notice) and not _DOC_NUMBER.search(notice):
                return notice
        following = lines[index + 1] if index + 1 < len(lines) else ""
        # a title set in large type on a cover may wrap (…个人经营性贷款贷后管理 / 作业指引): its tail completes it
        # a full line with no title's end (not a body's name: 授信审批中心, …委员会办公室, 审议通过), then a short tail
        wrapped = (len(line) >= 10 and 0 < len(following) <= 8 and not TITLE_END.search(line)
                   and not _BODY_OR_ACT.search(line))
        for title in (line, line + following) if wrapped else (line,):
            match = _COVER_TITLE.match(title)
            if match and TITLE_END.search(match.group(1)) and not _STRUCTURAL.match(title):
                return _with_issuer(match.group(1), lines[:index])
    return ""


_BODY_OR_ACT = re.compile(r"(?:部|处|室|科|中心|委员会|办公室|小组|公司|分行|支行|银行|联社)$|审议|通过|印发|发布")
_LEGAL_FORM_OR_FILE = re.compile(r"(?:股份有限公司|有限责任公司|有限公司)?(?:文件)?$")


def _with_issuer(title: str, above: list[str]) -> str:
    """A rule book's title set below its bank's name on a cover (瀚川银行股份有限公司 / 公司客户贷后管理操作规程) is that
    bank's book: the bank's name, without its legal form, heads the title (瀚川银行公司客户贷后管理操作规程), as banks
    name their books. A title naming an institution already, a notice's title, a branch's or a department's line
    above it (…分行, …部) and a regulator keep the title as set."""
    if (_INSTITUTION.match(title) or _REGULATOR.search(title) or not _RULE_BOOK.search(title)
            or re.match(r"(?:本|我|该)[行社]", title)):
        return title
    issuer = above[-1] if above and _ISSUER_LINE.match(above[-1]) else ""  # the line right above the title
    name = _LEGAL_FORM_OR_FILE.sub("", issuer)
    if (not name or _REGULATOR.search(name) or not re.search(r"(?:银行|信用社|联社|农信社|农商行)$", name)
            or title[0] == name[0]):  # 瀚银…规程: a short name of the bank already opens it
        return title
    return name + title


def _drop_title_line(body: str, title: str) -> str:
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if line.strip():
            bare = re.sub(r"^#\s+|^[^|｜]{1,6}[|｜]", "", line.strip())
            return "\n".join(lines[index + 1 :]) if bare == title else body
    return body


def infer_source_type(title: str, body: str) -> str:
    """regulation: a 办法/规定/条例/指引 in 章 and 条; internal_rule: a bank's own rules in 条; else article."""
    repaired = repair_run_together(body)
    if count_articles(repaired) < 2:
        return "article"
    if (_REGULATION_TITLE.search(title) and has_chapters(repaired) and not _BANK_OWN.search(title)
            and not names_institution_book(title)):
        return "regulation"
    if "令" in infer_version(body).get("version", ""):
        return "regulation"  # promulgated by a regulator's order
    return "internal_rule"


def infer_version(body: str) -> dict[str, str]:
    """version ('国家金融监督管理总局令2024年第2号') and effective_date from the promulgation line or last article."""
    head = "\n".join(body.split("\n")[:12])
    found: dict[str, str] = {}
    promulgated = _PROMULGATED.search(head)
    if promulgated and promulgated.group(4).strip():
        found["version"] = re.sub(r"[\s　]+", " ", promulgated.group(4)).strip()
    effective = _EFFECTIVE.search(head) or re.search(
        r"本(?:" + BOOK_KIND + r"|通知)" + _EFFECTIVE.pattern, body)
    if effective:
        year, month, day = (int(g) for g in effective.groups()[-3:])
        found["effective_date"] = f"{year:04d}-{month:02d}-{day:02d}"
    return found


_ENTITY = re.compile(r"^(.{2,20}?)(?:股份有限公司|有限责任公司|有限公司|集团|个人经营贷款|个人消费贷款|个人)")


@lru_cache(maxsize=4096)
def entity_aliases(title: str) -> frozenset[str]:
    """A case note's borrower as officers name it: 金穗农业科技有限公司… → 金穗农业科技有限公司, 金穗农业科技,
    金穗农业; 林志远个人经营贷款… → 林志远 (names of at least 3 characters)."""
    match = _ENTITY.match(title)
    if not match:
        return frozenset()
    entity = match.group(1)
    full = title[: match.end()] if "公司" in match.group(0) else entity
    names = {full, entity}
    if len(entity) >= 6:
        names.add(entity[:4])
        names |= _short_names(entity)
    return frozenset(n for n in names if len(n) >= 3)


def _short_names(entity: str) -> set[str]:
    """A company's short names: its two-character brand with one two-character word of its trade (博雅电子科技 →
    博雅科技), or with the first characters of the trade's first two words (新锐汽车配件 → 新锐汽配); a leading
    place name (杭州, 江苏) is left out."""
    if word_tag(entity[:2]).startswith("ns"):  # 杭州金穗农业: the place is no brand…
        entity = entity[2:]
        if word_tag(entity[:2]):
            return set()  # …but 中国建筑工程 has none left: 建筑工程 names no company
    brand, rest = entity[:2], entity[2:]
    if len(rest) % 2:
        return set()
    trade = [rest[i:i + 2] for i in range(0, len(rest), 2)]
    names = {brand + word for word in trade}
    if len(trade) >= 2:
        names.add(brand + trade[0][0] + trade[1][0])
    return names


def names_note_borrower(question: str, chunk) -> bool:
    """The chunk is a case note about a borrower the question names as officers do (金穗农业, 林志远)."""
    return chunk.source_type == "case_note" and any(alias in question for alias in entity_aliases(chunk.doc_title))


# A title's version note: 示范银行贷后管理实施细则（2022年版）, …（2020版）, …（2019年修订）
_VERSION_NOTE = re.compile(r"\s*[（(]\s*((?:19|20)\d{2})\s*年?\s*(?:版|修订版?|修正版?)?\s*[)）]\s*$")
_RULE_KIND = re.compile(r"(?:细则|办法|制度|规则|规程|规定|指引)$")
# the old version of a book (老版细则, 以前那版细则; not 以上版本, 线上版本)
_OLD = r"(?<![以线])(?:(?:老|旧|上一?|原|以前|之前|过去)(?:那一?|的)?版本?|老一版)"
OLD_VERSION = re.compile(_OLD)
# words for "the rules" said right after a version (按22版那会儿的规矩, 旧版制度下, 老版的规定里): they go with any
# versioned book; further on (2022版的合同有什么规定) they speak of something else
_ANY_RULES = r"(?:那会儿|那时候?|时候)?的?(?:规矩|制度|规定)"
# a question comparing versions (新版和旧版细则有什么区别, 22版和现行的比改了啥) is about both: its successor is searched
# too. It names a version word and a word of difference (关注类和次级类有什么区别 compares no versions)
_VERSIONS = re.compile(r"新版|新旧|新老|现行|新的|现在的|新细则|新办法|两版|两个版本")
_DIFFERS = re.compile(r"区别|不同|不一样|相比|对比|比较|改了|改动|差异|变化")
# set against the version it names (和22版比有变化吗, 跟老版相比): today's rule is the other side
_AGAINST = re.compile(r"(?:和|跟|与|同)[^，,。；;？?！!]{0,12}?(?:版|老|旧|以前|原来)[^，,。；;？?！!]{0,6}?(?:比|相比|对比|比较)")


def base_title(title: str) -> str:
    """The title without its version note: 示范银行贷后管理实施细则（2022年版） → 示范银行贷后管理实施细则."""
    return _VERSION_NOTE.sub("", title)


def own_names(title: str) -> tuple[str, ...]:
    """A bank's book is named with its bank's name or without it (临澄银行问题贷款处置管理办法, 问题贷款处置管理办法);
    a regulation's title names no bank."""
    bank = _INSTITUTION.match(title)
    return (title, title[bank.end():]) if bank and not _REGULATOR.search(title) else (title,)


def names_version(question: str, title: str) -> bool:
    """The question names this version of a rule book: by its whole title (not followed by another version's
    note), by the year of its version note with the book's kind just after (2022版细则, 22版细则里, 2022年修订的
    细则) or just before (细则（22版）), or as the old one (老版细则, 旧细则, 以前那版细则): it is superseded.
    Words for the rules that name no kind of book go with it too (按22版那会儿的规矩, 旧版制度下). Both normalised
    (NFKC)."""
    question, title = (unicodedata.normalize("NFKC", t) for t in (question, title))
    at = question.find(title)
    while at >= 0:
        if question[at + len(title):at + len(title) + 1] not in ("(", "（"):
            return True
        at = question.find(title, at + 1)
    note = _VERSION_NOTE.search(title)
    kind = _RULE_KIND.search(base_title(title))
    if not note or not kind:
        return False
    version = _version_of(note.group(1))
    kind = kind.group()
    said = (rf"{version}[^，,。？?！!；;]{{0,8}}?{kind}"  # 22版细则里
            rf"|{_OLD}\s*的?\s*{kind}"  # 老版细则, 以前那版细则
            rf"|(?:{version}|{_OLD}){_ANY_RULES}"  # 按22版那会儿的规矩, 旧版制度下
            rf"|{kind}\s*[（(]?\s*{version}"  # 细则（22版）
            rf"|(?<![以线仍新依])[老旧]的?{kind}")  # 旧细则, 老的细则 (not 新旧细则, 依旧)
    return bool(re.search(said, question))


def _version_of(year: str) -> str:
    """A version said by its year: 2022版, 2022年修订, 22版."""
    return rf"(?<!\d)(?:{year}\s*年?\s*(?:版|修订|修正)|{year[2:]}\s*年?\s*版)"


def _says_year_of(question: str, title: str) -> bool:
    """The question says the year of this title's version note as a version (22版, 2022年版, 2022年修订的)."""
    note = _VERSION_NOTE.search(title)
    return bool(note) and bool(re.search(_version_of(note.group(1)), unicodedata.normalize("NFKC", question)))


def named_versions(question: str, documents) -> tuple[set[str], set[str]]:
    """Of (doc_id, title, superseded) triples: the superseded books the question names, and the other versions of
    those books (their successors), which such a question is not about unless it compares them (区别, 相比 …)."""
    documents = list(documents)
    older = {d for d, title, superseded in documents if superseded and names_version(question, title)}
    if not older and not _VERSIONS.search(question):
        # a version said by its year alone (22版的预警信号分几级) names the one book that has an old version of that year,
        # unless the question speaks of today's too (现行细则…从哪天施行？22版是不是就不用了？)
        dated = {d for d, title, superseded in documents if superseded and _says_year_of(question, title)}
        if len({base_title(title) for d, title, _ in documents if d in dated}) == 1:
            older = dated
    if not older:
        return set(), set()
    if (_VERSIONS.search(question) or _AGAINST.search(question)) and _DIFFERS.search(question):
        return older, set()  # 22版细则和现在的有啥区别, 和22版比有变化吗: both versions are searched
    books = {base_title(title) for d, title, _ in documents if d in older}
    return older, {d for d, title, _ in documents if d not in older and base_title(title) in books}


_ARTICLE = re.compile(r"第\s*([0-9一二三四五六七八九十百零〇两]+)\s*条")
_DECIMAL_CLAUSE = re.compile(r"(?<![\d.])(\d{1,2}(?:\.\d{1,2}){1,3})\s*(?:条|款|项)")


def mentioned_articles(query: str) -> set[str]:
    """The clauses a question names, as chunks label them: 第9条 / 第九条 → 第九条; 第3.1.1条 / 3.1.1款 → 3.1.1
    (a book numbered the decimal way)."""
    text = unicodedata.normalize("NFKC", query)
    found = {"第" + (int_to_cn(int(raw)) if raw.isdigit() else raw) + "条" for raw in _ARTICLE.findall(text)}
    return found | set(_DECIMAL_CLAUSE.findall(text))
