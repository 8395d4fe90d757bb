"""Prompt templates load by name and refuse missing or unknown variables."""

from __future__ import annotations

import pytest

from assistant.prompts import PromptError, load_prompt, render_prompt

pytestmark = pytest.mark.unit


def test_variables_are_declared_from_the_template():
    assert load_prompt("answer_user").variables == {"evidence", "question"}
    assert load_prompt("answer_system.j2").variables == {"evidence_count"}


def test_missing_and_unknown_variables_are_refused():
    with pytest.raises(PromptError, match="missing"):
        render_prompt("answer_user", question="问")
    with pytest.raises(PromptError, match="unknown"):
        render_prompt("answer_no_more", question="问", extra=1)


def test_unknown_template_is_an_error():
    with pytest.raises(PromptError, match="not found"):
        load_prompt("no_such_prompt")


def test_strict_undefined_attributes(tmp_path):
    (tmp_path / "t.j2").write_text("{{ item.missing }}", encoding="utf-8")
    prompt = load_prompt("t", str(tmp_path))
    with pytest.raises(Exception, match="missing"):
        prompt.render(item={})


def test_user_prompt_numbers_evidence_blocks():
    text = render_prompt("answer_user", question="次级类多久检查？",
                         evidence=[{"doc_title": "甲", "article": "第一条", "text": "甲文"},
                                   {"doc_title": "乙", "article": "第二条", "text": "乙文"}])
    assert '编号="1"' in text and '编号="2"' in text and "次级类多久检查？" in text
