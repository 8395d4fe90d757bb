"""Crash safety: SIGKILL an ingest and a borrower import mid-way; the index and the database must show
the previous or the new state, never half, and a re-run must complete."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import KEEP_ENV

pytestmark = [pytest.mark.slow, pytest.mark.integration]

ROOT = Path(__file__).resolve().parents[2]
ASSISTANT = str(Path(sys.executable).parent / "assistant")
SAMPLE_BORROWERS = ROOT / "corpus" / "borrowers" / "sample_borrowers.json"
ARTICLE = "第{n}条　客户经理应当对{topic}进行检查，发现{risk}的，应当在{days}个工作日内报告风险管理部门。\n\n"
TOPICS = ["资金用途", "库存", "应收账款", "押品价值", "担保人经营", "销售回款", "纳税情况", "水电费"]


def _env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_") or k in KEEP_ENV}
    return {**env, "ASSISTANT_HOME": str(home)}


def _write_rules(folder: Path, count: int, prefix: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        body = "".join(ARTICLE.format(n=n, topic=TOPICS[(i + n) % len(TOPICS)], risk=f"异常情形{i}-{n}",
                                      days=n % 9 + 1) for n in range(1, 40))
        (folder / f"{prefix}{i:03d}.md").write_text(f"# 示范银行{prefix}检查细则第{i}号\n\n{body}", encoding="utf-8")


def _run(args: list[str], home: Path, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([ASSISTANT, *args], env=_env(home), capture_output=True, text=True, timeout=timeout)


def _kill_after(args: list[str], home: Path, delay: float) -> int | None:
    """Start a command, SIGKILL it after `delay` seconds; its return code if it finished first."""
    proc = subprocess.Popen([ASSISTANT, *args], env=_env(home), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        return proc.wait(delay)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)
        return None


def _index_state(home: Path) -> tuple[frozenset[str], int]:
    """Document titles of the index, after checking every document's chunks are all there."""
    code = (
        "import json\n"
        "from assistant.knowledge.index import KnowledgeIndex\n"
        "from assistant.knowledge.retriever import get_retriever\n"
        "index = KnowledgeIndex()\n"
        "docs = index.documents()\n"
        "chunks = index.chunks()\n"
        "per_doc = {}\n"
        "for c in chunks: per_doc[c.doc_id] = per_doc.get(c.doc_id, 0) + 1\n"
        "bad = [d for d, r in docs.items() if per_doc.get(d, 0) != r.chunk_count]\n"
        "orphans = [c.chunk_id for c in chunks if c.doc_id not in docs]\n"
        "hits = get_retriever().search('押品价值 检查', k=5)\n"
        "missing = [h.chunk.chunk_id for h in hits if index.chunk(h.chunk.chunk_id) is None]\n"
        "print(json.dumps({'titles': sorted(r.title for r in docs.values()), 'bad': bad,\n"
        "                  'orphans': orphans[:5], 'missing': missing, 'hits': len(hits)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=_env(home), capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-3000:]
    state = json.loads(out.stdout.strip().splitlines()[-1])
    assert not state["bad"] and not state["orphans"] and not state["missing"], state
    return frozenset(state["titles"]), state["hits"]


def test_killed_ingest_leaves_previous_or_new_index(tmp_path):
    home = tmp_path / "home"
    _write_rules(tmp_path / "first", 5, "甲")
    _write_rules(tmp_path / "second", 60, "乙")
    assert _run(["ingest", str(tmp_path / "first")], home).returncode == 0
    before, _ = _index_state(home)
    started = time.perf_counter()
    full = _run(["ingest", str(tmp_path / "second")], tmp_path / "probe_home")
    assert full.returncode == 0, full.stderr
    duration = time.perf_counter() - started
    kills = 0
    for fraction in (0.3, 0.6, 0.85, 0.95):
        finished = _kill_after(["ingest", str(tmp_path / "second")], home, duration * fraction)
        kills += finished is None
        titles, _ = _index_state(home)
        assert titles == before or (titles > before and len(titles) == len(before) + 60), len(titles)
        if finished is not None or titles != before:
            break
    assert kills >= 1, "the ingest always finished before the kill: nothing was tested"
    assert _run(["ingest", str(tmp_path / "second")], home).returncode == 0
    after, hits = _index_state(home)
    assert len(after) == len(before) + 60 and hits > 0


def _prefixed(value, prefix: str):
    """A copy with every id (keys `id` and `*_id`) prefixed, so copies never collide."""
    if isinstance(value, dict):
        return {k: (prefix + v if (k == "id" or k.endswith("_id")) and isinstance(v, str) and v
                    else _prefixed(v, prefix)) for k, v in value.items()}
    if isinstance(value, list):
        return [_prefixed(v, prefix) for v in value]
    return value


def _borrowers_file(path: Path, copies: int) -> None:
    sample = json.loads(SAMPLE_BORROWERS.read_text(encoding="utf-8"))
    out = []
    for n in range(copies):
        for b in sample:
            clone = _prefixed(b, f"X{n:03d}")
            clone["name"] = f"{b['name']}{n}"
            out.append(clone)
    path.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


def _borrower_count(home: Path) -> tuple[int, int]:
    code = ("from sqlalchemy import text\nfrom assistant.db import get_engine\n"
            "with get_engine().connect() as c:\n"
            "    print(c.execute(text('select count(*) from borrowers')).scalar(),"
            " c.execute(text('select count(*) from loans')).scalar())\n")
    out = subprocess.run([sys.executable, "-c", code], env=_env(home), capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-3000:]
    borrowers, loans = out.stdout.split()
    return int(borrowers), int(loans)


def test_killed_import_leaves_previous_or_new_database(tmp_path):
    home = tmp_path / "home"
    big = tmp_path / "big.json"
    _borrowers_file(big, 40)
    assert _run(["borrowers", "import", str(SAMPLE_BORROWERS)], home).returncode == 0
    before = _borrower_count(home)
    started = time.perf_counter()
    probe = _run(["borrowers", "import", str(big)], tmp_path / "probe_home")
    assert probe.returncode == 0, probe.stdout[-2000:] + probe.stderr[-2000:]
    duration = time.perf_counter() - started
    new_total = before[0] + 40 * before[0]
    kills = 0
    for fraction in (0.4, 0.7, 0.9):
        finished = _kill_after(["borrowers", "import", str(big)], home, duration * fraction)
        kills += finished is None
        borrowers, loans = _borrower_count(home)
        assert (borrowers, loans) == before or borrowers == new_total, (borrowers, loans, before)
        if finished is not None or borrowers != before[0]:
            break
    assert kills >= 1, "the import always finished before the kill: nothing was tested"
    assert _run(["borrowers", "import", str(big)], home).returncode == 0
    assert _borrower_count(home)[0] == new_total
