"""Read borrower import files (JSON, XLSX, a folder of CSV) into raw rows that remember where they came from."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import Unsupported, UserError
from assistant.records.schema import BORROWERS, BY_SHEET, CHILD_TABLES, Table

CHILD_KEYS = frozenset(t.key for t in CHILD_TABLES)


@dataclass
class RawRow:
    table: Table
    location: str                 # 「贷款」表第3行 / 第2个借款人（B002）的「贷款」第1条
    values: dict[str, Any]
    json_style: bool = False      # name columns by JSON key as well as by Chinese header

    def label(self, field_name: str) -> str:
        header = self.table.column(field_name).header
        return f"「{header}」（{field_name}）" if self.json_style else f"「{header}」"


@dataclass
class RawFile:
    rows: dict[str, list[RawRow]] = field(default_factory=lambda: {t.key: [] for t in (BORROWERS, *CHILD_TABLES)})
    errors: list[str] = field(default_factory=list)


def read_file(path: Path) -> RawFile:
    """Dispatch on the file type: .json, .xlsx, a .csv file's folder or a folder of CSV files."""
    if not path.exists():
        raise UserError(f"找不到导入文件：{path}")
    suffix = path.suffix.lower()
    if path.is_dir() or suffix == ".csv":
        return read_csv_folder(path if path.is_dir() else path.parent)
    if suffix == ".json":
        return read_json(path)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    raise Unsupported(f"不支持的导入文件类型「{suffix or path.name}」：请使用 .json、.xlsx 或 CSV 文件夹")


def read_json(path: Path) -> RawFile:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"JSON 文件无法解析：{exc}") from exc
    if isinstance(data, dict) and isinstance(data.get("borrowers"), list):
        data = data["borrowers"]
    if not isinstance(data, list):
        raise UserError("JSON 顶层应为借款人对象的数组（或含 borrowers 数组的对象）")
    raw = RawFile()
    for index, item in enumerate(data, start=1):
        _json_borrower(raw, index, item)
    return raw


def _json_borrower(raw: RawFile, index: int, item: Any) -> None:
    where = f"第{index}个借款人"
    if not isinstance(item, dict):
        raw.errors.append(f"{where}：应为对象")
        return
    borrower_id = item.get("id")
    if borrower_id:
        where = f"{where}（{borrower_id}）"
    scalars = {k: v for k, v in item.items() if k not in CHILD_KEYS}
    _check_keys(raw, where, BORROWERS, scalars)
    raw.rows["borrowers"].append(RawRow(BORROWERS, where, scalars, json_style=True))
    for table in CHILD_TABLES:
        children = item.get(table.key) or []
        if not isinstance(children, list):
            raw.errors.append(f"{where}的「{table.sheet}」（{table.key}）：应为数组")
            continue
        for number, child in enumerate(children, start=1):
            location = f"{where}的「{table.sheet}」第{number}条"
            if not isinstance(child, dict):
                raw.errors.append(f"{location}：应为对象")
                continue
            values = {"borrower_id": borrower_id, **child}
            _check_keys(raw, location, table, values)
            raw.rows[table.key].append(RawRow(table, location, values, json_style=True))


def _check_keys(raw: RawFile, where: str, table: Table, values: dict) -> None:
    known = {c.field for c in table.columns}
    for key in values:
        if key not in known:
            raw.errors.append(f"{where}：未知字段「{key}」")


def _header_map(table: Table) -> dict[str, str]:
    mapping = {c.header: c.field for c in table.columns}
    mapping.update({c.field: c.field for c in table.columns})
    return mapping


def _table_rows(raw: RawFile, table: Table, where: str, rows: list[list[Any]]) -> None:
    """rows[0] is the header; data rows are numbered as a spreadsheet shows them (header = 第1行)."""
    if not rows:
        return
    mapping = _header_map(table)
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    for header in headers:
        if header and header not in mapping:
            raw.errors.append(f"{where}第1行：未知列「{header}」")
    present = {mapping[h] for h in headers if h in mapping}
    for column in table.columns:
        if column.required and column.field not in present:
            raw.errors.append(f"{where}：缺少必填列「{column.header}」")
    for number, cells in enumerate(rows[1:], start=2):
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        values = {mapping[h]: cell for h, cell in zip(headers, cells) if h in mapping}
        raw.rows[table.key].append(RawRow(table, f"{where}第{number}行", values))


def read_xlsx(path: Path) -> RawFile:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a damaged file
        raise UserError(f"XLSX 文件无法打开：{exc}") from exc
    raw = RawFile()
    try:
        if BORROWERS.sheet not in workbook.sheetnames:
            raw.errors.append(f"缺少工作表「{BORROWERS.sheet}」")
        for name in workbook.sheetnames:
            table = BY_SHEET.get(name.strip())
            if table is not None:
                rows = [list(r) for r in workbook[name].iter_rows(values_only=True)]
                _table_rows(raw, table, f"「{table.sheet}」表", rows)
    finally:
        workbook.close()
    return raw


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(f"{name}：无法识别文件编码，请保存为 UTF-8")


def read_csv_folder(folder: Path) -> RawFile:
    raw = RawFile()
    files = {p.stem.strip(): p for p in folder.glob("*.csv")}
    if BORROWERS.sheet not in files:
        raise UserError(f"CSV 导入需要一个文件夹，其中至少包含「{BORROWERS.sheet}.csv」（每张表一个文件）")
    for stem, csv_path in sorted(files.items()):
        table = BY_SHEET.get(stem)
        if table is None:
            raw.errors.append(f"{csv_path.name}：文件名不是已知的表名（{'、'.join(BY_SHEET)}）")
            continue
        text = _decode(csv_path.read_bytes(), csv_path.name)
        rows = [[cell if cell != "" else None for cell in r] for r in csv.reader(io.StringIO(text))]
        _table_rows(raw, table, f"{csv_path.name} ", rows)
    return raw
