"""`assistant users add|token|list|disable`: manage accounts (administrators only)."""

from __future__ import annotations

import sys

import typer

from assistant.commands.common import current_scope, fail, print_json

users_app = typer.Typer(help="用户与权限管理（仅管理员）。", no_args_is_help=True)


def _admin_session():
    """The caller's scope (must be an administrator) and a database transaction."""
    from assistant.db import session_scope

    scope = current_scope()
    if scope.role != "admin":
        fail("只有管理员可以管理用户。", code=3)
    return scope, session_scope()


def _run(action):
    from assistant.errors import UserError

    try:
        return action()
    except UserError as exc:
        fail(exc.message)


@users_app.command("add")
def add(
    name: str = typer.Argument(..., help="用户名（字母、数字、下划线）"),
    role: str = typer.Option(..., "--role", help="officer|risk|head|trainer|admin"),
    branch: str = typer.Option("", "--branch", help="所属支行，例如 城东支行"),
    officer_code: str = typer.Option("", "--officer-code", help="客户经理的管户代码，例如 o_wanglei"),
    display_name: str = typer.Option("", "--display-name", help="显示名称，例如 王磊"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="从标准输入读取密码（第一行）"),
) -> None:
    """新增用户；不设密码的用户只能使用 API 令牌。"""
    from assistant.security import audit
    from assistant.security.users import add_user

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    scope, transaction = _admin_session()

    def action():
        with transaction as session:
            info = add_user(session, name, role, branch, officer_code=officer_code,
                            password=password, display_name=display_name)
            audit.record(session, scope, "user_add", name, {"role": role, "branch": branch})
            return info

    info = _run(action)
    typer.echo(f"已创建用户 {info.username}（{info.role}，{info.branch or '全行'}）。")


@users_app.command("token")
def token(name: str = typer.Argument(..., help="用户名")) -> None:
    """为用户签发新的 API 令牌（只显示这一次，请妥善保存）。"""
    from assistant.security import audit
    from assistant.security.users import issue_token

    scope, transaction = _admin_session()

    def action():
        with transaction as session:
            value = issue_token(session, name)
            audit.record(session, scope, "token_issue", name)
            return value

    typer.echo(_run(action))


@users_app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")) -> None:
    """列出所有用户。"""
    from assistant.security.users import ROLE_LABELS, list_users

    _, transaction = _admin_session()
    with transaction as session:
        users = list_users(session)
    if as_json:
        print_json([u.as_json() for u in users])
        return
    for u in users:
        state = "（已停用）" if u.disabled else ""
        typer.echo(f"{u.username}\t{ROLE_LABELS[u.role]}\t{u.branch or '全行'}\t{u.officer_code}{state}")


@users_app.command("disable")
def disable(name: str = typer.Argument(..., help="用户名")) -> None:
    """停用用户，并撤销其全部令牌和登录会话。"""
    from assistant.security import audit
    from assistant.security.users import disable_user

    scope, transaction = _admin_session()

    def action():
        with transaction as session:
            disable_user(session, name)
            audit.record(session, scope, "user_disable", name)

    _run(action)
    typer.echo(f"已停用用户 {name}，其令牌和登录会话已全部失效。")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
