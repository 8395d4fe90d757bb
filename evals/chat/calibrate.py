"""Fit the answer/refuse decision on dev, and print its precision/recall curve on dev and frozen.

Run: .venv/bin/python evals/chat/calibrate.py [--fit] [--curve-sets dev,frozen,newdocs]

The signals are computed by the production code (assistant/answering/decision.py) on the hits the chat
would use. `--fit` fits logistic weights on dev only (L2-regularised Newton steps) and prints them in
the form of DecisionWeights; the frozen and new-documents sets are only ever scored with weights fitted
elsewhere. The curve lists, per threshold, refusal precision and recall (refusing an unanswerable
question is the positive class) and the share of answerable questions refused.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from evals.chat.run import KNOWLEDGE_OF, build_home, parse_config, question_sets  # noqa: E402

from assistant.answering.decision import SIGNALS as FEATURES  # noqa: E402

DEV_NAMES = ("dev", "dev2", "devdocs", "dev3", "dev4", "devdocs2")  # fitted on; the held-out sets are only scored


def collect(rows: list[dict], retriever, composer) -> tuple[np.ndarray, np.ndarray]:
    from assistant.security.chat_guard import ChatGuard  # the chat's own scoped search
    from assistant.security.scope import LOCAL_ADMIN

    guard = ChatGuard(composer_settings())
    X, y = [], []
    for row in rows:
        hits = guard.search(retriever, row["question"], 5, LOCAL_ADMIN)
        _, decision = composer.assess(row["question"], hits)
        values = decision.signals or dict.fromkeys(FEATURES, 0.0)
        X.append([values[f] for f in FEATURES])
        y.append(1.0 if row["answerable"] else 0.0)
    return np.array(X), np.array(y)


_settings = None


def composer_settings():
    return _settings


def fit(X: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> np.ndarray:
    A = np.hstack([np.ones((len(X), 1)), X])
    w = np.zeros(A.shape[1])
    reg = l2 * np.eye(A.shape[1])
    reg[0, 0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-A @ w))
        grad = A.T @ (p - y) + reg @ w
        hess = (A * (p * (1 - p))[:, None]).T @ A + reg
        w -= np.linalg.solve(hess, grad)
    return w


def probabilities(X: np.ndarray, weights) -> np.ndarray:
    w = np.array([weights.bias, *(getattr(weights, f) for f in FEATURES)])
    return 1 / (1 + np.exp(-(np.hstack([np.ones((len(X), 1)), X]) @ w)))


def curve(name: str, p: np.ndarray, y: np.ndarray, chosen: float) -> None:
    print(f"\n{name}: threshold · refusal precision · refusal recall · answerable refused")
    for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        refused = p < t
        tp = int((refused & (y == 0)).sum())
        precision = tp / refused.sum() if refused.sum() else 1.0
        recall = tp / max((y == 0).sum(), 1)
        over = (refused & (y == 1)).sum() / max((y == 1).sum(), 1)
        mark = "  ← config" if abs(t - chosen) < 1e-9 else ""
        print(f"  {t:.1f}  {precision:.2f}  {recall:.2f}  {over:.2f}{mark}")


def main() -> int:
    global _settings
    parser = argparse.ArgumentParser()
    parser.add_argument("--fit", action="store_true", help="fit the weights on dev and print them")
    parser.add_argument("--curve-sets", default="dev,frozen")
    parser.add_argument("--l2", type=float, default=0.1)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="AnsweringConfig override")
    args = parser.parse_args()
    from assistant.answering.composer import GroundedComposer
    from assistant.answering.config import DEFAULT, DecisionWeights
    from assistant.config import Settings
    from assistant.knowledge.retriever import Retriever

    config = parse_config(args.set)
    names = set(args.curve_sets.split(",")) | set(DEV_NAMES)
    sets = question_sets(names)
    tmp = Path(tempfile.mkdtemp(prefix="calibrate-"))
    data = {}
    for name, rows in sets.items():
        home = tmp / name
        build_home(home, KNOWLEDGE_OF[name])
        _settings = Settings(home=home)
        retriever = Retriever(_settings)
        data[name] = collect(rows, retriever, GroundedComposer(stats=retriever.stats, config=config))
    weights = DEFAULT.weights
    if args.fit:
        X = np.vstack([data[n][0] for n in DEV_NAMES if n in data])
        y = np.concatenate([data[n][1] for n in DEV_NAMES if n in data])
        w = fit(X, y, l2=args.l2)
        weights = DecisionWeights(**dict(zip(("bias", *FEATURES), [round(float(v), 2) for v in w])))
        print("fitted on", "+".join(n for n in DEV_NAMES if n in data), ":", weights)
    for name in (*DEV_NAMES, "frozen", "frozen2", "newdocs"):
        if name in data and (name in DEV_NAMES or name in args.curve_sets.split(",")):
            X, y = data[name]
            curve(name, probabilities(X, weights), y, config.threshold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
