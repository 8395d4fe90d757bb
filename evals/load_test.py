"""Load: N concurrent clients for D seconds against `assistant serve` (grounded mode, the sample bank).

Clients sign in with API tokens of demo users of two branches (城东支行 and 城西支行) and alternate
search, chat and SSE chat; every response is checked for the other branch's borrower names (the case
notes of the sample bank carry them). Reports 5xx, cross-branch leaks and latency percentiles.

Usage: .venv/bin/python evals/load_test.py [--clients 50] [--duration 60] [--workers 1]
Exit status 1 on any 5xx, transport error or leak.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from evals.speed_api import ASSISTANT, percentile, start_server  # noqa: E402

BORROWERS = ROOT / "corpus" / "borrowers" / "sample_borrowers.json"
CLIENT_USERS = {"城东支行": ["head_chengdong", "wanglei", "lina"], "城西支行": ["head_chengxi", "zhangwei", "liuyang"]}
QUERIES = ["走访记录 库存 经营情况", "风险事件报告 诉讼 实际控制人", "关注类贷款多久进行一次现场检查？",
           "逾期贷款如何催收？", "押品价值下降怎么处理？", "资金流向与约定用途不符"]


def branch_names() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for borrower in json.loads(BORROWERS.read_text(encoding="utf-8")):
        names.setdefault(borrower["branch"], []).append(borrower["name"])
    return names


def prepare(home: str) -> dict[str, str]:
    """Load the sample bank into `home`; one API token per client user."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")},
           "ASSISTANT_HOME": home, "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0"}
    subprocess.run([ASSISTANT, "sample", "load"], env=env, check=True, capture_output=True)
    tokens = {}
    for user in sum(CLIENT_USERS.values(), []):
        out = subprocess.run([ASSISTANT, "users", "token", user], env=env, check=True, capture_output=True,
                             text=True)
        tokens[user] = out.stdout.strip()
    return env, tokens


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {}
        self.status: Counter = Counter()
        self.leaks: list[str] = []
        self.errors: Counter = Counter()

    def add(self, kind: str, ms: float, status: int) -> None:
        with self.lock:
            self.latency.setdefault(kind, []).append(ms)
            self.status[status] += 1


def one_request(client: httpx.Client, i: int) -> tuple[str, int, str]:
    query = QUERIES[i % len(QUERIES)]
    kind = ("search", "chat", "chat_sse")[i % 3]
    if kind == "search":
        r = client.get("/api/search", params={"q": query, "k": 8})
        return kind, r.status_code, r.text
    headers = {"Accept": "text/event-stream"} if kind == "chat_sse" else {}
    r = client.post("/api/chat", json={"message": query}, headers=headers)
    return kind, r.status_code, r.text


def client_loop(base: str, token: str, forbidden: list[str], deadline: float, tally: Tally, seed: int) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        i = seed
        while time.monotonic() < deadline:  # bounded by the deadline and the per-request timeout
            started = time.perf_counter()
            try:
                kind, status, text = one_request(client, i)
            except httpx.HTTPError as exc:
                with tally.lock:
                    tally.errors[type(exc).__name__] += 1
                i += 1
                continue
            tally.add(kind, (time.perf_counter() - started) * 1000, status)
            leaked = [name for name in forbidden if name in text]
            if leaked:
                with tally.lock:
                    tally.leaks.append(f"{kind}: {leaked[:3]}")
            i += 1


def run(base: str, tokens: dict[str, str], clients: int, duration: float) -> Tally:
    names = branch_names()
    tally = Tally()
    deadline = time.monotonic() + duration
    threads = []
    branches = list(CLIENT_USERS)
    for n in range(clients):
        branch = branches[n % 2]
        user = CLIENT_USERS[branch][(n // 2) % len(CLIENT_USERS[branch])]
        other = branches[(n + 1) % 2]
        args = (base, tokens[user], names[other], deadline, tally, n)
        threads.append(threading.Thread(target=client_loop, args=args, daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + 120)
    return tally


def report(tally: Tally, clients: int, duration: float) -> bool:
    total = sum(tally.status.values())
    five_xx = sum(c for s, c in tally.status.items() if s >= 500)
    print(f"clients {clients}, {duration:.0f} s, {total} requests ({total / duration:.1f}/s), "
          f"status {dict(sorted(tally.status.items()))}, transport errors {dict(tally.errors)}")
    print(f"{'kind':<10}{'n':>7}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    every = []
    for kind, values in sorted(tally.latency.items()):
        every += values
        print(f"{kind:<10}{len(values):>7}{percentile(values, .5):>10.0f}{percentile(values, .95):>10.0f}"
              f"{percentile(values, .99):>10.0f}{max(values):>10.0f}")
    if every:
        print(f"{'all':<10}{len(every):>7}{percentile(every, .5):>10.0f}{percentile(every, .95):>10.0f}"
              f"{percentile(every, .99):>10.0f}{max(every):>10.0f}")
    print(f"5xx: {five_xx}   cross-branch leaks: {len(tally.leaks)} {tally.leaks[:5]}")
    return five_xx == 0 and not tally.leaks and not tally.errors and total > 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="load-") as home:
        env, tokens = prepare(home)
        log_path = Path(home) / "server.log"
        with open(log_path, "w", encoding="utf-8") as log:
            proc, base = start_server(env, args.workers, log)
            try:
                tally = run(base, tokens, args.clients, args.duration)
            finally:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(30)
        ok = report(tally, args.clients, args.duration)
        if not ok:  # show the server's side of every failure
            print(log_path.read_text(encoding="utf-8")[-6000:])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
