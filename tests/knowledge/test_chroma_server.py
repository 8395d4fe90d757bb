"""The vector store contract and the index round trip against a real Chroma server (`chroma run`)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from assistant.knowledge.vectorstore import ChromaVectorStore, forget_clients
from tests.knowledge.test_vectorstore import VectorStoreContract, collection_name

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ChromaServer:
    proc: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)


def start_chroma(data: Path, port: int | None = None) -> ChromaServer:
    """`chroma run` over `data` on a free port (or the given one), once its heartbeat answers."""
    chroma = Path(sys.executable).with_name("chroma")
    assert chroma.exists() or shutil.which("chroma"), "the chroma CLI ships with chromadb in .venv/bin"
    port = port or free_port()
    proc = subprocess.Popen([str(chroma), "run", "--path", str(data), "--port", str(port), "--host", "127.0.0.1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = ChromaServer(proc, port)
    for _ in range(120):
        try:
            if httpx.get(f"{server.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.25)
    server.stop()
    raise RuntimeError("chroma server did not start")


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
