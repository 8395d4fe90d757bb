"""Knowledge commands: `assistant ingest` (load documents) and `assistant ask` (grounded answers with citations)."""

from __future__ import annotations

import typer

from assistant.commands import common


def ask(
    question: str = typer.Argument(..., help="要咨询的问题"),
    conversation: str = typer.Option(None, "--conversation", help="继续已有会话（会话 ID）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """依据知识库中的制度回答问题，并给出引用条文。"""
    from assistant.answering.service import ChatService
    from assistant.errors import UserError

    try:
        answer = ChatService().ask(question, conversation_id=conversation, scope=common.current_scope())
    except UserError as exc:
        common.fail(exc.message)
    if as_json:
        common.print_json(answer.as_json())
        return
    typer.echo(answer.answer)
    if answer.citations:
        typer.echo("\n来源：")
        for c in answer.citations:
            typer.echo(f"[{c.number}] 《{c.doc_title}》{c.article}：{c.quote}")
    if answer.records:
        typer.echo("\n所用记录：")
        for r in answer.records:
            typer.echo(f"- {r.borrower_id} {r.table} {r.record_id}：{r.text}（{r.as_of}）")
    typer.echo(f"\n会话：{answer.conversation_id}")


SOURCE_TYPE_CHOICES = ("regulation", "internal_rule", "case_note", "article")


def ingest(
    paths: list[str] = typer.Argument(None, help="文件或文件夹（.md .txt .docx .pdf，文件夹递归导入）"),
    source_type: str = typer.Option(None, "--type", help="文档类型：regulation|internal_rule|case_note|article"),
    branch: str = typer.Option(None, "--branch", help="所属支行（案例、走访记录按支行隔离）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """导入文档到知识库；未变化的文件自动跳过，文件夹中已删除的文件从知识库移除。"""
    if not paths:
        common.fail("请指定要导入的文件或文件夹")
    if source_type and source_type not in SOURCE_TYPE_CHOICES:
        common.fail(f"--type 只能是 {'|'.join(SOURCE_TYPE_CHOICES)}")
    from assistant.knowledge.ingest import ingest_paths

    scope = common.current_scope()
    report = ingest_paths(paths, progress=not as_json, source_type=source_type, branch=branch)
    _audit_ingest(scope, paths, report)
    if as_json:
        common.print_json(report.as_json())
    else:
        _print_ingest_summary(report)
    if report.errors and report.files_seen == len(report.errors):
        raise typer.Exit(1)


def _audit_ingest(scope, paths: list[str], report) -> None:
    """One audit entry per ingest run: what was given and which files were added, updated or removed."""
    from assistant.db import session_scope
    from assistant.security import audit

    detail = {"paths": [str(p) for p in paths], "added": report.added, "updated": report.updated,
              "removed": report.removed, "duplicates": [path for path, _ in report.duplicates],
              "errors": len(report.errors), "chunks_written": report.chunks_written}
    with session_scope() as session:
        audit.record(session, scope, "ingest", "cli", detail)


def _print_ingest_summary(report) -> None:
    typer.echo(
        f"新增 {len(report.added)}，更新 {len(report.updated)}，未变 {len(report.unchanged)}，"
        f"删除 {len(report.removed)}，失败 {len(report.errors)}"
        f"（写入 {report.chunks_written} 个片段，用时 {report.seconds:.1f} 秒）"
    )
    for path, message in report.errors:
        typer.echo(f"  失败：{path}：{message}", err=True)
    for path, message in report.warnings:
        typer.echo(f"  注意：{path}：{message}", err=True)
    for path, holder in report.duplicates:
        typer.echo(f"  内容相同：{path} 与 {holder} 正文一致，只存一份，引用时两个文件都列出")


def search(
    question: str = typer.Argument(..., help="要检索的问题或关键词"),
    k: int = typer.Option(5, "-k", "--top", min=1, max=50, help="返回条数"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """在知识库中检索相关条文和案例（只检索，不生成回答）。"""
    from assistant.knowledge.embedders import MissingExtra
    from assistant.knowledge.retriever import get_retriever

    scope = common.current_scope()
    retriever = get_retriever()
    if not scope.all_branches:
        from assistant.security.filters import ScopedRetriever

        retriever = ScopedRetriever(retriever, scope)
    try:
        hits = retriever.search(question, k=k)
    except MissingExtra as exc:
        common.fail(str(exc))
    if as_json:
        common.print_json([hit.as_json() for hit in hits])
        return
    if not hits:
        typer.echo("未找到相关条文。可换个说法，或先用 assistant ingest 导入文档。")
    for n, hit in enumerate(hits, 1):
        where = hit.chunk.article or hit.chunk.section
        typer.echo(f"{n}. 《{hit.chunk.doc_title}》{where}（相关度 {hit.score:.2f}）")
        text = " ".join(hit.chunk.text.split())
        typer.echo(f"   {text[:150]}{'……' if len(text) > 150 else ''}")


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("ask")(ask)
    app.command("search")(search)
