"""`assistant index check|rebuild`: the knowledge index for operators (files or PostgreSQL, same commands)."""

from __future__ import annotations

import typer

from assistant.commands import common

index_app = typer.Typer(help="知识库索引运维：检查各代数据与残留，重建词项索引。", no_args_is_help=True)


def _admin() -> None:
    if common.current_scope().role != "admin":
        common.fail("只有管理员可以检查或重建知识库索引")


@index_app.command("check")
def check(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")) -> None:
    """按代统计文档和条文数，列出孤立数据与问题；发现问题时退出码为 1。"""
    from assistant.knowledge.index import KnowledgeIndex

    _admin()
    report = KnowledgeIndex().check()
    if as_json:
        common.print_json(report)
    else:
        typer.echo(f"索引存放：{'PostgreSQL' if report['backend'] == 'postgresql' else '本机文件'}；"
                   f"当前第 {report['generation']} 代，{report['documents']} 个文档，{report['chunks']} 个条文")
        for g in report["generations"]:
            typer.echo(f"  第 {g['generation']} 代：{g['documents']} 个文档，{g['chunks']} 个条文")
        typer.echo("孤立数据：" + "，".join(f"{k} {v}" for k, v in report["orphans"].items()))
        for problem in report["problems"]:
            typer.echo(f"问题：{problem}")
        if not report["problems"]:
            typer.echo("检查通过：没有发现问题")
    if report["problems"]:
        raise typer.Exit(1)


@index_app.command("rebuild")
def rebuild(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")) -> None:
    """按当前词典重新切词，生成新一代词项索引（条文与向量不变；修改领域词典或同义词后运行）。"""
    import time

    from assistant.knowledge.index import KnowledgeIndex

    _admin()
    index = KnowledgeIndex()
    started = time.perf_counter()
    generation = index.rebuild()
    result = {"generation": generation, "chunks": len(index.chunks()), "seconds": round(time.perf_counter() - started, 2)}
    if as_json:
        common.print_json(result)
    else:
        typer.echo(f"已重建：第 {generation} 代，{result['chunks']} 个条文，用时 {result['seconds']} 秒")


def register(app: typer.Typer) -> None:
    app.add_typer(index_app, name="index")
