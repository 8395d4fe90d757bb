"""`assistant users …` through the real CLI: add, token, list, disable, and --as / ASSISTANT_TOKEN."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.commands import common

pytestmark = pytest.mark.integration


@pytest.fixture
def run(home, monkeypatch):
    from assistant.config import reset_settings

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict | None = None):
        common.state.as_user = None
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        reset_settings()  # the CLI reads settings once per process
        return runner.invoke(app, list(args), input=input)

    return invoke


def test_add_list_token_disable(run):
    added = run("users", "add", "wanglei", "--role", "officer", "--branch", "城东支行",
                "--officer-code", "o_wanglei", "--password-stdin", input="long-password-1\n")
    assert added.exit_code == 0, added.output
    assert "已创建用户 wanglei" in added.output
    listed = json.loads(run("users", "list", "--json").stdout)
    assert listed == [{"username": "wanglei", "display_name": "wanglei", "role": "officer",
                       "branch": "城东支行", "officer_code": "o_wanglei", "disabled": False}]
    token = run("users", "token", "wanglei").stdout.strip()
    assert token.startswith("dh_")
    assert run("users", "disable", "wanglei").exit_code == 0
    assert json.loads(run("users", "list", "--json").stdout)[0]["disabled"] is True
    refused = run("users", "list", env={"ASSISTANT_TOKEN": token})
    assert refused.exit_code == 3 and "令牌无效" in refused.output


def test_non_admins_cannot_manage_users(run):
    run("users", "add", "lina", "--role", "officer", "--branch", "城东支行", "--officer-code", "o_lina")
    refused = run("--as", "lina", "users", "add", "evil", "--role", "admin")
    assert refused.exit_code == 3 and "只有管理员" in refused.output
    unknown = run("--as", "ghost", "users", "list")
    assert unknown.exit_code != 0 and "不存在" in unknown.output


def test_bad_input_gives_chinese_errors(run):
    bad = run("users", "add", "x1", "--role", "boss")
    assert bad.exit_code == 1 and "角色必须是" in bad.output
    short = run("users", "add", "x2", "--role", "risk", "--password-stdin", input="abc\n")
    assert short.exit_code == 1 and "密码至少" in short.output
