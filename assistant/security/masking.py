"""Masking of personal data (身份证号, 手机号, 银行卡号/账号) in logs and chat answers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.security.scope import Scope

_DATE = r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
# 18-digit resident ID: 6-digit region, birth date, 3-digit sequence, check digit (0-9 or X).
ID_NUMBER = re.compile(rf"(?<!\d)[1-9]\d{{5}}{_DATE}\d{{3}}[\dXx](?![\dA-Za-z])")
# Mainland mobile, optionally +86 and separated 3-4-4.
MOBILE = re.compile(r"(?<![\dA-Za-z])(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?![\dA-Za-z])")
# Card / account numbers: 12–25 digits, plain or in groups of 4 separated by spaces or dashes.
# A run glued by a dash to letters or digits is a piece of a larger identifier (a UUID such as
# 3c985ba4-9866-4591-8903-c3eb71215a17), not a card number.
ACCOUNT = re.compile(
    r"(?<![\dA-Za-z])(?<![\dA-Za-z]-)"
    r"(?:\d{4}(?:[ -]\d{4}){2,5}(?:[ -]\d{1,4})?|\d{12,25})"
    r"(?![\dA-Za-z])(?!-[\dA-Za-z])")

_KINDS = (("id_number", ID_NUMBER), ("mobile", MOBILE), ("account", ACCOUNT))
# Roles whose work needs the full numbers of the borrowers inside their scope.
ROLES_NEEDING_PERSONAL_DATA = frozenset({"officer", "head"})


@dataclass(frozen=True)
class PersonalDatum:
    kind: str  # id_number | mobile | account
    value: str
    start: int
    end: int


def _plain(value: str) -> str:
    """The digits (and a final X of an ID number) without separators or country code spacing."""
    return re.sub(r"[^\dX]", "", value.upper())


def mask_value(kind: str, value: str) -> str:
    """110101199003071234 → 110101********1234; 13812345678 → 138****5678; cards keep the last 4."""
    digits = _plain(value)
    if kind == "id_number":
        return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]
    if kind == "mobile":
        local = digits[-11:]
        return local[:3] + "****" + local[-4:]
    return "*" * (len(digits) - 4) + digits[-4:]


def find_personal_data(text: str) -> list[PersonalDatum]:
    """Every ID number, mobile and account number in `text`, left to right, without overlaps."""
    found: list[PersonalDatum] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _KINDS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            found.append(PersonalDatum(kind, match.group(), start, end))
    return sorted(found, key=lambda d: d.start)


def _key(datum: PersonalDatum) -> str:
    plain = _plain(datum.value)
    return plain[-11:] if datum.kind == "mobile" else plain


def mask_text(text: str, keep: Iterable[str] = ()) -> str:
    """`text` with personal data masked, except the numbers found in `keep` (separators ignored)."""
    if not text:
        return text
    kept = {_key(d) for value in keep for d in find_personal_data(value)}
    pieces: list[str] = []
    cursor = 0
    for datum in find_personal_data(text):
        pieces.append(text[cursor:datum.start])
        pieces.append(datum.value if _key(datum) in kept else mask_value(datum.kind, datum.value))
        cursor = datum.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def mask_for_scope(text: str, scope: Scope, evidence: Iterable[str] = ()) -> str:
    """Mask an answer for `scope`.

    Officers and branch heads keep numbers that appear in the (already scope-filtered) evidence they
    were shown, since contacting their borrowers is their job. Every other number - one the model
    produced on its own, or any number for risk, trainer and admin users - is masked.
    """
    if scope.role not in ROLES_NEEDING_PERSONAL_DATA:
        return mask_text(text)
    return mask_text(text, keep=evidence)
