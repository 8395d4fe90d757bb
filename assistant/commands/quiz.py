"""`assistant quiz generate|review|open|answer|close|results|export`: training quizzes from the rule texts."""

from __future__ import annotations

import json

import typer

from assistant.commands import common

quiz_app = typer.Typer(help="培训测验：出题、审核、题库、开考、答题、成绩、导出。", no_args_is_help=True)
review_app = typer.Typer(help="审核题目：列表、通过、修改、退回。", no_args_is_help=True)
quiz_app.add_typer(review_app, name="review")


def _trainer() -> str:
    """The caller's user name; only trainers and admins manage quizzes."""
    scope = common.current_scope()
    if scope.role not in ("trainer", "admin"):
        common.fail("只有培训岗或管理员可以管理测验")
    return scope.username


def _run(call):
    from assistant.errors import UserError

    try:
        return call()
    except UserError as exc:
        common.fail(exc.message)


@quiz_app.command("generate")
def generate(
    source: str = typer.Option(..., "--source", help="文件或文件夹路径，或知识库中的文档标题"),
    n: int = typer.Option(20, "-n", help="题目数量"),
    seed: int = typer.Option(0, "--seed", help="随机种子（相同种子得到相同试题）"),
    types: str = typer.Option(None, "--types", help="题型，逗号分隔：single,multiple,true_false,fill"),
    topic: str = typer.Option(None, "--topic", help="只出某个主题的题，如 风险分类、受托支付"),
    save: bool = typer.Option(False, "--save", help="把题目存入题库（待审核）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """从规章条文生成测验题（每题注明出处条款）。"""
    from assistant.config import get_settings
    from assistant.quiz.generator import generate_quiz
    from assistant.quiz.source import load_source

    settings = get_settings()
    model = _chat_model(settings)
    kinds = [t.strip() for t in types.split(",") if t.strip()] if types else None
    quiz = _run(lambda: generate_quiz(load_source(source, settings), n, seed=seed, types=kinds, topic=topic,
                                      chat_model=model))
    if save:
        from assistant.quiz.bank import add_items

        _trainer()
        add_items(quiz.items)
    if as_json:
        common.print_json(quiz.as_json())
    else:
        _print_quiz(quiz)


def _print_quiz(quiz) -> None:
    from assistant.quiz.types import TYPE_NAMES

    for number, item in enumerate(quiz.items, 1):
        typer.echo(f"{number}. [{TYPE_NAMES[item.type]}·{item.topic}] {item.stem}")
        for letter, text in item.options.items():
            typer.echo(f"   {letter}. {text}")
        typer.echo(f"   答案：{item.answer}（{item.citation.doc_title} {item.citation.article}）")
    typer.echo(f"共 {len(quiz.items)} 题；生成 {quiz.generated}，自动校验淘汰 {quiz.discarded}。")


def _chat_model(settings):
    """The configured OpenAI-compatible model (scenario questions), or None for rule-based items only."""
    if not settings.llm_base_url:
        return None
    from assistant.llm import OpenAIChatModel

    return OpenAIChatModel(settings)


@review_app.command("list")
def review_list(
    status: str = typer.Option("pending", "--status", help="pending / approved / rejected"),
    topic: str = typer.Option(None, "--topic", help="按主题筛选"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """列出题库中的题目（默认：待审核）。"""
    from assistant.quiz.bank import STATUS_NAMES, list_items

    entries = _run(lambda: list_items(status=status, topic=topic))
    if as_json:
        common.print_json([entry.as_json() for entry in entries])
        return
    for entry in entries:
        typer.echo(f"{entry.item.id} [{STATUS_NAMES[entry.status]}][{entry.item.topic}] {entry.item.stem} "
                   f"答案：{entry.item.answer}")


@review_app.command("approve")
def review_approve(item_ids: list[str] = typer.Argument(..., help="题目编号")) -> None:
    """通过题目，进入题库。"""
    from assistant.quiz.bank import approve

    reviewer = _trainer()
    for item_id in item_ids:
        _run(lambda: approve(item_id, reviewer))
    typer.echo(f"已通过 {len(item_ids)} 题。")


@review_app.command("reject")
def review_reject(item_id: str = typer.Argument(...), reason: str = typer.Option("", "--reason")) -> None:
    """退回题目（不进入题库）。"""
    from assistant.quiz.bank import reject

    reviewer = _trainer()
    _run(lambda: reject(item_id, reviewer, reason))
    typer.echo(f"已退回 {item_id}。")


@review_app.command("edit")
def review_edit(
    item_id: str = typer.Argument(...),
    stem: str = typer.Option(None, "--stem"), answer: str = typer.Option(None, "--answer"),
    explanation: str = typer.Option(None, "--explanation"), topic: str = typer.Option(None, "--topic"),
    difficulty: str = typer.Option(None, "--difficulty"),
    options: str = typer.Option(None, "--options", help='选项 JSON，如 {"A":"…","B":"…"}'),
) -> None:
    """修改题目（修改后回到待审核）。"""
    from assistant.quiz.bank import edit

    reviewer = _trainer()
    changes = {"stem": stem, "answer": answer, "explanation": explanation, "topic": topic,
               "difficulty": difficulty}
    if options:
        try:
            changes["options"] = json.loads(options)
        except json.JSONDecodeError:
            common.fail("选项必须是 JSON 对象，如 {\"A\":\"…\",\"B\":\"…\"}")
    _run(lambda: edit(item_id, reviewer, {k: v for k, v in changes.items() if v is not None}))
    typer.echo(f"已修改 {item_id}，待重新审核。")


def register(app: typer.Typer) -> None:
    from assistant.commands import quiz_sessions

    quiz_sessions.register(quiz_app)
    app.add_typer(quiz_app, name="quiz")
