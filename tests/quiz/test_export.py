"""Exports: results workbook read back with openpyxl, quiz documents read back with python-docx."""

from __future__ import annotations

import pytest
from docx import Document
from openpyxl import load_workbook

from assistant.quiz import sessions
from assistant.quiz.export import quiz_to_docx, results_to_xlsx
from assistant.quiz.generator import generate_quiz

pytestmark = pytest.mark.integration


def test_results_workbook_has_scores_topics_and_details(home, regulation_chunks, tmp_path):
    items = generate_quiz(regulation_chunks, 6, seed=2).items
    session_id = sessions.open_session("测验", "trainer1", items)
    sessions.submit_answers(session_id, "王磊", {i.id: i.answer for i in items})
    path = results_to_xlsx(sessions.results(session_id), tmp_path / "成绩.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["成绩", "按主题", "明细"]
    assert list(book["成绩"].iter_rows(min_row=2, values_only=True))[0][:3] == ("王磊", 6, 6)
    details = list(book["明细"].iter_rows(min_row=2, values_only=True))
    assert len(details) == 6 and all(row[7] == "是" and row[8].startswith("《") for row in details)


def test_quiz_document_with_and_without_keys(regulation_chunks, tmp_path):
    items = generate_quiz(regulation_chunks, 8, seed=4).items
    plain = "\n".join(p.text for p in Document(quiz_to_docx(items, tmp_path / "q.docx")).paragraphs)
    keyed = "\n".join(p.text for p in Document(quiz_to_docx(items, tmp_path / "k.docx", with_keys=True)).paragraphs)
    assert "答案：" not in plain and "解析：" not in plain
    assert keyed.count("答案：") == len(items) and keyed.count("出处：《") == len(items)
    for item in items:
        assert item.stem in plain
    assert "一、单选题" in plain
