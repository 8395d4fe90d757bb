"""Grounded extractive answers, answer first: the sentence that answers, then its list or further points.

Every statement is a verbatim span of a retrieved chunk with its [n]. The lead is the sentence the
decision found to answer the asked fact; a list question gets the list under its intro; a further
point must hold a good share of what the lead holds. The same sentence met in two files (a .docx and
its .pdf) is cited once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace

from assistant.answering.analysis import QuestionAnalysis, analyse, with_context
from assistant.answering.config import DEFAULT, AnsweringConfig
from assistant.answering.decision import Candidate, Decision, candidates, decide
from assistant.answering.types import Answer, Citation
from assistant.knowledge import lexicon, sentences
from assistant.knowledge.abbreviations import phrase_full_forms
from assistant.knowledge.stats import CorpusStats, TextStats
from assistant.knowledge.types import SearchHit
from assistant.prompts import render_prompt
from assistant.security.guard import addressed_to_assistant
from assistant.security.masking import find_personal_data

_FLAT = re.compile(r"[\s\u3000]+")
_EACH = re.compile(r"分别|各自")
_JOINS = frozenset("、和与及")
_CONTENT = re.compile(r"^[\u4e00-\u9fff]{2,}$")  # a word of two or more characters before the first item


def _next_sentence(point: Candidate, in_order: list[Candidate], hits: list[SearchHit]) -> Candidate | None:
    """The sentence right after `point` in its chunk (`in_order`: the candidates by position), unless it is a list
    item or holds personal data."""
    return next((c for c in in_order if c.hit_rank == point.hit_rank
                 and 0 <= c.start - point.end <= 2 and not c.intro and not _private(c, hits)), None)


def each_of(question: str) -> list[str]:
    """黄色、橙色、红色预警分别由谁审批 asks three questions: one per item of the enumeration before 分别 (items
    are the dictionary words next to 、 和 与 及, of like length)."""
    found = _EACH.search(question)
    if not found:
        return [question]
    words = lexicon.cut(question[: found.start()])
    joins = [i for i, w in enumerate(words) if w in _JOINS and 0 < i < len(words) - 1]
    if not joins:
        return [question]
    last = joins[-1]
    run = [last]
    while len(run) < len(joins) and joins[-len(run) - 1] == run[-1] - 2:
        run.append(joins[-len(run) - 1])
    items = [words[i - 1] for i in reversed(run)] + [words[last + 1]]
    lengths = [len(item) for item in items]
    opener = words[run[-1] - 2] if run[-1] >= 2 else ""
    if min(lengths) < 2 or max(lengths) > 6 or max(lengths) - min(lengths) > 1 or _CONTENT.match(opener):
        # no enumeration of like words (报告录入和风险经理审阅, 主任委员和副/主任委员), nor one whose first item is
        # the tail of a longer phrase (黄色预警和红色预警: 预警 和 红色)
        return [question]
    start = sum(len(w) for w in words[: run[-1] - 1])
    end = sum(len(w) for w in words[: last + 2])
    rest = question[end:].replace(found.group(0), "", 1)
    return [question[:start] + item + rest for item in items]


# "固贷最长几年？超了谁来批？" / "消费贷最长几年，经营贷呢？": each part asks its own fact
_PARTS = re.compile(r"[？?；;]+|[，,](?=[^，,？?]{2,12}呢)")
FOLLOW_ON_CHARS = 5  # characters, punctuation left out
MAX_QUESTIONS = 4  # a message of more questions is decided whole (each prefix costs one more analysis)
_UNSAID = re.compile(r"[\W_]+")  # punctuation and spaces
_ASKED = re.compile(r"[^？?]*[？?]+|[^？?]+$")  # the questions of a message, each with its question marks


def _follows_on(question: str) -> bool:
    """A later question that leans on the one before for its topic: …呢？ (核销掉的呢？, 季报呢？) or as short as a
    follow-on (算什么级别？). dev5: a later question with a topic of its own (…佣金一般给几个点？, …继承人要不要担？)
    left the first answered from hits found for both, twice for a question no rule answers."""
    said = _UNSAID.sub("", question)
    return said.endswith("呢") or len(said) <= FOLLOW_ON_CHARS


def questions_of(message: str) -> list[str]:
    """The questions of a message that asks several (档案要留几年？核销掉的呢？), each holding some words."""
    return [q for q in _ASKED.findall(message) if len(_UNSAID.sub("", q)) >= 2]



def as_asked(term: str, question: str) -> str:
    """A question word as the officer wrote it: the index folds Latin letters to lower case (LPR, not lpr)."""
    plain = unicodedata.normalize("NFKC", question)  # ＬＰＲ is folded to lpr as LPR is
    at = plain.lower().find(term) if term.isascii() and len(plain) == len(question) else -1
    return plain[at:at + len(term)] if at >= 0 else term

@dataclass(frozen=True)
class Statement:
    number: int
    text: str
    start: int = 0  # where it stands in its chunk: the points of one citation keep the clause's order

    @property
    def shown(self) -> str:
        """The sentence as the answer says it: a 问答 book's 答： marker opens the quote, not the answer."""
        return _ANSWER_MARK.sub("", self.text, count=1)


_ANSWER_MARK = re.compile(rf"^\s*{sentences.FAQ_ANSWER}\s*")


def _flat(text: str) -> str:
    return _FLAT.sub("", text)


def _span(candidate: Candidate) -> tuple[int, int]:
    """Where the text a candidate brings into an answer lies in its chunk: its intro, itself, its list items."""
    return (candidate.intro[0] if candidate.intro else candidate.start,
            candidate.items[-1][1] if candidate.items else candidate.end)


def _unquotable(text: str) -> bool:
    """An ID card or phone number, or an instruction to the assistant planted in a file: no part of an answer."""
    return bool(find_personal_data(text)) or addressed_to_assistant(text)


def _private(candidate: Candidate, hits: list[SearchHit]) -> bool:
    """What the candidate brings holds something no answer quotes (_unquotable)."""
    start, end = _span(candidate)
    return _unquotable(hits[candidate.hit_rank].chunk.text[start:end])


def _repeats(flat: str, seen: set[str]) -> bool:
    """The same statement again: contained in one already chosen, or nearly the same wording (two rule
    books stating one rule, 同意展期的，应根据（借款人）还款来源等情况…)."""
    from difflib import SequenceMatcher

    return any(flat in s or s in flat or SequenceMatcher(None, flat, s, autojunk=False).ratio() >= 0.9
               for s in seen)


class _WithPassages:
    """Corpus statistics that also read an abbreviation against the retrieved passages' phrases: 个体户 stands for
    个体工商户, which no index word holds (the tokenizer cuts it 个体|工商户)."""

    def __init__(self, stats: CorpusStats, texts: list[str]) -> None:
        self._stats, self._texts = stats, texts

    def __getattr__(self, name: str):
        return getattr(self._stats, name)

    def full_forms(self, short: str, limit: int = 2) -> list[str]:
        return self._stats.full_forms(short, limit) or phrase_full_forms(short, self._texts, limit)


class GroundedComposer:
    """Builds answers only from the sentences of the retrieved chunks (no model needed).

    `stats` gives the corpus statistics of the retriever the hits come from (the retriever contract);
    without it (a caller with a bare list of hits) the hits themselves stand in for the corpus.
    """

    def __init__(self, stats: Callable[[], CorpusStats] | None = None, config: AnsweringConfig = DEFAULT) -> None:
        self.stats = stats
        self.config = config

    def _stats(self, hits: list[SearchHit]) -> CorpusStats:
        stats = self.stats() if self.stats is not None else TextStats([h.chunk.text for h in hits])
        return _WithPassages(stats, [h.chunk.text for h in hits[: self.config.search_depth]])

    def assess(self, question: str, hits: list[SearchHit], further: bool = False) -> tuple[QuestionAnalysis, Decision]:
        """`further`: more evidence for a question already answered ("还有呢"): any supporting sentence will do."""
        stats = self._stats(hits)
        analysis = analyse(question, stats, self.config)
        decision = decide(analysis, hits, stats, self.config)
        asked = questions_of(question) if not decision.answer and not further else []
        if len(asked) > MAX_QUESTIONS or not all(_follows_on(q) for q in asked[1:]):
            asked = []  # a later question with a topic of its own: the hits were found for both topics together
        for answered in range(len(asked) - 1, 0, -1):
            # a question and its follow-ons, refused as a whole: the first ones the evidence answers are answered,
            # and the answer names the later ones it does not (核销掉的呢？ with a word no rule writes)
            first = analyse("".join(asked[:answered]), stats, self.config)
            partial = decide(first, hits, stats, self.config)
            if partial.answer:
                partial.unanswered = [q.strip() for q in asked[answered:]]
                return first, partial
        if further and decision.candidates:
            # further provisions of a question already answered: in retrieval order, any that shares its words
            decision.candidates.sort(key=lambda c: (c.share > 0, c.kind_ok, -c.hit_rank, c.share), reverse=True)
            if not decision.answer and decision.reason != "no_evidence":
                decision.answer, decision.reason = decision.candidates[0].share > 0, ""
        return analysis, decision

    def compose(self, question: str, hits: list[SearchHit], further: bool = False) -> Answer:
        analysis, decision = self.assess(question, hits, further)
        if not decision.answer:
            return self.refuse(question, hits, analysis, decision)
        answer = self._render(analysis.question, hits, decision, self._parts(analysis.question, hits))
        left = [q for q in decision.unanswered if not self._holds(q, answer, hits)]
        if left:
            note = render_prompt("answer_partial", unanswered=left).strip()
            answer = replace(answer, answer=f"{answer.answer}\n\n{note}", unanswered=left)
        return replace(answer, resolved_question=question)

    def _holds(self, question: str, answer: Answer, hits: list[SearchHit]) -> bool:
        """The quotes of an answer hold every specific word of a later question (核销掉的呢？ beside 核销贷款的档案
        永久保存), or it has none (谁来批？): it is not named as unanswered."""
        quoted = "".join(c.quote for c in answer.citations)
        analysis = analyse(question, self._stats(hits), self.config)
        words = [w for w in analysis.words if w.specific and w.focus]
        return all(w.found(quoted, analysis.terms, soft=False) for w in words)  # none: nothing to tell by

    def refuse(self, question: str, hits: list[SearchHit], analysis: QuestionAnalysis, decision: Decision) -> Answer:
        text = render_prompt("answer_refusal", missing_terms=[as_asked(t, question) for t in decision.missing],
                             reason=decision.reason, kind=analysis.kind, documents=decision.documents[:5],
                             book=decision.book, chinese=bool(re.search(r"[\u4e00-\u9fff]", question)),
                             terms=[as_asked(t, question) for t in analysis.key_terms] or [question.strip()[:20]])
        return Answer(text.strip(), [], refused=True, resolved_question=question,
                      evidence_ids=[h.chunk.chunk_id for h in hits], decision=decision.probability)

    def _parts(self, question: str, hits: list[SearchHit]) -> list[Candidate]:
        """For a question in several parts, the best sentence of each part, read with that part's own kind
        of fact (固贷最长几年 asks a number even when the next part asks 谁来批)."""
        pieces = [p for p in _PARTS.split(question) if len(p.strip()) >= 4]
        parts = [(before, q) for before, p in zip(["", *pieces], pieces) for q in each_of(p) if len(q.strip()) >= 4]
        if len(parts) < 2:
            return []
        stats, out = self._stats(hits), []
        for before, part in parts:
            analysis = analyse(part, stats, self.config)
            if before and not any(w.thing and w.focus for w in analysis.words):
                # 一年能来几回？ after 能先付款后补材料不？ asks about the same payments; a part naming a thing of its own
                # (押品多久重估一次？) has a topic of its own
                analysis = with_context(analysis, analyse(before + part, stats, self.config), self.config.context_share)
            ranked = candidates(analysis, hits[: self.config.search_depth], self.config)
            if ranked and ranked[0].kind_ok and ranked[0].share >= self.config.part_share:
                out.append(ranked[0])
        return out

    def _choose(self, decision: Decision, hits: list[SearchHit], extra: list[Candidate] = ()) -> list[Candidate]:
        ranked = decision.candidates
        # one sentence holding nearly the whole of a question in parts answers them all (a table row: 风险状况：
        # 关注类；检查频率：…；检查报告审批人：…): it leads, each part's own sentence follows
        whole = bool(ranked) and ranked[0].kind_ok and ranked[0].share >= self.config.whole_share
        lead = extra[0] if extra and not whole else ranked[0]
        # a rule answered by a rule: one borrower's case note is no further point of it
        notes_too = hits[lead.hit_rank].chunk.source_type == "case_note"
        # a book the question names answers it (问题贷款处置管理办法第九条…): another book's sentence is no further point
        named = decision.named if hits[lead.hit_rank].chunk.doc_title in decision.named else set()
        chosen, seen = [lead], {_flat(lead.text)}
        for candidate in (extra if whole else extra[1:]):
            flat = _flat(candidate.text)
            if not _repeats(flat, seen):
                chosen.append(candidate)
                seen.add(flat)
        in_order = sorted(ranked, key=lambda c: c.start)
        for point in list(chosen):  # the lead, and each part's own sentence
            follow = _next_sentence(point, in_order, hits)
            if follow is not None and follow.kind >= 0.5 and _flat(follow.text) not in seen:
                chosen.append(follow)  # the next sentence goes on about its subject (…，最长不超过五年)
                seen.add(_flat(follow.text))
        floor = self.config.point_share * lead.share
        own_floor = self.config.point_share * lead.own
        for candidate in ranked[1:]:
            if len(chosen) > self.config.max_statements or candidate.share < floor:
                break
            if candidate.own < own_floor or candidate.own <= 0:
                continue
            if not notes_too and hits[candidate.hit_rank].chunk.source_type == "case_note":
                continue
            if named and hits[candidate.hit_rank].chunk.doc_title not in named:
                continue
            flat = _flat(candidate.text)
            if not candidate.kind_ok or _repeats(flat, seen) or _private(candidate, hits):
                continue  # a further point never carries an ID card or phone number of a note
            if any(c.hit_rank == candidate.hit_rank and c.items and any(a <= candidate.start < b for a, b in c.items)
                   for c in chosen):
                continue  # already quoted as an item of a chosen list
            chosen.append(candidate)
            seen.add(flat)
        for point in list(chosen):
            self._to_full_stop(point, chosen, seen, in_order, hits)
        self._rest_of_clause(lead, chosen, seen, ranked, hits)
        return chosen

    def _to_full_stop(self, point: Candidate, chosen: list[Candidate], seen: set[str], in_order: list[Candidate],
                      hits: list[SearchHit]) -> None:
        """A point that ends at a semicolon is quoted on to the sentence's full stop: the clauses after it finish
        its rule (…经风险经理审核同意后解除；解除红色预警的，还须报分行风险管理部备案。), a few and a short span at most."""
        added = 0
        while (point.text.rstrip().endswith(("；", ";")) and not sentences.is_item(point.text)
               and len(chosen) <= self.config.max_statements and added <= self.config.whole_clause_chars // 4):
            point = _next_sentence(point, in_order, hits)
            if (point is None or sentences.is_item(point.text) or sentences.is_link(point.text)
                    or _repeats(_flat(point.text), seen)):
                return
            chosen.append(point)
            seen.add(_flat(point.text))
            added += len(point.text)

    def _widens(self, text: str, quoted: tuple[int, int], adding: tuple[int, int]) -> bool:
        """A sentence joins the citation already quoting its clause when the one span holding both stays
        short and brings no personal data from between them; otherwise it is cited on its own."""
        start, end = min(quoted[0], adding[0]), max(quoted[1], adding[1])
        first, second = sorted((quoted, adding))
        if _unquotable(text[first[1]:second[0]]):  # what lies between the two (nothing when they touch)
            return False
        return second[0] - first[1] <= 2 or len(_flat(text[start:end])) <= self.config.whole_clause_chars

    def _rest_of_clause(self, lead: Candidate, chosen: list[Candidate], seen: set[str], ranked: list[Candidate],
                        hits: list[SearchHit]) -> None:
        """A short clause is quoted whole after the chosen points: the sentence that answers may not be
        the one with most of the question's words (还本频率 two sentences after 分期还本). A prose section
        (an article's heading, a case note's part) gives only the sentences next to the lead."""
        chunk = hits[lead.hit_rank].chunk
        window = None if chunk.article else self.config.prose_window  # a prose section is no one rule
        if window is None and len(_flat(chunk.text)) > self.config.whole_clause_chars:
            return
        covered = [span for c in chosen if c.hit_rank == lead.hit_rank
                   for span in ((c.start, c.end), *c.items, *([c.intro] if c.intro else []))]
        clause = sorted((c for c in ranked if c.hit_rank == lead.hit_rank), key=lambda c: c.start)
        at = next((i for i, c in enumerate(clause) if c.start == lead.start), None)
        if at is None:
            return
        # an ID card or phone number in a note is no part of a rule's answer: the quote (one span) stops before it
        private = [i for i, c in enumerate(clause) if _private(c, hits)]
        low = max([i + 1 for i in private if i < at], default=0)
        high = min([i for i in private if i > at], default=len(clause))
        if window is not None:
            low, high = max(low, at - window), min(high, at + window + 1)
        for candidate in clause[low:high]:
            flat = _flat(candidate.text)
            if (any(a <= candidate.start < b for a, b in covered) or _repeats(flat, seen) or sentences.is_link(flat)
                    or sentences.is_heading(candidate.text, hits[candidate.hit_rank].chunk.source_type != "case_note")):
                continue  # a heading (六、逾期催收) or a 问 of a 问/答 pair states nothing
            if candidate.intro and any(a <= candidate.intro[0] < b for a, b in covered):
                continue
            chosen.append(candidate)
            seen.add(flat)
            covered.append((candidate.start, candidate.end))
            covered.extend(candidate.items)

    def _render(self, question: str, hits: list[SearchHit], decision: Decision,
                extra: list[Candidate] = ()) -> Answer:
        chosen = self._choose(decision, hits, extra)
        ordered = chosen[:1] + sorted(chosen[1:], key=lambda c: (c.hit_rank, c.start))
        citations: list[Citation] = []
        spans: list[tuple[int, int, int]] = []  # per citation: (hit, start, end) of its quote
        last_of: dict[int, int] = {}  # hit → index of its latest citation
        lead: Statement | None = None
        points: list[Statement] = []
        for candidate in ordered:
            chunk = hits[candidate.hit_rank].chunk
            text = chunk.text
            start, end = _span(candidate)
            index = last_of.get(candidate.hit_rank)
            if index is not None and self._widens(text, spans[index][1:], (start, end)):
                _, a, b = spans[index]  # another sentence of a clause already cited: same number, quote widened
                spans[index] = (candidate.hit_rank, min(a, start), max(b, end))
            else:
                index = last_of[candidate.hit_rank] = len(citations)
                citations.append(Citation(index + 1, chunk.chunk_id, chunk.doc_title, chunk.article or chunk.section, ""))
                spans.append((candidate.hit_rank, start, end))
            number = index + 1
            statement = Statement(number, candidate.text, candidate.start)
            quoted = [s.text for s in (lead, *points) if s is not None and s.number == number]
            intro = None
            if candidate.intro and text[candidate.intro[0]:candidate.intro[1]] not in quoted:
                intro = Statement(number, text[candidate.intro[0]:candidate.intro[1]], candidate.intro[0])
            items = [Statement(number, text[a:b], a) for a, b in candidate.items[: self.config.max_list_items]
                     if text[a:b] not in quoted]
            if lead is None and intro:  # a list item answers: the list's intro first, then the item
                lead, points = intro, points + [statement]
            elif lead is None:
                lead, points = statement, points + items
            else:
                points += [s for s in (intro, statement) if s and s.text not in quoted] + items
        citations = [replace(c, quote=hits[h].chunk.text[a:b]) for c, (h, a, b) in zip(citations, spans)]
        points.sort(key=lambda s: (s.number, s.start))  # a citation's points in the clause's own order
        text = render_prompt("answer_grounded", lead=lead, points=points).strip()
        return Answer(text, citations, refused=False, resolved_question=question,
                      evidence_ids=[h.chunk.chunk_id for h in hits], decision=decision.probability)
