"""Chat eval over every question set, dev and frozen side by side: retrieval, answer correctness, refusal.

Run: .venv/bin/python evals/chat/run.py [--show-failures SET] [--sets dev,frozen,newdocs] [--json OUT]

Sets (see evals/README.md, "Chat"):
- dev: every set the team has written or read (evals/retrieval/questions.jsonl, evals/answers/*.jsonl),
  dev2 (evals/dev/*.jsonl, over the sample bank too) and devdocs (evals/dev/rulebook: a third bank's rule
  book as .docx and .pdf). Thresholds and lexicon entries may be tuned on these.
- frozen: evals/frozen/*.jsonl, written by helpers who had not read the code, committed before the
  changes they judge. Nothing may be derived from them.
- newdocs: evals/newdocs/questions.jsonl over a rule book in another bank's house style, ingested as a
  bank would (.docx and its .pdf, --type internal_rule) beside the rest of the knowledge base.
- dev3 / frozen2 (2026-12-06): evals/dev3/ and evals/frozen2/, both written blind over the shared corpus
  and the sample bank before this round's changes; dev3 may be read and tuned on, frozen2 may not.
- dev4 / frozen3 (third round of 2026-12-06): the same, written blind again; devdocs2 / newdocs2: two more
  banks' rule books (第X条【主题】 articles; decimal 1.1 / 3.1.1 clauses) with their questions. dev4 and
  devdocs2 may be tuned on; frozen3 and newdocs2 may not.
- dev5 / frozen4 (sixth round of 2026-12-06): the same over the shared corpus and the sample bank, written
  blind once more; dev5 may be tuned on, frozen4 may not.
- dev6 / frozen5, devdocs3 / newdocs3 (seventh round, 2026-12-07): two more blind sets over the shared corpus
  and the sample bank, and two more banks' books (江淮农商银行: 第1条 Arabic articles, ①② items, a table,
  headers and footers, annexes; 北辰村镇银行: a prose manual with no article numbers, 问/答 pairs, two tables),
  devdocs4 (丰源信用联社: a prose guide with no clause numbers, worked cases, ● tips, two tables) and devdocs5
  (云岭农商银行: a FAQ of 问/答 pairs). dev6, devdocs3, devdocs4 and devdocs5 may be tuned on; frozen5 and
  newdocs3 may not.
- dev7 / frozen6, devdocs6 / newdocs4 (eighth round, 2026-12-07): two more blind sets with 40 % unanswerable
  questions, most of them near misses, and two more banks' books (澜江银行: decimal clauses, appendices, numbered
  tables; 青禾县农村信用合作联社: 章/节/条, three list levels, annex tables). dev7 and devdocs6 may be tuned on;
  frozen6 and newdocs4 may not.
- dev8 / frozen7 (ninth round, 2026-12-07): 100 questions each over ../shared/corpus and corpus/, 60
  answerable and 40 unanswerable (36 near misses), written blind as one pool (frozen7/pool.py) and split by a
  seeded shuffle (frozen7/build_questions.py). dev8 may be tuned on; frozen7 may not.
- devdocs7 / newdocs5 (ninth round, 2026-12-07): two more banks' books without 第X条 numbering, written blind
  (鹤岭农信联社: a 问答 handbook, 问N/答 items grouped in 第X部分, tables inside answers, appendices; 青禾农商银行: a
  prose 工作手册 with 一、/（一）/1./（1） headings, ● and ①②③ lists, 【提示】/【案例】 boxes, tables), 45 questions
  each. devdocs7 may be tuned on; newdocs5 may not.
- dev9 / frozen8 (tenth round, 2026-12-07): 100 questions each over ../shared/corpus and corpus/, 60 answerable
  and 40 unanswerable (67 near misses in the pool), a third of them clipped desk questions and a third with the
  situation first, written blind as one pool (frozen8/pool.py) and split by a seeded shuffle. dev9 may be tuned
  on; frozen8 may not.
- devdocs8 / newdocs6 (tenth round, 2026-12-07): two more banks' books, written blind (青澜农商银行: a red-head
  通知 whose rules live in three 附件, with 一是…二是… paragraphs, tables and 注 notes; 澄溪村镇银行: a step-based
  作业指引, 环节一…九 with step tables, a 评分表, a document-control table), 45 questions each. devdocs8 may be tuned
  on; newdocs6 may not.
- dev10 / frozen9 (eleventh round, 2026-12-07): 100 questions each over ../shared/corpus and corpus/, 60 answerable
  and 40 unanswerable, written blind as one pool (frozen9/pool.py) and split by a seeded shuffle. dev10 may be tuned
  on; frozen9 may not.
- devdocs9 / newdocs7 (eleventh round, 2026-12-07): two more banks' books, written blind (瀚川银行: a decimal-numbered
  操作规程, 1 … 11 three levels deep, with a revision table, 术语和定义, a) b) and 1) 2) items, two tables and a blank
  检查表 annex; 青禾县农信联社: a 问答手册 of N. 问：/答： entries in seven chapters, with tables and a glossary), 45
  questions each. devdocs9 may be tuned on; newdocs7 may not.
- dev11 / frozen10 (twelfth round, 2026-12-07): 100 questions each over ../shared/corpus and corpus/, 60 answerable
  and 40 unanswerable, written blind as one pool (frozen10/pool.py) and split by a seeded shuffle. dev11 may be
  tuned on; frozen10 may not.
- devdocs10 / newdocs8 (twelfth round, 2026-12-07): two more banks' books, written blind (临澄银行: a 制度汇编 of
  five rules in one file, each with its own title, 发文 number and 第X条 numbering restarting at 第一条, a table of
  contents and running headers; 桐溪农商银行: a 岗位手册 by role, duties numbered 1. and (1), a 时限一览表 table,
  boxed 提示/注意 paragraphs and a glossary), 45 questions each. devdocs10 may be tuned on; newdocs8 may not.
- dev12 / frozen11 (thirteenth round, 2026-12-07): 100 questions each over ../shared/corpus and corpus/, 60 answerable
  and 40 unanswerable, written blind as one pool (frozen11/pool.py) and split by a seeded shuffle. dev12 may be
  tuned on; frozen11 may not.
- devdocs11 / newdocs9 (thirteenth round, 2026-12-07): two more banks' books, written blind (岚山农商银行: a 贷后管理工作标准
  whose rules live mostly in multi-column tables (事项 | 工作标准 | 时限 | 责任岗位 | 留存资料), with notes under tables and
  a warning-signal annex; the other: a 修订通知 carrying a 修订对照表 and the full revised 办法 as its 附件, with cross
  references and a 释义), 45 questions each. devdocs11 may be tuned on; newdocs9 may not.
- probe13 (thirteenth round, 2026-12-07): 80 answerable questions only, written blind over ../shared/corpus and corpus/
  to probe false refusals: why-questions the documents do answer, who-questions (X是谁, 由谁…), figures of named
  measures, two amounts or two questions in one message, and named books and editions. A tuning set.
- dev13 / frozen12 (fourteenth round, 2026-12-07): 100 questions each over ../shared/corpus and corpus/, 60 answerable
  and 40 unanswerable, written blind as one pool (frozen12/pool.py) and split by a seeded shuffle. dev13 may be
  tuned on; frozen12 may not.
- devdocs12 / newdocs10 (fourteenth round, 2026-12-07): two more banks' books, written blind (云溪银行: a 培训讲义 converted
  from slides, 第N讲 sections of titled slides with ●/–/▶ fragments, 要点/口诀 lines, worked cases, 思考题, a comparison
  table and no clause numbers; 溪山农商银行: a 细则 of 章 and 第X条 with figures in Chinese numerals, 款 and （一） items,
  cross references and a frequency table), 45 questions each. devdocs12 may be tuned on; newdocs10 may not.
- dev14 / frozen13 (fifteenth round, 2026-12-07): 100 questions each over ../shared/corpus and corpus/, 60 answerable
  and 40 unanswerable, written blind as one pool (frozen13/pool.py) and split by a seeded shuffle. dev14 may be
  tuned on; frozen13 may not.
- devdocs13 / newdocs11 (fifteenth round, 2026-12-07): two more banks' books, written blind (银杉银行: a joint-stock
  bank's 操作手册 with decimal section numbers 3.2.1, （1）/a) steps, 注 notes, two tables, an 附录 of terms, running
  headers and page footers, and no 第X条; 白鹭湾农商银行: a 问责实施办法 of 章 and 第X条, the number on its own line in some
  chapters and glued to the text in others, a 扣分 table, cross references, 免责 and 申诉 rules), 45 questions each.
  devdocs13 may be tuned on; newdocs11 may not.
- dev15 / frozen14 (sixteenth round, 2026-12-07): 100 questions each over ../shared/corpus and corpus/, 60 answerable
  and 40 unanswerable, written blind as one pool (frozen14/pool.py) and split by a seeded shuffle. dev15 may be
  tuned on; frozen14 may not.
- devdocs14 / newdocs12 (sixteenth round, 2026-12-07): two more banks' books, written blind (琼海商业银行: a catalogue
  of warning signals, each an entry with a code (CW-01) and labelled fields on their own lines, numbered paragraphs
  1. 2. instead of articles, a grading table and a blank form; 松江源村镇银行: a 规程 of 章, 节 and 第X条, the number on
  its own line in one chapter, a revision table, two tables of rates and checks, cross references), 45 questions each.
  devdocs14 may be tuned on; newdocs12 may not.
- dev16 / frozen15 (seventeenth round, 2026-12-07): 100 questions each over ../shared/corpus and corpus/, 60
  answerable and 40 unanswerable, written blind as one pool (frozen15/pool.py) and split by a seeded shuffle; a
  seventh of the pool describes the borrower's situation first or compares two things. dev16 may be tuned on;
  frozen15 may not.
- devdocs15 / newdocs13 (seventeenth round, 2026-12-07): two more banks' books, written blind (河湾农村商业银行: a
  清收处置 细则 under a red-head notice cover, articles of several 款 with cross-references, an annex table over a page
  break and a flow of steps; 鹿鸣银行: a 作业指引 of decimal clauses, some glued to their text, 注 notes, a table
  headed by two rows, a revision table and a blank form). devdocs15 may be tuned on; newdocs13 may not.
- dev17 / frozen16 (eighteenth round, 2026-12-08): 100 questions each over ../shared/corpus and corpus/, 60
  answerable and 40 unanswerable, written blind as one pool (frozen16/pool.py) and split by a seeded shuffle. dev17
  may be tuned on; frozen16 may not.
- devdocs16 / newdocs14 (eighteenth round, 2026-12-08): two more banks' books, written blind (星澜银行: a 实施办法 whose
  88 articles are numbered by Word's automatic numbering in the .docx, 款 and cross-references, an annex table over a
  page break; 栖霞湖农商银行: a retail 细则 with a table of contents, running headers naming the chapter, footnotes
  and an annex table headed by two rows). devdocs16 may be tuned on; newdocs14 may not.

Per set and per question kind it prints R@1 / R@5 / MRR (first relevant chunk in the top 10),
"answer correct" (not refused, every key stated, a cited quote, or the cited quotes together, hold the
evidence) and refusal
precision / recall (refusing an unanswerable question is the positive class).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpus"
KNOWLEDGE = ROOT / "corpus" / "knowledge"
NEWDOCS = ROOT / "evals" / "newdocs"
DEVDOCS2 = ROOT / "evals" / "devdocs2"
NEWDOCS2 = ROOT / "evals" / "newdocs2"
DEVDOCS3 = ROOT / "evals" / "devdocs3"
DEVDOCS4 = ROOT / "evals" / "devdocs4"
DEVDOCS5 = ROOT / "evals" / "devdocs5"
NEWDOCS3 = ROOT / "evals" / "newdocs3"
DEVDOCS6 = ROOT / "evals" / "devdocs6"
NEWDOCS4 = ROOT / "evals" / "newdocs4"
DEVDOCS7 = ROOT / "evals" / "devdocs7"
NEWDOCS5 = ROOT / "evals" / "newdocs5"
DEVDOCS8 = ROOT / "evals" / "devdocs8"
NEWDOCS6 = ROOT / "evals" / "newdocs6"
DEVDOCS9 = ROOT / "evals" / "devdocs9"
NEWDOCS7 = ROOT / "evals" / "newdocs7"
DEVDOCS10 = ROOT / "evals" / "devdocs10"
NEWDOCS8 = ROOT / "evals" / "newdocs8"
DEVDOCS11 = ROOT / "evals" / "devdocs11"
NEWDOCS9 = ROOT / "evals" / "newdocs9"
DEVDOCS12 = ROOT / "evals" / "devdocs12"
NEWDOCS10 = ROOT / "evals" / "newdocs10"
DEVDOCS13 = ROOT / "evals" / "devdocs13"
NEWDOCS11 = ROOT / "evals" / "newdocs11"
DEVDOCS14 = ROOT / "evals" / "devdocs14"
NEWDOCS12 = ROOT / "evals" / "newdocs12"
DEVDOCS15 = ROOT / "evals" / "devdocs15"
NEWDOCS13 = ROOT / "evals" / "newdocs13"
DEVDOCS16 = ROOT / "evals" / "devdocs16"
NEWDOCS14 = ROOT / "evals" / "newdocs14"
DEV2 = ROOT / "evals" / "dev"
DEVDOCS = DEV2 / "rulebook"
DEV_SETS = [ROOT / "evals" / "retrieval" / "questions.jsonl", ROOT / "evals" / "answers" / "questions.jsonl",
            ROOT / "evals" / "answers" / "fresh.jsonl", ROOT / "evals" / "answers" / "fresh2.jsonl"]
_SPACE = re.compile(r"\s+")
KIND_GROUPS = {"number": "number", "frequency": "number", "period": "number", "list": "list", "steps": "list",
               "yes_no": "yes_no", "role": "role", "category": "category"}


def load_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def normalise_row(row: dict) -> dict:
    """Old dev rows (facts, evidence as a list) and frozen rows (keys, one evidence) in one shape."""
    evidence = row.get("evidence") or []
    evidence = [evidence] if isinstance(evidence, str) else list(evidence)
    return {**row, "evidence": [e for e in evidence if e], "keys": row.get("keys") or row.get("facts") or [],
            "articles": row.get("articles") or [], "doc": row.get("doc") or "", "file": row.get("file", ""),
            "kind": row.get("kind") or "", "style": row.get("style") or ""}


def question_sets(names: set[str]) -> dict[str, list[dict]]:
    sets: dict[str, list[dict]] = {}
    if "dev" in names:
        sets["dev"] = [normalise_row(r) for path in DEV_SETS if path.exists() for r in load_rows(path)]
    if "dev2" in names:
        sets["dev2"] = [normalise_row(r) for path in sorted(DEV2.glob("*.jsonl")) for r in load_rows(path)]
    if "devdocs" in names and (DEVDOCS / "questions.jsonl").exists():
        sets["devdocs"] = [normalise_row(r) for r in load_rows(DEVDOCS / "questions.jsonl")]
    if "frozen" in names:
        frozen = sorted((ROOT / "evals" / "frozen").glob("*.jsonl"))
        sets["frozen"] = [normalise_row(r) for path in frozen for r in load_rows(path)]
    if "newdocs" in names and (NEWDOCS / "questions.jsonl").exists():
        sets["newdocs"] = [normalise_row(r) for r in load_rows(NEWDOCS / "questions.jsonl")]
    for name in ("dev3", "frozen2", "dev4", "frozen3", "devdocs2", "newdocs2", "dev5", "frozen4", "dev6", "frozen5",
                 "devdocs3", "newdocs3", "devdocs4", "devdocs5", "dev7", "frozen6", "devdocs6", "newdocs4", "dev8", "frozen7",
                 "devdocs7", "newdocs5", "dev9", "frozen8", "devdocs8", "newdocs6", "dev10", "frozen9", "devdocs9",
                 "newdocs7", "dev11", "frozen10", "devdocs10", "newdocs8", "dev12", "frozen11", "devdocs11", "newdocs9",
                 "probe13", "dev13", "frozen12", "devdocs12", "newdocs10", "dev14", "frozen13", "devdocs13",
                 "newdocs11", "dev15", "frozen14", "devdocs14", "newdocs12", "dev16", "frozen15", "devdocs15",
                 "newdocs13", "dev17", "frozen16", "devdocs16", "newdocs14"):
        path = ROOT / "evals" / name / "questions.jsonl"
        if name in names and path.exists():
            sets[name] = [normalise_row(r) for r in load_rows(path)]
    return {name: rows for name, rows in sets.items() if rows}


def _flat(text: str) -> str:
    return _SPACE.sub("", text)


_TWINS = (".docx", ".pdf")


def _doc_matches(chunk, row: dict) -> str:
    """How the chunk is of the row's book: "title", or "file" — the row's file, or its .docx / .pdf twin in the same
    folder (the product keeps one of the two, and cites a compilation's rules by their own titles, 临澄银行风险预警管理
    细则 in …制度汇编); "" when it is not."""
    if row["doc"] and (row["doc"] in chunk.doc_title or chunk.doc_title in row["doc"]):
        return "title"
    if not row["file"]:
        return ""
    mine, theirs = Path(chunk.source_path), Path(row["file"])
    if mine.name == theirs.name or (mine.parent.name == theirs.parent.name and mine.stem == theirs.stem
                                    and {mine.suffix, theirs.suffix} <= set(_TWINS)):
        return "file"
    return ""


def holds_evidence(text: str, evidence: str) -> bool:
    """The text contains the evidence, or at least 60 % of it in one stretch (a quote may stop at a 。).
    A table row given as "a | b | c" is held when every cell is (the product quotes rows with their
    column headers: "列名：a；列名：b")."""
    if " | " in evidence:
        cells = [_flat(c) for c in evidence.split(" | ") if c.strip()]
        return bool(cells) and all(c in _flat(text) for c in cells)
    text, evidence = _flat(text), _flat(evidence)
    if not evidence:
        return False
    if evidence in text or evidence in _cell_values(text):
        return True
    match = SequenceMatcher(None, text, evidence, autojunk=False).find_longest_match(0, len(text), 0, len(evidence))
    return match.size >= max(8, 0.6 * len(evidence))


_LABELLED_CELL = re.compile(r"(?:^|(?<=[；;。]))[^：:；;。]{1,16}[：:]")  # on flattened text: no line breaks


def _cell_values(text: str) -> str:
    """A table row quoted with its column headers ("风险分类：关注类；流动资金贷款：每季度1次；") read as its cells run
    together ("关注类每季度1次"), the way a set may give a row's evidence when it gives no " | " between cells."""
    return re.sub(r"[；;。]", "", _LABELLED_CELL.sub("", text))


def relevant(chunk, row: dict) -> bool:
    """The chunk holds the row's evidence, or is its 第X条 / heading in its book. A book known by its file alone
    (a compilation's rules carry their own titles, and each may have a 第九条) must hold the evidence."""
    match = _doc_matches(chunk, row)
    if not row["answerable"] or not match:
        return False
    if any(holds_evidence(chunk.text, e) for e in row["evidence"]):
        return True
    if match == "file" and row["evidence"]:
        return False
    where = {chunk.article, chunk.section, chunk.chapter} - {""}
    if any(a in where for a in row["articles"]):
        return True
    # prose documents: the expected heading may be one level of the chunk's heading path
    return bool(chunk.section) and any(a and a in chunk.section for a in row["articles"])


@dataclass
class Tally:
    ranks: list[int | None] = field(default_factory=list)
    n_ans: int = 0
    correct: int = 0
    ans_refused: int = 0
    n_un: int = 0
    un_refused: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        self.ranks += other.ranks
        for name in ("n_ans", "correct", "ans_refused", "n_un", "un_refused"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def metrics(self) -> dict:
        n = len(self.ranks) or 1
        refused = self.un_refused + self.ans_refused
        return {
            "R@1": sum(r == 1 for r in self.ranks) / n,
            "R@5": sum(bool(r and r <= 5) for r in self.ranks) / n,
            "MRR": sum(1 / r for r in self.ranks if r) / n,
            "correct": self.correct / self.n_ans if self.n_ans else None,
            "ans_refused": self.ans_refused / self.n_ans if self.n_ans else None,
            "un_refused": self.un_refused / self.n_un if self.n_un else None,
            "precision": self.un_refused / refused if refused else None,
            "n_ans": self.n_ans, "n_un": self.n_un,
        }


def judge_answer(row: dict, answer) -> tuple[bool, str]:
    """(correct, why not)."""
    if answer.refused:
        return False, "refused"
    missing = [k for k in row["keys"] if _flat(k) not in _flat(answer.answer)]
    if missing:
        return False, "keys missing: " + "、".join(missing)
    quotes = [c.quote for c in answer.citations]
    quotes.append("".join(quotes))  # evidence spanning two cited sentences of one clause
    if row["evidence"]:
        if not any(holds_evidence(q, e) for q in quotes for e in row["evidence"]):
            return False, "no cited quote holds the evidence"
    elif row["articles"] and not any(_doc_matches_citation(c, row) for c in answer.citations):
        return False, "expected clause not cited"
    return True, ""


def _doc_matches_citation(citation, row: dict) -> bool:
    return (row["doc"] in citation.doc_title or citation.doc_title in row["doc"]) and citation.article in row["articles"]


def evaluate(rows: list[dict], retriever, service) -> dict[str, Tally]:
    """Tallies per group: 'all', 'kind:…', 'style:…'."""
    groups: dict[str, Tally] = defaultdict(Tally)
    for row in rows:
        tally = Tally()
        answer = service.ask(row["question"])
        if row["answerable"]:
            hits = retriever.search(row["question"], k=10)
            rank = next((i for i, h in enumerate(hits, 1) if relevant(h.chunk, row)), None)
            tally.ranks.append(rank)
            tally.n_ans = 1
            ok, why = judge_answer(row, answer)
            tally.correct = int(ok)
            tally.ans_refused = int(answer.refused)
            if not ok:
                tally.failures.append(f"{row['id']}\t{why}\trank={rank}\t{row['question']}\n    → "
                                      + answer.answer.replace("\n", " ")[:240])
        else:
            tally.n_un = 1
            tally.un_refused = int(answer.refused)
            if not answer.refused:
                tally.failures.append(f"{row['id']}\tanswered\t\t{row['question']}\n    → "
                                      + answer.answer.replace("\n", " ")[:240])
        keys = ["all", f"style:{row['style'] or '-'}"]
        if row["answerable"]:
            keys.append(f"kind:{KIND_GROUPS.get(row['kind'], 'other' if row['kind'] else '-')}")
        for key in keys:
            groups[key].add(tally)
            groups[key].failures += tally.failures if key == "all" else []
    return groups


def _fmt(value, pct: bool = False) -> str:
    if value is None:
        return "–"
    return f"{100 * value:.0f}%" if pct else f"{value:.3f}"


def print_tables(results: dict[str, dict[str, Tally]]) -> None:
    head = (f"{'set':<9} {'group':<18} {'n':>4} {'R@1':>6} {'R@5':>6} {'MRR':>6} {'correct':>8} "
            f"{'ans.ref':>8} {'un.ref':>7} {'ref.P':>6}")
    print(head)
    print("-" * len(head))
    for name, groups in results.items():
        order = ["all"] + sorted(k for k in groups if k != "all")
        for key in order:
            m = groups[key].metrics()
            n = m["n_ans"] + m["n_un"]
            print(f"{name:<9} {key:<18} {n:>4} {_fmt(m['R@1'])} {_fmt(m['R@5'])} {_fmt(m['MRR'])} "
                  f"{_fmt(m['correct'], True):>8} {_fmt(m['ans_refused'], True):>8} "
                  f"{_fmt(m['un_refused'], True):>7} {_fmt(m['precision'], True):>6}")
        print()


# The knowledge base each set is asked against: dev was written for ../shared/corpus alone (its
# "unanswerable" questions may be answered by the sample bank's rules); dev2 and frozen cover the shared
# corpus and the sample bank; devdocs and newdocs add another bank's rule book (.docx + .pdf) to both.
KNOWLEDGE_OF = {"dev": "shared", "dev2": "bank", "devdocs": "devdocs", "frozen": "bank", "newdocs": "newdocs",
                "dev3": "bank", "frozen2": "bank", "dev4": "bank", "frozen3": "bank",
                "devdocs2": "devdocs2", "newdocs2": "newdocs2", "dev5": "bank", "frozen4": "bank", "dev6": "bank",
                "frozen5": "bank", "devdocs3": "devdocs3", "newdocs3": "newdocs3",
                "devdocs4": "devdocs4", "devdocs5": "devdocs5", "dev7": "bank", "frozen6": "bank",
                "devdocs6": "devdocs6", "newdocs4": "newdocs4", "dev8": "bank", "frozen7": "bank",
                "devdocs7": "devdocs7", "newdocs5": "newdocs5", "dev9": "bank", "frozen8": "bank",
                "devdocs8": "devdocs8", "newdocs6": "newdocs6", "dev10": "bank", "frozen9": "bank",
                "devdocs9": "devdocs9", "newdocs7": "newdocs7", "dev11": "bank", "frozen10": "bank",
                "devdocs10": "devdocs10", "newdocs8": "newdocs8", "dev12": "bank", "frozen11": "bank",
                "devdocs11": "devdocs11", "newdocs9": "newdocs9", "probe13": "bank", "dev13": "bank",
                "frozen12": "bank", "devdocs12": "devdocs12", "newdocs10": "newdocs10", "dev14": "bank",
                "frozen13": "bank", "devdocs13": "devdocs13", "newdocs11": "newdocs11",
                "dev15": "bank", "frozen14": "bank", "devdocs14": "devdocs14", "newdocs12": "newdocs12",
                "dev16": "bank", "frozen15": "bank", "devdocs15": "devdocs15", "newdocs13": "newdocs13",
                "dev17": "bank", "frozen16": "bank", "devdocs16": "devdocs16", "newdocs14": "newdocs14"}
# Sets nothing may be derived from: their failures are never listed.
HELD_OUT = {"frozen", "frozen2", "frozen3", "frozen4", "frozen5", "frozen6", "frozen7", "frozen8", "frozen9",
            "frozen10", "frozen11", "newdocs", "newdocs2", "newdocs3", "newdocs4", "newdocs5", "newdocs6", "newdocs7",
            "newdocs8", "newdocs9", "frozen12", "newdocs10", "frozen13", "newdocs11", "frozen14",
            "newdocs12", "frozen15", "newdocs13", "frozen16", "newdocs14"}
DOCS_OF = {"devdocs": DEVDOCS, "newdocs": NEWDOCS, "devdocs2": DEVDOCS2, "newdocs2": NEWDOCS2, "devdocs3": DEVDOCS3,
           "newdocs3": NEWDOCS3, "devdocs4": DEVDOCS4, "devdocs5": DEVDOCS5, "devdocs6": DEVDOCS6, "newdocs4": NEWDOCS4,
           "devdocs7": DEVDOCS7, "newdocs5": NEWDOCS5, "devdocs8": DEVDOCS8, "newdocs6": NEWDOCS6,
           "devdocs9": DEVDOCS9, "newdocs7": NEWDOCS7, "devdocs10": DEVDOCS10, "newdocs8": NEWDOCS8,
           "devdocs11": DEVDOCS11, "newdocs9": NEWDOCS9, "devdocs12": DEVDOCS12, "newdocs10": NEWDOCS10,
           "devdocs13": DEVDOCS13, "newdocs11": NEWDOCS11,
           "devdocs14": DEVDOCS14, "newdocs12": NEWDOCS12, "devdocs15": DEVDOCS15, "newdocs13": NEWDOCS13,
           "devdocs16": DEVDOCS16, "newdocs14": NEWDOCS14}


def build_home(home: Path, which: str, database_url: str | None = None, formats: tuple[str, ...] = (".docx", ".pdf")) -> None:
    from assistant.config import Settings
    from assistant.knowledge.ingest import ingest_paths

    settings = Settings(home=home, database_url=database_url)
    settings.ensure_dirs()
    ingest_paths([SHARED] if which == "shared" else [SHARED, KNOWLEDGE], settings=settings)
    if which in DOCS_OF:
        files = sorted(p for p in DOCS_OF[which].iterdir() if p.suffix in formats)
        report = ingest_paths(files, settings=settings, source_type="internal_rule")
        if report.errors:
            print("newdocs ingest errors:", report.errors, file=sys.stderr)


def _typed(current, value: str):
    """A command-line value as the type of the field it sets (bool("False") would be True)."""
    if isinstance(current, bool):
        if value.lower() not in ("true", "false", "1", "0"):
            raise SystemExit(f"not a boolean: {value}")
        return value.lower() in ("true", "1")
    return type(current)(value)


def parse_config(pairs: list[str]):
    """--set name=value overrides of AnsweringConfig (weights.X for a decision weight)."""
    from dataclasses import replace

    from assistant.answering.config import DEFAULT

    config = DEFAULT
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name.startswith("weights."):
            config = replace(config, weights=replace(config.weights, **{name[8:]: float(value)}))
        else:
            config = replace(config, **{name: _typed(getattr(config, name), value)})
    return config


def parse_fusion(pairs: list[str]):
    """--fusion name=value overrides of the retriever's FusionConfig."""
    from dataclasses import replace

    from assistant.knowledge.retriever import FusionConfig

    fusion = FusionConfig()
    for pair in pairs:
        name, _, value = pair.partition("=")
        fusion = replace(fusion, **{name: _typed(getattr(fusion, name), value)})
    return fusion


def fresh_database(server_url: str, name: str) -> str:
    """A new, empty database on the server of `server_url` for one set (the knowledge index lives there)."""
    import psycopg

    database = f"chat_eval_{name}_{os.getpid()}"
    with psycopg.connect(server_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')
    return server_url.rpartition("/")[0] + "/" + database


def run(names: set[str], config=None, fusion=None, database_server: str | None = None,
        formats: tuple[str, ...] = (".docx", ".pdf")) -> dict[str, dict[str, Tally]]:
    sys.path.insert(0, str(ROOT))
    from assistant.answering.service import ChatService
    from assistant.config import Settings
    from assistant.knowledge.retriever import Retriever

    sets = question_sets(names)
    results: dict[str, dict[str, Tally]] = {}
    tmp = Path(tempfile.mkdtemp(prefix="chat-eval-"))
    for name, rows in sets.items():
        home = tmp / name
        url = fresh_database(database_server, name) if database_server else None
        build_home(home, KNOWLEDGE_OF[name], url, formats)
        settings = Settings(home=home, database_url=url)
        retriever = Retriever(settings, fusion=fusion)
        service = ChatService(settings, retriever=retriever, **({"answering": config} if config else {}))
        results[name] = evaluate(rows, retriever, service)
    return results


def drop_hand_abbreviations() -> list[str]:
    """Take out of the hand tables every entry the abbreviation reading derives by itself (流贷 → 流动资金贷款,
    but not 项目贷 → 固定资产贷款), to measure that reading on the questions the tables were written for."""
    import assistant.answering.terms as terms
    import assistant.knowledge.retriever as retriever
    from assistant.knowledge import lexicon
    from assistant.knowledge.abbreviations import abbreviates

    dropped: list[str] = []

    names = tuple((s, f) for s, f in retriever.short_names() if not abbreviates(s, f))
    dropped += [s for s, f in retriever.short_names() if abbreviates(s, f)]
    synonyms = tuple((p, t) for p, t in lexicon.synonyms() if not any(abbreviates(p, x) for x in t))
    answers = tuple((p, t) for p, t in terms.answer_synonyms() if not any(abbreviates(p, x) for x in t))
    dropped += [p for p, t in terms.answer_synonyms() if any(abbreviates(p, x) for x in t)]
    retriever.short_names = lambda: names
    lexicon.synonyms = lambda: synonyms
    terms.answer_synonyms = lambda: answers
    return sorted(set(dropped))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", default="dev,dev2,dev3,dev4,dev5,dev6,dev7,devdocs,devdocs2,devdocs3,devdocs4,devdocs5,"
                        "devdocs6,dev8,devdocs7,dev9,devdocs8,dev10,devdocs9,dev11,devdocs10,dev12,devdocs11,probe13,dev13,devdocs12,dev14,"
                        "devdocs13,dev15,devdocs14,dev16,devdocs15,dev17,devdocs16,frozen,"
                        "frozen2,frozen3,frozen4,frozen5,frozen6,frozen7,frozen8,frozen9,frozen10,frozen11,frozen12,frozen13,frozen14,frozen15,frozen16,"
                        "newdocs,newdocs2,newdocs3,newdocs4,newdocs5,newdocs6,newdocs7,newdocs8,newdocs9,newdocs10,newdocs11,"
                        "newdocs12,newdocs13,newdocs14")
    parser.add_argument("--show-failures", default="", help="comma-separated sets whose failures to list")
    parser.add_argument("--json", default="", help="write the figures as JSON to this file")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override an AnsweringConfig field for a sweep (dev only!), e.g. threshold=0.6")
    parser.add_argument("--fusion", action="append", default=[], metavar="NAME=VALUE",
                        help="override a FusionConfig field of the retriever (dev only!)")
    parser.add_argument("--without-hand-abbreviations", action="store_true",
                        help="leave out the hand-table entries the abbreviation reading derives (a generality check)")
    parser.add_argument("--only", choices=("docx", "pdf"), default="",
                        help="load a bank's book in this format only (a bank may have its rules as PDF alone)")
    parser.add_argument("--database-url", default="",
                        help="a PostgreSQL server's maintenance database: each set's index lives in a new database there")
    args = parser.parse_args()
    listed = set(filter(None, args.show_failures.split(",")))
    if listed & HELD_OUT:
        parser.error(f"the failures of held-out sets are never listed: {', '.join(sorted(listed & HELD_OUT))}")
    os.environ.setdefault("ASSISTANT_TODAY", "2026-11-24")
    sys.path.insert(0, str(ROOT))
    if args.without_hand_abbreviations:
        print("hand entries left out:", "、".join(drop_hand_abbreviations()))
    results = run(set(args.sets.split(",")), parse_config(args.set) if args.set else None, parse_fusion(args.fusion),
                  args.database_url or None, (f".{args.only}",) if args.only else (".docx", ".pdf"))
    print_tables(results)
    for name in filter(None, args.show_failures.split(",")):
        print(f"failures in {name}:")
        for line in results.get(name, {}).get("all", Tally()).failures:
            print(" ", line)
    if args.json:
        payload = {name: {k: t.metrics() for k, t in groups.items()} for name, groups in results.items()}
        Path(args.json).write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
