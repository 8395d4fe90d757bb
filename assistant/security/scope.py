"""Who is asking and which branches and borrowers they may see; every data read takes a Scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["officer", "risk", "head", "trainer", "admin"]


@dataclass(frozen=True)
class Scope:
    """The visibility of one caller.

    officer: own borrowers only (officer_code) within their branch; head: their branch;
    risk and admin: all branches; trainer: rule texts only, no borrower data.
    """

    username: str
    role: Role
    branch: str = ""
    officer_code: str = ""

    @property
    def all_branches(self) -> bool:
        return self.role in ("risk", "admin")

    @property
    def sees_borrowers(self) -> bool:
        return self.role != "trainer"

    def visible_branches(self) -> tuple[str, ...] | None:
        """None means every branch; an empty tuple means none."""
        if self.all_branches:
            return None
        if not self.sees_borrowers:
            return ()
        return (self.branch,)

    def may_see_borrower(self, branch: str, officer_code: str) -> bool:
        if not self.sees_borrowers:
            return False
        if self.all_branches:
            return True
        if branch != self.branch:
            return False
        return self.role != "officer" or officer_code == self.officer_code


LOCAL_ADMIN = Scope(username="local", role="admin")
"""The scope of the command line before any user exists (single-user local install)."""
