"""Load: N concurrent clients for D seconds against `assistant serve` (grounded mode, the sample bank).

Clients sign in with API tokens of demo users of two branches (城东支行 and 城西支行). Each client
cycles search, chat (JSON), search, chat (SSE): half search, half chat. Questions are the rule questions
of the sample knowledge base's dev sets and the dev borrower questions of the client's own branch, so
the server cannot serve the run from a handful of cached answers. Every response is checked for the
other branch's borrower names (the case notes of the sample bank carry them).

Reports throughput, 5xx, transport errors, cross-branch leaks, latency percentiles per kind, and the
server's own per-stage timings (ASSISTANT_TIMINGS_FILE: auth, records, retrieval, compose, guard,
db_write; "waiting" is the rest: a free thread, the GIL, the network). `--runs 3` repeats the run on a
fresh server and prints the spread. `--kill-after S` SIGKILLs the server S seconds in and then checks
that every acknowledged answer and search has its conversation rows and audit entry on disk.

`--servers 2` (with --database-url on PostgreSQL) starts that many `assistant serve` processes, each
with its own ASSISTANT_HOME, sharing only the database and a Chroma server (started here unless
--chroma-url names one); clients are spread over them: the multi-machine shape on one host.

Usage: .venv/bin/python evals/load_test.py [--clients 50] [--duration 60] [--workers 1] [--runs 1]
       [--database-url postgresql+psycopg://…] [--servers N] [--chroma-url URL] [--threads N]
       [--kill-after SECONDS]
Exit status 1 on any 5xx, transport error (before a kill), leak or lost row.
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
RULE_SETS = [ROOT / "evals" / "dev" / "sample_kb.jsonl", ROOT / "evals" / "dev" / "colloquial.jsonl"]
BORROWER_SETS = [ROOT / "evals" / "borrower_chat" / f"{name}.jsonl" for name in ("dev", "dev2", "dev3")]
FALLBACK = ["走访记录 库存 经营情况", "风险事件报告 诉讼 实际控制人", "关注类贷款多久进行一次现场检查？",
            "逾期贷款如何催收？", "押品价值下降怎么处理？", "资金流向与约定用途不符"]
KINDS = ("search", "chat", "search", "chat_sse")
STAGES = ("auth", "records", "retrieval", "compose", "guard", "db_read", "db_write")


def _rows(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def rule_questions() -> list[str]:
    """Questions over the sample knowledge base (the only rule book the sample bank holds)."""
    found = [r["question"] for path in RULE_SETS for r in _rows(path) if str(r.get("file", "")).startswith("corpus/")]
    return found or FALLBACK


def borrower_questions() -> dict[str, list[str]]:
    """Single-turn dev borrower questions, by the branch of the user who asks them."""
    branch_of = {user: branch for branch, users in CLIENT_USERS.items() for user in users}
    by_branch: dict[str, list[str]] = {branch: [] for branch in CLIENT_USERS}
    for path in BORROWER_SETS:
        for row in _rows(path):
            if len(row.get("turns", [])) == 1 and row.get("user") in branch_of:
                by_branch[branch_of[row["user"]]].append(row["turns"][0])
    return by_branch


def branch_names() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for borrower in json.loads(BORROWERS.read_text(encoding="utf-8")):
        names.setdefault(borrower["branch"], []).append(borrower["name"])
    return names


def prepare(home: str, database_url: str | None = None, timings: str | None = None,
            chroma_url: str | None = None) -> tuple[dict, dict[str, str]]:
    """Load the sample bank into `home` (and `database_url`, `chroma_url`); one API token per client user."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")},
           "ASSISTANT_HOME": home, "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0"}
    if os.environ.get("ASSISTANT_TODAY"):
        env["ASSISTANT_TODAY"] = os.environ["ASSISTANT_TODAY"]
    if database_url:
        env["ASSISTANT_DATABASE_URL"] = database_url
    if chroma_url:
        env["ASSISTANT_CHROMA_URL"] = chroma_url
    subprocess.run([ASSISTANT, "sample", "load"], env=env, check=True, capture_output=True)
    tokens = {}
    for user in sum(CLIENT_USERS.values(), []):
        out = subprocess.run([ASSISTANT, "users", "token", user], env=env, check=True, capture_output=True,
                             text=True)
        tokens[user] = out.stdout.strip()
    if timings:
        env["ASSISTANT_TIMINGS_FILE"] = timings
    return env, tokens


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {}
        self.status: Counter = Counter()
        self.leaks: list[str] = []
        self.errors: Counter = Counter()
        self.acknowledged: Counter = Counter()  # 200 responses the clients received, by kind
        self.conversations: list[str] = []  # conversation ids of acknowledged chat answers
        self.stopped = threading.Event()  # the server was killed: clients stop soon after

    def add(self, kind: str, ms: float, status: int) -> None:
        with self.lock:
            self.latency.setdefault(kind, []).append(ms)
            self.status[status] += 1


def one_request(client: httpx.Client, kind: str, question: str) -> tuple[int, str, str | None]:
    """(status, body, conversation id of an answer once its `done` arrived, else None)."""
    if kind == "search":
        r = client.get("/api/search", params={"q": question, "k": 8})
        return r.status_code, r.text, None
    if kind == "chat":
        r = client.post("/api/chat", json={"message": question})
        conversation = r.json().get("conversation_id") if r.status_code == 200 else None
        return r.status_code, r.text, conversation
    with client.stream("POST", "/api/chat", json={"message": question},
                       headers={"Accept": "text/event-stream"}) as r:
        lines = list(r.iter_lines())
    text = "\n".join(lines)
    done = [json.loads(line[6:]) for prev, line in zip(lines, lines[1:])
            if prev == "event: done" and line.startswith("data: ")]
    return r.status_code, text, (done[0].get("conversation_id") if done else None)


def client_loop(base: str, token: str, questions: list[str], forbidden: list[str], deadline: float,
                tally: Tally, seed: int) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        i = seed
        while time.monotonic() < deadline and not tally.stopped.is_set():  # and the per-request timeout
            kind = KINDS[i % len(KINDS)]
            question = questions[(i * 7 + seed) % len(questions)]
            started = time.perf_counter()
            try:
                status, text, conversation = one_request(client, kind, question)
            except (httpx.HTTPError, json.JSONDecodeError) as exc:
                with tally.lock:
                    tally.errors[type(exc).__name__] += 1
                i += 1
                continue
            tally.add(kind, (time.perf_counter() - started) * 1000, status)
            leaked = [name for name in forbidden if name in text]
            with tally.lock:
                if leaked:
                    tally.leaks.append(f"{kind}: {leaked[:3]}")
                if status == 200 and (kind == "search" or conversation):
                    tally.acknowledged["search" if kind == "search" else "chat"] += 1
                    if conversation:
                        tally.conversations.append(conversation)
            i += 1


def run(bases: list[str], tokens: dict[str, str], clients: int, duration: float, tally: Tally | None = None) -> Tally:
    names = branch_names()
    rules = rule_questions()
    by_branch = borrower_questions()
    tally = tally or Tally()
    deadline = time.monotonic() + duration
    threads = []
    branches = list(CLIENT_USERS)
    for n in range(clients):
        branch = branches[n % 2]
        user = CLIENT_USERS[branch][(n // 2) % len(CLIENT_USERS[branch])]
        other = branches[(n + 1) % 2]
        questions = rules + by_branch[branch]
        args = (bases[n % len(bases)], tokens[user], questions, names[other], deadline, tally, n)
        threads.append(threading.Thread(target=client_loop, args=args, daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + 120)
    return tally


def report(tally: Tally, clients: int, duration: float, killed: bool = False) -> dict:
    total = sum(tally.status.values())
    five_xx = sum(c for s, c in tally.status.items() if s >= 500)
    print(f"clients {clients}, {duration:.0f} s, {total} requests ({total / duration:.1f}/s), "
          f"status {dict(sorted(tally.status.items()))}, transport errors {dict(tally.errors)}")
    print(f"{'kind':<10}{'n':>7}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    every: list[float] = []
    figures = {"rps": total / duration, "5xx": five_xx, "leaks": len(tally.leaks)}
    for kind, values in sorted(tally.latency.items()):
        every += values
        print(f"{kind:<10}{len(values):>7}{percentile(values, .5):>10.0f}{percentile(values, .95):>10.0f}"
              f"{percentile(values, .99):>10.0f}{max(values):>10.0f}")
    chat = tally.latency.get("chat", []) + tally.latency.get("chat_sse", [])
    if chat:
        print(f"{'chat+sse':<10}{len(chat):>7}{percentile(chat, .5):>10.0f}{percentile(chat, .95):>10.0f}"
              f"{percentile(chat, .99):>10.0f}{max(chat):>10.0f}")
        figures.update(chat_p95=percentile(chat, .95), chat_p99=percentile(chat, .99))
    if tally.latency.get("search"):
        figures["search_p95"] = percentile(tally.latency["search"], .95)
    if every:
        print(f"{'all':<10}{len(every):>7}{percentile(every, .5):>10.0f}{percentile(every, .95):>10.0f}"
              f"{percentile(every, .99):>10.0f}{max(every):>10.0f}")
    print(f"5xx: {five_xx}   cross-branch leaks: {len(tally.leaks)} {tally.leaks[:5]}")
    figures["ok"] = five_xx == 0 and not tally.leaks and (killed or not tally.errors) and total > 0
    return figures


def stage_report(path: Path) -> None:
    """The server's own account of where the time went, per endpoint (from ASSISTANT_TIMINGS_FILE)."""
    if not path.is_file():
        return
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"server stages (ms){'':<4}{'n':>6}" + "".join(f"{s:>10}" for s in (*STAGES, "waiting", "total"))
          + "   (p50 / p95 below)")
    for endpoint in sorted({r["path"] for r in rows}):
        mine = [r for r in rows if r["path"] == endpoint]
        cols: dict[str, list[float]] = {s: [r.get(f"{s}_ms", 0.0) for r in mine] for s in STAGES}
        cols["waiting"] = [max(0.0, r["total_ms"] - sum(r.get(f"{s}_ms", 0.0) for s in STAGES)) for r in mine]
        cols["total"] = [r["total_ms"] for r in mine]
        for q, label in ((.5, "p50"), (.95, "p95")):
            print(f"  {endpoint:<14}{label:>6}{len(mine):>6}"
                  + "".join(f"{percentile(cols[s], q):>10.1f}" for s in (*STAGES, "waiting", "total")))


def lost_rows(env: dict, tally: Tally) -> int:
    """Acknowledged answers and searches whose rows are missing after the kill (0 means nothing lost)."""
    code = (
        "import json,sys\n"
        "from sqlalchemy import func, select\n"
        "from assistant.db import session_scope\n"
        "from assistant.answering.models import ConversationRow, MessageRow\n"
        "from assistant.security.models import AuditEntry\n"
        "ids = json.load(sys.stdin)\n"
        "with session_scope() as s:\n"
        "    have = set(s.scalars(select(ConversationRow.id)))\n"
        "    with_turns = set(s.scalars(select(MessageRow.conversation_id).where(MessageRow.role == 'assistant')))\n"
        "    audited = {e.detail.get('conversation_id') for e in s.scalars(select(AuditEntry).where(AuditEntry.action == 'question'))}\n"
        "    searches = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == 'search'))\n"
        "print(json.dumps({'conversations': sum(i not in have for i in ids), 'turns': sum(i not in with_turns for i in ids),"
        " 'audit': sum(i not in audited for i in ids), 'searches': searches}))\n")
    out = subprocess.run([str(Path(ASSISTANT).parent / "python"), "-c", code], env=env, check=True,
                         capture_output=True, text=True, input=json.dumps(tally.conversations), cwd=ROOT)
    found = json.loads(out.stdout)
    missing_searches = max(0, tally.acknowledged["search"] - found["searches"])
    print(f"after SIGKILL: {tally.acknowledged['chat']} acknowledged answers, missing conversation "
          f"{found['conversations']}, missing turn {found['turns']}, missing audit {found['audit']}; "
          f"{tally.acknowledged['search']} acknowledged searches, {found['searches']} audited "
          f"(missing {missing_searches})")
    return found["conversations"] + found["turns"] + found["audit"] + missing_searches


def one_run(args) -> dict:
    with tempfile.TemporaryDirectory(prefix="load-") as home:
        timings = Path(home) / "timings.jsonl"
        chroma = None
        if args.servers > 1 and not args.chroma_url:
            chroma = start_chroma(Path(home) / "chroma-server")
        chroma_url = args.chroma_url or (chroma.url if chroma else None)
        env, tokens = prepare(str(Path(home) / "server-1"), args.database_url, str(timings), chroma_url)
        if args.threads:
            env["ASSISTANT_REQUEST_THREADS"] = str(args.threads)
        log_path = Path(home) / "server.log"
        with open(log_path, "w", encoding="utf-8") as log:
            servers = [start_server({**env, "ASSISTANT_HOME": str(Path(home) / f"server-{n + 1}")}, args.workers, log)
                       for n in range(args.servers)]
            killer, tally = None, Tally()

            def kill() -> None:
                for proc, _ in servers:
                    os.killpg(proc.pid, signal.SIGKILL)
                time.sleep(1)  # requests in flight meet the kill; then the clients stop
                tally.stopped.set()

            if args.kill_after:
                killer = threading.Timer(args.kill_after, kill)
                killer.start()
            try:
                run([base for _, base in servers], tokens, args.clients, args.duration, tally)
            finally:
                for proc, _ in servers:
                    if killer is None:
                        os.killpg(proc.pid, signal.SIGTERM)
                if killer is not None:
                    killer.join()
                for proc, _ in servers:
                    proc.wait(30)
                if chroma:
                    chroma.stop()
        figures = report(tally, args.clients, args.duration, killed=bool(args.kill_after))
        stage_report(timings)
        if args.kill_after:
            figures["lost"] = lost_rows(env, tally)
            figures["ok"] = figures["ok"] and figures["lost"] == 0
        if not figures["ok"]:  # show the server's side of every failure
            print(log_path.read_text(encoding="utf-8")[-6000:])
    return figures


def start_chroma(data: Path):
    """A `chroma run` server for the multi-server shape (the same helper the tests use)."""
    from tests.support.chroma import start_chroma as start

    return start(data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1, help="repeat on a fresh server and print the spread")
    parser.add_argument("--database-url", default=None, help="PostgreSQL instead of the SQLite default")
    parser.add_argument("--threads", type=int, default=None,
                        help="request threads per worker (ASSISTANT_REQUEST_THREADS; default: the product's)")
    parser.add_argument("--kill-after", type=float, default=0.0, help="SIGKILL the server after this many seconds")
    parser.add_argument("--servers", type=int, default=1,
                        help="serve processes with their own homes sharing the database and a Chroma server")
    parser.add_argument("--chroma-url", default=None, help="the Chroma server of --servers (else one is started)")
    args = parser.parse_args()
    if args.servers > 1 and not (args.database_url or "").startswith("postgresql"):
        parser.error("--servers > 1 needs --database-url on PostgreSQL (the only state the servers share)")
    runs = []
    for n in range(args.runs):
        if args.runs > 1:
            print(f"--- run {n + 1} of {args.runs}")
        runs.append(one_run(args))
    if args.runs > 1:
        print("spread over runs (min – max):")
        for key, label in (("rps", "requests/s"), ("chat_p95", "chat p95 ms"), ("chat_p99", "chat p99 ms"),
                           ("search_p95", "search p95 ms")):
            values = [r[key] for r in runs if key in r]
            if values:
                print(f"  {label:<14}" + "  ".join(f"{v:.0f}" for v in values)
                      + f"   ({min(values):.0f} – {max(values):.0f})")
    return 0 if all(r["ok"] for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
