"""ChatService: checks the question, resolves follow-ups, retrieves in scope, answers, guards and keeps it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from assistant.answering.borrower_chat.desk import BorrowerDesk, BorrowerReply
from assistant.answering.config import DEFAULT, AnsweringConfig
from assistant.answering.conversations import ConversationStore, Turn
from assistant.answering.followup import Resolution, resolve
from assistant.answering.generation import AnswerGenerator, answer_event, pieces
from assistant.answering.guarding import AnswerGuard, StreamScreen
from assistant.answering.input_checks import check_question
from assistant.answering.types import Answer, Citation
from assistant.config import Settings, get_settings
from assistant.db import write
from assistant.knowledge.metadata import names_note_borrower
from assistant.knowledge.types import Chunk, Retriever, SearchHit
from assistant.prompts import render_prompt
from assistant.security.scope import LOCAL_ADMIN, Scope
from assistant.timing import stage

TOP_K = 5
MORE_K = 12
# Asked once at server start (answer discarded, nothing written) so the first officers do not wait for
# the index snapshot, jieba, its part-of-speech table and the semantic vectors to load.
WARM_UP_QUESTION = "关注类贷款多久进行一次现场检查？"


@dataclass
class _Request:
    question: str
    conversation_id: str
    resolution: Resolution
    history: list[Turn]
    scope: Scope
    retrieved: dict[str, Chunk] = field(default_factory=dict)
    borrowers: BorrowerReply | None = None
    new_title: str | None = None  # a new conversation: stored with the first turn, in one transaction


class ChatService:
    """The one entry point of chat for the CLI, the API and `/v1`.

    Security lives behind one seam, `guard` (see assistant/answering/guarding.py): scoped retrieval,
    the canary in the LLM system prompt, the output check of the final and the streamed answer, and
    the audit entry of each question. The default is assistant.security.chat_guard.ChatGuard.
    """

    def __init__(self, settings: Settings | None = None, *, retriever: Retriever | None = None,
                 generator: AnswerGenerator | None = None, store: ConversationStore | None = None,
                 guard: AnswerGuard | None = None, answering: AnsweringConfig = DEFAULT,
                 desk: BorrowerDesk | None = None) -> None:
        self.settings = settings or get_settings()
        self.answering = answering
        self._retriever = retriever
        self._generator = generator
        self._model_protected = False
        self._build_lock = threading.RLock()  # request threads share one service
        self.store = store or ConversationStore(self.settings)
        if guard is None:
            from assistant.security.chat_guard import ChatGuard

            guard = ChatGuard(self.settings)
        self.guard = guard
        self.desk = desk or BorrowerDesk(self.settings, index=lambda: getattr(self.retriever, "index", None))
        self._curation = None

    @property
    def curation(self):
        """The standard answers (标准问答) served before retrieval; None when the retriever has no index."""
        if self._curation is None and getattr(self.retriever, "index", None) is not None:
            from assistant.curation.service import Curation

            with self._build_lock:
                self._curation = self._curation or Curation(self.settings, lambda: self.retriever.index)
        return self._curation

    def _standard(self, request: _Request) -> Answer | None:
        curation = self.curation
        if curation is None:
            return None
        with stage("standard_answer"):
            return curation.serve(request.resolution.question, request.scope)

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            from assistant.knowledge.retriever import get_retriever

            with self._build_lock:
                self._retriever = self._retriever or get_retriever(self.settings)
        return self._retriever

    @property
    def generator(self) -> AnswerGenerator:
        if self._generator is not None and self._model_protected:
            return self._generator
        with self._build_lock:
            return self._build_generator()

    def _build_generator(self) -> AnswerGenerator:
        if self._generator is None:
            model = None
            if self.settings.llm_base_url:
                from assistant.llm import OpenAIChatModel

                model = OpenAIChatModel(self.settings)
            from assistant.answering.composer import GroundedComposer

            composer = GroundedComposer(stats=lambda: self.retriever.stats(), config=self.answering)
            self._generator = AnswerGenerator(composer, model=model)
        if not self._model_protected:
            if self._generator.model is not None:
                self._generator.model = self.guard.protect_model(self._generator.model)
            self._model_protected = True
        return self._generator

    def warm_up(self) -> None:
        """Load everything a first answer needs, without an LLM call and without writing anything."""
        hits = self.retriever.search(WARM_UP_QUESTION, TOP_K)
        self.generator.grounded(WARM_UP_QUESTION, hits)
        self.desk.warm_up()

    def ask(self, question: str, conversation_id: str | None = None, scope: Scope = LOCAL_ADMIN) -> Answer:
        request = self._prepare(question, conversation_id, scope)
        if request.borrowers is not None:
            answer = self._borrower_answer(request)
        elif request.resolution.kind in ("sources", "more"):
            answer = self._followup_answer(request)
        else:
            answer = self._standard(request)
            if answer is None:
                hits = self._search(request, request.resolution.question, TOP_K)
                answer = self.generator.answer(request.resolution.question, hits)
        return self._finish(request, answer)

    def stream(self, question: str, conversation_id: str | None = None,
               scope: Scope = LOCAL_ADMIN) -> Iterator[dict]:
        """Events: meta, delta…, [replace], citations, done.

        Deltas are what the guard's stream screen releases (a tail is held back until known safe);
        if they do not add up to the final checked answer, one `replace` carries the final answer.
        """
        request = self._prepare(question, conversation_id, scope)
        yield {"type": "meta", "conversation_id": request.conversation_id}
        screen = self.guard.stream_screen(scope)
        shown: list[str] = []
        answer = yield from _screened(self._answer_events(request), screen, shown)
        answer = self._finish(request, answer)
        final = answer_event(answer)
        rest = screen.flush()
        if "".join(shown) + rest == answer.answer:
            if rest:
                yield {"type": "delta", "text": rest}
        else:
            yield {"type": "replace", "reason": answer.fallback_reason or "output_guard", **final}
        yield {"type": "citations", "citations": final["citations"], "records": final["records"]}
        yield {"type": "done", **final}

    def _answer_events(self, request: _Request):
        if request.borrowers is not None or request.resolution.kind in ("sources", "more"):
            answer = self._borrower_answer(request) if request.borrowers else self._followup_answer(request)
            yield from ({"type": "delta", "text": p} for p in pieces(answer.answer))
            return answer
        answer = self._standard(request)
        if answer is not None:
            yield from ({"type": "delta", "text": p} for p in pieces(answer.answer))
            return answer
        hits = self._search(request, request.resolution.question, TOP_K)
        return (yield from self.generator.stream(request.resolution.question, hits))

    def _borrower_answer(self, request: _Request) -> Answer:
        """The desk's answer; for a borrower nobody in scope holds, the rule answer to the rest of the question
        when the knowledge base has one (the same whether the borrower is someone else's or does not exist)."""
        reply = request.borrowers
        if reply.kind != "unknown":
            return reply.answer
        question = request.resolution.question
        hits = self._search(request, question, TOP_K)
        if not any(names_note_borrower(question, h.chunk) for h in hits):
            # the rules answer the rest of the question: a name no visible file holds would read as a missing topic
            question = reply.rest or question
            hits = self._search(request, question, TOP_K)
        rules = self.generator.answer(question, hits)
        if rules.refused:
            return reply.answer
        intro = render_prompt("borrower_unknown_rules").strip()
        return Answer(f"{intro}\n{rules.answer}", rules.citations, refused=False, backend=rules.backend,
                      fallback_reason=rules.fallback_reason, evidence_ids=rules.evidence_ids, decision=rules.decision)

    def _prepare(self, question: str, conversation_id: str | None, scope: Scope) -> _Request:
        text = check_question(question, self.settings.max_question_chars)
        title = None
        if conversation_id:
            with stage("db_read"):
                history = self.store.turns(conversation_id, scope)
        else:
            conversation_id, history, title = self.store.new_id(), [], text[:60]
        previous = history[-1].resolved_question if history else None
        request = _Request(text, conversation_id, resolve(text, previous), history, scope, new_title=title)
        if request.resolution.kind not in ("sources", "more"):
            last = history[-1] if history else None
            with stage("records"):
                request.borrowers = self.desk.reply(
                    text, scope, _previous_borrowers(history), model=self.generator.model,
                    previous_question=last.question if last else "",
                    candidates=list(last.details.get("candidates") or []) if last else [],
                    earlier=[list(turn.details.get("borrowers") or []) for turn in history])
        return request

    def _search(self, request: _Request, query: str, k: int) -> list[SearchHit]:
        with stage("retrieval"):
            hits = self.guard.search(self.retriever, query, k, request.scope)
        request.retrieved.update((h.chunk.chunk_id, h.chunk) for h in hits)
        return hits

    def _finish(self, request: _Request, answer: Answer) -> Answer:
        """Check the answer, then store the turn (and, for a new conversation, the conversation) with
        its audit entry in one transaction: the caller gets the answer only once all of it is stored."""
        with stage("guard"):
            answer = self.guard.check(answer, request.scope)
        self._list_sources(answer)
        answer.conversation_id = request.conversation_id
        answer.resolved_question = request.resolution.question
        details = {"kind": request.resolution.kind, "refused": answer.refused, "backend": answer.backend,
                   "fallback_reason": answer.fallback_reason, "evidence_ids": answer.evidence_ids}
        if answer.standard_answer_id is not None:
            details["standard_answer_id"] = answer.standard_answer_id
        if request.borrowers is not None:
            details.update(kind=f"borrower_{request.borrowers.kind}", borrowers=request.borrowers.borrower_ids,
                           candidates=request.borrowers.candidates,
                           records=[f.ref for f in answer.records],
                           record_facts=[f.as_json() for f in answer.records])
        chunks = _chunk_versions(request, answer)

        def save(session) -> None:
            if request.new_title is not None:
                self.store.add(session, request.conversation_id, request.scope, request.new_title)
            self.store.add_turn(session, request.conversation_id, request.question, answer, details)
            self.guard.record(request.scope, request.question, answer, chunks, session)

        write(save, self.settings)
        return answer

    def _list_sources(self, answer: Answer) -> None:
        """Each citation names the files its text is held in (a .docx and the .pdf stored once as one)."""
        index = getattr(self.retriever, "index", None)
        if index is None:
            return
        answer.citations = [replace(c, sources=index.sources(c.chunk_id.rpartition(":")[0]))
                            for c in answer.citations]

    def _followup_answer(self, request: _Request) -> Answer:
        last = request.history[-1]
        if request.resolution.kind == "sources":
            return self._sources_answer(last)
        shown = {c.chunk_id for t in request.history if t.resolved_question == last.resolved_question
                 for c in t.citations}
        found = self._search(request, last.resolved_question, MORE_K)
        hits = [h for h in found if h.chunk.chunk_id not in shown]
        answer = self.generator.grounded(last.resolved_question, hits, further=True) if hits else None
        if answer is None or answer.refused:
            text = render_prompt("answer_no_more", question=last.resolved_question).strip()
            return Answer(text, [], refused=False, evidence_ids=[h.chunk.chunk_id for h in hits])
        return answer

    def _sources_answer(self, last: Turn) -> Answer:
        citations = [Citation(c.number, c.chunk_id, c.doc_title, c.article, self._full_text(c))
                     for c in last.citations]
        text = render_prompt("answer_sources", citations=citations).strip()
        return Answer(text, citations, refused=False, evidence_ids=[c.chunk_id for c in citations])

    def _full_text(self, citation: Citation) -> str:
        """The whole 条文 of a cited chunk, or the stored quote when the chunk is gone from the index."""
        lookup = getattr(self._retriever, "chunk", None)
        if lookup is None:
            try:
                from assistant.knowledge.index import KnowledgeIndex

                lookup = KnowledgeIndex(self.settings).chunk
            except ImportError:
                return citation.quote
        try:
            chunk = lookup(citation.chunk_id)
        except (KeyError, LookupError):
            chunk = None
        return chunk.text if chunk is not None else citation.quote


def _previous_borrowers(history: list[Turn]) -> list[str]:
    """The borrowers the last turn was about (这户, 它 and short follow-ups refer back to them)."""
    return list(history[-1].details.get("borrowers") or []) if history else []


def _screened(events, screen: StreamScreen, shown: list[str]):
    """Deltas passed through the screen; the generator's own `replace` is dropped (see stream)."""
    while True:
        try:
            event = next(events)
        except StopIteration as stop:
            return stop.value
        if event.get("type") == "delta":
            text = screen.feed(event["text"])
            if text:
                shown.append(text)
                yield {**event, "text": text}


def _chunk_versions(request: _Request, answer: Answer) -> list[dict]:
    """Audit detail: each chunk behind the answer with its document and version (when retrieved now)."""
    out = []
    for chunk_id in answer.evidence_ids:
        chunk = request.retrieved.get(chunk_id)
        out.append({"chunk_id": chunk_id, "doc_id": chunk.doc_id if chunk else "",
                    "version": chunk.version if chunk else ""})
    return out

