"""`assistant sample load`: the sample knowledge base, borrowers and demo users."""

from __future__ import annotations

import typer

from assistant.commands.common import print_json

sample_app = typer.Typer(help="示例数据：示范银行的制度、走访记录、借款人和演示账号。", no_args_is_help=True)


@sample_app.command("load")
def load(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出结果")) -> None:
    """导入 corpus/ 中的示例知识库、示例借款人，并创建各角色的演示账号（仅开发环境）。"""
    from assistant.sample import load_sample_bank

    report = load_sample_bank(progress=not as_json)
    knowledge, borrowers = report.knowledge, report.borrowers
    if as_json:
        print_json({
            "knowledge": {"added": len(knowledge.added), "updated": len(knowledge.updated),
                          "unchanged": len(knowledge.unchanged), "errors": knowledge.errors},
            "borrowers": borrowers.as_dict(),
            "users": [{k: u[k] for k in ("username", "role", "branch", "password")} for u in report.users],
        })
        return
    typer.echo(f"知识库：新增 {len(knowledge.added)}，更新 {len(knowledge.updated)}，"
               f"未变 {len(knowledge.unchanged)}，失败 {len(knowledge.errors)}")
    typer.echo(f"借款人：{borrowers.summary_zh()}")
    if report.users:
        typer.echo("演示账号（用户名 / 角色 / 机构 / 密码）：")
        for user in report.users:
            typer.echo(f"  {user['username']:<16}{user['role']:<9}{user['branch'] or '-':<8}{user['password']}")


def register(app: typer.Typer) -> None:
    app.add_typer(sample_app, name="sample")
