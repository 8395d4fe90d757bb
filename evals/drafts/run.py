"""Drafting eval: every number, date and amount of every sample draft traces to a record field; 风险分类建议
agrees with the overdue bands; clause quotes are verbatim; drafting time per borrower (target ≤ 1 s, no LLM).

Usage: .venv/bin/python evals/drafts/run.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.config import Settings  # noqa: E402

SAMPLE = ROOT / "corpus" / "borrowers" / "sample_borrowers.json"
SHARED = ROOT.parent / "shared" / "corpus"
TODAY = date(2026, 11, 24)
# the eval's own reading of 商业银行金融资产风险分类办法 第十条～第十三条 (not the product's rules module)
BANDS = ((360, "损失"), (270, "可疑"), (90, "次级"), (7, "关注"))
RANKS = ("正常", "关注", "次级", "可疑", "损失")
TARGET_SECONDS = 1.0


def expected_class(current: str | None, overdue_days: int) -> str | None:
    needed = next((name for days, name in BANDS if overdue_days > days), "正常")
    if current not in RANKS:
        return needed
    return max(current, needed, key=RANKS.index)


def prepare(home: Path) -> Settings:
    from assistant.knowledge.ingest import ingest_paths
    from assistant.records.importer import import_file

    settings = Settings(home=home)
    settings.ensure_dirs()
    import_file(SAMPLE, settings=settings, today=TODAY)
    # the regulations, the seeds and the sample bank's own rule book (as `assistant sample load` indexes it)
    report = ingest_paths([SHARED / "regulations", SHARED / "seeds", ROOT / "corpus" / "knowledge"], settings=settings)
    if report.errors:
        raise SystemExit(f"ingest errors: {report.errors}")
    return settings


def quotes_verbatim(report, index) -> tuple[int, int]:
    """(quotes, verbatim): each quoted segment must occur in the cited chunk (or its article's parts)."""
    chunks = index.chunks()
    total = ok = 0
    for clause in report.clauses():
        if not clause.quote:
            continue
        total += 1
        texts = "".join(c.text for c in chunks if c.doc_title == clause.doc_title
                        and (c.article == clause.article or c.chunk_id == clause.chunk_id))
        ok += all(part.strip() in texts for part in clause.quote.split("……") if part.strip())
    return total, ok


def evaluate(settings: Settings) -> list[dict]:
    from assistant.db import session_scope
    from assistant.drafting.clauses import ClauseLookup
    from assistant.drafting.grounding import report_checker
    from assistant.drafting.render_md import render_markdown
    from assistant.drafting.service import draft_inspection
    from assistant.knowledge.index import KnowledgeIndex
    from assistant.records.repository import list_borrowers
    from assistant.security.scope import LOCAL_ADMIN

    index = KnowledgeIndex(settings)
    lookup = ClauseLookup(index)
    with session_scope(settings) as session:
        borrowers = list_borrowers(session, LOCAL_ADMIN)
    rows = []
    for summary in borrowers:
        started = time.perf_counter()
        report = draft_inspection(summary["id"], settings=settings, today=TODAY, lookup=lookup, use_llm=False)
        markdown = render_markdown(report)
        seconds = time.perf_counter() - started
        result = report_checker(report).check(markdown)
        origins = Counter(fact.origin if fact else "verbatim" for _, fact in result.traced)
        suggested = next(f.value for st in report.section("classification").statements for f in st.facts
                         if f.label == "建议风险分类")
        quotes, verbatim = quotes_verbatim(report, index)
        rows.append({"id": summary["id"], "current": summary["classification"] or "-",
                     "days": summary["overdue_days"], "suggested": suggested,
                     "expected": expected_class(summary["classification"], summary["overdue_days"]),
                     "checked": len(result.traced) + len(result.ungrounded), "origins": origins,
                     "ungrounded": [m.text for m in result.ungrounded], "quotes": quotes, "verbatim": verbatim,
                     "missing": len({f.label for f in report.book.missing()}), "seconds": seconds})
    return rows


def print_table(rows: list[dict]) -> bool:
    head = (f"{'借款人':<6}{'现分类':>5}{'逾期天数':>6}{'建议':>5}{'规则':>5}{'一致':>4}{'核对数':>6}{'记录':>6}"
            f"{'派生':>6}{'规则值':>6}{'基准日':>5}{'原文':>5}{'无出处':>5}{'引文':>6}{'待补':>4}{'耗时ms':>8}")
    print(head)
    for r in rows:
        o = r["origins"]
        print(f"{r['id']:<9}{r['current']:>4}{r['days']:>9}{r['suggested']:>5}{r['expected']:>5}"
              f"{'是' if r['suggested'] == r['expected'] else '否':>4}{r['checked']:>9}{o['record']:>8}"
              f"{o['derived']:>8}{o['rule']:>8}{o['context']:>7}{o['verbatim']:>7}{len(r['ungrounded']):>7}"
              f"{r['verbatim']:>4}/{r['quotes']:<3}{r['missing']:>5}{r['seconds'] * 1000:>10.1f}")
    total = Counter()
    for r in rows:
        total.update(r["origins"])
    checked = sum(r["checked"] for r in rows)
    invented = sum(len(r["ungrounded"]) for r in rows)
    agree = sum(r["suggested"] == r["expected"] for r in rows)
    quotes, verbatim = sum(r["quotes"] for r in rows), sum(r["verbatim"] for r in rows)
    worst = max(r["seconds"] for r in rows)
    median = sorted(r["seconds"] for r in rows)[len(rows) // 2]
    print(f"{'合计':<7}{len(rows):>4}户{'':>18}{agree:>4}/{len(rows):<4}{checked:>7}{total['record']:>8}"
          f"{total['derived']:>8}{total['rule']:>8}{total['context']:>7}{total['verbatim']:>7}{invented:>7}"
          f"{verbatim:>4}/{quotes:<3}{'':>5}{'最长':>4}{worst * 1000:.1f}")
    grounded = checked - invented
    passed = invented == 0 and agree == len(rows) and verbatim == quotes and worst <= TARGET_SECONDS
    print(f"数字/日期/金额/编号/名称核对 {checked} 处，可追溯 {grounded}（{grounded / checked:.1%}）；"
          f"其中记录字段 {total['record']}、由记录计算 {total['derived']}、规则阈值 {total['rule']}、"
          f"报告基准日 {total['context']}、记录原文 {total['verbatim']}；无出处 {invented}；"
          f"分类建议与逾期规则一致 {agree}/{len(rows)}；引文逐字核对 {verbatim}/{quotes}；"
          f"单户起草中位数 {median * 1000:.0f} ms、最长 {worst * 1000:.0f} ms（含首次加载；目标 ≤ {TARGET_SECONDS * 1000:.0f} ms）；结论：{'通过' if passed else '未通过'}")
    for r in rows:
        if r["ungrounded"]:
            print(f"  {r['id']} 无出处：{r['ungrounded']}")
    return passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="use (and keep) this ASSISTANT_HOME instead of a temp dir")
    args = parser.parse_args()
    if args.keep:
        return 0 if print_table(evaluate(prepare(args.keep))) else 1
    with tempfile.TemporaryDirectory(prefix="eval-drafts-") as tmp:
        return 0 if print_table(evaluate(prepare(Path(tmp) / "home"))) else 1


if __name__ == "__main__":
    raise SystemExit(main())
