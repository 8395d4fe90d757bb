"""Import borrower files all-or-nothing: validate everything, then upsert borrowers and replace their children."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from assistant import clock
from assistant.config import Settings
from assistant.errors import UserError
from assistant.records import models as m
from assistant.records.readers import read_file
from assistant.records.schema import BORROWERS, CHILD_TABLES, COLLATERAL, FLOWS, LOANS
from assistant.records.validation import Validated, validate

MAX_ERRORS = 200
CHUNK = 500
SAMPLE_BORROWERS = Path(__file__).resolve().parents[2] / "corpus" / "borrowers" / "sample_borrowers.json"


class ImportRejected(UserError):
    """The file has errors; nothing was imported. `errors` lists them (at most MAX_ERRORS)."""

    def __init__(self, errors: list[str]) -> None:
        shown = errors[:MAX_ERRORS]
        more = len(errors) - len(shown)
        lines = [f"导入失败：发现{len(errors)}处错误，未导入任何数据。", *shown]
        if more:
            lines.append(f"……另有{more}处错误未列出")
        super().__init__("\n".join(lines), status=422)
        self.errors = shown
        self.total = len(errors)


@dataclass
class ImportReport:
    source: str
    borrowers_added: int = 0
    borrowers_updated: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    borrower_ids: list[str] = field(default_factory=list)  # the records written, for the audit log

    def summary_zh(self) -> str:
        parts = "、".join(f"{table.sheet}{self.rows.get(table.key, 0)}条" for table in CHILD_TABLES
                         if self.rows.get(table.key))
        return (f"导入完成：新增借款人{self.borrowers_added}户，更新{self.borrowers_updated}户"
                + (f"；{parts}" if parts else "") + "。")

    def as_dict(self) -> dict:
        return {"source": self.source, "borrowers_added": self.borrowers_added,
                "borrowers_updated": self.borrowers_updated, "rows": dict(self.rows)}


def import_file(path: str | Path, *, settings: Settings | None = None, today: date | None = None,
                after_write: Callable[[Session, ImportReport], None] | None = None) -> ImportReport:
    """Validate and import one file (JSON, XLSX or a CSV folder) in one transaction; `after_write`
    (e.g. the audit entry) runs inside that transaction, so it commits with the records or not at all."""
    from assistant.db import session_scope

    path = Path(path)
    validated = validate(read_file(path), today or clock.today())
    if validated.errors:
        raise ImportRejected(validated.errors)
    with session_scope(settings) as session:
        report = write_records(session, validated, source=str(path))
        if after_write is not None:
            after_write(session, report)
        return report


def load_sample(settings: Settings | None = None) -> ImportReport:
    """Import the shipped sample borrowers (today = the sample world's date, so nothing is 'future')."""
    return import_file(SAMPLE_BORROWERS, settings=settings, today=date(2026, 11, 24))


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _conflicts(session: Session, validated: Validated, ids: set[str]) -> list[str]:
    """Keys unique across borrowers (loan, collateral, flow ids) already owned by a borrower not in this file."""
    errors: list[str] = []
    for table, model, key in ((LOANS, m.Loan, "loan_id"), (COLLATERAL, m.Collateral, "collateral_id"),
                              (FLOWS, m.AccountFlow, "flow_id")):
        rows = validated.rows[table.key]
        column = getattr(model, key)
        owners: dict[str, str] = {}
        for chunk in _chunks([row[key] for row in rows]):
            owners.update(session.execute(select(column, model.borrower_id).where(column.in_(chunk))).all())
        for row, where in zip(rows, validated.locations[table.key]):
            owner = owners.get(row[key])
            if owner and owner not in ids:
                errors.append(f"{where.location}{where.label(key)}：{row[key]} 已属于数据库中的借款人 {owner}")
    return errors


def write_records(session: Session, validated: Validated, *, source: str = "") -> ImportReport:
    """Upsert borrowers by id, replace every child row of those borrowers, with bulk statements."""
    borrowers = validated.rows[BORROWERS.key]
    ids = {row["id"] for row in borrowers}
    conflicts = _conflicts(session, validated, ids)
    if conflicts:
        raise ImportRejected(conflicts)
    existing: set[str] = set()
    for chunk in _chunks(sorted(ids)):
        existing.update(session.scalars(select(m.Borrower.id).where(m.Borrower.id.in_(chunk))))
    updates = [row for row in borrowers if row["id"] in existing]
    inserts = [row for row in borrowers if row["id"] not in existing]
    for chunk in _chunks(sorted(existing)):
        for model in m.CHILD_MODELS:
            session.execute(delete(model).where(model.borrower_id.in_(chunk)))
    if updates:
        session.execute(update(m.Borrower), updates)
    if inserts:
        session.execute(insert(m.Borrower), inserts)
    counts: Counter[str] = Counter()
    for table in CHILD_TABLES:
        rows = validated.rows[table.key]
        if rows:
            session.execute(insert(table.model), rows)
            counts[table.key] = len(rows)
    session.flush()
    return ImportReport(source, len(inserts), len(updates), dict(counts), sorted(ids))
