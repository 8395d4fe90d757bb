"""The same rule book under two names (a .docx and the .pdf printed from it, a .md and its .txt copy) is stored
once, and its citations list both files; a revised version is not merged; removing the file that holds the
text hands it to the copy."""

from __future__ import annotations

import pytest

from assistant.answering.service import ChatService
from assistant.knowledge.index import KnowledgeIndex
from assistant.knowledge.ingest import doc_id_for, ingest_paths, remove_document
from assistant.knowledge.office import libreoffice
from tests.knowledge.test_loaders import make_docx

pytestmark = pytest.mark.integration

TITLE = "示范农商行贷后检查细则"
ARTICLES = ["第一条　为规范贷后检查工作，制定本细则。",
            "第二条　次级类贷款，客户经理至少每月开展一次现场检查，并形成检查报告。",
            "第三条　借款人出现欠息或被起诉的，客户经理应在三个工作日内报告风险管理部门。"]
MARKDOWN = f"# {TITLE}\n\n" + "\n\n".join(ARTICLES) + "\n"
PLAIN = f"{TITLE}\n" + "\n".join(a.replace("　", " ") for a in ARTICLES) + "\n\n- 2 -\n"


def _stored_chunks(index: KnowledgeIndex, doc_id: str) -> int:
    return sum(1 for chunk in index.chunks() if chunk.doc_id == doc_id)


@pytest.fixture
def copies(tmp_path, home):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "细则.md").write_text(MARKDOWN, encoding="utf-8")
    (folder / "细则（打印稿）.txt").write_text(PLAIN, encoding="utf-8")
    return folder


def test_two_copies_are_stored_once_and_cited_with_both_files(copies):
    report = ingest_paths([copies])
    assert not report.errors and len(report.added) == 2 and len(report.duplicates) == 1
    index = KnowledgeIndex()
    holder, copy = doc_id_for(copies / "细则.md"), doc_id_for(copies / "细则（打印稿）.txt")
    documents = index.documents()
    assert documents[copy].duplicate_of == holder and documents[copy].chunk_count == 0
    assert _stored_chunks(index, holder) == documents[holder].chunk_count > 0 and _stored_chunks(index, copy) == 0
    assert index.sources(holder) == ["细则.md", "细则（打印稿）.txt"]

    answer = ChatService().ask("次级类贷款多久现场检查一次？")
    assert not answer.refused and answer.citations
    assert all(c.sources == ("细则.md", "细则（打印稿）.txt") for c in answer.citations)
    assert answer.citations[0].as_json()["sources"] == ["细则.md", "细则（打印稿）.txt"]


def test_a_revised_version_is_a_document_of_its_own(copies):
    revised = MARKDOWN.replace("每月", "每两个月")
    (copies / "细则（修订）.md").write_text(revised, encoding="utf-8")
    report = ingest_paths([copies])
    assert len(report.duplicates) == 1  # only the .txt copy
    assert _stored_chunks(KnowledgeIndex(), doc_id_for(copies / "细则（修订）.md")) > 0


def test_same_articles_under_another_title_stay_two_documents(copies):
    """A branch that adopts the head office's articles word for word under its own name keeps its name:
    its clauses are cited and searched as its own."""
    (copies / "分行细则.md").write_text(MARKDOWN.replace(TITLE, "示范农商行城东支行贷后检查细则"), encoding="utf-8")
    report = ingest_paths([copies])
    assert len(report.duplicates) == 1  # only the .txt copy
    branch_copy = doc_id_for(copies / "分行细则.md")
    index = KnowledgeIndex()
    assert not index.documents()[branch_copy].duplicate_of and _stored_chunks(index, branch_copy) > 0


def test_the_copy_holds_the_text_when_the_holder_goes(copies):
    ingest_paths([copies])
    holder, copy = doc_id_for(copies / "细则.md"), doc_id_for(copies / "细则（打印稿）.txt")
    (copies / "细则.md").unlink()
    report = ingest_paths([copies])
    assert report.removed and not report.errors
    index = KnowledgeIndex()
    documents = index.documents()
    assert holder not in documents and not documents[copy].duplicate_of
    assert _stored_chunks(index, copy) == documents[copy].chunk_count > 0
    assert index.sources(copy) == ["细则（打印稿）.txt"]


def test_removing_the_holder_through_the_catalog_keeps_the_text(copies):
    ingest_paths([copies])
    holder, copy = doc_id_for(copies / "细则.md"), doc_id_for(copies / "细则（打印稿）.txt")
    remove_document(holder)
    index = KnowledgeIndex()
    assert _stored_chunks(index, copy) > 0 and not index.documents()[copy].duplicate_of


def test_changing_the_holder_gives_the_copy_its_own_chunks(copies):
    ingest_paths([copies])
    (copies / "细则.md").write_text(MARKDOWN + "\n第四条　本细则自发布之日起施行。\n", encoding="utf-8")
    report = ingest_paths([copies])
    assert not report.duplicates and not report.errors
    index = KnowledgeIndex()
    for name in ("细则.md", "细则（打印稿）.txt"):
        record = index.documents()[doc_id_for(copies / name)]
        assert not record.duplicate_of and _stored_chunks(index, record.doc_id) == record.chunk_count > 0


@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice is installed by scripts/system-deps.sh")
def test_a_docx_and_the_pdf_printed_from_it_are_one_document(tmp_path, home):
    from assistant.knowledge.office import convert

    folder = tmp_path / "book"
    folder.mkdir()
    docx = make_docx(ARTICLES, heading=TITLE)
    (folder / "细则.docx").write_bytes(docx)
    (folder / "细则.pdf").write_bytes(convert("细则.docx", docx, "pdf"))
    report = ingest_paths([folder])
    assert not report.errors and len(report.duplicates) == 1
    index = KnowledgeIndex()
    assert index.sources(doc_id_for(folder / "细则.docx")) == ["细则.docx", "细则.pdf"]
