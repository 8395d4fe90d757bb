"""Borrower chat eval: questions about the caller's own borrowers, asked through the API as each demo user.

Run: .venv/bin/python evals/borrower_chat/run.py [--sets dev,frozen] [--show-failures] [--json OUT]

Sets (written blind by helpers who had not read the code, committed before the borrower chat was built):
- dev.jsonl (45), dev2.jsonl (40, follow-ups, history, next steps), dev3.jsonl (36, follow-ups, history,
  ambiguity), dev4.jsonl (50, history and follow-ups first), dev5.jsonl (50, follow-ups first) and
  dev6.jsonl (50, follow-ups, history, ambiguity), each by another helper: may be read and tuned on.
- frozen.jsonl (72): never tuned on; only its figures are reported.
Both are asked against the sample bank (`assistant sample load`, today 2026-11-24) with the two borrowers of
extra_borrowers.json beside it (they make 恒达 and 金穗 ambiguous) and ../shared/corpus/regulations ingested.

Per set it prints:
- answer correct: expect=answer items where every expected figure and clause is in the answer and nothing
  forbidden; expect=unknown items with no forbidden string and no record of anyone; expect=clarify items
  that list every candidate and nothing forbidden;
- figure recall and clause recall over the expected ones;
- figures absent from the records: numbers in an answer (outside its cited quotes) that are neither a value
  of the borrower's records as `borrowers show --json` gives them (fields, signals, next inspection) nor in a
  cited clause;
- leaks per role: an answer holding a forbidden string or a record of a borrower outside the caller's scope;
- API latency of each turn (p50, p95).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "evals"))
from speed_api import ASSISTANT, percentile, start_server  # noqa: E402

SHARED_REGULATIONS = ROOT.parent / "shared" / "corpus" / "regulations"
TODAY = "2026-11-24"
USERS = ("wanglei", "lina", "zhangwei", "liuyang", "chenjing", "zhaomin", "head_chengdong", "head_chengxi",
         "head_gaoxin", "risk")
_NUMBER = re.compile(r"(?<![A-Za-z])(\d[\d,]*(?:\.\d+)?)\s*(万元|万|亿元|元|天|个月|%|％)?")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_ID = re.compile(r"[A-Z]\d{3,}")
_MARKER = re.compile(r"\[\d+\]")  # citation markers [1]
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)[%％]$")


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


# ---- setup ---------------------------------------------------------------------------------------------
def prepare(home: str) -> tuple[dict, dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(ASSISTANT_HOME=home, ASSISTANT_TODAY=TODAY, ASSISTANT_ENVIRONMENT="development",
               ASSISTANT_RATE_LIMIT_PER_MINUTE="100000")
    run = lambda *args: subprocess.run([ASSISTANT, *args], env=env, check=True, capture_output=True, text=True)  # noqa: E731
    run("sample", "load")
    run("borrowers", "import", str(HERE / "extra_borrowers.json"))
    if SHARED_REGULATIONS.is_dir():
        run("ingest", str(SHARED_REGULATIONS))
    tokens = {user: run("users", "token", user).stdout.strip() for user in USERS}
    return env, tokens


def record_values(env: dict) -> tuple[dict[str, dict], dict[str, set[str]]]:
    """Every borrower as `borrowers show --json` gives it (risk sees all), and each one's printable values."""
    listing = json.loads(subprocess.run([ASSISTANT, "borrowers", "list", "--json"], env=env, check=True,
                                        capture_output=True, text=True).stdout)
    details, values = {}, {}
    for row in listing:
        detail = json.loads(subprocess.run([ASSISTANT, "borrowers", "show", row["id"], "--json"], env=env,
                                           check=True, capture_output=True, text=True).stdout)
        details[row["id"]] = detail
        values[row["id"]] = _values(detail)
    return details, values


def _values(data) -> set[str]:
    out: set[str] = set()
    if isinstance(data, dict):
        for item in data.values():
            out |= _values(item)
    elif isinstance(data, list):
        for item in data:
            out |= _values(item)
    elif isinstance(data, bool) or data is None:
        pass
    elif isinstance(data, (int, float)):
        out.add(_key(data))
    elif isinstance(data, str):
        out |= dates_in(data)
        for number, _unit in _NUMBER.findall(_ISO.sub(" ", data)):
            out |= {_key(v) for v in _amounts(number, _unit)}
    return out


def _key(value) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('0.01'))}"


def _amounts(number: str, unit: str) -> list[Decimal]:
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:
        return []
    if unit in ("万元", "万"):
        return [value * 10000, value]
    if unit == "亿元":
        return [value * 100000000, value]
    return [value]


# ---- judging ---------------------------------------------------------------------------------------------
def answer_text(payload: dict) -> str:
    return payload.get("answer", "")


def dates_in(text: str) -> set[str]:
    found = set(_ISO.findall(text))
    found |= {f"{y}-{int(m):02d}-{int(d):02d}" for y, m, d in _CN_DATE.findall(text)}
    return found


def numbers_in(text: str) -> list[tuple[Decimal, str]]:
    clean = _CN_DATE.sub(" ", _ISO.sub(" ", _ID.sub(" ", _MARKER.sub(" ", text))))
    out = []
    for number, unit in _NUMBER.findall(clean):
        for value in _amounts(number, unit)[:1]:
            out.append((value, unit))
    return out


def has_figure(text: str, figure: dict) -> bool:
    kind, value = figure.get("type"), figure.get("value")
    if kind == "date":
        if str(value) in dates_in(text):
            return True
        year, month, day_ = str(value).split("-")  # a note's “12月15日” (the year left implicit)
        return re.search(rf"(?<!\d){int(month)}月{int(day_)}日", text) is not None
    if kind == "text":
        percent = _PERCENT.match(str(value))
        if percent:  # “60%” is stated as 60% or 60.00%
            return any(unit in ("%", "％") and v == Decimal(percent.group(1)) for v, unit in numbers_in(text))
        return str(value) in text
    numbers = numbers_in(text)
    try:
        target = Decimal(str(value))
    except InvalidOperation:
        return str(value) in text
    if kind == "days":
        if target == 0 and re.search(r"未逾期|无逾期|没有逾期", text):  # 0 days overdue, said in words
            return True
        return any(v == target for v, unit in numbers if unit in ("天", ""))
    return any(abs(v - target) < Decimal("0.01") for v, _ in numbers)


def has_clause(payload: dict, group: list[dict]) -> bool:
    text = answer_text(payload)
    for alt in group:
        doc, article = alt.get("doc", "").strip("《》"), alt.get("article", "")
        if f"《{doc}》{article}" in text:
            return True
        if any(c["doc_title"] == doc and c["article"] == article for c in payload.get("citations", [])):
            return True
    return False


def absent_figures(payload: dict, values: dict[str, set[str]], borrowers: list[str]) -> list[str]:
    """Numbers of a records answer not found in the records of its borrowers nor in its cited quotes."""
    if not payload.get("records"):
        return []
    allowed: set[str] = set()
    for borrower in borrowers or {r["borrower_id"] for r in payload["records"]}:
        allowed |= values.get(borrower, set())
    for citation in payload.get("citations", []):
        allowed |= _values(citation.get("quote", "") + " " + citation.get("doc_title", ""))
    allowed |= {TODAY}
    text = answer_text(payload)
    missing = [d for d in dates_in(text) if d not in allowed]
    for value, unit in numbers_in(text):
        if unit in ("万元", "万"):
            candidates = {_key(value * 10000), _key(value)}
        elif unit in ("%", "％"):
            candidates = {_key(value), _key(value / 100)}
        else:
            candidates = {_key(value)}
        if not candidates & allowed:
            missing.append(f"{value}{unit}")
    return missing


def judge(item: dict, payload: dict, values: dict[str, set[str]], visible: set[str]) -> dict:
    text = answer_text(payload)
    forbidden = [f for f in item.get("forbidden", []) if f and f in text]
    foreign = sorted({r["borrower_id"] for r in payload.get("records", [])} - visible)
    leak = bool(forbidden or foreign)
    expect = item["expect"]
    figures = [f for f in item.get("figures", []) if not has_figure(text, f)]
    clauses = [g for g in item.get("clauses", []) if g and not has_clause(payload, g)]
    absent = absent_figures(payload, values, [r["borrower_id"] for r in payload.get("records", [])])
    if expect == "answer":
        ok = not figures and not clauses and not leak and bool(payload.get("records") or not item.get("figures"))
    elif expect == "clarify":
        ok = all(c in text for c in item.get("candidates", [])) and not leak and not payload.get("records")
    else:
        ok = not leak and not payload.get("records")
    return {"ok": ok, "leak": leak, "forbidden": forbidden, "foreign": foreign, "missing_figures": figures,
            "missing_clauses": clauses, "absent": absent,
            "figures_total": len(item.get("figures", [])), "clauses_total": len([g for g in item.get("clauses", []) if g])}


# ---- running ---------------------------------------------------------------------------------------------
def ask_item(client: httpx.Client, token: str, item: dict) -> tuple[dict, list[float]]:
    headers = {"Authorization": f"Bearer {token}"}
    conversation, payload, times = None, {}, []
    for turn in item["turns"]:
        started = time.perf_counter()
        response = client.post("/api/chat", json={"message": turn, "conversation_id": conversation}, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            return {"answer": f"HTTP {response.status_code}: {response.text}", "citations": [], "records": []}, times
        payload = response.json()
        conversation = payload.get("conversation_id")
    return payload, times


def visible_ids(details: dict[str, dict], user: str) -> set[str]:
    from assistant.security.demo import DEMO_USERS
    from assistant.security.scope import Scope

    _, _, role, branch, code = next(u for u in DEMO_USERS if u[0] == user)
    scope = Scope(username=user, role=role, branch=branch, officer_code=code)  # type: ignore[arg-type]
    return {bid for bid, d in details.items() if scope.may_see_borrower(d["branch"], d["officer_code"])}


def report(name: str, results: list[dict], times: list[float]) -> dict:
    by_expect: dict[str, list[dict]] = defaultdict(list)
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for r in results:
        by_expect[r["item"]["expect"]].append(r)
        by_kind[r["item"]["kind"]].append(r)
    fig_total = sum(r["judged"]["figures_total"] for r in results)
    fig_missing = sum(len(r["judged"]["missing_figures"]) for r in results)
    cl_total = sum(r["judged"]["clauses_total"] for r in results)
    cl_missing = sum(len(r["judged"]["missing_clauses"]) for r in results)
    leaks = Counter(r["role"] for r in results if r["judged"]["leak"])
    absent = sum(len(r["judged"]["absent"]) for r in results)
    summary = {
        "set": name, "n": len(results),
        "correct": sum(r["judged"]["ok"] for r in results) / len(results),
        "answer_correct": _share(by_expect["answer"]),
        "unknown_correct": _share(by_expect["unknown"]), "clarify_correct": _share(by_expect["clarify"]),
        "figure_recall": 1 - fig_missing / fig_total if fig_total else 1.0,
        "clause_recall": 1 - cl_missing / cl_total if cl_total else 1.0,
        "absent_figures": absent, "leaks": dict(leaks),
        "p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95),
        "kinds": {k: _share(v) for k, v in sorted(by_kind.items())},
    }
    return summary


def _share(rows: list[dict]) -> float | None:
    return sum(r["judged"]["ok"] for r in rows) / len(rows) if rows else None


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def print_table(summaries: list[dict]) -> None:
    print(f"{'set':<8}{'n':>4}{'correct':>9}{'answer':>8}{'unknown':>9}{'clarify':>9}{'fig.R':>7}{'cl.R':>7}"
          f"{'absent':>8}{'leaks':>7}{'p50 ms':>8}{'p95 ms':>8}")
    for s in summaries:
        print(f"{s['set']:<8}{s['n']:>4}{_pct(s['correct']):>9}{_pct(s['answer_correct']):>8}"
              f"{_pct(s['unknown_correct']):>9}{_pct(s['clarify_correct']):>9}{s['figure_recall']:>7.2f}"
              f"{s['clause_recall']:>7.2f}{s['absent_figures']:>8}{sum(s['leaks'].values()):>7}"
              f"{s['p50_ms']:>8.0f}{s['p95_ms']:>8.0f}")
    kinds = sorted({k for s in summaries for k in s["kinds"]})
    print("\ncorrect by kind: " + "  ".join(f"{k}" for k in kinds))
    for s in summaries:
        print(f"  {s['set']:<8}" + "  ".join(f"{k}={_pct(s['kinds'].get(k))}" for k in kinds))
    for s in summaries:
        print(f"  {s['set']} leaks by role: {s['leaks'] or 0}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="dev,dev2,dev3,dev4,dev5,dev6,frozen")
    parser.add_argument("--show-failures", action="store_true", help="print failed items of the dev sets only")
    parser.add_argument("--json", help="write every answer and judgement here")
    args = parser.parse_args()
    names = [n for n in args.sets.split(",") if n]
    with tempfile.TemporaryDirectory(prefix="borrower-chat-") as home:
        env, tokens = prepare(home)
        details, values = record_values(env)
        roles = {u: ("officer" if not u.startswith(("head", "risk")) else u.split("_")[0]) for u in USERS}
        proc, base = start_server(env, 1)
        summaries, dump = [], {}
        try:
            with httpx.Client(base_url=base, timeout=60) as client:
                ask_item(client, tokens["risk"], {"turns": ["B001现在什么情况？"]})  # warm-up
                for name in names:
                    results, times = [], []
                    for item in load(name):
                        payload, spent = ask_item(client, tokens[item["user"]], item)
                        times += spent
                        judged = judge(item, payload, values, visible_ids(details, item["user"]))
                        results.append({"item": item, "role": roles[item["user"]], "payload": payload,
                                        "judged": judged})
                    summaries.append(report(name, results, times))
                    dump[name] = results
        finally:
            import signal

            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
    print_table(summaries)
    for name in [n for n in dump if args.show_failures and n.startswith("dev")]:
        for r in dump[name]:
            if not r["judged"]["ok"] or r["judged"]["absent"]:
                print("\n---", r["item"]["id"], r["item"]["user"], r["item"]["turns"])
                print({k: v for k, v in r["judged"].items() if v and k not in ("ok", "figures_total", "clauses_total")})
                print(r["payload"].get("answer", "")[:900])
    if args.json:
        Path(args.json).write_text(json.dumps({"summaries": summaries, "results": dump}, ensure_ascii=False,
                                              indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
