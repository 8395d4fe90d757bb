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
    """The caller's Scope: --as USER, else ASSISTANT_TOKEN, else the local administrator."""
    from assistant.security.scope import LOCAL_ADMIN

    resolver = _resolver()
    if resolver is None:
        return LOCAL_ADMIN
    return resolver(state.as_user)


def _resolver():
    try:
        from assistant.security.users import resolve_cli_scope
    except ImportError:
        return None
    return resolve_cli_scope
