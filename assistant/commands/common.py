"""Helpers shared by command modules: caller scope, JSON output, Chinese error exits."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any, NoReturn

import typer


@dataclass
class CliState:
    as_user: str | None = None


state = CliState()


def print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(code)


def current_scope():
    """The caller's Scope: ASSISTANT_TOKEN's user, else --as USER, else the local administrator.

    Without --as or a token the command line runs as the local administrator: whoever sits at the
    machine owns the data directory. --as (or a token) only ever narrows rights to that user's scope.
    An unknown or disabled user, or a revoked token, ends the command with a Chinese message.
    """
    from assistant.errors import UserError
    from assistant.security.users import resolve_cli_scope

    try:
        return resolve_cli_scope(state.as_user)
    except UserError as exc:
        fail(exc.message, code=3 if exc.status in (401, 403) else 1)
