"""The vector store contract and the index round trip against a real Chroma server (`chroma run`)."""

from __future__ import annotations

import pytest

from assistant.knowledge.vectorstore import ChromaVectorStore, forget_clients
from tests.knowledge.test_vectorstore import VectorStoreContract, collection_name
from tests.support.chroma import start_chroma

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    server = start_chroma(tmp_path_factory.mktemp("chroma-server"))
    try:
        yield server.url
    finally:
        server.stop()
        forget_clients()


@pytest.fixture
def server_settings(home, chroma_server, monkeypatch):
    from assistant.config import get_settings, reset_settings

    monkeypatch.setenv("ASSISTANT_CHROMA_URL", chroma_server)
    reset_settings()
    return get_settings()


class TestChromaServer(VectorStoreContract):
    @pytest.fixture
    def store(self, server_settings, request):
        return ChromaVectorStore(server_settings, collection_name(request))


def test_index_and_retriever_use_the_server_through_the_same_code_path(server_settings, request):
    from assistant.knowledge.index import KnowledgeIndex
    from assistant.knowledge.retriever import Retriever
    from tests.knowledge.factories import rules_changes

    settings = server_settings.model_copy(update={"chroma_collection": collection_name(request)[:40]})
    index = KnowledgeIndex(settings)
    index.apply(rules_changes())
    store = index.vector_store(index.snapshot.embedder["collection"])
    assert store.count() == len(index.chunks())
    assert not settings.chroma_dir.exists() or not any(settings.chroma_dir.iterdir())
    hits = Retriever(index=index).search("单笔支付超过一千万要受托支付吗", k=3)
    assert hits[0].chunk.article == "第二条" and hits[0].vector_score > 0
