"""`assistant meeting select|decide|draft` through the real command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

pytestmark = pytest.mark.integration


def _run(*args):
    from assistant.cli import app

    return CliRunner().invoke(app, ["meeting", *args])


def test_select_decide_and_draft(sample_db, tmp_path):
    result = _run("select", "--date", "2026-12-08", "--branch", "城西支行", "--json")
    assert result.exit_code == 0
    assert "B023" in [i["borrower_id"] for i in json.loads(result.stdout)["items"]]
    bad = _run("decide", "--date", "2026-12-08", "--branch", "城西支行", "--borrower", "B023",
               "--action", "冻结", "--department", "公司部", "--person", "刘洋", "--deadline", "2026-12-31")
    assert bad.exit_code == 1 and "未知的措施" in bad.stderr
    ok = _run("decide", "--date", "2026-12-08", "--branch", "城西支行", "--borrower", "B023",
              "--action", "压缩信用余额", "--department", "公司部", "--person", "刘洋", "--deadline", "2026-12-31")
    assert ok.exit_code == 0 and json.loads(ok.stdout)[0]["status"] == "open"
    for fmt in ("md", "docx"):
        out = tmp_path / f"minutes.{fmt}"
        done = _run("draft", "--date", "2026-12-08", "--branch", "城西支行", "--format", fmt, "-o", str(out))
        assert done.exit_code == 0 and out.stat().st_size > 1000
    assert "压缩信用余额" in (tmp_path / "minutes.md").read_text(encoding="utf-8")
    unknown = _run("draft", "--date", "2026-12-08", "--branch", "不存在", "--format", "md")
    assert unknown.exit_code == 1 and "未知的机构" in unknown.stderr
