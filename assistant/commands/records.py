"""`assistant borrowers import|list|show`: borrower records from the command line, in the caller's scope."""

from __future__ import annotations

from pathlib import Path

import typer

from assistant.commands import common

borrowers_app = typer.Typer(help="借款人档案：导入、列表、详情（含风险信号）。", no_args_is_help=True)


def _scope():
    """The caller's scope; an unknown --as user or a bad token ends the command with its Chinese message."""
    from assistant.errors import UserError

    try:
        return common.current_scope()
    except UserError as exc:
        common.fail(exc.message)


@borrowers_app.command("import")
def import_(
    file: Path = typer.Argument(..., help="导入文件：.json、.xlsx，或每表一个 CSV 的文件夹"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出结果"),
) -> None:
    """导入借款人档案（全部成功或全部不导入；重复导入同一文件结果不变）。"""
    from assistant.errors import UserError
    from assistant.records.importer import ImportRejected, import_file

    scope = _scope()
    if scope.role != "admin":
        common.fail("只有管理员可以导入借款人档案")
    try:
        report = import_file(file)
    except ImportRejected as exc:
        if as_json:
            common.print_json({"imported": False, "errors": exc.errors, "total_errors": exc.total})
            raise typer.Exit(1) from None
        common.fail(exc.message)
    except UserError as exc:
        common.fail(exc.message)
    _audit_import(scope, file, report)
    if as_json:
        common.print_json({"imported": True, **report.as_dict()})
    else:
        typer.echo(report.summary_zh())


def _audit_import(scope, file: Path, report) -> None:
    """The audit entry of an import: the file, its hash and the borrower ids (record ids) written."""
    from assistant.db import session_scope
    from assistant.security import audit

    digest = audit.sha256_bytes(file.read_bytes()) if file.is_file() else ""
    detail = {"file": str(file), "sha256": digest, "record_ids": report.borrower_ids,
              "borrowers_added": report.borrowers_added, "borrowers_updated": report.borrowers_updated}
    with session_scope() as session:
        audit.record(session, scope, "import", file.name, detail)


@borrowers_app.command("list")
def list_(
    branch: str = typer.Option(None, "--branch", help="只列出某个支行"),
    officer: str = typer.Option(None, "--officer", help="只列出某位客户经理（编号）"),
    classification: str = typer.Option(None, "--classification", help="按最差风险分类筛选：正常/关注/次级/可疑/损失"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """列出当前用户可见的借款人：编号、名称、支行、风险分类、贷款余额、最长逾期天数。"""
    from assistant.db import session_scope
    from assistant.records.models import CLASSIFICATIONS
    from assistant.records.repository import BorrowerFilters, list_borrowers

    if classification and classification not in CLASSIFICATIONS:
        common.fail(f"风险分类应为 {'、'.join(CLASSIFICATIONS)} 之一，收到 {classification}")
    scope = _scope()
    filters = BorrowerFilters(branch=branch, officer_code=officer, classification=classification)
    with session_scope() as session:
        rows = list_borrowers(session, scope, filters)
    if as_json:
        common.print_json(rows)
        return
    if not rows:
        typer.echo("没有可查看的借款人。")
    for row in rows:
        typer.echo(f"{row['id']:<6}{row['name']:<16}{row['branch']:<6}{row['classification'] or '-':<4}"
                   f"余额{row['balance']:>16,.2f}元  逾期{row['overdue_days']}天")


@borrowers_app.command("show")
def show(
    borrower_id: str = typer.Argument(..., help="借款人编号，如 B001"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """显示借款人的贷款、押品、保证人、财务报表（含比率）、资金流水、检查记录、外部事件和风险信号。"""
    from assistant.db import session_scope
    from assistant.errors import UserError
    from assistant.records.repository import borrower_detail

    scope = _scope()
    try:
        with session_scope() as session:
            detail = borrower_detail(session, scope, borrower_id)
    except UserError as exc:
        common.fail(exc.message)
    if as_json:
        common.print_json(detail)
        return
    _print_detail(detail)


def _print_detail(detail: dict) -> None:
    typer.echo(f"{detail['id']} {detail['name']}（{detail['kind']}，{detail['branch']}，"
               f"客户经理 {detail['officer_name']}）")
    typer.echo(f"授信额度 {detail['credit_limit']:,.2f} 元；贷款余额 {detail['balance']:,.2f} 元；"
               f"风险分类 {detail['classification'] or '-'}；最长逾期 {detail['overdue_days']} 天")
    for loan in detail["loans"]:
        typer.echo(f"  贷款 {loan['loan_id']} {loan['product']} 金额 {loan['amount']:,.2f} 余额 {loan['balance']:,.2f} "
                   f"{loan['start_date']}~{loan['maturity_date']} {loan['payment_mode']} {loan['classification']}")
    advice = detail["classification_advice"]
    typer.echo(f"风险分类建议：{advice['suggested'] or '-'}（{advice['reason_zh']}）")
    signals = detail["signals"]
    typer.echo(f"风险信号（{len(signals)}）：" if signals else "风险信号：无")
    for signal in signals:
        ref = signal["clause_ref"]
        typer.echo(f"  [{signal['severity']}] {signal['title_zh']} ——《{ref['doc_title']}》{ref['article']}；"
                   f"建议：{signal['advice_zh']}")


def register(app: typer.Typer) -> None:
    app.add_typer(borrowers_app, name="borrowers")
