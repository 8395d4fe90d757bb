"""Vector store contract, run against the embedded Chroma here and against a Chroma server in test_chroma_server."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.knowledge.vectorstore import ChromaVectorStore

pytestmark = pytest.mark.integration


def unit_vectors(n: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


class VectorStoreContract:
    """Tests every VectorStore must pass; subclasses provide the `store` fixture."""

    def _fill(self, store, n=6):
        vectors = unit_vectors(n)
        keys = [f"k{i}" for i in range(n)]
        metas = [{"doc_id": f"d{i % 2}", "branch": "" if i % 3 else "城东支行", "superseded": False} for i in range(n)]
        store.upsert(keys, vectors, metas)
        return keys, vectors

    def test_query_returns_nearest_first_with_cosine_similarity(self, store):
        keys, vectors = self._fill(store)
        hits = store.query(vectors[3], n=3)
        assert hits[0][0] == "k3" and hits[0][1] == pytest.approx(1.0, abs=1e-4)
        assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)

    def test_where_filter_is_applied_inside_the_search(self, store):
        _, vectors = self._fill(store)
        hits = store.query(vectors[3], n=6, where={"doc_id": {"$in": ["d0"]}})
        assert hits and all(int(k[1:]) % 2 == 0 for k, _ in hits)

    def test_upsert_replaces_and_delete_removes(self, store):
        keys, vectors = self._fill(store)
        store.upsert(["k0"], vectors[[5]], [{"doc_id": "d9"}])
        assert store.get(["k0"])["k0"]["doc_id"] == "d9"
        store.delete(["k0", "k1"])
        assert store.count() == len(keys) - 2
        assert all(k not in {"k0", "k1"} for k, _ in store.query(vectors[0], n=10))

    def test_metadata_is_stored_with_empty_strings_allowed(self, store):
        self._fill(store)
        got = store.get(["k1", "k3"])
        assert set(got) == {"k1", "k3"} and got["k1"]["branch"] == ""

    def test_empty_collection_queries_to_nothing(self, store):
        assert store.query(unit_vectors(1)[0], n=5) == []

    def test_the_nearest_hundred_are_the_exact_nearest_hundred(self, store):
        """The retriever asks for ~110 neighbours. At Chroma's default search breadth the approximate search missed
        a few of them, differently in each process, and the same question could be answered differently after a
        restart; every one of them must be the true nearest."""
        vectors = unit_vectors(1500, dim=64, seed=1)
        store.upsert([f"k{i}" for i in range(len(vectors))], vectors, [{"doc_id": "d"}] * len(vectors))
        for query in unit_vectors(8, dim=64, seed=2):
            exact = {f"k{i}" for i in np.argsort(-(vectors @ query))[:110]}
            assert {key for key, _ in store.query(query, n=110)} == exact


class TestEmbeddedChroma(VectorStoreContract):
    @pytest.fixture
    def store(self, home, request):
        from assistant.config import get_settings

        return ChromaVectorStore(get_settings(), collection_name(request))


def collection_name(request) -> str:
    """A valid, per-test Chroma collection name ([a-zA-Z0-9._-], 3–512 characters)."""
    return "contract-" + "".join(ch for ch in request.node.name if ch.isalnum())[:60]


def test_a_collection_made_with_the_default_breadth_is_widened_on_open(home, request):
    from assistant.config import get_settings
    from assistant.knowledge.vectorstore import SEARCH_EF, chroma_client

    settings = get_settings()
    name = collection_name(request)
    chroma_client(settings).get_or_create_collection(name, configuration={"hnsw": {"space": "cosine"}},
                                                     embedding_function=None)
    store = ChromaVectorStore(settings, name)
    assert store.collection.configuration_json["hnsw"]["ef_search"] == SEARCH_EF


@pytest.mark.unit
def test_a_store_that_refuses_the_wider_search_still_serves(monkeypatch, caplog):
    from assistant.knowledge import vectorstore

    class Refusing:
        configuration_json = {"hnsw": {"ef_search": 100}}

        def modify(self, **_):
            raise RuntimeError("modify not allowed")

    class Client:
        def get_or_create_collection(self, *_, **__):
            return collection

    collection = Refusing()
    monkeypatch.setattr(vectorstore, "chroma_client", lambda settings: client)
    client = Client()
    with caplog.at_level("WARNING"):
        assert ChromaVectorStore(object(), "refusing").collection is collection
    assert "检索范围" in caplog.text
