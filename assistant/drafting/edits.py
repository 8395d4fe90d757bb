"""User edits of a draft 贷后检查报告: validated section texts that replace the system's statements on export."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.drafting.report import SECTIONS
from assistant.errors import UserError

MAX_PARAGRAPHS = 200            # per section
MAX_PARAGRAPH_CHARS = 5000
MAX_TOTAL_CHARS = 100_000       # all edited sections together
SECTION_TITLES = tuple(title for _, title in SECTIONS)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HEADING = re.compile(r"^[一二三四五六七八九十]+、")


@dataclass(frozen=True)
class SectionEdit:
    """The paragraphs a user wants in one section, in order (tables stay as drafted)."""

    title: str
    paragraphs: tuple[str, ...]


def _invalid(message: str) -> UserError:
    return UserError(message, status=422)


def _title(raw: Any) -> str:
    title = _HEADING.sub("", str(raw or "").strip())   # accept the heading form 「一、基本情况」 too
    if title not in SECTION_TITLES:
        raise _invalid(f"未知的报告章节「{str(raw)[:40]}」。可修改的章节：{'、'.join(SECTION_TITLES)}")
    return title


def _paragraphs(title: str, raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise _invalid(f"章节「{title}」的 paragraphs 应为文字段落的列表。")
    if len(raw) > MAX_PARAGRAPHS:
        raise _invalid(f"章节「{title}」的段落过多（{len(raw)} 段），每章最多 {MAX_PARAGRAPHS} 段。")
    out = []
    for number, text in enumerate(raw, start=1):
        if not isinstance(text, str):
            raise _invalid(f"章节「{title}」第 {number} 段应为文字。")
        text = _CONTROL.sub("", text.replace("\u00a0", " ")).strip()
        if len(text) > MAX_PARAGRAPH_CHARS:
            raise _invalid(f"章节「{title}」第 {number} 段过长（{len(text)} 字），每段最多 {MAX_PARAGRAPH_CHARS} 字。")
        if text:
            out.append(text)
    return tuple(out)


def parse_edits(sections: list[dict[str, Any]]) -> list[SectionEdit]:
    """Validated edits (422 with a Chinese message): known section titles, each at most once, size limits."""
    if not isinstance(sections, list) or not sections:
        raise _invalid("请至少提交一个章节的内容。")
    if len(sections) > len(SECTION_TITLES):
        raise _invalid(f"章节过多：报告共 {len(SECTION_TITLES)} 个章节。")
    edits: list[SectionEdit] = []
    for raw in sections:
        if not isinstance(raw, dict):
            raise _invalid("每个章节应为 {\"title\": 章节名, \"paragraphs\": [段落…]}。")
        title = _title(raw.get("title"))
        if any(edit.title == title for edit in edits):
            raise _invalid(f"章节「{title}」重复提交。")
        edits.append(SectionEdit(title, _paragraphs(title, raw.get("paragraphs"))))
    total = sum(len(p) for edit in edits for p in edit.paragraphs)
    if total > MAX_TOTAL_CHARS:
        raise _invalid(f"报告正文过长（{total} 字），最多 {MAX_TOTAL_CHARS} 字。")
    return edits


def apply_edits(view: dict[str, Any], edits: list[SectionEdit]) -> tuple[dict[str, Any], list[str]]:
    """The report view with edited sections' statements replaced, and the titles whose text really changed.

    A paragraph identical to a drafted statement keeps that statement's clause citations; new or changed
    paragraphs are printed as the user wrote them. Sections not submitted keep the system text."""
    by_title = {edit.title: edit for edit in edits}
    changed: list[str] = []
    sections = []
    for section in view["sections"]:
        edit = by_title.get(section["title"])
        if edit is None:
            sections.append(section)
            continue
        drafted = section["statements"]
        if list(edit.paragraphs) != [s["text"].strip() for s in drafted]:
            changed.append(section["title"])
        kept = {s["text"].strip(): s for s in drafted}
        statements = [kept.get(text) or {"text": text, "kind": "user", "cites": []} for text in edit.paragraphs]
        sections.append({**section, "statements": statements})
    return {**view, "sections": sections}, changed


def render_edited_docx(report, edits: list[SectionEdit], template=None) -> tuple[bytes, list[str]]:
    """The .docx of `report` with the user's section texts, and the titles of the sections that changed."""
    from assistant.drafting.render_docx import render_view_docx
    from assistant.drafting.render_md import report_view

    view, changed = apply_edits(report_view(report), edits)
    return render_view_docx(view, template), changed
