"""Standard answers (标准问答): serving latency and scope.

Run: .venv/bin/python evals/curation/run.py [--answers 40] [--repeats 5]

On a fresh home holding the sample rule book, one standard answer is saved per article (question
"<title>第X条怎么规定的", answer: the article's first sentence with [1]; roles officer/head/risk; every
fifth answer for 城东支行 only). Then each question is asked `--repeats` times through ChatService.ask as
an officer of 城东支行, an officer of 高新支行 and a trainer, and it prints:
- lookup time (Curation.serve: match, freshness check of the cited clause, citations) p50/p95;
- whole ask time (with the conversation and audit write) p50/p95, for curated and, for comparison, for
  the same questions when no answer is curated;
- served per caller: the 城东支行 officer should get every answer, the 高新支行 officer all but the
  城东支行 ones, the trainer none. Any answer served outside its scope is counted as a leak.
Target (issue 12): served in < 50 ms, never to a role outside its scope.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "corpus" / "knowledge" / "示范银行贷后管理实施细则.md"


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    os.environ["ASSISTANT_HOME"] = tempfile.mkdtemp(prefix="curation-eval-")
    sys.path.insert(0, str(ROOT))
    from assistant.answering.service import ChatService
    from assistant.curation.checks import Reference
    from assistant.curation.clauses import document_chunks
    from assistant.curation.service import Draft
    from assistant.knowledge.ingest import ingest_paths
    from assistant.security.scope import Scope

    ingest_paths([RULES])
    chat = ChatService()
    index = chat.retriever.index
    [record] = index.documents().values()
    risk = Scope(username="fx", role="risk")
    east = Scope(username="wl", role="officer", branch="城东支行", officer_code="o_wanglei")
    high = Scope(username="gx", role="officer", branch="高新支行", officer_code="o_gx")
    trainer = Scope(username="px", role="trainer")
    articles = list(dict.fromkeys(c.article for c in document_chunks(index, record) if c.article))
    questions = [f"{record.title}{a}怎么规定的" for a in articles[:args.answers]]
    baseline = []
    for question in questions:
        started = time.perf_counter()
        chat.ask(question, scope=east)
        baseline.append(time.perf_counter() - started)
    owners = {}
    for n, (question, article) in enumerate(zip(questions, articles)):
        clause = next(c for c in document_chunks(index, record) if c.article == article).text
        body = re.sub(r"^第[^　\s]+条[　\s]*", "", clause.split("\n")[0])
        sentence = re.split(r"(?<=[。；：])", body)[0].rstrip("：；") or body[:60]
        branch = "城东支行" if n % 5 == 4 else ""
        saved = chat.curation.save(risk, Draft(question=question, answer=f"{sentence}[1]",
                                               references=[Reference(record.title, article)],
                                               roles=["officer", "head", "risk"], branch=branch))
        owners[question] = (saved["id"], branch)
    lookups, asks, served, leaks = [], [], {"城东支行": 0, "高新支行": 0, "trainer": 0}, 0
    for _ in range(args.repeats):
        for question in questions:
            for name, scope in (("城东支行", east), ("高新支行", high), ("trainer", trainer)):
                started = time.perf_counter()
                found = chat.curation.serve(question, scope)
                lookups.append(time.perf_counter() - started)
                started = time.perf_counter()
                answer = chat.ask(question, scope=scope)
                asks.append(time.perf_counter() - started) if name == "城东支行" else None
                got = answer.standard_answer_id
                assert (found is None) == (got is None), question
                if got is not None:
                    served[name] += 1
                    answer_id, branch = owners[question]
                    allowed = name != "trainer" and (not branch or branch == name)
                    leaks += got != answer_id or not allowed
    total = len(questions) * args.repeats
    expected_high = sum(1 for q in questions if not owners[q][1]) * args.repeats
    print(f"standard answers: {len(questions)}; lookups: {len(lookups)}")
    print(f"lookup (serve) ms  p50 {_pct(lookups, .5):.1f}  p95 {_pct(lookups, .95):.1f}")
    print(f"ask, curated ms    p50 {_pct(asks, .5):.1f}  p95 {_pct(asks, .95):.1f}")
    print(f"ask, none curated  p50 {_pct(baseline, .5):.1f}  p95 {_pct(baseline, .95):.1f}")
    print(f"served: 城东支行 officer {served['城东支行']}/{total}, 高新支行 officer {served['高新支行']}/"
          f"{expected_high} expected, trainer {served['trainer']}/0; leaks {leaks}")
    ok = leaks == 0 and served["trainer"] == 0 and served["城东支行"] == total \
        and served["高新支行"] == expected_high and _pct(asks, .5) < 50
    print("target met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
