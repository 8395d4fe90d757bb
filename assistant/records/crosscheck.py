"""Checks across rows of one import file: duplicate keys, unknown references, date order."""

from __future__ import annotations

from typing import Any

from assistant.records.readers import RawFile, RawRow
from assistant.records.schema import BORROWERS, CHILD_TABLES, LOANS, Table


def _key(table: Table, row: dict[str, Any]) -> tuple:
    return tuple(row[name] for name in table.unique)


def _mentioned(raw: RawFile, table: Table, field: str) -> set[str]:
    """Ids present in the raw rows, even rows with other errors (avoids follow-on messages)."""
    return {str(r.values.get(field)).strip() for r in raw.rows[table.key] if r.values.get(field) is not None}


def duplicate_errors(table: Table, rows: list[dict], locations: list[RawRow]) -> list[str]:
    if not table.unique:
        return []
    errors, seen = [], {}
    for row, where in zip(rows, locations):
        key = _key(table, row)
        if key in seen:
            shown = "/".join(str(part) for part in key)
            errors.append(f"{where.location}{where.label(table.unique[-1])}：与{seen[key]}重复（{shown}）")
        else:
            seen[key] = where.location
    return errors


def reference_errors(raw: RawFile, rows: dict[str, list[dict]], locations: dict[str, list[RawRow]]) -> list[str]:
    borrower_ids = _mentioned(raw, BORROWERS, "id")
    loan_owner = {row["loan_id"]: row["borrower_id"] for row in rows[LOANS.key]}
    loan_ids = _mentioned(raw, LOANS, "loan_id")
    errors: list[str] = []
    for table in CHILD_TABLES:
        for row, where in zip(rows[table.key], locations[table.key]):
            if row["borrower_id"] not in borrower_ids:
                errors.append(f"{where.location}{where.label('borrower_id')}：借款人 {row['borrower_id']} "
                              f"不在本文件的「{BORROWERS.sheet}」表中")
                continue
            loan_id = row.get("loan_id") if table is not LOANS else None
            if loan_id and loan_id in loan_owner and loan_owner[loan_id] != row["borrower_id"]:
                errors.append(f"{where.location}{where.label('loan_id')}：贷款 {loan_id} 属于借款人 "
                              f"{loan_owner[loan_id]}，不属于 {row['borrower_id']}")
            elif loan_id and loan_id not in loan_ids:
                errors.append(f"{where.location}{where.label('loan_id')}：贷款 {loan_id} 不在本文件的"
                              f"「{LOANS.sheet}」表中")
    return errors


def date_order_errors(rows: dict[str, list[dict]], locations: dict[str, list[RawRow]]) -> list[str]:
    errors: list[str] = []
    for row, where in zip(rows[LOANS.key], locations[LOANS.key]):
        if row["maturity_date"] < row["start_date"]:
            errors.append(f"{where.location}{where.label('maturity_date')}：到期日 {row['maturity_date']} "
                          f"早于起始日 {row['start_date']}")
        if row["balance"] > row["amount"]:
            errors.append(f"{where.location}{where.label('balance')}：贷款余额 {row['balance']} "
                          f"大于贷款金额 {row['amount']}")
    return errors


def check_rows(raw: RawFile, rows: dict[str, list[dict]], locations: dict[str, list[RawRow]]) -> list[str]:
    errors: list[str] = []
    for table in (BORROWERS, *CHILD_TABLES):
        errors += duplicate_errors(table, rows[table.key], locations[table.key])
    errors += reference_errors(raw, rows, locations)
    errors += date_order_errors(rows, locations)
    return errors
