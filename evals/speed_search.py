"""Search latency and ingest throughput: the real corpus and a synthetic corpus of 100,000 chunks.

Usage: .venv/bin/python evals/speed_search.py [--chunks 100000] [--skip-synthetic] [--database-url URL]
       [--chroma-server]

With --database-url on PostgreSQL the knowledge index lives there (index_backend auto), and with
--chroma-server the vectors go to a `chroma run` server the eval starts: the shape of several
application servers. A reader process's and a server worker's memory are measured in processes of
their own (the writer's memory here says nothing about a worker's).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.config import Settings  # noqa: E402
from assistant.knowledge.index import KnowledgeIndex  # noqa: E402
from assistant.knowledge.retriever import Retriever  # noqa: E402
from assistant.knowledge.types import Chunk, DocumentRecord, IndexChanges, SearchFilters  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
QUESTIONS = ROOT / "evals" / "retrieval" / "questions.jsonl"
BRANCHES = ("城东支行", "城西支行", "高新支行")


def questions() -> list[str]:
    return [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]


def latencies(retriever: Retriever, queries: list[str], rounds: int, filters=None) -> tuple[float, float]:
    retriever.search(queries[0], k=5, filters=filters)  # warm-up: loads the generation and Chroma
    times = []
    for _ in range(rounds):
        for q in queries:
            start = time.perf_counter()
            retriever.search(q, k=5, filters=filters)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.95)]


def real_corpus(tmp: Path, database_url: str | None, chroma_url: str | None) -> list[tuple[str, str]]:
    from assistant.knowledge.ingest import ingest_paths

    settings = Settings(home=tmp / "real", database_url=database_url, chroma_url=chroma_url,
                        chroma_collection="speed_real")
    settings.ensure_dirs()
    start = time.perf_counter()
    report = ingest_paths([CORPUS], settings=settings)
    seconds = time.perf_counter() - start
    index = KnowledgeIndex(settings)
    n = len(index.chunks())
    p50, p95 = latencies(Retriever(index=index), questions(), rounds=5)
    return [("real corpus: chunks", f"{n}"), ("real corpus: ingest (load+chunk+index)", f"{seconds:.1f} s"),
            ("real corpus: search p50 / p95", f"{p50:.1f} / {p95:.1f} ms"),
            ("real corpus: ingest errors", str(len(report.errors)))]


def corpus_sentences() -> list[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*")) if p.suffix in {".md", ".txt"})
    parts = re.split(r"(?<=[。；！？])|\n", text)
    return [s.strip() for s in parts if 8 <= len(s.strip()) <= 160 and not s.startswith(("<!--", "#"))]


def synthetic_changes(n_chunks: int, per_doc: int = 100, seed: int = 7) -> IndexChanges:
    """Documents of recombined corpus sentences; every tenth one is a branch case note about a borrower."""
    rng = random.Random(seed)
    sentences = corpus_sentences()
    upserts = []
    for d in range(n_chunks // per_doc):
        note = d % 10 == 0
        meta = {"source_type": "case_note" if note else "internal_rule",
                "branch": BRANCHES[d % 3] if note else "", "borrower_id": f"B{d % 32 + 1:03d}" if note else ""}
        chunks = [Chunk(chunk_id=f"syn{d:05d}:{c:04d}", doc_id=f"syn{d:05d}", doc_title=f"合成制度{d:05d}",
                        text="".join(rng.sample(sentences, rng.randint(2, 5))), article=f"第{c + 1}条", **meta)
                  for c in range(per_doc)]
        record = DocumentRecord(doc_id=f"syn{d:05d}", title=f"合成制度{d:05d}", source_path=f"/syn/{d}.md",
                                content_hash=str(d), chunk_count=per_doc, **meta)
        upserts.append((record, chunks))
    return IndexChanges(upserts=upserts)


def synthetic_corpus(tmp: Path, n_chunks: int, database_url: str | None,
                     chroma_url: str | None) -> list[tuple[str, str]]:
    settings = Settings(home=tmp / "synthetic", database_url=database_url, chroma_url=chroma_url,
                        chroma_collection="speed_synthetic")
    settings.ensure_dirs()
    changes = synthetic_changes(n_chunks)
    index = KnowledgeIndex(settings)
    start = time.perf_counter()
    index.apply(changes)
    seconds = time.perf_counter() - start
    one = synthetic_changes(100, seed=99)
    start = time.perf_counter()
    index.apply(IndexChanges(upserts=[(one.upserts[0][0], one.upserts[0][1])], removals=["syn00001"]))
    incremental = time.perf_counter() - start
    reader = Retriever(index=KnowledgeIndex(settings))  # a fresh reader, as another worker would be
    queries = questions()
    p50, p95 = latencies(reader, queries, rounds=2)
    f50, f95 = latencies(reader, queries, rounds=1, filters=SearchFilters(branches=("城东支行",)))
    b50, b95 = latencies(reader, queries, rounds=1, filters=SearchFilters(borrower_ids=("B003",),
                                                                          source_types=("case_note",)))
    worker = reader_rss(settings, queries)
    a50, a95, served_rss = api_search(settings, queries)
    return [("synthetic: chunks", f"{n_chunks}"),
            ("synthetic: one reader process, RSS after its searches", f"{worker:.0f} MB"),
            ("synthetic: GET /api/search p50 / p95 (1 worker)", f"{a50:.1f} / {a95:.1f} ms"),
            ("synthetic: that server worker's peak RSS", f"{served_rss:.0f} MB"),
            ("synthetic: apply throughput (ngram)", f"{n_chunks / seconds:.0f} chunks/s ({seconds:.0f} s)"),
            ("synthetic: re-ingest one 100-chunk document", f"{incremental:.1f} s"),
            ("synthetic: search p50 / p95, no filter", f"{p50:.1f} / {p95:.1f} ms"),
            ("synthetic: p50 / p95, branch filter", f"{f50:.1f} / {f95:.1f} ms"),
            ("synthetic: p50 / p95, one borrower's notes", f"{b50:.1f} / {b95:.1f} ms")]


READER = """
import json, sys
from assistant.config import Settings
from assistant.knowledge.index import KnowledgeIndex
from assistant.knowledge.retriever import Retriever
settings = Settings(**json.loads(sys.argv[1]))
retriever = Retriever(index=KnowledgeIndex(settings))
for q in json.loads(sys.argv[2]):
    retriever.search(q, k=5)
print(next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS")) / 1024)
"""


def reader_rss(settings: Settings, queries: list[str]) -> float:
    """Resident memory of a fresh process that loads the live generation and searches, as a server
    worker would (the writer's memory in this process says nothing about a worker's)."""
    import subprocess

    config = {"home": str(settings.home), "database_url": settings.database_url, "chroma_url": settings.chroma_url,
              "chroma_collection": settings.chroma_collection}
    out = subprocess.run([sys.executable, "-c", READER, json.dumps(config), json.dumps(queries[:20], ensure_ascii=False)],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def api_search(settings: Settings, queries: list[str], rounds: int = 2) -> tuple[float, float, float]:
    """GET /api/search through `assistant serve` (one worker) over the synthetic index: p50, p95 and the
    worker's peak RSS."""
    import os
    import signal

    import httpx

    from evals.speed_api import peak_rss_mb, percentile, start_server

    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(ASSISTANT_HOME=str(settings.home), ASSISTANT_RATE_LIMIT_PER_MINUTE="1000000")
    if settings.database_url:
        env["ASSISTANT_DATABASE_URL"] = settings.database_url
    if settings.chroma_url:
        env["ASSISTANT_CHROMA_URL"] = settings.chroma_url
    env["ASSISTANT_CHROMA_COLLECTION"] = settings.chroma_collection
    proc, base = start_server(env, 1)
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            client.get("/api/search", params={"q": queries[0]}).raise_for_status()  # warm-up
            times = []
            for _ in range(rounds):
                for q in queries:
                    start = time.perf_counter()
                    client.get("/api/search", params={"q": q, "k": 5}).raise_for_status()
                    times.append((time.perf_counter() - start) * 1000)
        return percentile(times, .5), percentile(times, .95), peak_rss_mb(proc.pid)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def _empty(url: str) -> None:
    """A fresh knowledge index in the given database (the records tables are left alone)."""
    from sqlalchemy import text

    from assistant.db import get_engine

    with get_engine(Settings(database_url=url)).begin() as connection:
        connection.execute(text("TRUNCATE kb_chunks, kb_segment_terms, kb_generations, kb_members, kb_df, kb_flags"))
        connection.execute(text("UPDATE kb_current SET generation = 0"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--database-url", help="a PostgreSQL database (emptied first) holding the index")
    parser.add_argument("--chroma-server", action="store_true", help="vectors in a chroma run server started here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        chroma = None
        if args.chroma_server:
            from tests.support.chroma import start_chroma

            chroma = start_chroma(Path(tmp) / "chroma-server")
        url = chroma.url if chroma else None
        try:
            if args.database_url:
                _empty(args.database_url)
            rows = real_corpus(Path(tmp), args.database_url, url)
            if not args.skip_synthetic:
                if args.database_url:
                    _empty(args.database_url)
                rows += synthetic_corpus(Path(tmp), args.chunks, args.database_url, url)
        finally:
            if chroma:
                chroma.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("peak memory (ru_maxrss)", f"{peak:.0f} MB"))
    width = max(len(r[0]) for r in rows) + 2
    print(f"{'measure':<{width}}value")
    print("-" * (width + 28))
    for name, value in rows:
        print(f"{name:<{width}}{value}")


if __name__ == "__main__":
    main()
