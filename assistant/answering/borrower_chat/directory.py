"""Which borrowers a question names: ids, loan ids, full or short names, or 这户/它 from the conversation.

The directory holds only the borrowers of the caller's scope, so a borrower outside it is never found and is
answered exactly like a name that does not exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.answering.terms import DATA_DIR
from assistant.knowledge.lexicon import read_table
from assistant.records.models import Borrower, Collateral, Loan
from assistant.records.repository import scoped
from assistant.security.scope import Scope

MIN_SHORT_NAME = 2  # a short name is at least the two-character 字号 (“金穗”, “远航”)
FOLLOW_UP_CHARS = 16  # a question this short naming a record topic and no borrower follows the previous one
BARE_FOLLOW_UP_CHARS = 6  # “下次呢？”: a follow-up this short needs no topic word (it takes the previous one's)
REFER_BACK_TURNS = 4  # 这户/它 after a rule question or two still means the borrower talked about before them
_TOKEN = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9][A-Za-z0-9_-]*[0-9][A-Za-z0-9_-]*")
# the shape of a record number (B004, L00401, KH20240012): a reference even when nobody in scope holds it
_ID_SHAPE = re.compile(r"[A-Za-z]{1,4}[0-9]{3,}")
_HAN = "\u4e00-\u9fff"


@lru_cache(maxsize=1)
def _suffixes() -> tuple[str, ...]:
    rows = read_table(DATA_DIR / "name_suffixes.txt")
    return tuple(sorted((row[0].strip() for row in rows), key=len, reverse=True))


@lru_cache(maxsize=1)
def industry_words() -> tuple[str, ...]:
    rows = read_table(DATA_DIR / "company_industry_words.txt")
    return tuple(sorted((row[0].strip() for row in rows), key=len, reverse=True))


@lru_cache(maxsize=1)
def references() -> tuple[str, ...]:
    rows = read_table(DATA_DIR / "borrower_references.txt")
    return tuple(sorted((row[0].strip() for row in rows), key=len, reverse=True))


@lru_cache(maxsize=1)
def _company_name() -> re.Pattern:
    """A formal company name (…有限公司) in a question: a borrower reference even when nobody holds it."""
    formal = "|".join(s for s in _suffixes() if "有限" in s)
    return re.compile(f"[{_HAN}（）()]{{2,20}}?(?:{formal})")


def core_name(name: str) -> str:
    for suffix in _suffixes():
        if name.endswith(suffix) and len(name) - len(suffix) >= MIN_SHORT_NAME:
            return name[: -len(suffix)]
    return name


def name_forms(name: str, kind: str) -> tuple[str, ...]:
    """The full name and, for a company, every prefix of its core of two characters or more."""
    if kind != "法人":
        return (name,)
    core = core_name(name)
    prefixes = [core[:n] for n in range(MIN_SHORT_NAME, len(core) + 1)]
    return tuple(dict.fromkeys([name, core + "公司", *prefixes]))


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    kind: str
    forms: tuple[str, ...]


@dataclass
class Mentions:
    """What a question refers to. `unknown` counts references to nobody in scope (ids, formal names)."""

    ids: list[str] = field(default_factory=list)
    ambiguous: list[tuple[str, list[str]]] = field(default_factory=list)  # (what was said, candidate ids)
    unknown: int = 0
    unknown_spans: list[tuple[int, int]] = field(default_factory=list)  # where the question names them
    followed: bool = False  # the ids come from the previous turn (这户, 它, or a short follow-up)

    @property
    def any(self) -> bool:
        return bool(self.ids or self.ambiguous or self.unknown)


class Directory:
    """The borrowers in one caller's scope, with the names and record ids a question may use for them."""

    def __init__(self, entries: list[Entry], record_owner: dict[str, str] | None = None) -> None:
        self.entries = {e.id: e for e in entries}
        self._by_upper = {e.id.upper(): e.id for e in entries}
        self.record_owner = record_owner or {}
        self._forms: dict[str, list[str]] = {}
        for entry in entries:
            for form in entry.forms:
                self._forms.setdefault(form, []).append(entry.id)
        self._longest = max((len(f) for f in self._forms), default=0)

    @classmethod
    def load(cls, session: Session, scope: Scope) -> Directory:
        if not scope.sees_borrowers:
            return cls([])
        rows = session.execute(scoped(select(Borrower.id, Borrower.name, Borrower.kind), scope)).all()
        entries = [Entry(r.id, r.name, r.kind, name_forms(r.name, r.kind)) for r in rows]
        owners: dict[str, str] = {}
        for model, column in ((Loan, Loan.loan_id), (Collateral, Collateral.collateral_id)):
            statement = scoped(select(column, model.borrower_id).join(Borrower, Borrower.id == model.borrower_id),
                               scope)
            owners.update({record_id.upper(): owner for record_id, owner in session.execute(statement)})
        return cls(entries, owners)

    def name(self, borrower_id: str) -> str:
        return self.entries[borrower_id].name

    def find(self, question: str, previous: list[str] | None = None,
             topic_words: tuple[str, ...] = (), candidates: list[str] | None = None,
             earlier: list[list[str]] | None = None) -> Mentions:
        """`previous`: the borrowers of the last turn; `earlier`: those of every turn so far, oldest first."""
        found = Mentions()
        picked = self._pick(question, candidates or [])
        if picked:  # the answer to “请说明是哪一户”: 第二个, 物流那家
            found.ids, found.followed = [picked], True
            return found
        earlier = [[i for i in ids if i in self.entries] for ids in (earlier or [])]
        recalled = _recalled(question, earlier)
        if recalled:  # “再说回第一家”: the conversation's borrowers in the order they came up
            found.ids, found.followed = [recalled], True
            return found
        taken: list[tuple[int, int]] = []
        for match in _TOKEN.finditer(question):
            token = match.group().upper()
            owner = self._by_upper.get(token) or self.record_owner.get(token)
            if owner:
                _append(found.ids, owner)
            elif _ID_SHAPE.fullmatch(token):
                found.unknown += 1
                found.unknown_spans.append(match.span())
            else:
                continue
            taken.append(match.span())
        for start, end, ids in self._name_spans(question) + self._trade_spans(question):
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            ids = self._same_trade(question, start, end, ids)
            if not ids:
                found.unknown += 1
                found.unknown_spans.append((start, _name_end(question, end)))
                continue
            if len(ids) == 1:
                _append(found.ids, ids[0])
            else:
                found.ambiguous.append((question[start:end], sorted(ids)))
        for match in _company_name().finditer(question):
            if not any(s < match.end() and match.start() < e for s, e in taken):
                found.unknown += 1
                found.unknown_spans.append(match.span())
        if found.any:
            return found
        previous = [p for p in previous or [] if p in self.entries]
        if previous and (_refers_back(question) or _short_follow_up(question, topic_words)):
            found.ids, found.followed = previous, True
        elif not previous and _refers_back(question):
            recent = [ids for ids in earlier[-REFER_BACK_TURNS:] if ids]
            if recent:  # 这户 after a rule question: the borrower talked about just before it
                found.ids, found.followed = recent[-1], True
        return found

    def _trade_spans(self, text: str) -> list[tuple[int, int, list[str]]]:
        """A trade said as a name, right before 那家/这户/那边 (“粮油那家”, “物流那户”): the borrowers in scope
        whose name holds it. Said without such a word, a trade is a kind of business, not a borrower."""
        import jieba.posseg

        spans = []
        for match in _TRADE_REFERENCE.finditer(text):
            words = jieba.posseg.lcut(match.group(1))
            for first in range(len(words)):
                said = "".join(w.word for w in words[first:])
                if len(said) > MAX_TRADE_CHARS:
                    continue
                if any(w.flag.startswith(_NAMING_FLAGS) for w in words[:first]):
                    break  # “富华电器那户”: a name said before the trade is some other company's
                ids = [e.id for e in self.entries.values() if e.kind == "法人" and said in core_name(e.name)]
                if ids:
                    spans.append((match.end(1) - len(said), match.end(1), sorted(ids)))
                    break
        return spans

    def _pick(self, question: str, candidates: list[str]) -> str | None:
        """Which of the candidates just offered a short reply means: an ordinal or a part of one name only."""
        candidates = [c for c in candidates if c in self.entries]
        text = re.sub(r"[？?。！!，,\s]", "", question)
        if not candidates or len(text) > FOLLOW_UP_CHARS:
            return None
        ordinal = re.search(r"第([一二三四五1-5])(个|家|户|位)", text)
        if ordinal:
            index = "一二三四五".find(ordinal.group(1)) if not ordinal.group(1).isdigit() else int(ordinal.group(1)) - 1
            return candidates[index] if 0 <= index < len(candidates) else None
        cores = {c: core_name(self.entries[c].name) for c in candidates}
        pieces = {text[i:i + 2] for i in range(len(text) - 1)}
        distinctive = {p for p in pieces if not all(p in core for core in cores.values())}
        fits = [c for c in candidates if any(p in cores[c] for p in distinctive)]
        return fits[0] if len(fits) == 1 else None

    def _same_trade(self, text: str, start: int, end: int, ids: list[str]) -> list[str]:
        """The borrowers a short name still fits once the trade said after it is read: “青禾装备” keeps only
        青禾智能装备; “金穗农业科技” when the one 金穗 in scope is 金穗粮油 keeps none (another company, answered
        as unknown, whoever holds it)."""
        said = text[start:end]
        if any(len(said) >= len(core_name(self.entries[i].name)) for i in ids):
            return ids  # the whole name was said
        for word in industry_words():
            if text.startswith(word, end):
                return [i for i in ids if _abbreviates(word, core_name(self.entries[i].name)[len(said):])]
        return ids

    def _name_spans(self, text: str) -> list[tuple[int, int, list[str]]]:
        """Longest name form at each position, left to right, no overlaps; ties between borrowers kept."""
        spans, start = [], 0
        while start < len(text):
            for length in range(min(self._longest, len(text) - start), MIN_SHORT_NAME - 1, -1):
                ids = self._forms.get(text[start:start + length])
                if ids:
                    spans.append((start, start + length, ids))
                    start += length
                    break
            else:
                start += 1
        return spans


MAX_TRADE_CHARS = 4
_NAMING_FLAGS = ("n", "nr", "nz", "ns", "nt", "j", "l", "eng")  # jieba tags of words that may name a company
_TRADE_REFERENCE = re.compile(f"([{_HAN}]{{2,}}?)(?:那家|这家|那户|这户|那边|这边)")
_ORDINAL = re.compile(r"第([一二三四五1-5])[家户]")
_BEFORE_LAST = re.compile(r"[前上]一[家户]")


def _recalled(question: str, earlier: list[list[str]]) -> str | None:
    """The borrower an ordinal of the conversation points at: 第一家 (the first one talked about), 上一家
    (the one before the last)."""
    seen = list(dict.fromkeys(i for ids in earlier for i in ids))
    if len(seen) < 2:
        return None
    ordinal = _ORDINAL.search(question)
    if ordinal:
        said = ordinal.group(1)
        index = int(said) - 1 if said.isdigit() else "一二三四五".find(said)
        return seen[index] if 0 <= index < len(seen) else None
    if _BEFORE_LAST.search(question):
        last = next((ids for ids in reversed(earlier) if ids), [])
        before = [i for i in seen if i not in last]
        return before[-1] if before else None
    return None


def without_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """The question with the borrower references cut out (what is left is asked of the rules)."""
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    return text.strip("，,、 ") or text


def _name_end(text: str, end: int) -> int:
    """Where a company name said from `end` on stops: after its trade words and legal form."""
    moved = True
    while moved:
        moved = False
        for word in industry_words() + _suffixes():
            if text.startswith(word, end):
                end, moved = end + len(word), True
                break
    return end


def _abbreviates(word: str, rest: str) -> bool:
    """“汽配” for 汽车配件, “地产” for 房地产开发: the said trade's characters in order within the name's rest."""
    position = 0
    for char in word:
        position = rest.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def _append(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


_NOT_REFERENCES = re.compile(r"其[他它]|他行|他人|他方")  # 其他, 他行 …: words holding 他/它 that point at nobody
_FOLLOW_UP_FORM = re.compile(r"^(那|那么|还有|另外|再问|再看看)|呢$")


@lru_cache(maxsize=1)
def _deixis() -> tuple[str, ...]:
    return tuple(row[0].strip() for row in read_table(DATA_DIR / "follow_up_cues.txt"))


def load_word_tables() -> None:
    """Read every word table of this module now (the server does it at start, before the first question)."""
    for table in (_suffixes, industry_words, references, _company_name, _deixis, _generic_subjects):
        table()


def _refers_back(question: str) -> bool:
    text = _NOT_REFERENCES.sub("", question)
    return any(word in text for word in references())


@lru_cache(maxsize=1)
def _generic_subjects() -> tuple[str, ...]:
    """Names of a class of loans or customers (次级类, 固定资产贷款, 法人客户): a question about one is a rule question."""
    from assistant.answering.followup import CONTRAST_GROUPS

    groups = (CONTRAST_GROUPS[0], CONTRAST_GROUPS[1], CONTRAST_GROUPS[4])
    return tuple(word for group in groups for word in group)


def _short_follow_up(question: str, topic_words: tuple[str, ...]) -> bool:
    """A short question that goes on about the previous turn's borrower: “押品呢？”, “下次呢？”, “诉讼走到哪一步了？”.

    It names a record topic and no class of loans or customers (“次级类多久检查一次？” is a rule question), or it is
    a bare follow-up (“下次呢？”, “那保证人”)."""
    text = re.sub(r"[？?。！!，,\s]", "", question)
    if len(text) > FOLLOW_UP_CHARS or any(subject in text for subject in _generic_subjects()):
        return False
    shaped = bool(_FOLLOW_UP_FORM.search(text)) or any(cue in text for cue in _deixis())
    return bool(topic_words) or (shaped and len(text) <= BARE_FOLLOW_UP_CHARS)
