"""Chinese lexicon: jieba with the domain dictionary, stopwords, CJK bigrams and officer-wording synonyms."""

from __future__ import annotations

import re
import tempfile
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

from assistant.lazy import once

DATA_DIR = Path(__file__).resolve().parent / "data"
DOMAIN_DICT = Path(__file__).resolve().parent / "domain_dict.txt"
SYNONYM_WEIGHT = 0.5
BIGRAM_WEIGHT = 0.3  # bigrams make matching robust to segmentation; they must not outvote whole words
# a bare number of the question (固贷想做12年, 8年期) is the officer's own case, and matches dates and amounts
# anywhere (dev3 MRR 0.824 → 0.833 at 0.5; 0.3 no better)
NUMBER_WEIGHT = 0.5

_CJK = re.compile(r"[\u3400-\u9fff]")
_WORDLIKE = re.compile(r"^[0-9a-z\u3400-\u9fff][0-9a-z\u3400-\u9fff.%]*$")
_LABEL = re.compile(r"^第[0-9一二三四五六七八九十百零〇两]+[条章节款项]$")
ARTICLE_REF = re.compile(r"第\s*[0-9一二三四五六七八九十百零〇两]+\s*条")
# a number or a question for one, after which a single character is the unit counted (几个/人, 多少/天, 3/个)
_COUNTED = re.compile(r"(?:几|多少|[0-9]|[一二两三四五六七八九十百千]+)个?$|^个$")
_UNITS = frozenset("人名位户家笔次项份张个天日周月季年")
_lock = threading.Lock()
_tokenizer = None


def _cache_dir() -> Path:
    """jieba's dictionary cache lives under ASSISTANT_HOME (or a temp dir), never in the package."""
    try:
        from assistant.config import get_settings

        path = get_settings().home / "cache"
        path.mkdir(parents=True, exist_ok=True)
        return path
    except OSError:
        return Path(tempfile.gettempdir())


def get_tokenizer():
    """The process-wide jieba tokenizer with our domain words; built lazily once (it takes ~1 s)."""
    global _tokenizer
    if _tokenizer is not None:
        return _tokenizer
    with _lock:
        if _tokenizer is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.tmp_dir = str(_cache_dir())
            tokenizer.cache_file = "jieba-daihou.cache"
            tokenizer.initialize()
            tokenizer.load_userdict(str(DOMAIN_DICT))
            _tokenizer = tokenizer
    return _tokenizer


def read_table(path: Path) -> list[list[str]]:
    """Rows of a hand-written data file: tab-separated columns, '#' comment lines skipped. The last column
    of every row is the reason for the entry (why it exists); callers use the columns before it."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@lru_cache(maxsize=1)
def lexicon_version() -> str:
    """A short hash of the domain dictionary and the stopwords: index terms depend on both."""
    import hashlib

    return hashlib.sha256(DOMAIN_DICT.read_bytes() + b"\0" + (DATA_DIR / "stopwords.txt").read_bytes()).hexdigest()[:12]


@lru_cache(maxsize=1)
def domain_terms() -> tuple[str, ...]:
    lines = DOMAIN_DICT.read_text(encoding="utf-8").splitlines()
    return tuple(line.split()[0] for line in lines if line.strip())


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(row[0].strip() for row in read_table(DATA_DIR / "stopwords.txt") if row[0].strip())


@lru_cache(maxsize=1)
def synonyms() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(officer phrase, rule words) pairs, longest phrase first so specific wording wins."""
    pairs = [(normalize(row[0]), tuple(row[1].split())) for row in read_table(DATA_DIR / "synonyms.txt")]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def normalize(text: str) -> str:
    """Full-width to half-width, lower case (ＡＢＣ１２ → abc12)."""
    return unicodedata.normalize("NFKC", text).lower()


def _expand_word(word: str, out: list[tuple[str, bool]]) -> None:
    if word in stopwords() or not _WORDLIKE.match(word):
        return
    cjk = bool(_CJK.search(word))
    if cjk and len(word) == 1:
        return  # single characters are noise for BM25; bigrams of longer words carry them
    out.append((word, False))
    if cjk and len(word) >= 3 and not _LABEL.match(word):
        out.extend((word[i : i + 2], True) for i in range(len(word) - 1))


@once
def _tags() -> dict[str, str]:
    """jieba's tags, with the domain dictionary's own (续贷 n, 抽贷 v) over them."""
    import jieba.posseg

    tags = dict(jieba.posseg.POSTokenizer(get_tokenizer()).word_tag_tab)
    for line in DOMAIN_DICT.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3:
            tags[parts[0]] = parts[2]
    return tags


def word_tag(term: str) -> str:
    """jieba's part-of-speech tag of a dictionary word ("" when unknown)."""
    return _tags().get(term, "")


# pronouns, prepositions, conjunctions, particles, modal particles and interjections: closed-class words (not
# adverbs: 约 is tagged one, and 约/谈 is 约谈)
_FUNCTION_TAGS = ("r", "p", "c", "u", "y", "e", "o")


def is_function_word(word: str) -> bool:
    """A closed-class word by its dictionary tag (我, 该, 这, 在, 和): it never starts or ends a content word
    the dictionary lacks."""
    return word_tag(word).startswith(_FUNCTION_TAGS)


def counts_next(word: str) -> bool:
    """A number or a question for one (3, 几个, 多少, 3/个): the single character after it is the unit it counts."""
    return bool(_COUNTED.search(word))


def cut(text: str) -> list[str]:
    """jieba's words (HMM off), with a counted unit taken back from the word jieba glued it into: after a
    number or 几/多少, 几个/人才/能 is 几个/人/才/能 (a count of people), not 人才 (talent)."""
    tokenizer = get_tokenizer()
    words: list[str] = []
    for word in tokenizer.lcut(text, HMM=False):
        rest = word[1:]
        if (words and counts_next(words[-1]) and len(word) >= 2 and word[0] in _UNITS
                and (len(rest) == 1 or tokenizer.FREQ.get(rest))):
            words.extend((word[0], rest))
        else:
            words.append(word)
    return words


def word_starts(words: list[str]) -> set[int]:
    """Where each word of a cut text starts (offsets into the text the words were cut from)."""
    starts, at = set(), 0
    for word in words:
        starts.add(at)
        at += len(word)
    return starts


def terms(text: str) -> list[tuple[str, bool]]:
    """(term, is_bigram) for every index term of a text."""
    out: list[tuple[str, bool]] = []
    for word in cut(normalize(text)):
        _expand_word(word.strip(), out)
    return out


def unseen_candidates(text: str, document_frequency) -> list[str]:
    """Words of a text the corpus never has that may be abbreviations: jieba's words of 2–4 characters, and
    runs of whole words of 2–4 characters holding a character jieba could not place (实/控/人, 授信/额)."""
    words = cut(normalize(text))
    found: list[str] = []
    for i in range(len(words)):
        run, single = "", False
        for nxt in words[i:]:
            if nxt in stopwords() or not nxt or len(_CJK.findall(nxt)) != len(nxt):
                break
            run, single = run + nxt, single or len(nxt) == 1
            if len(run) > 4:
                break
            if len(run) >= 2 and (run == nxt or single):
                found.append(run)
    return [w for w in dict.fromkeys(found) if not document_frequency(w)]


def said_whole(phrase: str, text: str) -> bool:
    """The phrase is said as whole words of the text, starting and ending where they do: 本行 in 本行规定 but not in
    本行业, 行里 in 行里规定 but not in 银行里."""
    if phrase not in text:
        return False
    bounds = word_starts(cut(text)) | {len(text)}
    return any(m.start() in bounds and m.end() in bounds for m in re.finditer(re.escape(phrase), text))


def said_as_word(phrase: str, text: str, starts: set[int]) -> bool:
    """A two-character phrase is said where a word of the text starts: 人行 is not said in 个人行为 (个人/行为), nor
    他项 in 其他项目 (longer phrases as they stand: requiring it of them too cost two dev answers)."""
    if len(phrase) > 2:
        return True
    return any(m.start() in starts for m in re.finditer(re.escape(phrase), text))


def says(phrase: str, text: str) -> bool:
    """The text holds the phrase; a one-character phrase (批) only as a word of its own, not inside 批量 or 批复."""
    if len(phrase) > 1:
        return phrase in text
    return phrase in text and phrase in cut(text)


def tokenize(text: str) -> list[str]:
    """Index terms of a text: jieba words (domain dictionary on), minus stopwords, plus CJK bigrams."""
    return [term for term, _ in terms(text)]


def query_terms(query: str) -> dict[str, float]:
    """Weighted query terms: the query's own terms weigh 1, synonym expansions SYNONYM_WEIGHT."""
    from assistant.knowledge.colloquial import plain_question

    text = ARTICLE_REF.sub(" ", plain_question(normalize(query)))  # 第X条 is matched on chunk metadata
    weights: dict[str, float] = {}
    for term, bigram in terms(text):
        weights[term] = weights.get(term, 0.0) + (BIGRAM_WEIGHT if bigram else NUMBER_WEIGHT if term.isdigit() else 1.0)
    consumed = text
    starts = word_starts(cut(text))
    for phrase, targets in synonyms():
        if not says(phrase, consumed) or not said_as_word(phrase, text, starts):
            continue
        consumed = consumed.replace(phrase, " ")
        for target in targets:
            for term, bigram in terms(target):
                weights.setdefault(term, SYNONYM_WEIGHT * (BIGRAM_WEIGHT if bigram else 1.0))
    return weights
