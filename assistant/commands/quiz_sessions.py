"""`assistant quiz open|answer|close|results|export`: quiz sessions, grading and exports from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from assistant.commands import common
from assistant.commands.quiz import _run, _trainer


def open_(
    title: str = typer.Option("贷后管理培训测验", "--title"),
    topic: str = typer.Option(None, "--topic", help="只用某个主题的已审核题目"),
    n: int = typer.Option(None, "-n", help="最多题数（默认全部）"),
    time_limit: int = typer.Option(None, "--time-limit", help="限时（分钟）"),
) -> None:
    """用题库中已审核通过的题目开一场测验，输出场次编号。"""
    from assistant.quiz.bank import approved_items
    from assistant.quiz.sessions import open_session

    trainer = _trainer()
    items = approved_items(topic)[: n or None]
    typer.echo(_run(lambda: open_session(title, trainer, items, time_limit_min=time_limit)))


def answer(
    session_id: str = typer.Argument(...),
    trainee: str = typer.Option(..., "--trainee", help="答题人"),
    answers_file: Path = typer.Option(..., "--answers", help='答案 JSON 文件：{"题目编号": "A", …}'),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """提交答题人的答案并判分（每人一次）。"""
    from assistant.quiz.sessions import submit_answers

    try:
        answers = json.loads(answers_file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        common.fail(f"无法读取答案文件 {answers_file}：需要 JSON 对象，如 {{\"题目编号\": \"A\"}}")
    outcome = _run(lambda: submit_answers(session_id, trainee, {str(k): str(v) for k, v in answers.items()}))
    if as_json:
        common.print_json(outcome)
    else:
        typer.echo(f"{trainee}：{outcome['score']}/{outcome['total']}")


def close(session_id: str = typer.Argument(...)) -> None:
    """结束测验，不再接受答案。"""
    from assistant.quiz.sessions import close_session

    _trainer()
    _run(lambda: close_session(session_id))
    typer.echo("测验已结束。")


def results(session_id: str = typer.Argument(...), as_json: bool = typer.Option(False, "--json")) -> None:
    """按答题人和主题查看成绩。"""
    from assistant.quiz.sessions import results as session_results

    _trainer()
    data = _run(lambda: session_results(session_id))
    if as_json:
        common.print_json(data)
        return
    for t in data["trainees"]:
        typer.echo(f"{t['trainee']}：{t['score']}/{t['total']}")
    for topic in data["topics"]:
        typer.echo(f"[{topic['topic']}] 正确率 {topic['rate']:.0%}（{topic['correct']}/{topic['answered']}）")


def export(
    output: Path = typer.Option(..., "-o", help="输出文件：.xlsx（成绩）或 .docx（试卷）"),
    session_id: str = typer.Option(None, "--session", help="测验场次（成绩或试卷）"),
    topic: str = typer.Option(None, "--topic", help="不指定场次时：导出题库中该主题的已审核题目"),
    keys: bool = typer.Option(False, "--keys", help="试卷附答案、解析和出处"),
) -> None:
    """导出成绩（.xlsx）或试卷（.docx，可含答案）。"""
    from assistant.quiz import export as exporter
    from assistant.quiz.bank import approved_items
    from assistant.quiz.sessions import results as session_results, session_items

    _trainer()
    suffix = output.suffix.lower()
    if suffix == ".xlsx":
        if not session_id:
            common.fail("导出成绩需要 --session 场次编号")
        path = exporter.results_to_xlsx(_run(lambda: session_results(session_id)), output)
    elif suffix == ".docx":
        items = _run(lambda: session_items(session_id)) if session_id else approved_items(topic)
        if not items:
            common.fail("没有可导出的题目：请先审核通过题目或指定场次")
        path = exporter.quiz_to_docx(items, output, with_keys=keys)
    else:
        common.fail("输出文件须为 .xlsx（成绩）或 .docx（试卷）")
    typer.echo(f"已导出：{path}")


def register(quiz_app: typer.Typer) -> None:
    quiz_app.command("open")(open_)
    quiz_app.command("answer")(answer)
    quiz_app.command("close")(close)
    quiz_app.command("results")(results)
    quiz_app.command("export")(export)
