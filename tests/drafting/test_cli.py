"""`assistant draft inspection ID --format md|docx -o FILE`: outputs, scope, and bad input."""

from __future__ import annotations

import io
import os

import pytest
from typer.testing import CliRunner

pytestmark = pytest.mark.integration


@pytest.fixture
def run(sample_home):
    from assistant.cli import app

    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args))

    return invoke


def test_markdown_and_docx_outputs(run, tmp_path):
    from docx import Document

    md, docx = tmp_path / "b003.md", tmp_path / "b003.docx"
    result = run("draft", "inspection", "B003", "--format", "md", "-o", str(md), "--date", "2026-11-24")
    assert result.exit_code == 0, result.output
    assert "华瑞建材有限公司贷后检查报告" in result.output
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# 华瑞建材有限公司贷后检查报告") and "## 九、结论与措施" in text
    result = run("draft", "inspection", "B003", "--format", "docx", "-o", str(docx))
    assert result.exit_code == 0, result.output
    assert any(p.text == "八、风险分类建议" for p in Document(io.BytesIO(docx.read_bytes())).paragraphs)


def test_drafts_are_audited_with_record_ids_and_hash(run, tmp_path):
    import hashlib

    from assistant.db import session_scope
    from assistant.security.audit import list_entries
    from assistant.security.scope import LOCAL_ADMIN

    out = tmp_path / "b006.docx"
    assert run("draft", "inspection", "B006", "--format", "docx", "-o", str(out)).exit_code == 0
    with session_scope() as session:
        entry = list_entries(session, LOCAL_ADMIN, limit=1)[0]
    assert entry["action"] == "export" and entry["target"] == "borrower:B006"
    assert entry["detail"]["output_sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert "loans:L00601" in entry["detail"]["record_ids"]


@pytest.mark.parametrize("args, message", [
    (("B999", "-o", "{tmp}/x.md"), "未找到借款人 B999，或您无权查看该借款人"),
    (("B001", "--format", "pdf", "-o", "{tmp}/x.pdf"), "--format 只能是 md 或 docx"),
    (("B001", "-o", "{tmp}/missing/x.md"), "输出目录不存在"),
    (("B001", "-o", "{tmp}"), "输出路径是一个目录"),
    (("B001", "--date", "2026/11/24", "-o", "{tmp}/x.md"), "日期格式应为 YYYY-MM-DD"),
])
def test_bad_input_gets_a_chinese_message(run, tmp_path, args, message):
    result = run("draft", "inspection", *(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == 1
    assert message in result.output
    assert not (tmp_path / "x.md").exists()


def test_officer_of_another_branch_gets_the_same_not_found(run, tmp_path):
    from assistant.db import session_scope
    from assistant.security.users import add_user

    with session_scope() as session:
        add_user(session, "wanglei_cli", "officer", "城东支行", officer_code="o_wanglei")
    other = run("--as", "wanglei_cli", "draft", "inspection", "B007", "-o", str(tmp_path / "x.md"))
    assert other.exit_code == 1 and "未找到借款人 B007，或您无权查看该借款人" in other.output
    own = run("--as", "wanglei_cli", "draft", "inspection", "B001", "-o", str(tmp_path / "x.md"))
    assert own.exit_code == 0, own.output


def test_write_failure_is_a_clear_error_even_for_root(run):
    result = run("draft", "inspection", "B001", "-o", "/proc/drafting-test.md")
    assert result.exit_code == 1
    assert "/proc/drafting-test.md" in result.output and ("无法写入文件" in result.output
                                                          or "没有写入权限" in result.output)
