"""Speed through the HTTP API: chat (grounded composer) end to end, first SSE delta, and search.

Starts `assistant serve` on a temporary ASSISTANT_HOME holding ../shared/corpus and times real HTTP
requests from this process. Targets: chat p50 <= 150 ms, first SSE delta p50 <= 300 ms.

Usage: .venv/bin/python evals/speed_api.py [-n 80] [--workers 1]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
QUESTIONS = ROOT / "evals" / "retrieval" / "questions.jsonl"
ASSISTANT = str(Path(sys.executable).parent / "assistant")
FALLBACK_QUESTIONS = [
    "逾期多久算不良？", "流动资金贷款什么情况下要受托支付？", "固定资产贷款的贷后检查要看什么？",
    "个人贷款能不能用于买房以外的投资？", "关注类贷款有哪些特征？", "借新还旧的贷款怎么分类？",
]


def load_questions(n: int) -> list[str]:
    if QUESTIONS.is_file():
        rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
        questions = [row["question"] for row in rows]
    else:
        questions = FALLBACK_QUESTIONS
    return (questions * (n // len(questions) + 1))[:n]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, workers: int, log=None) -> tuple[subprocess.Popen, str]:
    """`assistant serve` on a free port; its warnings and tracebacks go to `log` (an open file) if given."""
    port = free_port()
    proc = subprocess.Popen([ASSISTANT, "serve", "--port", str(port), "--workers", str(workers),
                             "--log-level", "warning"], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=log or subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/health", timeout=5).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("服务没有启动")


def time_chat(client: httpx.Client, question: str) -> float:
    start = time.perf_counter()
    response = client.post("/api/chat", json={"message": question})
    response.raise_for_status()
    return (time.perf_counter() - start) * 1000


def time_stream(client: httpx.Client, question: str) -> tuple[float, float]:
    """(ms to the first delta event, ms to the done event)."""
    start = time.perf_counter()
    first = None
    with client.stream("POST", "/api/chat", json={"message": question},
                       headers={"Accept": "text/event-stream"}) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if first is None and line == "event: delta":
                first = (time.perf_counter() - start) * 1000
            if line == "event: done":
                break
    total = (time.perf_counter() - start) * 1000
    return (first if first is not None else total), total


def time_search(client: httpx.Client, question: str) -> float:
    start = time.perf_counter()
    client.get("/api/search", params={"q": question, "k": 5}).raise_for_status()
    return (time.perf_counter() - start) * 1000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def row(name: str, values: list[float], target: str) -> str:
    return (f"{name:<28}{len(values):>5}{statistics.median(values):>10.1f}{percentile(values, 0.95):>10.1f}"
            f"{max(values):>10.1f}   {target}")


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status")
    for line in status.read_text().splitlines() if status.exists() else []:
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=80, help="问题数")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    questions = load_questions(args.n)
    with tempfile.TemporaryDirectory(prefix="speed-api-") as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
        env.update(ASSISTANT_HOME=home, ASSISTANT_RATE_LIMIT_PER_MINUTE="100000")
        subprocess.run([ASSISTANT, "ingest", str(CORPUS)], env=env, check=True, capture_output=True)
        proc, base = start_server(env, args.workers)
        try:
            with httpx.Client(base_url=base, timeout=30) as client:
                for question in questions[:5]:  # warm-up: index, jieba and the database are loaded once
                    time_chat(client, question)
                chat = [time_chat(client, q) for q in questions]
                streams = [time_stream(client, q) for q in questions]
                search = [time_search(client, q) for q in questions]
            memory = peak_rss_mb(proc.pid) if args.workers == 1 else float("nan")
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
    print(f"{'measure (ms)':<28}{'n':>5}{'p50':>10}{'p95':>10}{'max':>10}   target")
    print(row("POST /api/chat (JSON)", chat, "p50 <= 150"))
    print(row("SSE first delta", [s[0] for s in streams], "p50 <= 300"))
    print(row("SSE complete answer", [s[1] for s in streams], ""))
    print(row("GET /api/search", search, ""))
    print(f"server peak RSS: {memory:.0f} MB (workers={args.workers})")


if __name__ == "__main__":
    main()
