"""The chat about the caller's own borrowers on the real sample bank: records and rules in one cited answer,
scope (outside it = unknown), ambiguity, follow-ups, audit, API and /v1."""

from __future__ import annotations

import json
import re

import pytest

from assistant.security.scope import Scope
from tests.conftest import REPO_ROOT
from tests.support.openai_server import openai_server  # noqa: F401 - fixture

pytestmark = pytest.mark.integration

LINA = Scope("lina", "officer", "城东支行", "o_lina")
WANGLEI = Scope("wanglei", "officer", "城东支行", "o_wanglei")
HEAD_CHENGXI = Scope("head_chengxi", "head", "城西支行")
RISK = Scope("risk", "risk", "风险管理部")
TRAINER = Scope("trainer", "trainer")
EXTRA = REPO_ROOT / "evals" / "borrower_chat" / "extra_borrowers.json"


@pytest.fixture
def bank(home, monkeypatch):
    """The sample bank (rule books, case notes, 32 borrowers) plus 恒达物流 and 金穗粮油, on 2026-11-24."""
    from assistant.config import reset_settings
    from assistant.records.importer import import_file
    from assistant.sample import load_sample_bank

    monkeypatch.setenv("ASSISTANT_TODAY", "2026-11-24")
    reset_settings()
    load_sample_bank()
    import_file(EXTRA)
    return home


@pytest.fixture
def chat(bank):
    from assistant.answering.service import ChatService

    return ChatService()


def test_overdue_borrower_gets_record_facts_with_sources_and_rules_with_clauses(chat):
    answer = chat.ask("金穗农业科技有限公司逾期95天了，现在该怎么处理？", scope=LINA)
    text = answer.answer
    assert not answer.refused and answer.backend == "records"
    assert "贷款L00401（流动资金贷款）逾期95天" in text and "（记录：贷款台账 2026-11-24）" in text
    assert "逾期利息50,798.61元" in text
    # the rules that apply, each with its clause and a quote of it from the knowledge base
    assert "《示范银行贷后管理实施细则》第三十八条[" in text and "《示范银行贷后管理实施细则》第四十一条[" in text
    assert {(c.doc_title, c.article) for c in answer.citations} >= {("示范银行贷后管理实施细则", "第三十八条"),
                                                                   ("示范银行贷后管理实施细则", "第四十一条")}
    assert all(c.quote and c.chunk_id for c in answer.citations)
    refs = {(r.ref, r.field) for r in answer.records}
    assert ("贷款台账:L00401", "overdue_days") in refs and all(r.borrower_id == "B004" for r in answer.records)


def test_next_inspection_is_computed_from_the_last_on_site_inspection_and_the_frequency_rule(chat):
    answer = chat.ask("B004这户下次现场检查什么时候做？", scope=LINA)
    assert "上次现场检查2026-11-19" in answer.answer
    assert "下次现场检查应在2027-02-19前完成" in answer.answer and "第十三条" in answer.answer


def test_no_figure_in_a_borrower_answer_is_missing_from_its_records(chat):
    from assistant.db import session_scope
    from assistant.records.repository import borrower_detail

    answer = chat.ask("远航物流现在什么情况，下一步怎么办？", scope=WANGLEI)
    with session_scope() as session:
        record = str(borrower_detail(session, WANGLEI, "B005"))
    quotes = " ".join(c.quote for c in answer.citations)
    body = re.sub(r"\[\d+\]|L\d{5}|C\d{5}|B\d{3}", " ", answer.answer)
    for number in re.findall(r"\d+(?:\.\d+)?", body):
        assert number in record or number in quotes or number in "2026-11-24", number


def test_outside_the_scope_is_answered_exactly_like_a_borrower_that_does_not_exist(chat):
    foreign = chat.ask("B004现在逾期多少天？", scope=WANGLEI)       # lina's borrower
    missing = chat.ask("B099现在逾期多少天？", scope=WANGLEI)
    by_name = chat.ask("金穗农业科技有限公司现在逾期多少天？", scope=HEAD_CHENGXI)  # another branch
    assert foreign.answer == missing.answer == by_name.answer
    assert foreign.refused and not foreign.records and "B004" not in foreign.answer
    assert "95" not in by_name.answer and "城东" not in by_name.answer
    trainer = chat.ask("B001现在什么情况", scope=TRAINER)  # trainers see no borrower at all
    assert trainer.answer == missing.answer


def test_a_short_name_resolves_within_the_scope_or_asks_which_borrower(chat):
    assert chat.ask("金穗那户逾期几天了", scope=LINA).records[0].borrower_id == "B004"
    assert chat.ask("金穗那户逾期几天了", scope=HEAD_CHENGXI).records[0].borrower_id == "B102"
    ask = chat.ask("金穗那户逾期几天了", scope=RISK)
    assert "B004" in ask.answer and "B102" in ask.answer and not ask.records
    mine = chat.ask("恒达现在余额多少", scope=WANGLEI)
    assert "B001" in mine.answer and "B101" in mine.answer and "请说明是哪一户" in mine.answer
    # the reply picks one, in the same conversation
    picked = chat.ask("B101", conversation_id=mine.conversation_id, scope=WANGLEI)
    assert "余额150万元" in picked.answer
    again = chat.ask("恒达现在余额多少", scope=WANGLEI)
    by_trade = chat.ask("物流那家", conversation_id=again.conversation_id, scope=WANGLEI)
    assert "恒达物流有限公司（B101" in by_trade.answer and "余额150万元" in by_trade.answer
    again = chat.ask("恒达现在余额多少", scope=WANGLEI)
    by_order = chat.ask("第一个", conversation_id=again.conversation_id, scope=WANGLEI)
    assert "恒达机械制造有限公司（B001" in by_order.answer


def test_follow_ups_stay_with_the_borrower_and_two_borrowers_are_both_answered(chat):
    first = chat.ask("B004现在什么情况？", scope=LINA)
    follow = chat.ask("那它的押品呢？", conversation_id=first.conversation_id, scope=LINA)
    assert "押品C00401" in follow.answer and "评估价值900万元" in follow.answer
    both = chat.ask("华瑞建材和华夏印务分别逾期多少天", scope=LINA)
    assert "逾期35天" in both.answer and "逾期90天" in both.answer
    # a bare follow-up asks the previous topic again; a short question without a pronoun still follows
    last = chat.ask("B004上次现场检查是哪天？", scope=LINA)
    again = chat.ask("下次呢？", conversation_id=last.conversation_id, scope=LINA)
    assert "下次现场检查应在2027-02-19前完成" in again.answer
    events = chat.ask("外部事件有没有？", conversation_id=last.conversation_id, scope=LINA)
    assert "档案中没有该借款人的外部事件记录" in events.answer
    # a rule question after a borrower turn is a rule question again
    rules = chat.ask("次级类贷款多久现场检查一次？", conversation_id=first.conversation_id, scope=LINA)
    assert rules.backend != "records" and not rules.records


def test_missing_records_are_said_to_be_missing(chat):
    answer = chat.ask("恒达物流的押品和保证人情况？", scope=WANGLEI)
    assert "档案中没有该借款人的押品记录" in answer.answer and "档案中没有该借款人的保证人记录" in answer.answer


def test_audit_keeps_the_record_ids_used(chat):
    from sqlalchemy import select

    from assistant.db import session_scope
    from assistant.security.models import AuditEntry

    chat.ask("B004的押品评估价值多少？", scope=LINA)
    with session_scope() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "question")
                                .order_by(AuditEntry.id.desc())).first()
        detail = entry.detail
    assert "押品:C00401" in detail["records"] and detail["borrowers"] == ["B004"]


def test_an_llm_may_phrase_a_borrower_answer_but_not_add_figures(bank, monkeypatch, openai_server):
    from assistant.answering.service import ChatService
    from assistant.config import reset_settings

    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", openai_server.base_url)
    reset_settings()
    good = "金穗农业科技有限公司的贷款L00401已逾期95天（记录：贷款台账 2026-11-24），应按第三十八条催收[1]。"
    openai_server.script([good, "贷款L00401已逾期96天，请立即起诉[1]。"])
    chat = ChatService()
    phrased = chat.ask("B004逾期了怎么处理？", scope=LINA)
    assert phrased.backend == "llm" and phrased.answer == good and phrased.records
    assert "贷款L00401" in openai_server.requests[0]["body"]["messages"][-1]["content"]  # the draft was sent
    kept = chat.ask("B004逾期了怎么处理？", scope=LINA)
    assert kept.backend == "records" and "number_not_in_records" in kept.fallback_reason
    assert "96" not in kept.answer and "逾期95天" in kept.answer


def test_an_unknown_borrower_still_gets_the_rules_and_nothing_about_anyone(chat):
    foreign = chat.ask("金穗农业科技有限公司逾期95天了，逾期贷款按什么程序处理？", scope=WANGLEI)  # lina's
    missing = chat.ask("金禾农业科技有限公司逾期95天了，逾期贷款按什么程序处理？", scope=WANGLEI)  # nobody's
    assert foreign.answer == missing.answer and not foreign.records
    assert foreign.answer.startswith("在您可查看的借款人中没有找到问题所说的借款人")
    assert not foreign.refused and foreign.citations  # the overdue rules still answer the rest
    assert not any(word in foreign.answer for word in ("L00401", "B004", "李娜", "赵丽萍"))


def test_the_directory_is_reused_until_the_records_change(chat, tmp_path):
    from assistant.db import session_scope
    from assistant.records.importer import import_file

    def directory():
        with session_scope() as session:
            return chat.desk.directory(session, WANGLEI)

    chat.ask("B101现在什么情况", scope=WANGLEI)
    cached = directory()
    chat.ask("B001现在什么情况", scope=WANGLEI)
    assert directory() is cached
    data = json.loads(EXTRA.read_text(encoding="utf-8"))
    data[0]["name"] = "恒达速运有限公司"  # renamed: the next question must see the new name
    renamed = tmp_path / "renamed.json"
    renamed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    import_file(renamed)
    assert "恒达速运有限公司（B101" in chat.ask("恒达速运现在余额多少", scope=WANGLEI).answer
    assert directory() is not cached


def test_an_inspection_question_not_about_the_next_one_gets_the_inspections_done(chat):
    answer = chat.ask("海润贸易现场检查看到的情况", scope=HEAD_CHENGXI).answer
    assert "2026-10-12现场检查" in answer and "个人账户" in answer  # the findings of the record, as recorded


def test_an_event_signal_carries_the_date_of_its_event(chat):
    answer = chat.ask("海润贸易实控人那个官司属于哪一级预警信号", scope=HEAD_CHENGXI)
    assert "橙色预警信号" in answer.answer and "事件日期2026-10-09" in answer.answer
    assert any(f.table == "外部事件" and f.as_of == "2026-10-09" for f in answer.records)


@pytest.mark.parametrize("question, has_done", [
    ("重组以后去现场看过几回？", True), ("这户有没有上门查过", True),
    ("逾期超过90天怎么办", False), ("押品过户了吗", False), ("这户通过例会了吗", False)])
def test_the_experiential_aspect_asks_for_history(question, has_done):
    from assistant.answering.borrower_chat.topics import topics_of

    assert ("history" in topics_of(question).asked) is has_done
