"""Validate raw import rows cell by cell and across rows; every problem is a row/column-precise Chinese message."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from assistant.records.crosscheck import check_rows
from assistant.records.readers import RawFile, RawRow
from assistant.records.schema import BORROWERS, CHILD_TABLES, Column

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")


class CellError(ValueError):
    """A value that does not fit its column; the message is shown after the column label."""


@dataclass
class Validated:
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    locations: dict[str, list[RawRow]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellError(f"应为数字，收到 {value}")
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(_text(value).replace(",", ""))
    except InvalidOperation:
        raise CellError(f"应为数字，收到 {_text(value)}") from None
    if not number.is_finite():
        raise CellError(f"应为数字，收到 {_text(value)}")
    return number


def _money(value: Any, column: Column) -> Decimal:
    number = _decimal(value)
    if number < 0 and not column.signed:
        raise CellError(f"金额不能为负数，收到 {_text(value)}")
    if number != number.quantize(Decimal("0.01")):
        raise CellError(f"金额最多保留两位小数（单位：元），收到 {_text(value)}")
    return number.quantize(Decimal("0.01"))


def _ratio(value: Any) -> Decimal:
    text = _text(value)
    number = _decimal(text[:-1]) / 100 if text.endswith("%") else _decimal(value)
    if not Decimal(0) <= number <= Decimal(1):
        raise CellError(f"比例应在0到1之间（也可写成60%），收到 {text}")
    return number


def _int(value: Any) -> int:
    number = _decimal(value)
    if number != number.to_integral_value() or number < 0:
        raise CellError(f"应为非负整数，收到 {_text(value)}")
    return int(number)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    mapped = {"是": True, "否": False, "true": True, "false": False, "1": True, "0": False}.get(_text(value).lower())
    if mapped is None:
        raise CellError(f"应为“是”或“否”，收到 {_text(value)}")
    return mapped


def _date(value: Any, column: Column, today: date) -> date:
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    else:
        text = _text(value)
        try:
            if not DATE_RE.match(text):
                raise ValueError
            parsed = date.fromisoformat(text)
        except ValueError:
            raise CellError(f"日期格式应为YYYY-MM-DD，收到 {text}") from None
    if column.not_future and parsed > today:
        raise CellError(f"日期不能晚于今天（{today.isoformat()}），收到 {parsed.isoformat()}")
    return parsed


def _period(value: Any, column: Column, today: date) -> str:
    text = value.strftime("%Y-%m") if isinstance(value, (date, datetime)) else _text(value)
    match = PERIOD_RE.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise CellError(f"报表期间格式应为YYYY-MM，收到 {text}")
    if column.not_future and text > today.strftime("%Y-%m"):
        raise CellError(f"报表期间不能晚于本月（{today.strftime('%Y-%m')}），收到 {text}")
    return text


def convert(value: Any, column: Column, today: date) -> Any:
    """The typed value of one cell; raises CellError with the Chinese reason."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if column.required:
            raise CellError("必填，不能为空")
        return column.default
    kind = column.kind
    if kind == "money":
        return _money(value, column)
    if kind == "decimal":
        return _decimal(value)
    if kind == "ratio":
        return _ratio(value)
    if kind == "int":
        return _int(value)
    if kind == "bool":
        return _bool(value)
    if kind == "date":
        return _date(value, column, today)
    if kind == "period":
        return _period(value, column, today)
    text = _text(value)
    if kind == "choice":
        if text not in column.choices:
            shown = "、".join(dict.fromkeys(v for k, v in column.choices.items() if k == v or not k.isascii()))
            raise CellError(f"应为 {shown} 之一，收到 {text}")
        return column.choices[text]
    if len(text) > column.max_len:
        raise CellError(f"长度不能超过{column.max_len}个字符")
    return text


def validate(raw: RawFile, today: date) -> Validated:
    """Typed rows for every table plus all cell and cross-row errors, in file order."""
    result = Validated(errors=list(raw.errors))
    for table in (BORROWERS, *CHILD_TABLES):
        rows, locations = [], []
        for row in raw.rows[table.key]:
            converted, ok = {}, True
            for column in table.columns:
                try:
                    converted[column.field] = convert(row.values.get(column.field), column, today)
                except CellError as exc:
                    result.errors.append(f"{row.location}{row.label(column.field)}：{exc}")
                    ok = False
            if ok:
                rows.append(converted)
                locations.append(row)
        result.rows[table.key], result.locations[table.key] = rows, locations
    result.errors.extend(check_rows(raw, result.rows, result.locations))
    return result
