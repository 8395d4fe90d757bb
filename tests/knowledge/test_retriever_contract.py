"""Both retrievers pass the same contract (tests/knowledge/retriever_contract.py)."""

from __future__ import annotations

import pytest

from assistant.answering.fake_retriever import InMemoryRetriever
from assistant.knowledge.index import KnowledgeIndex
from assistant.knowledge.retriever import Retriever
from tests.knowledge.retriever_contract import RetrieverContract


@pytest.mark.integration
class TestIndexRetriever(RetrieverContract):
    @pytest.fixture(autouse=True)
    def _home(self, home):
        self.home = home

    def make_retriever(self, changes):
        index = KnowledgeIndex()
        index.apply(changes)
        return Retriever(index=index)


@pytest.mark.unit
class TestInMemoryRetriever(RetrieverContract):
    def make_retriever(self, changes):
        return InMemoryRetriever(chunk for _, chunks in changes.upserts for chunk in chunks)
