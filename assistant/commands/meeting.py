"""`assistant meeting select|create|decide|decisions|status|draft|forms`: the 贷后管理例会 from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from assistant.commands import common

meeting_app = typer.Typer(help="贷后管理例会：审议名单、决议、会议纪要和审议表。", no_args_is_help=True)

DATE_HELP = "例会日期 YYYY-MM-DD"


def _run(call):
    """Run a library call; a UserError ends the command with its Chinese message."""
    from assistant.errors import UserError

    try:
        return call()
    except UserError as exc:
        common.fail(exc.message)


@meeting_app.command("select")
def select_(date: str = typer.Option(..., "--date", help=DATE_HELP), branch: str = typer.Option(..., "--branch"),
            as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")) -> None:
    """列出本次例会必须审议的借款人及原因。"""
    from assistant.meeting import service

    scope = common.current_scope()
    result = _run(lambda: service.selection(scope, branch, date))
    if as_json:
        common.print_json(result)
        return
    typer.echo(f"{result['branch']} {result['date']}（{result['kind']}例会）：审议{len(result['items'])}户，"
               f"共{result['considered']}户在管。")
    for item in result["items"]:
        typer.echo(f"{item['borrower_id']} {item['name']}（{item['officer']}）")
        for reason in item["reasons"]:
            typer.echo(f"    - {reason['text']}（{reason['source']}）")


@meeting_app.command("create")
def create(date: str = typer.Option(..., "--date", help=DATE_HELP), branch: str = typer.Option(..., "--branch"),
           attendees: Path = typer.Option(None, "--attendees", help='参会人员 JSON：[{"name","role","present"}]'),
           chair: str = typer.Option("", "--chair", help="主持人")) -> None:
    """创建例会：保存审议名单和参会人员。"""
    from assistant.meeting import service

    scope = common.current_scope()
    people = json.loads(attendees.read_text(encoding="utf-8")) if attendees else None
    common.print_json(_run(lambda: service.create(scope, branch, date, attendees=people, chair=chair)))


@meeting_app.command("decide")
def decide(date: str = typer.Option(..., "--date", help=DATE_HELP), branch: str = typer.Option(..., "--branch"),
           borrower: str = typer.Option(None, "--borrower", help="借款人编号"),
           action: str = typer.Option(None, "--action", help="停止新增用信/压缩信用余额/补充担保/加强资金账户监管/采取法律措施/其他"),
           department: str = typer.Option("", "--department", help="责任部门"),
           person: str = typer.Option("", "--person", help="责任人"),
           deadline: str = typer.Option("", "--deadline", help="完成时限 YYYY-MM-DD"),
           detail: str = typer.Option("", "--detail", help="措施内容（“其他”时必填）"),
           file: Path = typer.Option(None, "--file", help="多项决议 JSON 文件，全部成功或全部不保存")) -> None:
    """记录例会决议（例会尚未创建时按审议名单创建）。"""
    from assistant.meeting import service
    from assistant.meeting.decisions import DecisionInput

    scope = common.current_scope()
    if file:
        rows = json.loads(file.read_text(encoding="utf-8"))
        items = [DecisionInput(r.get("borrower_id", ""), r.get("action", ""), r.get("responsible_department", ""),
                               r.get("responsible_person", ""), r.get("deadline", ""), r.get("detail", ""))
                 for r in rows]
    elif borrower and action:
        items = [DecisionInput(borrower, action, department, person, deadline, detail)]
    else:
        common.fail("请给出 --borrower 和 --action，或用 --file 提供多项决议。")
    common.print_json(_run(lambda: service.decide(scope, items, branch=branch, day=date)))


@meeting_app.command("status")
def status(decision_id: int = typer.Argument(..., help="决议编号"),
           state: str = typer.Option(..., "--status", help="done（已落实）或 open（落实中）"),
           follow_up: str = typer.Option("", "--follow-up", help="落实情况"),
           done_at: str = typer.Option(None, "--done-at", help="落实日期 YYYY-MM-DD")) -> None:
    """登记决议落实情况。"""
    from assistant.meeting import service

    scope = common.current_scope()
    common.print_json(_run(lambda: service.update(scope, decision_id, state, follow_up, done_at)))


@meeting_app.command("draft")
def draft(date: str = typer.Option(..., "--date", help=DATE_HELP), branch: str = typer.Option(..., "--branch"),
          fmt: str = typer.Option("md", "--format", help="md 或 docx"),
          output: Path = typer.Option(None, "-o", "--output", help="输出文件；不给出时 Markdown 打印到屏幕")) -> None:
    """生成贷后管理例会会议纪要（Markdown 或 Word）。"""
    from assistant.meeting import service

    scope = common.current_scope()
    result = _run(lambda: service.draft(scope, branch, date, fmt))
    if output is None and fmt == "md":
        typer.echo(result.content.decode("utf-8"))
        return
    target = output or Path(result.filename)
    target.write_bytes(result.content)
    typer.echo(f"已生成：{target}")


@meeting_app.command("forms")
def forms(date: str = typer.Option(..., "--date", help=DATE_HELP), branch: str = typer.Option(..., "--branch"),
          borrower: str = typer.Option(None, "--borrower", help="只生成某一户的审议表"),
          output: Path = typer.Option(None, "-o", "--output", help="输出文件（.docx 或 .zip）")) -> None:
    """生成《贷后管理例会审议表》：一户一表（.docx），不指定借款人时打包为 zip。"""
    from assistant.meeting import service

    scope = common.current_scope()
    result = _run(lambda: service.forms(scope, branch, date, borrower))
    target = output or Path(result.filename)
    target.write_bytes(result.content)
    typer.echo(f"已生成：{target}")


def register(app: typer.Typer) -> None:
    app.add_typer(meeting_app, name="meeting")
