"""User edits of a draft: validation and how they replace the drafted statements (pure functions)."""

from __future__ import annotations

import pytest

from assistant.drafting.edits import apply_edits, parse_edits
from assistant.errors import UserError

pytestmark = pytest.mark.unit

VIEW = {"title": "T", "sections": [
    {"title": "基本情况", "heading": "一、基本情况", "tables": [],
     "statements": [{"text": "甲公司成立于2010年。", "kind": "fact", "cites": []},
                    {"text": "分类为关注。", "kind": "rule", "cites": ["《办法》第十二条"]}]},
    {"title": "结论与措施", "heading": "九、结论与措施", "tables": [],
     "statements": [{"text": "继续监测。", "kind": "measure", "cites": []}]},
]}


def test_edited_section_replaces_text_keeps_cites_of_unchanged_paragraphs_and_others_untouched():
    edits = parse_edits([{"title": "一、基本情况", "paragraphs": [" 甲公司成立于2010年，已核实。", "", "分类为关注。"]}])
    view, changed = apply_edits(VIEW, edits)
    first, last = view["sections"]
    assert [s["text"] for s in first["statements"]] == ["甲公司成立于2010年，已核实。", "分类为关注。"]
    assert first["statements"][1]["cites"] == ["《办法》第十二条"] and first["statements"][0]["cites"] == []
    assert last == VIEW["sections"][1] and changed == ["基本情况"]


def test_same_text_is_not_an_edit_and_nbsp_or_control_characters_are_cleaned():
    edits = parse_edits([{"title": "结论与措施", "paragraphs": ["继续\x07监测。\u00a0"]}])
    assert apply_edits(VIEW, edits)[1] == []


@pytest.mark.parametrize("sections, message", [
    ([{"title": "财务附注", "paragraphs": []}], "未知的报告章节"),
    ([{"title": "基本情况", "paragraphs": [1]}], "第 1 段应为文字"),
    ([{"title": t, "paragraphs": ["字" * 5000] * 11} for t in ("担保情况", "征信及涉诉")], "报告正文过长"),
])
def test_bad_edits_are_refused_with_422(sections, message):
    with pytest.raises(UserError) as caught:
        parse_edits(sections)
    assert caught.value.status == 422 and message in caught.value.message
