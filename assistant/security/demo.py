"""Demo users of the sample bank (one or more per role), for development installs only."""

from __future__ import annotations

from sqlalchemy.orm import Session

from assistant.config import Settings, get_settings
from assistant.errors import Forbidden
from assistant.security.users import add_user, find_user, set_password

# username, display name, role, branch, officer_code
DEMO_USERS: tuple[tuple[str, str, str, str, str], ...] = (
    ("wanglei", "王磊", "officer", "城东支行", "o_wanglei"),
    ("lina", "李娜", "officer", "城东支行", "o_lina"),
    ("zhangwei", "张伟", "officer", "城西支行", "o_zhangwei"),
    ("liuyang", "刘洋", "officer", "城西支行", "o_liuyang"),
    ("chenjing", "陈静", "officer", "高新支行", "o_chenjing"),
    ("zhaomin", "赵敏", "officer", "高新支行", "o_zhaomin"),
    ("head_chengdong", "城东支行行长", "head", "城东支行", ""),
    ("head_chengxi", "城西支行行长", "head", "城西支行", ""),
    ("head_gaoxin", "高新支行行长", "head", "高新支行", ""),
    ("risk", "风险经理", "risk", "风险管理部", ""),
    ("trainer", "培训岗", "trainer", "", ""),
    ("admin", "管理员", "admin", "", ""),
)


def demo_password(username: str) -> str:
    """Well-known demo passwords: acceptable only because they are refused outside development."""
    return f"{username}-demo"


def create_demo_users(session: Session, settings: Settings | None = None) -> list[dict]:
    """Create (or reset the password of) every demo user; returns their names, roles and passwords.

    Refused unless settings.environment == "development": a production install has no default
    account and no known password.
    """
    settings = settings or get_settings()
    if settings.environment != "development":
        raise Forbidden("演示账号只能在开发环境（ASSISTANT_ENVIRONMENT=development）中创建。")
    created = []
    for username, display, role, branch, code in DEMO_USERS:
        password = demo_password(username)
        if find_user(session, username) is None:
            add_user(session, username, role, branch, officer_code=code, password=password,
                     display_name=display)
        else:
            set_password(session, username, password)
        created.append({"username": username, "display_name": display, "role": role,
                        "branch": branch, "officer_code": code, "password": password})
    return created
