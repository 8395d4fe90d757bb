"""`assistant borrowers import|list|show` through the real CLI app, on the test's SQLite database."""

from __future__ import annotations

import copy
import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from tests.records.conftest import SAMPLE_JSON, write_json

pytestmark = pytest.mark.integration


@pytest.fixture
def cli(home):
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return run


def test_import_list_show(cli):
    result = cli("borrowers", "import", str(SAMPLE_JSON))
    assert result.exit_code == 0, result.output
    assert "导入完成：新增借款人32户" in result.output
    rows = json.loads(cli("borrowers", "list", "--json").stdout)
    assert len(rows) == 32
    assert all(list(row) == ["id", "name", "branch", "classification", "balance", "overdue_days"] for row in rows)
    assert rows[5] == {"id": "B006", "name": "宏图房地产开发有限公司", "branch": "城东支行", "classification": "损失",
                       "balance": 40000000.0, "overdue_days": 400}
    detail = json.loads(cli("borrowers", "show", "B004", "--json").stdout)
    assert detail["id"] == "B004" and detail["loans"][0]["overdue_days"] == 95
    assert {s["code"] for s in detail["signals"]} >= {"classification_too_optimistic", "overdue"}
    assert detail["classification_advice"]["suggested"] == "次级"
    text = cli("borrowers", "show", "B004").stdout
    assert "风险分类建议：次级" in text and "《商业银行金融资产风险分类办法》第十一条" in text


def test_import_errors_exit_non_zero_and_change_nothing(cli, tmp_path):
    data = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    bad = copy.deepcopy(data)
    bad[0]["loans"][0]["classification"] = ""
    result = cli("borrowers", "import", str(write_json(tmp_path / "bad.json", bad)))
    assert result.exit_code != 0
    assert "导入失败：发现1处错误，未导入任何数据" in result.stderr
    assert "第1个借款人（B001）的「贷款」第1条「风险分类」（classification）：必填，不能为空" in result.stderr
    assert json.loads(cli("borrowers", "list", "--json").stdout) == []
    as_json = cli("borrowers", "import", str(tmp_path / "bad.json"), "--json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["imported"] is False


def test_show_unknown_and_out_of_scope_borrower(cli):
    from assistant.db import session_scope
    from assistant.security.users import add_user

    cli("borrowers", "import", str(SAMPLE_JSON))
    with session_scope() as session:
        add_user(session, "zhangwei", "officer", "城西支行", officer_code="o_zhangwei")
    unknown = cli("borrowers", "show", "B999")
    assert unknown.exit_code == 1 and "未找到借款人 B999，或您无权查看该借款人" in unknown.stderr
    hidden = cli("--as", "zhangwei", "borrowers", "show", "B001")
    assert hidden.exit_code == 1 and "未找到借款人 B001，或您无权查看该借款人" in hidden.stderr
    own = json.loads(cli("--as", "zhangwei", "borrowers", "list", "--json").stdout)
    assert [row["id"] for row in own] == ["B007", "B008", "B011", "B019", "B027", "B032"]
    refused = cli("--as", "zhangwei", "borrowers", "import", str(SAMPLE_JSON))
    assert refused.exit_code == 1 and "只有管理员可以导入借款人档案" in refused.stderr
