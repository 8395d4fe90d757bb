"""Write borrower data in the import layouts: XLSX (one sheet per table) and a folder of CSV files.

Used for the shipped templates, for round-trip tests and by anyone converting a JSON file for Excel users.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from assistant.records.schema import BORROWERS, CHILD_TABLES, TABLES, Table


def _cell(value: Any, column_kind: str, choices: dict[str, str]) -> Any:
    if value is None:
        return None
    if column_kind == "bool":
        return "是" if value else "否"
    if column_kind == "choice":
        # prefer the Chinese spelling of a stored code (销售回款 for sales_receipt)
        chinese = [k for k, v in choices.items() if v == value and not k.isascii()]
        return chinese[0] if chinese else value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def table_rows(borrowers: Iterable[dict]) -> dict[str, list[list[Any]]]:
    """JSON-layout borrowers → per-table rows (first row: Chinese headers)."""
    rows: dict[str, list[list[Any]]] = {t.key: [[c.header for c in t.columns]] for t in TABLES}
    for borrower in borrowers:
        rows[BORROWERS.key].append(_row(BORROWERS, borrower))
        for table in CHILD_TABLES:
            for child in borrower.get(table.key) or []:
                rows[table.key].append(_row(table, {"borrower_id": borrower["id"], **child}))
    return rows


def _row(table: Table, values: dict) -> list[Any]:
    return [_cell(values.get(c.field), c.kind, c.choices) for c in table.columns]


def write_xlsx(borrowers: Iterable[dict], path: Path) -> Path:
    from openpyxl import Workbook

    rows = table_rows(borrowers)
    workbook = Workbook(write_only=True)
    for table in TABLES:
        sheet = workbook.create_sheet(table.sheet)
        for row in rows[table.key]:
            sheet.append(row)
    workbook.save(path)
    return path


def write_csv_folder(borrowers: Iterable[dict], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for key, rows in table_rows(borrowers).items():
        table = next(t for t in TABLES if t.key == key)
        with (folder / f"{table.sheet}.csv").open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return folder
