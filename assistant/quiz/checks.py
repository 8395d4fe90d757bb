"""Automatic check of an item against its cited clause: the key is stated there, wrong options are not."""

from __future__ import annotations

import re

from assistant.quiz.types import BLANK, Evidence, QuizItem

_SPACE = re.compile(r"[\s\u3000]+")


def _norm(text: str) -> str:
    """Whitespace dropped; "真实性原则。…" and "真实性原则：…" compare equal (headed list items)."""
    return _SPACE.sub("", text).replace("：", "。")


def check_item(item: QuizItem, clause_text: str) -> list[str]:
    """Problems found (empty when the item passes); `clause_text` is the cited clause as indexed."""
    body = _norm(clause_text)
    problems = [f"引文不在条款中：{part}" for part in item.citation.quote.split("……") if _norm(part) not in body]
    if not item.evidence:
        return problems + ["缺少依据"]
    for evidence in item.evidence:
        problems += _check_evidence(evidence, body)
    if item.source == "llm":
        return problems + _check_model_item(item, body)
    checker = {"fill": _check_fill, "single": _check_single, "true_false": _check_true_false,
               "multiple": _check_multiple}[item.type]
    return problems + checker(item, body)


def _check_evidence(evidence: Evidence, body: str) -> list[str]:
    problems = []
    if _norm(evidence.original) not in body:
        problems.append("陈述不在条款中")
    if evidence.lead and _norm(evidence.lead) not in body:
        problems.append("引导语不在条款中")
    if evidence.key and evidence.key not in evidence.original:
        problems.append("答案要点不在条款陈述中")
    return problems


def _check_fill(item: QuizItem, body: str) -> list[str]:
    evidence = item.evidence[0]
    problems = []
    if evidence.key != item.answer:
        problems.append("答案与要点不一致")
    if evidence.shown.replace(BLANK, item.answer, 1) != evidence.original:
        problems.append("填入答案后与条文不一致")
    if not all(part in item.stem for part in re.split("（　　）|：", evidence.shown) if part):
        problems.append("题干未包含该陈述")
    if item.answer and item.answer in item.stem:
        problems.append("题干泄露了答案")
    return problems


def _check_single(item: QuizItem, body: str) -> list[str]:
    evidence = item.evidence[0]
    key = item.options.get(item.answer)
    problems = _check_fill(item.__class__(**{**item.__dict__, "answer": key or ""}), body)
    values = list(item.options.values())
    if len(set(values)) != len(values) or len(values) < 3:
        problems.append("选项重复或不足")
    for letter, text in item.options.items():
        if letter == item.answer:
            continue
        if text in evidence.original or _norm(evidence.shown.replace(BLANK, text, 1)) in body:
            problems.append(f"干扰项{letter}也符合条文")
        elif key and (key in text or text in key):
            problems.append(f"干扰项{letter}与答案重叠")
    return problems


def _single_difference(shown: str, original: str) -> tuple[str, str]:
    """(original part, shown part) of the one contiguous place where the two texts differ."""
    start = 0
    while start < min(len(shown), len(original)) and shown[start] == original[start]:
        start += 1
    end = 0
    while end < min(len(shown), len(original)) - start and shown[-1 - end] == original[-1 - end]:
        end += 1
    return original[start:len(original) - end], shown[start:len(shown) - end]


def _check_false_statement(evidence: Evidence, body: str) -> list[str]:
    if evidence.shown == evidence.original:
        return ["错误陈述与条文相同"]
    if _norm(evidence.shown) in body:
        return ["错误陈述实际出现在条款中"]
    removed, added = _single_difference(evidence.shown, evidence.original)
    if not removed or removed not in evidence.key or added not in evidence.replacement:
        return ["错误陈述与条文的差异不只是被替换的要点"]
    if evidence.replacement in evidence.original:
        return ["替换值也出现在该陈述中"]
    return []


def _check_true_false(item: QuizItem, body: str) -> list[str]:
    evidence = item.evidence[0]
    problems = [] if evidence.shown in item.stem else ["题干未包含该陈述"]
    if item.answer == "对":
        return problems + ([] if evidence.true and evidence.shown == evidence.original else ["正确陈述与条文不符"])
    if item.answer != "错" or evidence.true:
        return problems + ["判断题答案无效"]
    return problems + _check_false_statement(evidence, body)


def _check_multiple(item: QuizItem, body: str) -> list[str]:
    problems: list[str] = []
    if len(item.evidence) != len(item.options):
        return ["选项与依据数量不一致"]
    expected = ""
    for (letter, text), evidence in zip(item.options.items(), item.evidence):
        if text != evidence.shown:
            problems.append(f"选项{letter}与依据不一致")
        if evidence.true:
            expected += letter
            if evidence.shown != evidence.original:
                problems.append(f"选项{letter}应与条文一致")
        else:
            problems += _check_false_statement(evidence, body)
    if expected != item.answer or len(expected) < 2 or len(expected) == len(item.options):
        problems.append("多选题答案无效")
    return problems


def _check_model_item(item: QuizItem, body: str) -> list[str]:
    """A model's item: its key is stated in the quoted sentence of the clause; no wrong option is."""
    evidence = item.evidence[0]
    problems = [] if item.stem and BLANK not in item.answer else ["题干为空"]
    if item.type == "single":
        key = item.options.get(item.answer, "")
        quote = _norm(evidence.original)
        if len(item.options) < 3 or len(set(item.options.values())) != len(item.options):
            problems.append("选项重复或不足")
        if not key or _norm(key) not in quote:
            problems.append("正确答案在所引条文中找不到依据")
        elif _norm(key) in _norm(item.stem):
            problems.append("题干泄露了答案")
        problems += [f"干扰项{k}也出现在所引条文中" for k, v in item.options.items()
                     if k != item.answer and _norm(v) and _norm(v) in quote]
    elif _norm(item.answer) in _norm(item.stem) and item.type == "fill":
        problems.append("题干泄露了答案")
    return problems
