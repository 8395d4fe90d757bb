"""Ingest against the real index: skip unchanged, replace changed, remove vanished, isolate bad files, one commit."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from assistant.errors import NotFound, TooLarge, UserError
from assistant.knowledge.index import KnowledgeIndex
from assistant.knowledge.ingest import doc_id_for, ingest_bytes, ingest_paths, normalise_path, remove_document
from tests.knowledge.test_loaders import make_docx, make_pdf

pytestmark = pytest.mark.integration

RULE = "# 示范银行贷后检查细则\n\n## 第一章　总则\n\n第一条　为规范贷后检查，制定本细则。\n\n第二条　次级类贷款至少每月现场检查一次。\n"
NOTE = "---\ntitle: 恒达机械走访记录\nsource_type: case_note\nborrower_id: B001\n---\n走访恒达机械，车间开工正常。\n"


@pytest.fixture
def library(tmp_path, home, shared_corpus):
    folder = tmp_path / "library"
    shutil.copytree(shared_corpus / "regulations", folder / "regulations")
    (folder / "rules").mkdir()
    (folder / "rules" / "细则.md").write_text(RULE, encoding="utf-8")
    (folder / "rules" / "检查细则.docx").write_bytes(make_docx(["第一条　本细则适用于城东支行。", "第二条　每季检查。"]))
    (folder / "rules" / "办法.pdf").write_bytes(make_pdf(["第一条　为规范贷后管理，制定本办法。", "第二条　逾期超过90天归为次级类。"]))
    return folder


def test_ingest_then_reingest_update_and_remove(library):
    first = ingest_paths([library])
    assert len(first.added) == 7 and not first.errors and first.chunks_written > 200
    index = KnowledgeIndex()
    documents = index.documents()
    rule_id = doc_id_for(library / "rules" / "细则.md")
    assert documents[rule_id].title == "示范银行贷后检查细则" and documents[rule_id].source_type == "internal_rule"
    assert index.chunk(f"{rule_id}:0001").article == "第二条"
    generation = index.generation

    again = ingest_paths([library])
    assert len(again.unchanged) == 7 and not (again.added or again.updated or again.removed)
    assert KnowledgeIndex().generation == generation  # nothing to commit

    (library / "rules" / "细则.md").write_text(RULE + "\n第三条　本细则自2026年1月1日起施行。\n", encoding="utf-8")
    (library / "rules" / "办法.pdf").unlink()
    changed = ingest_paths([library])
    assert changed.updated == [normalise_path(library / "rules" / "细则.md")]
    assert changed.removed == [normalise_path(library / "rules" / "办法.pdf")]
    documents = KnowledgeIndex().documents()
    assert documents[rule_id].chunk_count == 3 and documents[rule_id].effective_date == "2026-01-01"
    assert doc_id_for(library / "rules" / "办法.pdf") not in documents


def test_ingesting_one_file_does_not_remove_its_neighbours(library):
    ingest_paths([library])
    (library / "rules" / "检查细则.docx").unlink()
    report = ingest_paths([library / "rules" / "细则.md"])
    assert report.unchanged and not report.removed
    assert doc_id_for(library / "rules" / "检查细则.docx") in KnowledgeIndex().documents()


def test_bad_files_are_reported_and_the_rest_ingested(library):
    rules = library / "rules"
    (rules / "empty.md").write_bytes(b"")
    (rules / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    (rules / "corrupt.pdf").write_bytes(b"%PDF-1.4 garbage")
    (rules / "corrupt.docx").write_bytes(b"PK\x03\x04 garbage")
    (rules / "data.xyz").write_text("x", encoding="utf-8")
    report = ingest_paths([library])
    failed = {path.rsplit("/", 1)[-1]: message for path, message in report.errors}
    assert set(failed) == {"empty.md", "binary.txt", "corrupt.pdf", "corrupt.docx", "data.xyz"}
    assert all(name in message for name, message in failed.items())
    assert "文件为空" in failed["empty.md"] and "PDF 已损坏" in failed["corrupt.pdf"]
    assert len(report.added) == 7
    documents = KnowledgeIndex().documents()
    assert not any(doc_id_for(rules / name) in documents for name in failed)


def test_a_file_that_turns_bad_keeps_its_previous_version(library):
    ingest_paths([library])
    path = library / "rules" / "检查细则.docx"
    before = KnowledgeIndex().documents()[doc_id_for(path)]
    path.write_bytes(b"PK\x03\x04 now corrupt")
    report = ingest_paths([library])
    assert [p for p, _ in report.errors] == [normalise_path(path)] and not report.removed
    assert KnowledgeIndex().documents()[doc_id_for(path)] == before


def test_a_failed_commit_leaves_the_previous_index_usable(library, monkeypatch):
    ingest_paths([library / "regulations"])
    index = KnowledgeIndex()
    documents, generation = index.documents(), index.generation

    def crash(self, changes):
        raise RuntimeError("disk full")

    monkeypatch.setattr(KnowledgeIndex, "apply", crash)
    with pytest.raises(RuntimeError):
        ingest_paths([library])
    monkeypatch.undo()
    reader = KnowledgeIndex()
    assert reader.documents() == documents and reader.generation == generation
    assert reader.chunk(next(iter(documents)) + ":0001") is not None


def test_type_and_branch_options_and_front_matter(library):
    notes = library / "notes"
    notes.mkdir()
    (notes / "走访.md").write_text(NOTE, encoding="utf-8")
    report = ingest_paths([notes], source_type="article", branch="城东支行")
    assert len(report.added) == 1
    record = KnowledgeIndex().documents()[doc_id_for(notes / "走访.md")]
    assert (record.source_type, record.branch, record.borrower_id) == ("case_note", "城东支行", "B001")
    chunk = KnowledgeIndex().chunk(f"{record.doc_id}:0000")
    assert chunk.branch == "城东支行" and chunk.source_type == "case_note"
    assert ingest_paths([notes], branch="城西支行").updated  # a new branch is a change even for the same bytes


def test_ingest_bytes_and_remove_document(home):
    from assistant.config import get_settings

    settings = get_settings()
    report = ingest_bytes("上传细则.docx", make_docx(["第一条　上传的细则。", "第二条　每月检查。"]))
    stored = settings.uploads_dir / "上传细则.docx"
    assert stored.is_file() and report.added == [normalise_path(stored)]
    with pytest.raises(UserError, match="损坏.pdf"):
        ingest_bytes("损坏.pdf", b"%PDF broken")
    assert not (settings.uploads_dir / "损坏.pdf").exists()
    with pytest.raises(TooLarge):
        ingest_bytes("大.txt", b"x" * (settings.max_upload_bytes + 1))
    removed = remove_document(doc_id_for(stored))
    assert removed.title and not stored.exists() and not KnowledgeIndex().documents()
    with pytest.raises(NotFound):
        remove_document("nope")


def test_cli_ingest_summary_json_and_exit_codes(library, tmp_path):
    from assistant.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(library / "rules")])
    assert result.exit_code == 0, result.output
    assert "新增 3，更新 0，未变 0，删除 0，失败 0" in result.output
    (tmp_path / "bad.xyz").write_text("x", encoding="utf-8")
    mixed = runner.invoke(app, ["ingest", str(library / "rules"), str(tmp_path / "bad.xyz"), "--json"])
    payload = json.loads(mixed.stdout)
    assert mixed.exit_code == 0 and len(payload["unchanged"]) == 3 and payload["errors"][0]["path"].endswith("bad.xyz")
    all_bad = runner.invoke(app, ["ingest", str(tmp_path / "bad.xyz")])
    assert all_bad.exit_code != 0 and "失败 1" in all_bad.output and "bad.xyz" in all_bad.output
    assert runner.invoke(app, ["ingest"]).exit_code != 0
    assert runner.invoke(app, ["ingest", str(library), "--type", "policy"]).exit_code != 0


def test_a_file_cut_by_an_older_chunker_is_read_again(home, tmp_path, monkeypatch):
    """The record keeps the chunker's version with the file's digest: after a chunker change (decimal clauses)
    the same unchanged file is re-cut on its next ingest instead of being skipped as unchanged."""
    from assistant.knowledge import ingest

    path = tmp_path / "细则.md"
    path.write_text(RULE, encoding="utf-8")
    monkeypatch.setattr(ingest, "CHUNKING_VERSION", "1")
    assert len(ingest_paths([path]).added) == 1
    assert len(ingest_paths([path]).unchanged) == 1
    monkeypatch.setattr(ingest, "CHUNKING_VERSION", "2")
    assert ingest_paths([path]).updated == [normalise_path(path)]
    assert len(ingest_paths([path]).unchanged) == 1


def test_a_file_indexed_with_an_older_dictionary_is_read_again(home, tmp_path, monkeypatch):
    """Index terms depend on the domain dictionary (续贷 is one word only once it lists it): a new dictionary
    makes the unchanged file's next ingest re-read it."""
    from assistant.knowledge import ingest, lexicon

    path = tmp_path / "细则.md"
    path.write_text(RULE, encoding="utf-8")
    monkeypatch.setattr(lexicon, "lexicon_version", lambda: "old")
    assert len(ingest_paths([path]).added) == 1
    assert len(ingest_paths([path]).unchanged) == 1
    monkeypatch.setattr(lexicon, "lexicon_version", lambda: "new")
    assert ingest_paths([path]).updated == [normalise_path(path)]
