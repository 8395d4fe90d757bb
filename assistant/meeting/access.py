"""Who may see and change which meeting material (see docs in assistant/meeting/__init__.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.errors import Forbidden, NotFound
from assistant.records.models import Borrower, Loan
from assistant.security.scope import Scope

ORGANISERS = ("head", "risk", "admin")   # 风险部 keeps the record, 行长 chairs (示范银行 第八条、第九条)


def known_branches(session: Session) -> list[str]:
    """Every institution that has borrowers (branch names are not secret: they appear in every form)."""
    return list(session.scalars(select(Borrower.branch).distinct().order_by(Borrower.branch)))


def check_branch(session: Session, scope: Scope, branch: str) -> None:
    """NotFound for an unknown branch, Forbidden for a branch outside the caller's scope."""
    branch = (branch or "").strip()
    branches = known_branches(session)
    if branch not in branches:
        shown = "、".join(branches) if branches else "（尚未导入借款人档案）"
        raise NotFound(f"未知的机构「{branch}」。已有档案的机构：{shown}")
    if not scope.sees_borrowers:
        raise Forbidden("您的角色不能查看贷后管理例会材料。")
    visible = scope.visible_branches()
    if visible is not None and branch not in visible:
        raise Forbidden(f"您无权查看{branch}的贷后管理例会材料。")


def check_has_data(session: Session, branch: str, meeting_date: date) -> None:
    """A meeting needs at least one loan of the branch granted on or before its date."""
    count = session.scalar(select(func.count(Loan.loan_id)).join(Borrower, Borrower.id == Loan.borrower_id)
                           .where(Borrower.branch == branch, Loan.start_date <= meeting_date))
    if not count:
        raise NotFound(f"{meeting_date.isoformat()}之前{branch}没有任何贷款记录，无法准备该日期的贷后管理例会材料。")


def require_organiser(scope: Scope, what: str = "创建例会或记录决议") -> None:
    """Creating meetings and recording decisions is the 风险部's and the chair's job."""
    if scope.role not in ORGANISERS:
        raise Forbidden(f"只有支行行长、风险经理或管理员可以{what}。")


def require_full_material(scope: Scope) -> None:
    """The 会议纪要 covers every reviewed borrower and the branch picture: not for account officers."""
    if scope.role not in ORGANISERS:
        raise Forbidden("客户经理只能查看本人管户借款人的审议材料（审议表、议程中本人的借款人），不能查看完整会议纪要。")
