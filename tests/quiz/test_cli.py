"""`assistant quiz …` end to end: generate (folder and indexed title), review, open, answer, results, export."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app

pytestmark = pytest.mark.integration
runner = CliRunner()


def _invoke(*args: str):
    return runner.invoke(app, list(args))


def test_generate_json_from_a_folder_without_ingest(home, shared_corpus):
    result = _invoke("quiz", "generate", "--source", str(shared_corpus / "regulations"), "-n", "20",
                     "--seed", "3", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert len(payload["items"]) == 20 and payload["meta"]["emitted"] == 20
    assert payload["meta"]["generated"] - payload["meta"]["discarded"] == 20
    item = payload["items"][0]
    assert set(item) == {"id", "type", "stem", "options", "answer", "explanation", "citation", "topic",
                         "difficulty"}
    again = json.loads(_invoke("quiz", "generate", "--source", str(shared_corpus / "regulations"), "-n", "20",
                               "--seed", "3", "--json").stdout)
    assert again["items"] == payload["items"]


def test_generate_from_an_indexed_title_and_bad_sources(home, shared_corpus, tmp_path):
    from assistant.knowledge.ingest import ingest_paths

    ingest_paths([shared_corpus / "regulations" / "guding_zichan_daikuan_2024.md"])
    result = _invoke("quiz", "generate", "--source", "《固定资产贷款管理办法》", "-n", "5", "--json")
    assert result.exit_code == 0, result.output
    assert {i["citation"]["doc_title"] for i in json.loads(result.stdout)["items"]} == {"固定资产贷款管理办法"}
    missing = _invoke("quiz", "generate", "--source", "没有这个文档", "-n", "5")
    assert missing.exit_code == 1 and "找不到资料" in missing.output
    (tmp_path / "note.txt").write_text("今天走访客户，一切正常。\n", encoding="utf-8")
    empty = _invoke("quiz", "generate", "--source", str(tmp_path / "note.txt"), "-n", "5")
    assert empty.exit_code == 1 and "没有可出题的条款" in empty.output
    too_many = _invoke("quiz", "generate", "--source", "固定资产贷款管理办法", "-n", "500")
    assert too_many.exit_code == 1 and "最多能生成" in too_many.output


def test_review_session_and_exports(home, shared_corpus, tmp_path):
    source = str(shared_corpus / "regulations")
    items = json.loads(_invoke("quiz", "generate", "--source", source, "-n", "4", "--save", "--json").stdout)["items"]
    listed = json.loads(_invoke("quiz", "review", "list", "--json").stdout)
    assert {i["id"] for i in listed} == {i["id"] for i in items} and {i["status"] for i in listed} == {"pending"}
    assert _invoke("quiz", "review", "approve", *[i["id"] for i in items[:3]]).exit_code == 0
    assert _invoke("quiz", "review", "reject", items[3]["id"], "--reason", "重复").exit_code == 0
    bad_edit = _invoke("quiz", "review", "edit", items[0]["id"], "--options", "not json")
    assert bad_edit.exit_code == 1 and "JSON" in bad_edit.output
    session_id = _invoke("quiz", "open", "--title", "十一月测验", "--time-limit", "30").stdout.strip()
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({i["id"]: i["answer"] for i in items[:3]}, ensure_ascii=False), encoding="utf-8")
    done = _invoke("quiz", "answer", session_id, "--trainee", "王磊", "--answers", str(answers))
    assert done.exit_code == 0 and "3/3" in done.output
    twice = _invoke("quiz", "answer", session_id, "--trainee", "王磊", "--answers", str(answers))
    assert twice.exit_code == 1 and "不能重复作答" in twice.output
    report = json.loads(_invoke("quiz", "results", session_id, "--json").stdout)
    assert report["trainees"][0]["score"] == 3
    assert _invoke("quiz", "export", "--session", session_id, "-o", str(tmp_path / "r.xlsx")).exit_code == 0
    assert _invoke("quiz", "export", "--session", session_id, "--keys", "-o", str(tmp_path / "q.docx")).exit_code == 0
    assert (tmp_path / "r.xlsx").stat().st_size > 0 and (tmp_path / "q.docx").stat().st_size > 0
    assert _invoke("quiz", "close", session_id).exit_code == 0
    late = _invoke("quiz", "answer", session_id, "--trainee", "李娜", "--answers", str(answers))
    assert late.exit_code == 1 and "已结束" in late.output
