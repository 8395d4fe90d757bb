"""ChatService on a real SQLite database: input checks, conversations, owners, follow-ups, streaming."""

from __future__ import annotations

import pytest

from assistant.errors import NotFound, TooLarge, UserError
from assistant.security.scope import Scope

pytestmark = pytest.mark.integration

WANG = Scope(username="wanglei", role="officer", branch="城东支行", officer_code="o_wanglei")
ZHANG = Scope(username="zhangwei", role="officer", branch="城西支行", officer_code="o_zhangwei")


@pytest.mark.parametrize("question, message", [
    ("", "问题不能为空"), ("   \n\t ", "问题不能为空"),
    ("次级类\x00多久", "二进制数据"), ("次级类\x07多久", "控制字符"),
    (b"\xff\xfe", "二进制数据"), ("？？？！！。。。", "只有标点或符号"), ("……", "只有标点或符号"),
])
def test_bad_questions_are_refused_with_chinese_messages(service, question, message):
    with pytest.raises(UserError, match=message):
        service.ask(question)


def test_too_long_question(service, monkeypatch):
    with pytest.raises(TooLarge, match="最多允许 2000 个字符"):
        service.ask("次" * 2001)
    monkeypatch.setattr(service.settings, "max_question_chars", 10)
    with pytest.raises(TooLarge, match="共 11 个字符"):
        service.ask("次级类客户多久现场检查")


def test_conversation_is_kept_in_the_database_across_services(service, retriever):
    from assistant.answering.service import ChatService

    first = service.ask("次级类客户多久现场检查一次？", scope=WANG)
    other_worker = ChatService(retriever=retriever)
    follow = other_worker.ask("那关注类呢？", conversation_id=first.conversation_id, scope=WANG)
    assert follow.conversation_id == first.conversation_id
    assert follow.resolved_question == "关注类客户多久现场检查一次？"
    assert "每季度" in follow.answer
    turns = other_worker.store.turns(first.conversation_id, WANG)
    assert [t.question for t in turns] == ["次级类客户多久现场检查一次？", "那关注类呢？"]
    assert turns[0].citations[0].article == "第八条"


def test_unknown_and_foreign_conversations_are_not_found(service):
    with pytest.raises(NotFound, match="会话不存在"):
        service.ask("次级类多久检查？", conversation_id="no-such-id", scope=WANG)
    mine = service.ask("次级类客户多久现场检查一次？", scope=WANG)
    with pytest.raises(NotFound, match="会话不存在"):
        service.ask("那关注类呢？", conversation_id=mine.conversation_id, scope=ZHANG)


def test_sources_follow_up_quotes_the_full_article(service, retriever):
    first = service.ask("逾期多少天算不良？", scope=WANG)
    sources = service.ask("这条出自哪里？", conversation_id=first.conversation_id, scope=WANG)
    full = retriever.chunk(first.citations[0].chunk_id).text
    assert sources.citations[0].quote == full
    assert full in sources.answer and "第十一条" in sources.answer
    again = service.ask("依据是什么", conversation_id=first.conversation_id, scope=WANG)
    assert again.citations[0].chunk_id == first.citations[0].chunk_id


def test_more_follow_up_gives_further_evidence_then_says_none_is_left(service):
    first = service.ask("现场检查要核实哪些内容？", scope=WANG)
    seen = {c.chunk_id for c in first.citations}
    more = service.ask("还有呢？", conversation_id=first.conversation_id, scope=WANG)
    assert more.resolved_question == "现场检查要核实哪些内容？"
    assert more.citations and not seen & {c.chunk_id for c in more.citations}
    assert "check-8" in {c.chunk_id for c in more.citations}
    for _ in range(4):
        more = service.ask("还有呢？", conversation_id=first.conversation_id, scope=WANG)
    assert "没有更多" in more.answer and not more.citations


def test_case_notes_outside_the_branch_are_not_searched(service):
    west = service.ask("华瑞建材仓库存货情况？", scope=ZHANG)
    east = service.ask("华瑞建材仓库存货情况？", scope=WANG)
    assert "note-1" not in west.evidence_ids and "note-1" in east.evidence_ids


def test_grounded_stream_events(service):
    events = list(service.stream("次级类客户多久现场检查一次？", scope=WANG))
    kinds = [e["type"] for e in events]
    assert kinds[0] == "meta" and kinds[-2:] == ["citations", "done"]
    assert kinds.count("delta") >= 2 and "replace" not in kinds
    done = events[-1]
    assert "".join(e["text"] for e in events if e["type"] == "delta") == done["answer"]
    assert done["conversation_id"] == events[0]["conversation_id"] and done["backend"] == "grounded"
    assert events[-2]["citations"] == done["citations"]


def test_a_borrower_known_only_from_a_case_note_is_answered_from_that_note(home):
    """No record holds 青石建材 (the desk says so), but the knowledge base has the officer's note about it:
    searched with the borrower's name, the note answers; the rest of the question alone (逾期多少天) would
    have found the overdue rules."""
    from assistant.answering.fake_retriever import InMemoryRetriever
    from assistant.answering.service import ChatService
    from assistant.knowledge.types import Chunk
    from tests.answering.sample_rules import sample_chunks

    note = Chunk("n1", "note1", "青石建材有限公司贷后检查记录（2026年11月）",
                 "截至11月20日，青石建材的流动资金贷款已逾期45天，客户经理已两次上门催收。", "case_note")
    service = ChatService(retriever=InMemoryRetriever([*sample_chunks(), note]))
    answer = service.ask("青石建材有限公司的贷款逾期多少天了？")
    assert answer.answer.startswith("在您可查看的借款人中没有找到问题所说的借款人")
    assert "逾期45天" in answer.answer and answer.citations[0].doc_title.startswith("青石建材")
    rules = service.ask("青松建材有限公司的贷款逾期多少天了？")  # no file about 青松建材: no note answers
    assert "45天" not in rules.answer
