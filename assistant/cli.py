"""`assistant …` command line; every command is a thin shell over a library call."""

from __future__ import annotations

import importlib

import typer

from assistant.commands import common

app = typer.Typer(
    name="assistant",
    help="贷后助手：制度问答、贷后检查报告、贷后管理例会、培训测验。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each module exposes register(app); modules import their heavy dependencies inside commands.
COMMAND_MODULES: tuple[str, ...] = (
    "assistant.commands.serve",
    "assistant.commands.users",
    "assistant.commands.knowledge",
    "assistant.commands.sample",
    "assistant.commands.records",
    "assistant.commands.quiz",
    "assistant.commands.draft",
    "assistant.commands.meeting",
    "assistant.commands.semantic",
    "assistant.commands.index",
)


@app.callback()
def _global_options(
    as_user: str = typer.Option(None, "--as", help="以哪个用户的权限执行（用户名）"),
) -> None:
    common.state.as_user = as_user


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
