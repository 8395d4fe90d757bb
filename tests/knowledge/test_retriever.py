"""Retriever: hybrid ranking, filters inside retrieval, article/document boosts, evidence fields, reloads."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from assistant.knowledge.index import KnowledgeIndex
from assistant.knowledge.retriever import Retriever, get_retriever, mentioned_articles, title_aliases, without_last_ties
from assistant.numerals import int_to_cn
from assistant.knowledge.types import IndexChanges, SearchFilters
from tests.knowledge.factories import document, rules_changes

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def retriever(home) -> Retriever:
    index = KnowledgeIndex()
    index.apply(rules_changes())
    return get_retriever()


def ids(hits) -> list[str]:
    return [h.chunk.doc_id for h in hits]


@pytest.mark.unit
def test_article_numbers_and_document_names_are_recognised():
    assert [int_to_cn(n) for n in (3, 10, 11, 30, 105, 110)] == ["三", "十", "十一", "三十", "一百零五", "一百一十"]
    assert mentioned_articles("流贷办法第30条和第十一条") == {"第三十条", "第十一条"}
    assert {"风险分类办法", "金融资产风险分类"} <= title_aliases("商业银行金融资产风险分类办法")
    assert "个人贷款" in title_aliases("个人贷款管理办法")


@pytest.mark.unit
def test_a_documents_short_name_is_spelled_out_only_where_a_word_starts():
    from assistant.knowledge.retriever import expand_short_names

    assert expand_short_names("流贷放完了怎么盯") == "流动资金贷款放完了怎么盯"  # jieba alone: 流/贷放/完
    assert expand_short_names("流贷和固贷有啥区别") == "流动资金贷款和固定资产贷款有啥区别"
    assert expand_short_names("这个贷款逾期了怎么办") == "这个贷款逾期了怎么办"  # no 个贷 in 这个贷款
    assert expand_short_names("物流贷款要受托支付吗") == "物流贷款要受托支付吗"  # no 流贷 in 物流贷款


@pytest.mark.integration
def test_search_ranks_the_matching_rule_first_with_evidence(retriever):
    hits = retriever.search("逾期九十天以上算不良吗", k=3)
    top = hits[0]
    assert top.chunk.chunk_id == "rules:0000"
    assert top.lexical_score > 0 and top.vector_score > 0 and top.score > 0
    assert "逾期" in top.matched_terms
    assert len(hits) <= 3 and [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert set(top.as_json()) >= {"chunk_id", "doc_title", "article", "text", "score"}


@pytest.mark.integration
def test_officer_wording_reaches_rule_wording_through_synonyms(retriever):
    assert retriever.search("多少钱以上要银行代付", k=1)[0].chunk.article == "第二条"


@pytest.mark.integration
def test_branch_filter_hides_other_branches_case_notes_but_keeps_public_chunks(retriever):
    query = "押品 抵押率"
    east = ids(retriever.search(query, k=10, filters=SearchFilters(branches=("城东支行",))))
    assert "note-east" in east and "note-west" not in east and "rules" in east
    everyone = ids(retriever.search(query, k=10))
    assert {"note-east", "note-west"} <= set(everyone)


@pytest.mark.integration
def test_filters_are_applied_before_truncation(retriever):
    hits = retriever.search("押品 抵押率", k=1, filters=SearchFilters(borrower_ids=("B007",), source_types=("case_note",)))
    assert ids(hits) == ["note-west"]


@pytest.mark.integration
def test_as_of_and_superseded_filters(retriever):
    query = "押品重估 抵押率上限"
    assert "future" not in ids(retriever.search(query, k=10, filters=SearchFilters(as_of=date(2026, 11, 24))))
    assert "future" in ids(retriever.search(query, k=10, filters=SearchFilters(as_of=date(2027, 6, 1))))
    assert "old" not in ids(retriever.search(query, k=10))
    assert "old" in ids(retriever.search(query, k=10, filters=SearchFilters(include_superseded=True)))


@pytest.mark.integration
def test_a_question_naming_an_old_version_is_searched_in_it_alone(retriever):
    """按20版细则 asks what that version said: not its successor, nor another book's rule of today, which would
    answer for it what it never said (a named borrower's note stays: 按20版细则，恒达机械的押品…). A question
    comparing the versions searches both."""
    query = "按20版细则，押品重估和抵押率上限怎么定的？"
    assert set(ids(retriever.search(query, k=10))) == {"old"}
    KnowledgeIndex().apply(IndexChanges(upserts=[document(
        "note-hd", "恒达机械有限公司走访记录", {"": "恒达机械厂房抵押率偏高，押品需要重估。"}, source_type="case_note")]))
    named = ids(get_retriever().search("按20版细则，恒达机械的押品抵押率偏高要重估吗？", k=10))
    assert "note-hd" in named and "old" in named and "rules" not in named
    assert "rules" in ids(retriever.search("押品重估和抵押率上限怎么定的？", k=10))
    compared = ids(retriever.search("20版细则和新版细则的押品重估有啥区别？", k=10))
    assert "old" in compared and len(set(compared)) > 1


@pytest.mark.integration
def test_doc_id_and_title_filters(retriever):
    assert set(ids(retriever.search("押品", k=10, filters=SearchFilters(doc_ids=("future",))))) == {"future"}
    by_title = retriever.search("押品", k=10, filters=SearchFilters(doc_titles=("博雅电子",)))
    assert set(ids(by_title)) == {"note-west"}


@pytest.mark.integration
def test_naming_an_article_favours_it(retriever):
    assert retriever.search("贷后管理办法第四条说了什么", k=1)[0].chunk.article == "第四条"


@pytest.mark.unit
def test_a_full_fetch_loses_the_group_tied_at_its_edge():
    """Which of several equally near vectors make a cut of n is the store's arbitrary choice."""
    full = [("a", 0.9), ("b", 0.5), ("c", 0.3), ("d", 0.3)]
    assert without_last_ties(full, 4) == [("a", 0.9), ("b", 0.5)]
    assert without_last_ties(full, 5) == full  # fewer than asked: the store had no more
    assert without_last_ties([("a", 0.2), ("b", 0.2)], 2) == [("a", 0.2), ("b", 0.2)]  # nothing else to keep


@pytest.mark.integration
def test_nothing_found_returns_empty(retriever):
    assert retriever.search("信用卡积分兑换", k=5) == [] or retriever.search("信用卡积分兑换", k=5)[0].score < 0.5
    assert retriever.search("   ", k=5) == []


@pytest.mark.integration
def test_retriever_is_cached_and_picks_up_commits_from_another_process(retriever, home):
    assert get_retriever() is retriever
    retriever.search("押品", k=1)  # opens the embedded Chroma in this process
    code = (
        "from assistant.knowledge.index import KnowledgeIndex\n"
        "from assistant.knowledge.types import IndexChanges\n"
        "from tests.knowledge.factories import document\n"
        "KnowledgeIndex().apply(IndexChanges(upserts=[document('ext', '展期管理规定', "
        "{'第一条': '借款人申请展期的，展期期限累计不得超过原贷款期限的一半。'})]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True)
    hits = retriever.search("展期期限最多多久", k=1)
    assert hits[0].chunk.doc_id == "ext" and hits[0].vector_score > 0


@pytest.mark.integration
def test_removed_documents_disappear_from_results(retriever):
    KnowledgeIndex().apply(IndexChanges(removals=["rules"]))
    assert "rules" not in ids(retriever.search("受托支付", k=10))


def test_an_article_asked_by_the_kind_of_its_book_is_that_books(home):
    """办法第二条 / 本规程第二条: of two books with a 第二条, the one of that kind; the answer is that clause, though the
    question shares no other word with it."""
    from assistant.answering.service import ChatService

    KnowledgeIndex().apply(IndexChanges(upserts=[
        document("gc", "青岚农商银行信贷档案管理操作规程", {"第一条": "为规范档案管理，制定本规程。", "第二条": "档案由支行档案管理员保管。"}),
        document("bf", "青岚农商银行个人经营性贷款贷后管理办法", {"第一条": "为规范贷后管理，制定本办法。",
                                                         "第二条": "首次检查应在放款后10个工作日内完成。"})]))
    retriever = get_retriever()
    assert retriever.search("办法第二条讲的是什么？", k=2)[0].chunk.doc_id == "bf"
    assert retriever.search("本规程第二条说了啥", k=2)[0].chunk.doc_id == "gc"
    answer = ChatService(retriever=retriever).ask("办法第二条讲的是什么？")
    assert not answer.refused and "10个工作日" in answer.answer


def test_a_question_asking_what_a_word_means_finds_the_clause_defining_it(home):
    articles = {f"第{int_to_cn(n)}条": f"流动资金贷款的第{n}项管理要求，贷款人应当按约执行。" for n in range(1, 9)}
    articles["第九条"] = "本办法所称流动资金贷款，是指用于借款人日常经营周转的贷款。"
    KnowledgeIndex().apply(IndexChanges(upserts=[document("ld", "流动资金贷款管理办法", articles)]))
    top = get_retriever().search("流动资金贷款是如何定义的？", k=3)
    assert top[0].chunk.article == "第九条"
    from assistant.knowledge.retriever import _defines

    assert not _defines("贷款", "本办法所称贷款人，是指发放贷款的机构。")  # 贷款人 is defined, not 贷款
    assert _defines("关注类", "金融资产分为五类：\n（二）关注类：虽然存在不利因素，但债务人目前有能力偿付。")  # an item labelled
    assert not _defines("关注类", "有下列情形之一的，至少归为关注类：")  # a list's intro naming it
    assert not _defines("关注类", "现场检查频率如下：\n（二）关注类：每季度至少一次；")  # a frequency, not what it is


def test_a_question_asking_for_the_members_of_a_class_favours_the_list_introducing_them(home):
    """哪些情况算红色信号 asks for the article listing them under 有下列情形之一的，列为红色信号：, whose items do not
    repeat the words: that article gains, the articles merely speaking of red signals do not; a question asking no
    members moves nothing."""
    from dataclasses import replace

    articles = {f"第{int_to_cn(n)}条": f"发现红色信号的，客户经理应在{n}个工作日内报告支行风险部，并按红色信号处置。"
                for n in range(1, 7)}
    articles["第七条"] = ("有下列情形之一的，列为红色信号：\n（一）借款人本息逾期超过90天；\n（二）借款人挪用贷款资金用于"
                         "股票投资或其他高风险领域；\n（三）借款人或其实际控制人被列为失信被执行人；\n（四）主要资产被查封冻结。")
    KnowledgeIndex().apply(IndexChanges(upserts=[document("zy", "风险预警信号处置指引", articles)]))
    retriever = get_retriever()
    scores = {}
    for boost in (0.0, 0.3):
        retriever.fusion = replace(retriever.fusion, list_intro_boost=boost)
        for question in ("哪些情况算红色信号？", "红色信号几天内报告？"):
            scores[boost, question] = {h.chunk.article: h.score for h in retriever.search(question, k=7)}
    members, other = scores[0.3, "哪些情况算红色信号？"], scores[0.0, "哪些情况算红色信号？"]
    assert members["第七条"] > other["第七条"] + 0.1
    assert all(abs(members[a] - other[a]) < 1e-6 for a in other if a != "第七条")
    assert scores[0.3, "红色信号几天内报告？"] == scores[0.0, "红色信号几天内报告？"]


def _top_with_and_without(question: str, boost: str, k: int) -> tuple[str, str]:
    """The top hit's article for the question with the retriever's boost as configured, then with it off."""
    from dataclasses import replace

    retriever = get_retriever()
    boosted = retriever.search(question, k=k)[0].chunk.article
    retriever.fusion = replace(retriever.fusion, **{boost: 0.0})
    return boosted, retriever.search(question, k=k)[0].chunk.article


def test_a_question_asking_what_a_book_is_for_finds_the_clause_stating_its_purpose(home):
    """制定的目的 asks for the clause 为…，根据…，制定本细则 (the sample bank's 第一条), which shares little else with it:
    its other articles speak of 贷后管理 and 细则 as much."""
    from assistant.knowledge.ingest import ingest_paths
    from assistant.knowledge.retriever import _ASKS_PURPOSE

    ingest_paths([REPO / "corpus" / "knowledge" / "示范银行贷后管理实施细则.md"])
    boosted, plain = _top_with_and_without("贷后管理实施细则制定的目的是什么？", "purpose_boost", k=3)
    assert boosted == "第一条" and plain != "第一条"
    assert _ASKS_PURPOSE.search("行里为啥要专门出个预警处置指引？") and _ASKS_PURPOSE.search("这个办法是干嘛的？")
    assert not _ASKS_PURPOSE.search("为啥要把钱转出去？") and not _ASKS_PURPOSE.search("客户的借款目的是什么？")


def test_a_question_asking_for_papers_by_their_kind_favours_the_clause_listing_them(home):
    """要交哪几张表 asks for the 表 themselves: the clause listing …情况表、…动态表 outranks the ones about the meeting."""
    articles = {
        "第二十条": "贷后管理例会每月召开一次，例会前应做好会议准备，例会材料提前发给参会人员。",
        "第二十一条": "例会记录由风险经理整理，会后5个工作日内归档。",
        "第二十二条": "客户经理应在例会召开前3个工作日准备并提交以下材料：授信资金使用情况表、授信客户资金动态表、销售收入对照表。",
    }
    KnowledgeIndex().apply(IndexChanges(upserts=[document("lh", "示范银行贷后管理细则", articles)]))
    boosted, plain = _top_with_and_without("开例会之前我得准备交哪几张表？", "members_boost", k=3)
    assert boosted == "第二十二条" and plain != "第二十二条"
    from assistant.knowledge.retriever import _ASKS_PAPERS

    assert not _ASKS_PAPERS.search("哪些单位要参会？") and _ASKS_PAPERS.search("办展期要填什么单？")


def test_a_question_asking_an_amount_favours_the_clause_holding_one(home):
    """几天内 asks a duration: the clause giving 15日内 outranks a definition naming the question's words about
    as well (the boost is 0.1 of the top score: it settles near ties, not a clear lexical lead)."""
    articles = {
        "第三条": "本细则所称上门回访，是指贷款发放后客户经理的第一次上门回访。",
        "第十二条": "客户经理应当在贷款发放后15日内完成第一次上门回访。",
    }
    KnowledgeIndex().apply(IndexChanges(upserts=[document("hf", "青禾银行个人经营性贷款贷后管理细则", articles)]))
    assert _top_with_and_without("放款后第一次上门回访，最晚几天内得做完？", "answer_type_boost", k=2) == ("第十二条", "第三条")


def test_a_question_stating_its_own_figure_favours_the_band_holding_it(home):
    """逾期二十来天 names no word of 逾期16至30天, yet that stage of the collection rule is the one to answer."""
    articles = {
        "第三十七条": "逾期1至15天的，客户经理电话催收。",
        "第三十八条": "逾期16至30天的，客户经理上门催收。",
    }
    KnowledgeIndex().apply(IndexChanges(upserts=[document("od", "某某银行逾期贷款催收办法", articles)]))
    retriever = get_retriever()
    question = "贷款逾期二十来天了，催收该怎么做？"
    with_band = _lead(retriever, question, "第三十八条", "第三十七条")
    from dataclasses import replace

    retriever.fusion = replace(retriever.fusion, band_boost=0.0)
    without = _lead(retriever, question, "第三十八条", "第三十七条")
    assert with_band > 0 and with_band - without == pytest.approx(0.1 * retriever.search(question, k=1)[0].score, rel=0.2)


def _lead(retriever, question: str, first: str, second: str) -> float:
    """How far the article `first` scores above `second` for the question."""
    scores = {h.chunk.article: h.score for h in retriever.search(question, k=2)}
    return scores[first] - scores[second]


def test_the_clause_whose_one_sentence_holds_the_question_leads(home):
    """BM25 scores an article by all its sentences together; the question's words meet in the one sentence that
    answers it. Both articles hold every word; only 第二十一条 holds them in one sentence."""
    articles = {
        "第二十条": "押品由客户经理每年重估一次，重估时查看押品现状。检查报告应当在检查结束后5个工作日内录入信贷系统。",
        "第二十一条": "押品重估报告应当在重估完成后10个工作日内录入信贷系统。",
    }
    KnowledgeIndex().apply(IndexChanges(upserts=[document("sb", "某某银行押品管理办法", articles)]))
    retriever = get_retriever()
    question = "押品重估报告多久要录入系统？"
    with_sentences = _lead(retriever, question, "第二十一条", "第二十条")
    assert retriever.search(question, k=1)[0].chunk.article == "第二十一条"
    from dataclasses import replace

    retriever.fusion = replace(retriever.fusion, sentence_boost=0.0)
    assert with_sentences > _lead(retriever, question, "第二十一条", "第二十条")


def test_naming_a_borrower_brings_up_all_of_its_case_note(home):
    """A person's name is no index word (jieba cuts it into characters) and the note's sentence may share no word
    with the question (那辆车 / 所购家用轿车): the note of the borrower the question names is searched whole."""
    rules = {"第一条": "个人消费贷款的抵押车辆应当办理抵押登记，车辆登记证书交本行保管。",
             "第二条": "借款人逾期的，客户经理应当电话催收并上门核实车辆的使用情况。"}
    note = {"": "借款人周丽萍在我行有一笔个人消费贷款，所购家用轿车由家人使用，至今未去车管所办理手续。"}
    KnowledgeIndex().apply(IndexChanges(upserts=[
        document("cr", "某某银行个人消费贷款管理办法", rules),
        document("zn", "周丽萍个人消费贷款催收走访记录（2026年11月2日）", note, source_type="case_note")]))
    retriever = get_retriever()
    question = "周丽萍买的那辆车押给咱没有？"
    assert retriever.search(question, k=1)[0].chunk.doc_id == "zn"
    from dataclasses import replace

    retriever.fusion = replace(retriever.fusion, named_note_boost=0.0)
    assert retriever.search(question, k=1)[0].chunk.doc_id == "cr"

    # a word of a note's title (检查报告) names no borrower: no note is brought up whole by it
    KnowledgeIndex().apply(IndexChanges(upserts=[document(
        "hn", "恒达机械有限公司贷后检查报告", {"": "恒达机械有限公司经营正常，押品状态良好。"},
        source_type="case_note")]))
    retriever.fusion = replace(retriever.fusion, named_note_boost=0.5)
    scores = {h.chunk.doc_id: h.score for h in retriever.search("贷后检查报告要几天内录入系统？", k=5)}
    retriever.fusion = replace(retriever.fusion, named_note_boost=0.0)
    assert scores == pytest.approx({h.chunk.doc_id: h.score for h in retriever.search("贷后检查报告要几天内录入系统？", k=5)})


def test_a_banks_own_rule_weighs_more_than_a_regulation_unless_a_document_is_named(home):
    """The bank's book is the one its officers work by (it sets 60 days where the regulation says 90)."""
    KnowledgeIndex().apply(IndexChanges(upserts=[
        document("reg", "商业银行贷款风险分类办法", {"第十条": "贷款逾期超过九十天的，应当至少归为次级类。"},
                 source_type="regulation"),
        document("own", "某某银行贷后管理细则", {"第三十八条": "本行贷款逾期超过六十天的，至少归为次级类。"})]))
    retriever = get_retriever()
    from dataclasses import replace

    def scores(question: str) -> dict[str, float]:
        return {h.chunk.doc_id: h.score for h in retriever.search(question, k=2)}

    weighed = scores("贷款逾期多少天要归为次级类？")
    retriever.fusion = replace(retriever.fusion, own_rules_weight=1.0)
    plain = scores("贷款逾期多少天要归为次级类？")
    assert weighed["own"] == pytest.approx(1.1 * plain["own"]) and weighed["reg"] == pytest.approx(plain["reg"])
    retriever.fusion = replace(retriever.fusion, own_rules_weight=1.1)
    named = scores("按风险分类办法，贷款逾期多少天要归为次级类？")  # a named document: no weighing
    retriever.fusion = replace(retriever.fusion, own_rules_weight=1.0)
    assert named == pytest.approx(scores("按风险分类办法，贷款逾期多少天要归为次级类？"))
    # a question speaking of the bank itself (咱行) weighs the bank's book once more
    retriever.fusion = replace(retriever.fusion, own_rules_weight=1.1, own_bank_weight=1.1)
    ours = scores("咱行贷款逾期多少天要归为次级类？")
    retriever.fusion = replace(retriever.fusion, own_bank_weight=1.0)
    theirs = scores("咱行贷款逾期多少天要归为次级类？")
    assert ours["own"] == pytest.approx(1.1 * theirs["own"]) and ours["reg"] == pytest.approx(theirs["reg"])


def test_naming_a_decimal_clause_favours_it(home):
    """A book numbered 3.1.1 instead of 第X条: 第3.1.2条 / 3.1.2款 in a question finds that clause."""
    clauses = {"3.1.1": "正常类贷款每季度至少现场检查1次。", "3.1.2": "关注类贷款每月至少现场检查1次。",
               "3.2": "检查方式分为现场检查和非现场检查。"}
    KnowledgeIndex().apply(IndexChanges(upserts=[document("dc", "某某银行小企业贷款贷后检查规程", clauses)]))
    assert mentioned_articles("规程第3.1.2条") == {"3.1.2"} and mentioned_articles("押品1.5倍以上") == set()
    assert get_retriever().search("规程3.1.2款对现场检查怎么规定", k=1)[0].chunk.article == "3.1.2"


@pytest.mark.unit
def test_a_bare_number_of_the_question_weighs_less_than_its_words():
    from assistant.knowledge.lexicon import NUMBER_WEIGHT, query_terms

    weights = query_terms("固定资产贷款想做12年，支行能批吗")
    assert weights["12"] == NUMBER_WEIGHT < weights["支行"] == 1.0


@pytest.mark.integration
@pytest.mark.slow
def test_real_regulations_answer_officer_questions(home, shared_corpus):
    from evals.retrieval.corpus_changes import folder_changes

    KnowledgeIndex().apply(folder_changes(shared_corpus / "regulations"))
    retriever = get_retriever()
    expectations = {
        "逾期多久算不良？": ("风险分类", "第十一条"),
        "个人贷款最长能贷几年": ("个人贷款", "第八条"),
        "固贷一次付给同一家供应商超过多少钱必须银行代付": ("固定资产", "第三十条"),
    }
    for question, (title, article) in expectations.items():
        top = retriever.search(question, k=5)
        assert any(title in h.chunk.doc_title and h.chunk.article == article for h in top), question


def test_a_borrower_is_named_by_its_brand_and_abbreviated_trade():
    """新锐汽车配件有限公司 is 新锐汽配 or 新锐配件 to officers, as it is 新锐汽车 (its first four characters)."""
    from assistant.knowledge.metadata import entity_aliases

    names = entity_aliases("新锐汽车配件有限公司展期评估记录（2026年10月）")
    assert {"新锐汽配", "新锐配件", "新锐汽车"} <= names
    assert entity_aliases("林志远个人经营贷款押品检查记录") == {"林志远"}  # a person has no trade
    assert "金穗农业" in entity_aliases("杭州金穗农业科技有限公司逾期报告")  # a leading place is no brand
    assert "杭州农业" not in entity_aliases("杭州金穗农业科技有限公司逾期报告")
    assert "建筑工程" not in entity_aliases("中国建筑工程有限公司检查记录")  # nothing of a brand is left


def test_a_file_holding_its_text_twice_is_cited_once(home):
    """A saved web page may repeat its whole text: the repeat takes no second place among the hits; the same
    sentence under another heading of the file (two products' terms) is no repeat."""
    from dataclasses import replace

    page = {"第一条": "贷后管理例会每月召开一次，由支行行长主持。", "第二条": "客户经理应提前三个工作日提交审议材料。"}
    record, chunks = document("web", "贷后例会制度", page)
    repeat = [replace(c, chunk_id=f"web:{n + 10:04d}") for n, c in enumerate(chunks)]
    elsewhere = replace(chunks[1], chunk_id="web:0020", chapter="第二章　专项例会")
    record = replace(record, chunk_count=len(chunks) * 2 + 1)
    other = document("rb", "示范银行贷后管理实施细则", {"第五条": "例会审议的材料包括资金使用情况表。"})
    KnowledgeIndex().apply(IndexChanges(upserts=[(record, [*chunks, *repeat, elsewhere]), other]))
    hits = get_retriever().search("例会审议材料", k=4)
    ids = [h.chunk.chunk_id for h in hits]
    assert "web:0011" not in ids and "web:0020" in ids and any(h.chunk.doc_id == "rb" for h in hits)


def test_a_passage_of_a_docx_inside_a_better_hit_from_its_pdf_is_cited_once(home):
    """A book without articles as a .docx and its .pdf: the Word file is cut at its headings, the PDF by length, so the
    PDF's chunk holds the Word file's whole passage and more. Once that chunk is a hit, the passage inside it takes no
    second place; a passage of the same book not inside it, and a short line met by chance, still do."""
    from dataclasses import replace

    checks = ("● 流动资金贷款：放款后7个工作日内完成首次检查，核对受托支付凭证与交易合同。"
              "● 固定资产贷款：首笔提款后10个工作日内完成，此后每次提款后复核一次工程进度。")
    meetings = "● 贷后例会每月召开1次，由支行行长主持，风险经理会后2个工作日内整理纪要并报授信管理部备案。"
    word, word_chunks = document("deck-docx", "云溪银行贷后管理讲义", {"": checks})
    word_chunks = [replace(word_chunks[0], section="首次检查")]
    word_meeting = replace(word_chunks[0], chunk_id="deck-docx:0001", text=meetings, section="贷后例会",
                           content_hash="m")
    word = replace(word, chunk_count=2)
    printed, printed_chunks = document("deck-pdf", "云溪银行贷后管理讲义",
                                       {"": "首次检查 " + checks + "● 检查成果：《首次检查报告》，经风险经理签批后归档。"})
    printed = replace(printed, source_path="/docs/deck.pdf")
    printed_chunks = [replace(c, source_path="/docs/deck.pdf") for c in printed_chunks]
    KnowledgeIndex().apply(IndexChanges(upserts=[(word, [*word_chunks, word_meeting]), (printed, printed_chunks)]))
    hits = get_retriever().search("首次检查几个工作日内完成，检查报告谁签批", k=5)
    assert [h.chunk.doc_id for h in hits][:1] == ["deck-pdf"]
    assert "deck-docx:0000" not in [h.chunk.chunk_id for h in hits]  # inside the PDF's hit
    assert "deck-docx:0001" in [h.chunk.chunk_id for h in get_retriever().search("首次检查和例会纪要", k=5)]


def test_a_passage_of_the_same_template_with_other_figures_or_of_another_note_is_no_repeat(home):
    """Inside a better hit means the same words and figures: the rule for 固定资产贷款 written on the template of the one for
    流动资金贷款 (15 days, not 7) is another rule, and two notes on one borrower under one title are two visits."""
    from dataclasses import replace

    liquid = "● 流动资金贷款首次检查：放款后7个工作日内完成，由客户经理核对受托支付凭证与交易合同，风险经理签批。"
    fixed = "● 固定资产贷款首次检查：放款后15个工作日内完成，由客户经理核对受托支付凭证与交易合同，风险经理签批。"
    word, word_chunks = document("deck-docx", "云溪银行贷后管理讲义", {"": fixed})
    printed, printed_chunks = document("deck-pdf", "云溪银行贷后管理讲义", {"": liquid + "● 检查成果：《首次检查报告》归档。"})
    printed = replace(printed, source_path="/docs/deck.pdf")
    visit = "客户经理到厂查看，生产正常，订单饱满，应收账款回收正常，本次检查未发现风险预警信号，维持正常类。"
    first, first_chunks = document("note-q1", "恒达机械走访记录", {"": visit + "下次检查安排在下季度。"},
                                   source_type="case_note", borrower_id="B001")
    second, second_chunks = document("note-q2", "恒达机械走访记录", {"": visit}, source_type="case_note",
                                     borrower_id="B001")
    KnowledgeIndex().apply(IndexChanges(upserts=[(word, word_chunks), (printed, printed_chunks),
                                                 (first, first_chunks), (second, second_chunks)]))
    found = [h.chunk.doc_id for h in get_retriever().search("首次检查几个工作日内完成，谁签批", k=5)]
    assert {"deck-docx", "deck-pdf"} <= set(found)
    visits = [h.chunk.doc_id for h in get_retriever().search("恒达机械走访生产订单情况", k=5)]
    assert {"note-q1", "note-q2"} <= set(visits)


def test_the_sample_banks_books_step_back_once_a_bank_has_loaded_its_own(home):
    """The shipped sample (corpus/knowledge) is demonstration content: beside another institution's rule book, a
    question naming no document is asked of that book; a book with no institution in its title (a fragment) or a
    regulator's leaves the sample as it is, and so does a question naming the sample's book."""
    from dataclasses import replace

    from assistant.knowledge.retriever import FusionConfig
    from assistant.sample import SAMPLE_ROOT

    def sample(doc_id, title, articles):
        record, chunks = document(doc_id, title, articles)
        return replace(record, source_path=(SAMPLE_ROOT / "knowledge" / f"{title}.md").resolve().as_posix()), chunks

    def scores(question, weight):
        retriever = Retriever(fusion=FusionConfig(sample_weight=weight))
        return {h.chunk.doc_id: h.score for h in retriever.search(question, k=4)}

    question = "首次检查要在放款后几天内完成？"
    KnowledgeIndex().apply(IndexChanges(upserts=[
        sample("demo", "示范银行贷后管理实施细则", {"第六条": "贷款发放后15日内，客户经理应完成首次检查。"}),
        document("frag", "贷后管理办法（节选）", {"第一条": "首次检查应在贷款发放后完成，检查报告报风险部。"}),
        document("reg", "中国人民银行关于加强贷后检查的规定", {"第一条": "贷款发放后应及时完成首次检查。"},
                 source_type="regulation")]))
    assert scores(question, 0.8) == pytest.approx(scores(question, 1.0))

    # a bank's own book, typed by inference as ingest would (a regulation-like title in 章 and 条)
    KnowledgeIndex().apply(IndexChanges(upserts=[
        document("own", "江北农商银行贷后管理办法", {"第五条": "贷款发放后10日内，客户经理应完成首次检查。"},
                 source_type="regulation")]))
    plain, weighed = scores(question, 1.0), scores(question, 0.8)
    assert weighed["demo"] == pytest.approx(0.8 * plain["demo"]) and weighed["own"] == pytest.approx(plain["own"])
    assert plain["demo"] > plain["own"] and weighed["own"] > weighed["demo"]
    named = "示范银行贷后管理实施细则里首次检查几天内完成？"
    assert Retriever().search(named, k=1)[0].chunk.doc_id == "demo"


def test_a_banks_rule_book_is_told_from_a_regulators():
    from assistant.knowledge.metadata import infer_source_type, names_institution_book

    for title in ("江淮农商银行公司客户授信后管理办法", "青禾县农村信用合作联社贷后管理实施细则",
                  "澜江银行股份有限公司公司授信业务贷后管理操作规程", "云岭农商银行贷后管理常见问题解答（2025年版）",
                  "某某农村商业银行关于印发《公司客户贷后检查实施细则》的通知"):  # a bank's notice issuing its book
        assert names_institution_book(title), title
    for title in ("中国银保监会关于印发商业银行押品管理指引的通知", "中国人民银行关于加强贷款管理的规定",
                  "中国人民银行关于印发《金融机构反洗钱规定》的通知", "某某银行关于开展贷后检查的通知",
                  "商业银行金融资产风险分类办法", "个人贷款管理办法", "贷后管理办法（节选）", "做好贷后管理是银行稳健经营的重要一环"):
        assert not names_institution_book(title), title
    body = "第一章　总则\n第一条　为加强贷后管理，制定本办法。\n第二章　检查\n第二条　首检在15日内完成。"
    assert infer_source_type("招商银行贷后管理办法", body) == "internal_rule"
    assert infer_source_type("固定资产贷款管理办法", body) == "regulation"


@pytest.mark.unit
def test_the_bank_speaks_of_itself_only_in_words_of_its_own():
    from assistant.knowledge.retriever import speaks_of_own_bank

    for question in ("咱行规定逾期多少天算不良？", "客户在我行有三笔贷款", "行里有啥规矩", "咱社能不能收拖拉机"):
        assert speaks_of_own_bank(question), question
    for question in ("借款人本行业经营情况", "钱存在银行里", "基本社保交了没", "我社保断缴了", "逾期多少天算不良"):
        assert not speaks_of_own_bank(question), question


def test_a_docx_and_its_pdf_whose_titles_differ_only_by_a_status_are_cited_once(home):
    """The PDF's title holds （试行）, the Word file keeps it out of its title paragraph: the same passage from both is
    one citation."""
    from dataclasses import replace

    text = "第四条　下列财产不得作为押品：（一）所有权不明的财产；（四）宅基地使用权。"
    word, word_chunks = document("rules-docx", "澄江农村商业银行对公授信押品管理细则", {"第四条": text})
    printed, printed_chunks = document("rules-pdf", "澄江农村商业银行对公授信押品管理细则（试行）", {"第四条": text})
    printed = replace(printed, source_path="/docs/rules.pdf")
    printed_chunks = [replace(c, source_path="/docs/rules.pdf") for c in printed_chunks]
    KnowledgeIndex().apply(IndexChanges(upserts=[(word, word_chunks), (printed, printed_chunks)]))
    hits = get_retriever().search("宅基地能不能做押品", k=5)
    assert [h.chunk.doc_id for h in hits if "宅基地" in h.chunk.text] == ["rules-docx"]  # the Word file, once


def test_an_edition_one_file_of_a_book_names_is_the_same_book_and_two_editions_named_are_two():
    from types import SimpleNamespace

    from assistant.knowledge.retriever import _same_document

    def file(doc_id, title, version="", superseded=False):
        return SimpleNamespace(doc_id=doc_id, doc_title=title, version=version, branch="", borrower_id="",
                               superseded=superseded)

    book = "某某村镇银行农户贷款贷后管理操作手册"
    assert _same_document(file("a", book + "（2024年版）"), file("b", book), editions=True)
    assert _same_document(file("a", book + "（2024年版）（试行）"), file("b", book + "（试行）"), editions=True)
    # by the same 第X条 alone (no text compared), a title with an edition and one without are two books
    assert not _same_document(file("a", book + "（2022年版）"), file("b", book))
    assert not _same_document(file("a", book + "（2022年版）"), file("b", book + "（2025年版）"), editions=True)
    assert not _same_document(file("a", book + "（2024年版）", "某银发〔2024〕3号"), file("b", book, "某银发〔2025〕9号"),
                              editions=True)
    assert not _same_document(file("a", book + "（2022年版）", superseded=True), file("b", book), editions=True)
    assert not _same_document(file("a", book), file("b", "某某村镇银行农户贷款贷后管理办法"), editions=True)
