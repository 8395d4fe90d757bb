"""Small stand-ins for the chat service, used only by unit tests of the web logic (dependency_overrides)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from assistant.answering.types import Answer, Citation
from assistant.errors import NotFound
from assistant.knowledge.types import Chunk, SearchHit
from assistant.security.scope import LOCAL_ADMIN, Scope

CHUNK = Chunk(chunk_id="rule-11", doc_id="rule", doc_title="示范银行贷后管理实施细则",
              text="关注类贷款每季度至少现场检查一次。", source_type="internal_rule", article="第十一条")
CITATION = Citation(number=1, chunk_id="rule-11", doc_title=CHUNK.doc_title, article="第十一条",
                    quote="关注类贷款每季度至少现场检查一次。")


class FakeChat:
    """Answers every question with one cited sentence; remembers conversations in memory."""

    def __init__(self) -> None:
        self.conversations: dict[str, list[str]] = {}
        self.calls: list[tuple[str, str | None]] = []

    def _conversation(self, conversation_id: str | None, question: str) -> str:
        if conversation_id is None:
            conversation_id = str(uuid.uuid4())
            self.conversations[conversation_id] = []
        elif conversation_id not in self.conversations:
            raise NotFound(f"会话不存在：{conversation_id}")
        self.conversations[conversation_id].append(question)
        return conversation_id

    def ask(self, question: str, conversation_id: str | None = None, scope: Scope = LOCAL_ADMIN) -> Answer:
        self.calls.append((question, conversation_id))
        conversation_id = self._conversation(conversation_id, question)
        return Answer(answer="关注类贷款每季度至少现场检查一次[1]。", citations=[CITATION],
                      conversation_id=conversation_id, resolved_question=question)

    def stream(self, question: str, conversation_id: str | None = None,
               scope: Scope = LOCAL_ADMIN) -> Iterator[dict]:
        answer = self.ask(question, conversation_id, scope)
        yield {"type": "meta", "conversation_id": answer.conversation_id}
        for piece in ("关注类贷款", "每季度至少", "现场检查一次[1]。"):
            yield {"type": "delta", "text": piece}
        yield {"type": "citations", "citations": [c.as_json() for c in answer.citations]}
        yield {"type": "done", **answer.as_json()}


class FakeRetriever:
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def search(self, query, k=5, filters=None) -> list[SearchHit]:
        self.calls.append((query, k, filters))
        return [SearchHit(CHUNK, 0.9)][:k]


class BrokenRetriever:
    def search(self, query, k=5, filters=None):
        raise RuntimeError("secret internal detail /etc/passwd")
