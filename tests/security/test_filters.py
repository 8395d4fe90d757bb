"""Scope → retriever filters and the second wall over retrieved case notes."""

from __future__ import annotations

import pytest

from assistant.db import session_scope
from assistant.knowledge.types import Chunk, SearchFilters, SearchHit
from assistant.security.filters import hidden_borrower_names, scope_filters, scoped, visible_hits
from assistant.security.scope import LOCAL_ADMIN, Scope

pytestmark = pytest.mark.integration

WANGLEI = Scope("wanglei", "officer", "城东支行", "o_wanglei")
HEAD_EAST = Scope("head_chengdong", "head", "城东支行")
TRAINER = Scope("trainer", "trainer")


@pytest.fixture
def borrowers(home):
    from assistant.records.models import Borrower

    with session_scope() as s:
        for bid, name, branch, code in [("B001", "恒达机械制造有限公司", "城东支行", "o_wanglei"),
                                        ("B003", "华瑞建材有限公司", "城东支行", "o_lina"),
                                        ("B007", "博雅电子科技有限公司", "城西支行", "o_zhangwei")]:
            s.add(Borrower(id=bid, name=name, kind="法人", branch=branch, officer_code=code))
    return home


def _note(branch: str, borrower: str, text: str = "走访记录") -> SearchHit:
    chunk = Chunk(chunk_id=f"{branch}-{borrower}", doc_id="d", doc_title="走访", text=text,
                  source_type="case_note", branch=branch, borrower_id=borrower)
    return SearchHit(chunk=chunk, score=1.0)


def test_filters_per_role(borrowers):
    assert scope_filters(LOCAL_ADMIN) == {"branches": None, "borrower_ids": None}
    assert scope_filters(HEAD_EAST) == {"branches": ("城东支行",), "borrower_ids": None}
    assert scope_filters(TRAINER) == {"branches": (), "borrower_ids": ()}
    assert scope_filters(WANGLEI) == {"branches": ("城东支行",), "borrower_ids": ("B001",)}


def test_scoped_narrows_but_never_widens(borrowers):
    asked = SearchFilters(branches=("城东支行", "城西支行"), source_types=("case_note",))
    narrowed = scoped(asked, HEAD_EAST)
    assert narrowed.branches == ("城东支行",) and narrowed.source_types == ("case_note",)
    assert scoped(None, WANGLEI).borrower_ids == ("B001",)
    assert scoped(SearchFilters(branches=("城西支行",)), HEAD_EAST).branches == ()


def test_visible_hits_drop_other_branches_and_other_officers_notes(borrowers):
    hits = [_note("城东支行", "B001"), _note("城东支行", "B003"), _note("城西支行", "B007"), _note("", "")]
    assert [h.chunk.chunk_id for h in visible_hits(hits, WANGLEI)] == ["城东支行-B001", "-"]
    assert len(visible_hits(hits, HEAD_EAST)) == 3
    assert len(visible_hits(hits, LOCAL_ADMIN)) == 4
    assert [h.chunk.chunk_id for h in visible_hits(hits, TRAINER)] == ["-"]


def test_hidden_names_are_borrowers_outside_scope(borrowers):
    with session_scope() as s:
        assert hidden_borrower_names(s, WANGLEI) == ["华瑞建材有限公司", "博雅电子科技有限公司"]
        assert hidden_borrower_names(s, HEAD_EAST) == ["博雅电子科技有限公司"]
        assert hidden_borrower_names(s, LOCAL_ADMIN) == []
