"""Meeting fixtures: the hand-checked 城南支行 selection fixture and the shipped sample borrowers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.security.scope import LOCAL_ADMIN, Scope

FIXTURE = Path(__file__).parent / "selection_fixture.json"
BRANCH = "城南支行"
TODAY = date(2026, 11, 24)
OCTOBER = date(2026, 10, 12)
DECEMBER = date(2026, 12, 8)
RISK = Scope("risk", "risk")
HEAD_EAST = Scope("head_east", "head", "城东支行")


@pytest.fixture
def fixture_db(home):
    from assistant.records.importer import import_file

    import_file(FIXTURE, today=TODAY)
    return home


@pytest.fixture
def sample_db(home):
    from assistant.records.importer import SAMPLE_BORROWERS, import_file

    import_file(SAMPLE_BORROWERS, today=TODAY)
    return home


@pytest.fixture
def october_meeting(fixture_db):
    """An October meeting of 城南支行 with one open decision (M12) and one done (M13)."""
    from assistant.db import session_scope
    from assistant.meeting.decisions import DecisionInput, record_decisions, update_status
    from assistant.meeting.store import create_meeting

    with session_scope() as session:
        meeting, _ = create_meeting(session, LOCAL_ADMIN, BRANCH, OCTOBER)
        made = record_decisions(session, LOCAL_ADMIN, meeting, [
            DecisionInput("M12", "补充担保", "公司部", "钱宇", "2026-11-30"),
            DecisionInput("M13", "加强资金账户监管", "公司部", "钱宇", "2026-11-15")], today=OCTOBER)
        update_status(session, LOCAL_ADMIN, made[1].id, "done", "已开立监管账户。", "2026-11-10", today=TODAY)
        return meeting.id
