"""ChatService: checks the question, resolves follow-ups, retrieves, answers, and keeps the conversation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from assistant.answering.conversations import ConversationStore, Turn
from assistant.answering.fake_retriever import Retriever
from assistant.answering.followup import Resolution, resolve
from assistant.answering.generation import AnswerGenerator, answer_event, pieces
from assistant.answering.input_checks import check_question
from assistant.answering.types import Answer, Citation
from assistant.config import Settings, get_settings
from assistant.knowledge.types import SearchFilters, SearchHit
from assistant.prompts import render_prompt
from assistant.security.scope import LOCAL_ADMIN, Scope

TOP_K = 5
MORE_K = 12


@dataclass
class _Request:
    question: str
    conversation_id: str
    resolution: Resolution
    history: list[Turn]


class ChatService:
    """The one entry point of chat for the CLI and the API."""

    def __init__(self, settings: Settings | None = None, *, retriever: Retriever | None = None,
                 generator: AnswerGenerator | None = None, store: ConversationStore | None = None) -> None:
        self.settings = settings or get_settings()
        self._retriever = retriever
        self._generator = generator
        self.store = store or ConversationStore(self.settings)

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            from assistant.knowledge.retriever import get_retriever

            self._retriever = get_retriever(self.settings)
        return self._retriever

    @property
    def generator(self) -> AnswerGenerator:
        if self._generator is None:
            model = None
            if self.settings.llm_base_url:
                from assistant.answering.llm import OpenAIChatModel

                model = OpenAIChatModel(self.settings)
            self._generator = AnswerGenerator(model=model)
        return self._generator

    def ask(self, question: str, conversation_id: str | None = None, scope: Scope = LOCAL_ADMIN) -> Answer:
        request = self._prepare(question, conversation_id, scope)
        kind = request.resolution.kind
        if kind in ("sources", "more"):
            answer = self._followup_answer(request, scope)
        else:
            hits = self._search(request.resolution.question, scope, TOP_K)
            answer = self.generator.answer(request.resolution.question, hits)
        return self._finish(request, answer)

    def stream(self, question: str, conversation_id: str | None = None,
               scope: Scope = LOCAL_ADMIN) -> Iterator[dict]:
        """Events: meta, delta…, [replace], citations, done (see docs in the answering package)."""
        request = self._prepare(question, conversation_id, scope)
        yield {"type": "meta", "conversation_id": request.conversation_id}
        if request.resolution.kind in ("sources", "more"):
            answer = self._followup_answer(request, scope)
            yield from ({"type": "delta", "text": p} for p in pieces(answer.answer))
        else:
            hits = self._search(request.resolution.question, scope, TOP_K)
            answer = yield from self.generator.stream(request.resolution.question, hits)
        answer = self._finish(request, answer)
        yield {"type": "citations", "citations": [c.as_json() for c in answer.citations]}
        yield {"type": "done", **answer_event(answer)}

    def _prepare(self, question: str, conversation_id: str | None, scope: Scope) -> _Request:
        text = check_question(question, self.settings.max_question_chars)
        if conversation_id:
            history = self.store.turns(conversation_id, scope)
        else:
            conversation_id, history = self.store.create(scope, title=text[:60]), []
        previous = history[-1].resolved_question if history else None
        return _Request(text, conversation_id, resolve(text, previous), history)

    def _search(self, query: str, scope: Scope, k: int) -> list[SearchHit]:
        filters = SearchFilters(branches=scope.visible_branches())
        return self.retriever.search(query, k=k, filters=filters)

    def _finish(self, request: _Request, answer: Answer) -> Answer:
        answer.conversation_id = request.conversation_id
        answer.resolved_question = request.resolution.question
        details = {"kind": request.resolution.kind, "refused": answer.refused, "backend": answer.backend,
                   "fallback_reason": answer.fallback_reason, "evidence_ids": answer.evidence_ids}
        self.store.append(request.conversation_id, request.question, answer, details)
        return answer

    def _followup_answer(self, request: _Request, scope: Scope) -> Answer:
        last = request.history[-1]
        if request.resolution.kind == "sources":
            return self._sources_answer(last)
        shown = {c.chunk_id for t in request.history if t.resolved_question == last.resolved_question
                 for c in t.citations}
        hits = [h for h in self._search(last.resolved_question, scope, MORE_K) if h.chunk.chunk_id not in shown]
        answer = self.generator.grounded(last.resolved_question, hits) if hits else None
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
