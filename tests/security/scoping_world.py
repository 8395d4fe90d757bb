"""A small two-branch world for scoping tests: case notes with unique markers, borrowers, users, tokens."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import KEEP_ENV

# note id -> (branch, borrower id, officer code, unique marker placed in the note's text)
NOTES = {
    "east_wanglei": ("城东支行", "B001", "o_wanglei", "东仓甲号MARKER-EW"),
    "east_lina": ("城东支行", "B003", "o_lina", "东仓乙号MARKER-EL"),
    "west_zhangwei": ("城西支行", "B007", "o_zhangwei", "西仓丙号MARKER-WZ"),
}
BORROWERS = {"B001": "恒达机械制造有限公司", "B003": "华瑞建材有限公司", "B007": "博雅电子科技有限公司"}
# username -> (role, branch, officer code, notes this user may see)
USERS = {
    "wanglei": ("officer", "城东支行", "o_wanglei", {"east_wanglei"}),
    "lina": ("officer", "城东支行", "o_lina", {"east_lina"}),
    "zhangwei": ("officer", "城西支行", "o_zhangwei", {"west_zhangwei"}),
    "head_east": ("head", "城东支行", "", {"east_wanglei", "east_lina"}),
    "head_west": ("head", "城西支行", "", {"west_zhangwei"}),
    "risk": ("risk", "", "", set(NOTES)),
    "trainer": ("trainer", "", "", set()),
}
QUERY = "走访记录 库存积压 仓库 应收账款"

RULE = """# 示范银行走访记录管理办法

第一条　客户经理开展贷后走访，应当在走访后三个工作日内录入走访记录。

第二条　走访记录应当写明库存积压、仓库盘点和应收账款回收等情况。
"""

NOTE = """---
title: {name}走访记录
source_type: case_note
branch: {branch}
borrower_id: {borrower}
date: 2026-10-16
---
# {name}走访记录

走访记录：现场查看仓库，库存积压明显，应收账款回收放缓。仓库编号{marker}。实际控制人电话13812345678。
"""


@dataclass
class World:
    home: Path
    tokens: dict[str, str] = field(default_factory=dict)

    def marker(self, note: str) -> str:
        return NOTES[note][3]

    def hidden_markers(self, username: str) -> list[str]:
        return [NOTES[n][3] for n in NOTES if n not in USERS[username][3]]

    def visible_markers(self, username: str) -> list[str]:
        return [NOTES[n][3] for n in USERS[username][3]]


def build_world(home: Path) -> World:
    """Write the documents, ingest them, insert borrowers and users (ASSISTANT_HOME must point at home)."""
    from assistant.db import session_scope
    from assistant.knowledge.ingest import ingest_paths
    from assistant.records.models import Borrower
    from assistant.security import users

    docs = home.parent / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "rule.md").write_text(RULE, encoding="utf-8")
    for note, (branch, borrower, _code, marker) in NOTES.items():
        text = NOTE.format(name=BORROWERS[borrower], branch=branch, borrower=borrower, marker=marker)
        (docs / f"{note}.md").write_text(text, encoding="utf-8")
    report = ingest_paths([docs])
    assert not report.errors, report.errors
    world = World(home)
    with session_scope() as s:
        for note, (branch, borrower, code, _m) in NOTES.items():
            s.add(Borrower(id=borrower, name=BORROWERS[borrower], kind="法人", branch=branch, officer_code=code))
        for name, (role, branch, code, _n) in USERS.items():
            users.add_user(s, name, role, branch, officer_code=code)
            world.tokens[name] = users.issue_token(s, name)
    return world


def env_for(home: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_") or k in KEEP_ENV}
    return {**keep, "ASSISTANT_HOME": str(home)}
