"""Fixtures of the answering tests: the sample rule book behind the fake retriever, a ChatService on it."""

from __future__ import annotations

import pytest

from assistant.answering.fake_retriever import InMemoryRetriever
from tests.answering.sample_rules import sample_chunks


@pytest.fixture
def retriever() -> InMemoryRetriever:
    return InMemoryRetriever(sample_chunks())


@pytest.fixture
def service(home, retriever):
    from assistant.answering.service import ChatService

    return ChatService(retriever=retriever)
