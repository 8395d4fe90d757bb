"""Drafting commands: `assistant draft inspection ID --format md|docx -o FILE`."""

from __future__ import annotations

from pathlib import Path

import typer

from assistant.commands import common

draft_app = typer.Typer(help="起草贷后检查报告等文书。", no_args_is_help=True)


@draft_app.command("inspection")
def inspection(
    borrower_id: str = typer.Argument(..., help="借款人编号，如 B001"),
    fmt: str = typer.Option("md", "--format", "-f", help="输出格式：md 或 docx"),
    output: Path = typer.Option(..., "--output", "-o", help="输出文件路径"),
    as_of: str = typer.Option(None, "--date", help="检查基准日 YYYY-MM-DD（默认今天）"),
) -> None:
    """依据业务记录起草借款人的贷后检查报告（Markdown 或 Word）。"""
    from assistant.drafting.service import export_inspection
    from assistant.errors import UserError

    today = _parse_date(as_of)
    scope = common.current_scope()
    try:
        report = export_inspection(borrower_id, fmt, output, scope=scope, today=today)
    except UserError as exc:
        common.fail(exc.message)
    missing = len({fact.label for fact in report.book.missing()})
    typer.echo(f"已生成 {report.title}：{output}（{'大模型撰写分析段落' if report.narrative_source == 'llm' else '模板文字'}"
               + (f"，待补充{missing}项" if missing else "") + "）")
    for reason in report.narrative_rejected:
        typer.echo(f"提示：{reason}", err=True)


def _parse_date(value: str | None):
    from datetime import date

    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        common.fail(f"日期格式应为 YYYY-MM-DD：{value}")


def register(app: typer.Typer) -> None:
    app.add_typer(draft_app, name="draft")
