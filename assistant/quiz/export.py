"""Exports: session results to .xlsx (openpyxl) and a quiz, with or without keys, to .docx (python-docx)."""

from __future__ import annotations

from pathlib import Path

from assistant.quiz.types import TYPE_NAMES, QuizItem

SECTION_ORDER = ("single", "multiple", "true_false", "fill")
CHINESE_ORDINALS = "一二三四"


def results_to_xlsx(results: dict, path: Path | str) -> Path:
    """Three sheets: 成绩 (per trainee), 按主题 (correct rate per topic), 明细 (every graded answer)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    scores = book.active
    scores.title = "成绩"
    scores.append(["答题人", "得分", "题数", "正确率", "提交时间"])
    for t in results["trainees"]:
        scores.append([t["trainee"], t["score"], t["total"], t["rate"], t["submitted_at"]])
    topics = book.create_sheet("按主题")
    topics.append(["主题", "答对次数", "作答次数", "正确率"])
    for topic in results["topics"]:
        topics.append([topic["topic"], topic["correct"], topic["answered"], topic["rate"]])
    details = book.create_sheet("明细")
    details.append(["答题人", "题号", "题型", "主题", "题干", "作答", "正确答案", "是否正确", "出处", "解析"])
    for t in results["trainees"]:
        for r in t["results"]:
            where = f"《{r['citation']['doc_title']}》{r['citation']['article']}"
            details.append([t["trainee"], r["item_id"], TYPE_NAMES.get(r["type"], r["type"]), r["topic"],
                            r["stem"], r["given"], r["answer"], "是" if r["correct"] else "否", where,
                            r["explanation"]])
    for sheet in (scores, topics, details):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    if isinstance(path, (str, Path)):
        path = Path(path)
    book.save(path)  # a path or a binary stream
    return path


def quiz_to_docx(items: list[QuizItem], path: Path | str, *, title: str = "贷后管理培训测验",
                 with_keys: bool = False) -> Path:
    """The quiz grouped by type; with keys, each item is followed by its answer, explanation and source."""
    from docx import Document

    document = Document()
    document.add_heading(title + ("（含答案）" if with_keys else ""), level=1)
    number = 0
    for section, kind in enumerate(k for k in SECTION_ORDER if any(i.type == k for i in items)):
        document.add_heading(f"{CHINESE_ORDINALS[section]}、{TYPE_NAMES[kind]}", level=2)
        for item in (i for i in items if i.type == kind):
            number += 1
            document.add_paragraph(f"{number}. {item.stem}")
            for letter, text in item.options.items():
                document.add_paragraph(f"{letter}. {text}", style="List Bullet")
            if with_keys:
                _add_key(document, item)
    if isinstance(path, (str, Path)):
        path = Path(path)
    document.save(path)  # a path or a binary stream
    return path


def _add_key(document, item: QuizItem) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run("答案：").bold = True
    paragraph.add_run(item.answer)
    document.add_paragraph(f"解析：{item.explanation}")
    document.add_paragraph(f"出处：《{item.citation.doc_title}》{item.citation.article}")
