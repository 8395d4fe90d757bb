"""Meeting eval: selection vs the hand-checked fixture, grounding of the minutes, drafting speed (200 borrowers).

Run: .venv/bin/python evals/meeting/run.py   (uses a temporary ASSISTANT_HOME; prints one table)
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
MEETING = date(2026, 12, 8)
TODAY = date(2026, 11, 24)


def _fresh_home() -> None:
    from assistant.config import reset_settings
    from assistant.db import dispose_engines

    os.environ["ASSISTANT_HOME"] = tempfile.mkdtemp(prefix="meeting-eval-")
    reset_settings()
    dispose_engines()


def selection_accuracy() -> tuple[int, int]:
    """Borrowers whose selection (in/out and reason codes) equals the hand-written expectation."""
    from assistant.db import session_scope
    from assistant.meeting.decisions import DecisionInput, record_decisions
    from assistant.meeting.selection import select_for_review
    from assistant.meeting.store import create_meeting
    from assistant.records.importer import import_file
    from assistant.security.scope import LOCAL_ADMIN
    from tests.meeting.conftest import FIXTURE, OCTOBER
    from tests.meeting.test_selection import EXPECTED_DECEMBER

    _fresh_home()
    import_file(FIXTURE, today=TODAY)
    with session_scope() as session:
        meeting, _ = create_meeting(session, LOCAL_ADMIN, "城南支行", OCTOBER)
        record_decisions(session, LOCAL_ADMIN, meeting, [DecisionInput("M12", "补充担保", "公司部", "钱宇", "2026-11-30"),
                                                          DecisionInput("M13", "加强资金账户监管", "公司部", "钱宇",
                                                                        "2026-11-15")], today=OCTOBER)
        meeting.decisions[1].status = "done"
    with session_scope() as session:
        got = {i.borrower.id: {r.code for r in i.reasons}
               for i in select_for_review(session, LOCAL_ADMIN, "城南支行", MEETING).items}
    ids = [row["id"] for row in json.loads(FIXTURE.read_text(encoding="utf-8"))]
    return sum(1 for b in ids if got.get(b) == EXPECTED_DECEMBER.get(b)), len(ids)


def grounding(branches: list[str]) -> tuple[int, int]:
    from assistant.db import session_scope
    from assistant.drafting.grounding import FactChecker
    from assistant.meeting.minutes import build_minutes
    from assistant.meeting.render import render_markdown
    from assistant.security.scope import LOCAL_ADMIN

    traced = ungrounded = 0
    with session_scope() as session:
        for branch in branches:
            minutes = build_minutes(session, LOCAL_ADMIN, branch, MEETING)
            result = FactChecker(minutes.book.facts, minutes.verbatim()).check(render_markdown(minutes))
            traced, ungrounded = traced + len(result.traced), ungrounded + len(result.ungrounded)
            for mention in result.ungrounded[:5]:
                print(f"  ungrounded in {branch}: {mention.text}", file=sys.stderr)
    return traced, ungrounded


def synthetic_branch(n: int = 200) -> Path:
    """n borrowers of 合成支行 built from the sample borrowers (ids, names and amounts varied)."""
    from assistant.records.importer import SAMPLE_BORROWERS

    rng = random.Random(7)
    sample = json.loads(SAMPLE_BORROWERS.read_text(encoding="utf-8"))
    rows = []
    for i in range(n):
        b = json.loads(json.dumps(sample[i % len(sample)]))
        suffix = f"S{i:04d}"
        numeral = "".join("零一二三四五六七八九"[int(d)] for d in f"{i:03d}")   # names carry no digits
        b.update(id=suffix, name=f"合成{numeral}号{b['name']}", branch="合成支行",
                 credit_limit=rng.choice([3e6, 8e6, 1e7, 1.5e7, 3e7]))
        for table, key in (("loans", "loan_id"), ("collateral", "collateral_id"), ("flows", "flow_id")):
            for row in b.get(table, []):
                row[key] = f"{row[key]}-{suffix}"
                if "loan_id" in row and table != "loans" and row["loan_id"]:
                    row["loan_id"] = f"{row['loan_id']}-{suffix}"
        rows.append(b)
    path = Path(tempfile.mkdtemp()) / "synthetic.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path


def speed() -> tuple[float, int, int]:
    from assistant.meeting import service
    from assistant.records.importer import import_file
    from assistant.security.scope import LOCAL_ADMIN

    _fresh_home()
    import_file(synthetic_branch(), today=TODAY)
    started = time.perf_counter()
    output = service.draft(LOCAL_ADMIN, "合成支行", MEETING, "md", use_llm=False)
    elapsed = time.perf_counter() - started
    reviewed = output.content.decode("utf-8").count("\n### ")
    return elapsed, reviewed, grounding(["合成支行"])[1]


def main() -> None:
    from assistant.records.importer import SAMPLE_BORROWERS, import_file

    correct, total = selection_accuracy()
    _fresh_home()
    import_file(SAMPLE_BORROWERS, today=TODAY)
    traced, ungrounded = grounding(["城东支行", "城西支行", "高新支行"])
    seconds, reviewed, synthetic_ungrounded = speed()
    rows = [("selection matches hand-checked fixture", f"{correct}/{total}", f"{total}/{total}"),
            ("minutes figures traced (sample, 3 branches)", f"{traced} traced, {ungrounded} ungrounded", "0 ungrounded"),
            ("draft 200-borrower branch, no LLM", f"{seconds:.2f} s ({reviewed} reviewed)", "<= 5 s"),
            ("synthetic minutes ungrounded figures", str(synthetic_ungrounded), "0")]
    width = max(len(r[0]) for r in rows)
    print(f"{'metric':<{width}}  {'result':<34}  target")
    for metric, result, target in rows:
        print(f"{metric:<{width}}  {result:<34}  {target}")


if __name__ == "__main__":
    main()
