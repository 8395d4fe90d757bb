"""Chunking keeps 章/条/款 structure on the real regulations and copes with scraped, run-together rule books."""

from __future__ import annotations

import re

import pytest

from assistant.errors import UserError
from assistant.knowledge.chunking import (
    MAX_CHUNK_CHARS, ChunkContext, article_label, article_number, chunk_document, cn_to_int, int_to_cn,
)
from assistant.knowledge.metadata import prepare_document

pytestmark = pytest.mark.unit
SENTENCE_ENDS = tuple("。！？；：:;!?")


def chunks_of(path, **overrides):
    meta, body = prepare_document(path.read_text(encoding="utf-8"), path.name, **overrides)
    context = ChunkContext(doc_id="doc", doc_title=meta.title, source_type=meta.source_type)
    return meta, body, chunk_document(body, context)


def regulations(shared_corpus):
    return sorted((shared_corpus / "regulations").glob("*.md"))


@pytest.mark.parametrize(
    ("text", "number"),
    [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("四十八", 48), ("一百", 100), ("一百零二", 102),
     ("一百一十", 110), ("两百", 200), ("一千零五", 1005), ("12", 12)],
)
def test_chinese_numerals(text, number):
    assert cn_to_int(text) == number
    if not text.isdigit() and not text.startswith("两"):
        assert int_to_cn(number) == text


def test_numerals_round_trip_and_article_labels():
    assert all(cn_to_int(int_to_cn(n)) == n for n in range(1, 2000))
    assert article_number("第十一条") == 11 and article_number("第一百零二条") == 102 and article_number("第11条") == 11
    assert article_label(11) == "第十一条" and article_label(102) == "第一百零二条"
    with pytest.raises(ValueError):
        article_number("第十一章")


def test_risk_classification_article_11_is_in_chapter_2(shared_corpus):
    meta, _, chunks = chunks_of(shared_corpus / "regulations" / "jinrong_zichan_fengxian_fenlei_2023.md")
    assert meta.title == "商业银行金融资产风险分类办法" and meta.source_type == "regulation"
    assert meta.effective_date == "2023-07-01" and "2023年第1号" in meta.version
    article_11 = [c for c in chunks if c.article == "第十一条"]
    assert len(article_11) == 1
    assert article_11[0].chapter == "第二章　风险分类"
    assert article_11[0].text.startswith("第十一条　商业银行应将符合下列情况之一的金融资产至少归为次级类：")
    assert "逾期超过90天" in article_11[0].text


def test_working_capital_version_and_effective_date(shared_corpus):
    meta, _, _ = chunks_of(shared_corpus / "regulations" / "liudong_zijin_daikuan_2024.md")
    assert meta.version == "国家金融监督管理总局令2024年第2号"
    assert meta.effective_date == "2024-07-01"


def test_every_regulation_has_contiguous_articles_and_clean_chunks(shared_corpus):
    for path in regulations(shared_corpus):
        meta, body, chunks = chunks_of(path)
        assert meta.source_type == "regulation", path.name
        numbers = [article_number(c.article) for c in chunks if c.article and c.paragraph <= 1]
        assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 40, path.name
        assert all(c.chapter.startswith("第") for c in chunks if c.article), path.name
        source_lines = {line.strip() for line in body.splitlines()}
        for chunk in chunks:
            assert len(chunk.text) <= MAX_CHUNK_CHARS, (path.name, chunk.chunk_id)
            assert "<!--" not in chunk.text and "提取说明" not in chunk.text
            last_line = chunk.text.splitlines()[-1]
            assert chunk.text.endswith(SENTENCE_ENDS) or last_line in source_lines, (path.name, chunk.text[-30:])


def test_chunk_ids_and_hashes_are_stable(shared_corpus):
    path = shared_corpus / "regulations" / "geren_daikuan_2024.md"
    first, second = chunks_of(path)[2], chunks_of(path)[2]
    assert [c.chunk_id for c in first] == [c.chunk_id for c in second]
    assert [c.content_hash for c in first] == [c.content_hash for c in second]
    assert first[0].chunk_id == "doc:0000" and len({c.chunk_id for c in first}) == len(first)


def long_article_text() -> str:
    items = "\n".join(
        f"（{int_to_cn(n)}）借款人第{n}项情形：经营状况、财务指标、资金流向和担保情况均应逐项核实并记录在贷后检查报告中，"
        f"客户经理应当在发现异常后及时向风险经理报告并提出处置建议。" for n in range(1, 21)
    )
    return (
        "# 示范银行贷后检查细则\n\n## 第一章　总则\n\n第一条　为规范贷后检查，制定本细则。\n\n"
        f"第二条　客户经理现场检查时应当关注下列情形：\n{items}\n前款所列情形应当逐项记录。\n\n"
        "第三条　本细则自2026年1月1日起施行。\n"
    )


def test_long_article_is_split_on_items_with_continuation_header():
    context = ChunkContext(doc_id="d", doc_title="示范银行贷后检查细则", source_type="internal_rule")
    chunks = chunk_document(long_article_text(), context)
    article_2 = [c for c in chunks if c.article == "第二条"]
    assert len(article_2) >= 3
    assert [c.paragraph for c in article_2] == list(range(1, len(article_2) + 1))
    assert article_2[0].text.startswith("第二条　客户经理现场检查时应当关注下列情形：")
    for chunk in article_2[1:]:
        assert chunk.text.startswith("第二条（续）客户经理现场检查时应当关注下列情形：\n（")
    for chunk in article_2:
        assert len(chunk.text) <= MAX_CHUNK_CHARS and chunk.text.endswith("。")
        assert chunk.chapter == "第一章　总则"
    body = "".join(c.text.split("\n", 1)[1] if c.paragraph > 1 else c.text for c in article_2)
    assert body.count("（十二）借款人第12项情形") == 1 and body.count("（一）借款人第1项情形") == 1
    assert [c.article for c in chunks if c.paragraph <= 1] == ["第一条", "第二条", "第三条"]


def test_one_huge_paragraph_is_cut_between_sentences():
    sentence = "客户经理应当核实借款人的实际经营情况并留存影像资料。"
    text = "第一条　" + sentence * 60 + "\n第二条　短条。"
    chunks = chunk_document(text, ChunkContext(doc_id="d", doc_title="t", source_type="internal_rule"))
    parts = [c for c in chunks if c.article == "第一条"]
    assert len(parts) > 2 and all(c.text.endswith("。") and len(c.text) <= MAX_CHUNK_CHARS for c in parts)


def test_prose_is_split_by_headings_with_section_paths():
    paragraph = "贷后检查应当覆盖资金用途、经营状况和担保情况。" * 8
    text = (
        "# 贷后工作手册\n\n## 一、现场检查\n\n" + paragraph + "\n\n（一）检查频率\n\n" + paragraph * 3
        + "\n\n## 二、风险预警\n\n" + paragraph
    )
    chunks = chunk_document(text, ChunkContext(doc_id="d", doc_title="贷后工作手册", source_type="article"))
    assert all(not c.article for c in chunks)
    sections = [c.section for c in chunks]
    assert sections[0] == "一、现场检查"
    assert "一、现场检查 > （一）检查频率" in sections and sections[-1] == "二、风险预警"
    assert all(len(c.text) <= MAX_CHUNK_CHARS and c.text.endswith("。") for c in chunks)
    assert all(len(c.text) >= 150 for c in chunks)


def test_scraped_rule_books_keep_article_and_rule_book_section(shared_corpus):
    meta, _, chunks = chunks_of(shared_corpus / "seeds" / "002_55d69a6211b50be6.txt")
    assert meta.title == "贷后例会制度" and meta.source_type == "internal_rule"
    assert not any("格式:doc" in c.text for c in chunks)
    first_articles = [c for c in chunks if c.article == "第一条"]
    assert len({c.section for c in first_articles}) >= 3  # 第一条 restarts in several rule books
    rule = [c for c in first_articles if c.section == "xxx银行贷后管理例会工作规则"]
    assert rule and rule[0].text.startswith("第一条为规范贷后管理例会") and rule[0].chapter == "第一章　总则"
    labels = {(c.section, c.article) for c in chunks if c.article and c.paragraph <= 1}
    assert ("xxx银行贷后管理例会工作规则", "第五条") in labels


def test_every_seed_chunks_within_limits(shared_corpus):
    for path in sorted((shared_corpus / "seeds").glob("*.txt")):
        meta, _, chunks = chunks_of(path)
        assert chunks and meta.title, path.name
        assert all(0 < len(c.text) <= MAX_CHUNK_CHARS for c in chunks), path.name


def test_front_matter_sets_metadata_and_is_not_content():
    text = (
        "---\ntitle: 恒达机械走访记录\nsource_type: case_note\nbranch: 城东支行\nborrower_id: B001\n"
        "date: 2026-03-02\nauthor: o_wanglei\nsuperseded: false\n---\n走访恒达机械，车间开工正常，订单饱满。\n"
    )
    meta, body = prepare_document(text, "note.md", branch="城西支行")
    assert (meta.title, meta.source_type, meta.branch, meta.borrower_id) == ("恒达机械走访记录", "case_note", "城东支行", "B001")
    assert meta.effective_date == "2026-03-02" and meta.author == "o_wanglei" and meta.superseded is False
    assert body.strip() == "走访恒达机械，车间开工正常，订单饱满。"


@pytest.mark.parametrize("line", ["source_type: policy", "effective_date: 2026/01/01", "superseded: maybe", "colour: red"])
def test_invalid_front_matter_is_a_user_error(line):
    with pytest.raises(UserError, match="note.md"):
        prepare_document(f"---\n{line}\n---\n正文。", "note.md")


def test_sections_inside_chapters_go_to_the_section_path():
    text = (
        "示范银行贷后管理办法\n第一章总则\n第一条为规范贷后管理，制定本办法。\n"
        "第二章贷后检查\n第一节现场检查\n第二条次级类贷款每月现场检查一次。\n第二节非现场检查\n第三条每日监测账户流水。\n"
    )
    chunks = chunk_document(text, ChunkContext(doc_id="d", doc_title="示范银行贷后管理办法", source_type="internal_rule"))
    by_article = {c.article: c for c in chunks}
    assert by_article["第二条"].chapter == "第二章　贷后检查" and by_article["第二条"].section == "第一节　现场检查"
    assert by_article["第三条"].section == "第二节　非现场检查" and by_article["第一条"].section == ""


def test_an_issuing_note_above_the_first_chapter_heads_no_article():
    """青禾银行总行个人金融部　2024年6月印发 sits right above 第一章 like a short title; as a section it was indexed
    with every article of the book (its 个人, 金融, 银行 matching any question)."""
    text = (
        "青禾银行个人经营性贷款贷后管理细则\n（2024年修订）\n青禾银行总行个人金融部　2024年6月印发\n"
        "第一章 总则\n第一条　为规范贷后管理，制定本细则。\n第二章 职责分工\n第二条　客户经理是第一责任人。\n"
    )
    chunks = chunk_document(text, ChunkContext(doc_id="d", doc_title="青禾银行个人经营性贷款贷后管理细则",
                                               source_type="internal_rule"))
    by_article = {c.article: c for c in chunks}
    assert by_article["第二条"].chapter == "第二章　职责分工"
    assert all("印发" not in c.section and "修订" not in c.section for c in chunks), [c.section for c in chunks]
    from assistant.knowledge.structure import is_short_title

    assert is_short_title("2020年贷后管理工作要点") and is_short_title("预警信息发布")  # titles, not notes
    assert not is_short_title("澄农商银发〔2024〕37号")
    assert not is_short_title("某某农村信用合作联社信贷管理部编印　二〇二四年三月修订")  # a year in Chinese numerals
    assert not is_short_title("（二〇二四年修订）") and is_short_title("二〇二四年工作要点")


def test_a_book_in_parts_keeps_each_article_under_its_part():
    """第二部分 职责分工 heads the articles after it as 第二章 would (it was glued to the end of 第2条, and every
    later article stayed in 第一部分); a 一、 section under a part keeps the part; 第1条 is an article."""
    text = (
        "某某农商银行公司客户授信后管理办法\n第一部分 总则\n第1条  为规范授信后管理，制定本办法。\n"
        "第2条  本办法适用于公司客户。\n第二部分 职责分工\n第3条  客户经理是第一责任人。\n"
        "第三部分 贷后检查\n一、首次检查\n第4条  首次检查应在放款后15日内完成。\n"
        "二、定期检查\n第5条  正常类客户每季度检查一次。\n第四部分 附则\n第6条  本办法自印发之日起施行。\n"
        "第二部分内容由风险管理部负责解释，如有疑问请联系风险管理部信贷政策岗。\n"
    )
    chunks = chunk_document(text, ChunkContext(doc_id="d", doc_title="某某农商银行公司客户授信后管理办法",
                                               source_type="internal_rule"))
    by_article = {c.article: c for c in chunks}
    assert list(by_article) == ["第1条", "第2条", "第3条", "第4条", "第5条", "第6条"]
    assert by_article["第2条"].text.endswith("本办法适用于公司客户。")  # no 第二部分 glued on
    assert by_article["第3条"].chapter == "第二部分　职责分工"
    assert by_article["第4条"].chapter == "第三部分　贷后检查" and by_article["第4条"].section == "一、首次检查"
    assert by_article["第5条"].section == "二、定期检查" and by_article["第6条"].chapter == "第四部分　附则"
    assert "第二部分内容由风险管理部负责解释" in by_article["第6条"].text  # a sentence opening with 第二部分 is text
    from assistant.knowledge.sentences import spans
    from assistant.knowledge.structure import part_heading

    line = "第二部分内容由风险管理部负责解释。"
    assert [sp.of(line) for sp in spans(line)] == [line]  # quoted with its subject
    assert part_heading("第一部分总则") and not part_heading("第二部分所列情形应当上报")  # a PDF drops the space
    for title in ("第二部分 贷款的发放与支付", "第三部分 可疑类贷款", "第四部分 应急处置", "第二编 在建工程抵押"):
        assert part_heading(title), title  # a title after a space is trusted
    assert not part_heading("第二部分内容包括以下几项")


FAQ_BOOK = (
    "某某银行小额贷款贷后操作手册\n一、总则\n本手册适用于小额贷款的贷后管理。\n二、常见问题解答\n"
    "问：借款人外出务工联系不上怎么办？\n答：客户经理应在三个工作日内走访其家属，了解去向，并书面通知保证人。\n"
    "问2：贷款到期前需要提醒借款人吗？\n答：需要。到期前十五日，客户经理应电话提醒借款人准备还款资金。\n"
    "3.问：抵押房产可以出租吗？\n答：经本行书面同意后可以出租，租赁合同应约定租金优先用于还款。\n"
)


def test_each_question_and_answer_pair_is_a_chunk_headed_by_its_question():
    """A 问/答 pair is one citable unit, never merged with its short neighbours (three pairs in one chunk were
    quoted together), and its question is its heading: the context of the 答 and the clause it is cited by."""
    chunks = chunk_document(FAQ_BOOK, ChunkContext(doc_id="d", doc_title="某某银行小额贷款贷后操作手册",
                                                   source_type="internal_rule"))
    pairs = [c for c in chunks if "答：" in c.text]
    assert len(pairs) == 3 and all(c.text.count("答：") == 1 for c in pairs)
    assert pairs[0].section == "二、常见问题解答 > 借款人外出务工联系不上怎么办？"
    assert pairs[1].section.endswith("贷款到期前需要提醒借款人吗？") and pairs[2].section.endswith("抵押房产可以出租吗？")



def test_a_pair_on_one_line_and_a_list_inside_an_answer_stay_one_pair():
    text = ("某某银行小额贷款贷后操作手册\n二、常见问题解答\n问：借款人联系不上怎么办？答：客户经理应在三个工作日内走访其家属。\n"
            "问：逾期后怎么催收？\n答：分以下步骤：\n（一）逾期当日电话提示；\n（二）逾期三日内上门催收。\n"
            "问：贷款到期前需要提醒借款人吗？\n答：需要。到期前十五日电话提醒。\n")
    chunks = chunk_document(text, ChunkContext(doc_id="d", doc_title="某某银行小额贷款贷后操作手册",
                                               source_type="internal_rule"))
    assert [c.section.split(" > ")[-1] for c in chunks] == ["借款人联系不上怎么办？", "逾期后怎么催收？",
                                                            "贷款到期前需要提醒借款人吗？"]
    assert "（二）逾期三日内上门催收。" in chunks[1].text
    # an unpunctuated list in an answer: each next number goes on in the answer
    text = "某某手册\n二、常见问题解答\n问：逾期后怎么催收？\n答：分以下步骤：\n（一）逾期当日电话提示\n（二）逾期三日内上门催收\n" \
           "（三）逾期十日约谈\n问：要提醒吗？\n答：需要。\n"
    chunks = chunk_document(text, ChunkContext(doc_id="d", doc_title="某某手册", source_type="internal_rule"))
    assert [c.section.split(" > ")[-1] for c in chunks] == ["逾期后怎么催收？", "要提醒吗？"]
    assert "（三）逾期十日约谈" in chunks[0].text


DECIMAL_BOOK = (
    "某某银行小企业贷款贷后检查规程\n某某银行信贷管理部　2025年3月印发\n"
    "# 1 总则\n1.1 为规范小企业贷款贷后检查工作，制定本规程。\n1.2 本规程适用于单户授信1000万元以下的小企业贷款。\n"
    "# 2 首次检查\n2.1 客户经理应当在贷款发放后10日内完成首次检查。\n"
    "2.2首次检查的内容包括：\n（1）贷款资金是否按约定用途使用；\n（2）借款人经营是否正常。\n"
    "3 常规检查\n3.1 检查频率\n3.1.1 正常类贷款每季度至少检查1次。\n"
    "3.1.2 关注类贷款每月至少检查1次，押品价值下降的：\n1.5倍以上的情形应当专项检查。\n"
    "3.2 检查方式分为现场检查和非现场检查。\n"
)


def test_a_book_numbered_the_decimal_way_is_cut_into_citable_clauses():
    """1 总则 / 3.1 检查频率 / 3.1.1 …: each numbered clause is a chunk labelled with its number (also when a
    PDF glued the number to the text, 2.2首次…), parts and sub-parts are its chapter and section, and an
    amount opening a line (1.5倍) is no clause."""
    chunks = chunk_document(DECIMAL_BOOK, ChunkContext(doc_id="d", doc_title="某某银行小企业贷款贷后检查规程",
                                                       source_type="internal_rule"))
    by_article = {c.article: c for c in chunks if c.article}
    assert list(by_article) == ["1.1", "1.2", "2.1", "2.2", "3.1.1", "3.1.2", "3.2"]
    assert by_article["2.2"].chapter == "2　首次检查" and "（2）借款人经营是否正常。" in by_article["2.2"].text
    assert by_article["3.1.1"].chapter == "3　常规检查" and by_article["3.1.1"].section == "3.1　检查频率"
    assert by_article["3.2"].section == ""  # 3.2 closes the sub-part 3.1
    assert "1.5倍以上的情形应当专项检查。" in by_article["3.1.2"].text


HEADED_BOOK = (
    "某某银行股份有限公司\n公司客户贷后管理操作规程\n文件编号：XX/CZ-01\n# 修订记录\n版本：V1.0；日期：2019年5月\n"
    "# 1 总则\n## 1.1 目的\n为规范贷后管理，制定本规程。\n## 1.2 交接\n客户经理调岗前应办妥管户交接。\n"
    "# 2 贷后检查\n## 2.1 首次检查\n### 2.1.1 检查时限\n流动资金贷款应在发放后15日内完成首次检查。\n"
    "### 2.1.2 报告时限\n首次检查报告应在3个工作日内录入系统。\n## 2.2 现场检查\n现场检查应双人进行。\n"
    "## 2.3 非现场检查\n发现异常的，应在5个工作日内补充现场检查。\n## 2.4 报告质量\n检查报告不得照抄上期。\n"
    "# 3 附则\n## 3.1 解释\n本规程由授信管理部解释。\n"
)


@pytest.mark.parametrize("glued", [False, True])
def test_a_book_whose_decimal_numbers_head_its_sections_cites_each_numbered_section(glued):
    """1 总则 / 1.1 目的 / 2.1.1 检查时限 heading unnumbered text (as Word headings, or as a PDF's text layer gives
    them, the number glued to its title and part 1 glued to the line above): each numbered section is a chunk
    labelled with its number and holding its title; a sub-part with numbers under it heads their path, and no
    heading before part 1 (修订记录) stays in any path. Before: small sections merged across parts, their titles
    (检查时限, 交接) in no chunk at all, and a PDF's whole book under one path."""
    text = HEADED_BOOK
    if glued:
        text = re.sub(r"^#+ ", "", text, flags=re.M).replace(" ", "").replace("日期：2019年5月\n1总则", "日期：2019年5月1总则")
    chunks = chunk_document(text, ChunkContext(doc_id="d", doc_title="某某银行公司客户贷后管理操作规程",
                                               source_type="internal_rule"))
    by_article = {c.article: c for c in chunks if c.article}
    assert list(by_article) == ["1.1", "1.2", "2.1.1", "2.1.2", "2.2", "2.3", "2.4", "3.1"]
    assert "交接" in by_article["1.2"].text and "检查时限" in by_article["2.1.1"].text
    assert by_article["2.1.1"].chapter == "2　贷后检查" and by_article["2.1.1"].section == "2.1　首次检查"
    assert by_article["2.2"].section == "" and not any("修订记录" in c.section for c in chunks[1:])
    assert _lines_lost(re.sub(r"^#+ ", "", text, flags=re.M)) == []


def test_numbered_lines_in_a_book_with_articles_or_a_short_note_stay_as_they_are():
    """A 第X条 book keeps its articles whatever its numbered items say; a note with a few numbered lines is
    prose (fewer than five clauses)."""
    book = "第一条　贷后检查分为：\n1.1 首次检查；\n1.2 常规检查。\n第二条　客户经理负责检查。\n2.1 每季度一次。\n" * 2
    chunks = chunk_document(book, ChunkContext(doc_id="b", doc_title="细则", source_type="internal_rule"))
    assert {c.article for c in chunks} == {"第一条", "第二条"}
    note = "走访记录\n1.1 经营正常。\n1.2 存货充足。\n"
    assert not any(c.article for c in chunk_document(note, ChunkContext(doc_id="n", doc_title="走访记录",
                                                                        source_type="case_note")))


def _lines_lost(text: str, source_type: str = "internal_rule") -> list[str]:
    chunks = chunk_document(text, ChunkContext(doc_id="d", doc_title="某某银行小企业贷款贷后检查规程", source_type=source_type))
    indexed = "\n".join(f"{c.chapter}\n{c.section}\n{c.text}" for c in chunks)
    return [line for line in text.splitlines() if line and line.replace(" ", "") not in indexed.replace(" ", "").replace("　", "")]


BOOK_HEAD = "1 总则\n1.1 为规范检查，制定本规程。\n1.2 适用于小企业贷款。\n2 检查\n2.1 应在10日内首次检查。\n2.2 应实地查看。\n2.3 结果录入系统。\n"


@pytest.mark.parametrize("tail", [
    "2.4 检查频率按季度执行\n2.5 报告应在5日内提交。\n3 附则\n3.1 本规程由信贷部解释。\n3.2 本规程自印发之日起施行\n",
    "2.4 检查内容包括：\n1、资金用途\n2、经营状况\n2.5 报告应在5日内提交。\n",
    "附表\n1正常类 每季度一次\n2关注类 每月一次\n",
    "3 预警信息发布\n3.1 预警信号应在1个工作日内发布。\n",
    "2.4 押品价值下降：\n1.5 倍以上的应专项检查。\n5 个工作日内完成。\n",
])
def test_no_line_of_a_decimal_book_is_lost_to_its_structure(tail):
    """Found in review: a short clause without punctuation (2.4 检查频率按季度执行), list items 1、, table rows
    glued to their number and amounts opening a line were taken for titles and fell out of every chunk."""
    assert _lines_lost(BOOK_HEAD + tail) == []
    chunks = chunk_document(BOOK_HEAD + tail, ChunkContext(doc_id="d", doc_title="规程", source_type="internal_rule"))
    assert not any("、" in c.chapter or "正常类" in c.chapter for c in chunks)


def test_a_case_notes_dated_log_is_not_read_as_decimal_clauses():
    note = ("3.15 电话回访，经营正常。\n4.2 现场检查，存货充足。\n4.20 借款人告知下游回款延迟\n5.8 回款已到账。\n"
            "6.1 现场检查无异常\n6.30 维持正常类。\n7.12 借款人涉诉，已上报。\n")
    assert _lines_lost(note, "case_note") == []
    assert not any(c.article for c in chunk_document(note, ChunkContext(doc_id="n", doc_title="走访记录",
                                                                        source_type="case_note")))


def test_bulleted_and_bracketed_lines_are_list_items():
    from assistant.knowledge import sentences

    for line in ("● 住房：每年1次；", "◆ 外部信息类：被列为失信被执行人", "1）首次检查", "⑴ 逾期当日", "❷ 上门催收", "① 电话提示"):
        assert sentences.is_item(line), line
    assert not sentences.is_item("住房每年重估1次。")
    text = "答：押品重估频率如下：\n● 住房：每年1次；\n● 车辆：每半年1次。"
    assert [s for s in sentences.sentences(text) if sentences.is_item(s)] == ["● 住房：每年1次；", "● 车辆：每半年1次。"]


def test_a_table_row_with_headers_is_one_sentence_and_a_long_line_of_labels_is_read_at_once():
    """"检查类型：首次检查；时限：放款后10日内" is one row; a slide whose bullets a PDF ran into one long line (many
    "标签：" and no stop) is read at once, row or not: the row pattern once backtracked without end on such a line."""
    from assistant.knowledge import sentences

    assert sentences.is_row("检查类型：首次检查；时限：放款后10日内；责任人：客户经理")
    assert sentences.is_row("  风险分类：关注类；检查频率：每季度1次。  ")
    for line in ("检查类型：首次检查", "问：首次检查几天内做？答：15日内。", "本办法所称贷后管理，是指……"):
        assert not sentences.is_row(line), line
    label16, label17 = "甲" * 16, "甲" * 17  # a header of at most 16 characters
    assert sentences.is_row(f"{label16}：首次检查；时限：10日内") and not sentences.is_row(f"{label17}：首次检查；时限：10日内")
    assert sentences.is_row("时间：上午9:30开始；地点：三楼会议室")  # a colon inside a cell's value
    assert not sentences.is_row("时限：10日内\n地点：三楼")  # a line break ends a value but is no stop
    slide = "● 开立：项目资本金与贷款资金均须进入监管账户" * 200  # 4,800 characters, 200 colons, no stop
    assert sentences.is_row(slide)  # every "…户● 开立" may be a label, as the pattern always allowed
    # …but not once a stop is followed by no cell: the old pattern tried every split of the labels before it (eight
    # bullets took longer than 20 s)
    tail = slide + "。其余内容从略不再展开"
    assert not sentences.is_row(tail) and sentences.sentences(tail)[-1] == "其余内容从略不再展开"

def test_the_enumerations_of_official_prose_are_list_items():
    """一是…；二是…；三是… (and 第一，…) after a colon is a list: the intro and each item stand apart."""
    from assistant.knowledge import sentences

    text = "逾期的，按以下步骤催收：一是逾期首日电话提醒借款人；二是逾期3日内上门催收；三是逾期30日仍未归还的，发送催收通知书。"
    assert sentences.sentences(text) == ["逾期的，按以下步骤催收：", "一是逾期首日电话提醒借款人；", "二是逾期3日内上门催收；",
                                         "三是逾期30日仍未归还的，发送催收通知书。"]
    assert sentences.is_item("第二，按季度报送报表。") and not sentences.is_item("一是否按期还款需核实。")
    for clause in ("第二、三款规定的报告应当书面报送。", "三是指三个月。"):  # a clause reference, a definition
        assert not sentences.is_item(clause), clause


def test_a_question_set_as_a_heading_heads_its_own_answer():
    """A 问答 handbook's .docx sets each 问N as a heading: each question stays with its answer, in its chunk and
    its section, as the same book's PDF (问N： lines) is read."""
    from assistant.knowledge.chunking import ChunkContext, chunk_document

    text = ("# 第一部分 适用范围\n## 问1：本手册适用于哪些贷款？\n答：适用于农户贷款。\n"
            "## 问2：谁是贷后管理的第一责任人？\n答：管户客户经理是第一责任人。")
    chunks = chunk_document(text, ChunkContext("d", "问答手册", "internal_rule"))
    assert [c.section for c in chunks] == ["第一部分 适用范围 > 本手册适用于哪些贷款？",
                                           "第一部分 适用范围 > 谁是贷后管理的第一责任人？"]
    assert chunks[1].text.startswith("问2：谁是贷后管理的第一责任人？")


def test_a_part_heading_of_a_prose_book_opens_a_part_without_blank_lines_around_it():
    """A PDF's text layer has no blank lines: 第一部分 … still opens a part, and the cover's first line (the issuing
    body) stops heading the book."""
    from assistant.knowledge.chunking import ChunkContext, chunk_document

    text = ("某某县农村信用合作联社\n某农信联发〔2024〕1号\n某某问答手册\n第一部分 适用范围与岗位职责\n"
            "问1：本手册适用于哪些贷款？\n答：本手册适用于全辖各信用社发放的农户贷款和个人经营性贷款。")
    chunks = chunk_document(text, ChunkContext("d", "某某问答手册", "internal_rule"))
    answer = next(c for c in chunks if "农户贷款" in c.text)
    assert answer.section.startswith("第一部分") and "合作联社" not in answer.section


def test_a_sentence_opening_with_a_chapter_number_opens_no_part():
    from assistant.knowledge.chunking import ChunkContext, chunk_document

    body = "客户经理应当按规定收集、整理和移交贷后档案，档案应当完整、真实、连续，不得缺页或者涂改。" * 4
    text = f"贷后管理要点\n第四章则对风险预警作出规定，预警信号分为三级。\n{body}\n第五章 档案管理\n{body}"
    sections = [c.section for c in chunk_document(text, ChunkContext("d", "要点", "article"))]
    assert not any("第四章" in s for s in sections) and any(s.startswith("第五章") for s in sections)


def test_an_annex_heading_of_a_prose_book_opens_a_part():
    """A notice issuing its rules in annexes: 附件2 … opens a part of its own (in a PDF, no markdown heading marks it);
    the notice's list of annexes (附件：1.…) opens none."""
    from assistant.knowledge.chunking import ChunkContext, chunk_document

    body = "管户客户经理应当按本标准识别预警信号，并在规定时限内报告支行风险经理，逾期未报告的按规定追究责任。" * 8
    text = (f"某某农商银行关于印发《贷后检查细则》的通知\n各支行：\n现印发给你们，请遵照执行。\n附件：1.贷后检查细则\n"
            f"2.预警信号分级标准\n附件1贷后检查细则\n一、总体要求\n{body}\n附件2　预警信号分级标准\n一、分级原则\n{body}")
    sections = [c.section for c in chunk_document(text, ChunkContext("d", "通知", "internal_rule"))]
    assert any(s.startswith("附件1　贷后检查细则 > 一、总体要求") for s in sections)
    assert any(s.startswith("附件2　预警信号分级标准 > 一、分级原则") for s in sections)
    assert not any(s.startswith("附件：") or s.startswith("附件1　.") for s in sections)
    from assistant.knowledge.structure import _annex_heading

    assert _annex_heading("附件1：贷后检查细则") == "附件1　贷后检查细则"
    for sentence in ("附件1所列材料由客户经理收集", "附件二至附件四", "附件一览表", "附件2-1 检查表"):
        assert _annex_heading(sentence) is None, sentence


def test_a_preamble_merged_with_the_first_section_keeps_no_section_of_its_own():
    """Only a heading with nothing under it takes the path of the section it is merged into."""
    from assistant.knowledge.chunking import ChunkContext, chunk_document

    text = "贷后检查细则\n为规范贷后检查，制定本细则。\n一、总体要求\n检查应当真实完整。"
    chunks = chunk_document(text, ChunkContext("d", "贷后检查细则", "internal_rule"))
    preamble = next(c for c in chunks if "为规范" in c.text)
    assert not preamble.section.endswith("一、总体要求")


def test_a_decimal_section_title_is_a_heading_and_an_amount_is_not():
    """In a rule book (not a case note's dated log: 4.20 借款人告知回款延迟), 6.1 预警等级 is a title; an amount opening a
    line is none."""
    from assistant.knowledge import sentences

    for title in ("6.1 预警等级", "4.1.1检查时限", "2.5 销售资金归行率", "4.2 分类管理", "3.2 成本核算"):
        assert sentences.is_heading(title, decimal=True), title
    assert not sentences.is_heading("4.20 借款人告知回款延迟")  # a note's log line
    for line in ("1.5倍以上的应专项检查", "3.2 检查方式分为现场检查和非现场检查。", "2.5 个工作日内报送", "2.5 小时内报告",
                 "0.5 分以下", "2.5成以上", "3.5 公里范围内"):
        assert not sentences.is_heading(line, decimal=True), line


def test_a_numbered_table_row_neither_reopens_a_part_nor_makes_a_decimal_book():
    """Found in review: 2关注类每季度一次 under part 2 was taken for part 2 again (and lost); a prose guide's scoring
    table numbered 1.1 … 3.3 made the guide a decimal book."""
    book = HEADED_BOOK.replace("## 2.1 首次检查\n", "各类检查频率见下表：\n1正常类每半年一次\n2关注类每季度一次\n## 2.1 首次检查\n")
    assert _lines_lost(re.sub(r"^#+ ", "", book, flags=re.M)) == []
    guide = ("一、评分办法\n评分表如下：\n" + "".join(f"{a}.{b}指标{a}{b}得10分\n" for a in (1, 2, 3) for b in (1, 2, 3))
             + "二、结果运用\n评分低于60分的客户应列为重点关注客户并上报。\n")
    chunks = chunk_document(guide, ChunkContext(doc_id="g", doc_title="评分指引", source_type="internal_rule"))
    assert not any(c.article for c in chunks) and _lines_lost(guide) == []


COMPILATION = (
    "编印说明\n本汇编收录本行现行有效的两项制度，条款编号在各项制度内独立计算。\n"
    "某某银行贷后检查管理办法\n某银发〔2025〕17号\n第一章　总则\n第一条　为规范贷后检查，制定本办法。\n"
    "第二条　首次检查应在放款后15日内完成。\n"
    "风险预警管理细则\n某银发〔2025〕23号\n第一条　为识别风险信号，制定本细则。\n"
    "第二条　黄色预警由支行行长认定。\n"
    "附件　贷后检查报告要素表\n序号：1；要素：基本信息。\n"
)


def test_a_compilation_cites_each_rule_by_its_own_title():
    """A 制度汇编 sets several rules in one file, each numbered from 第一条: 第二条 of the 细则 is cited as the 细则's,
    with the compilation's bank name heading a rule title naming none; what stands outside the rules (the
    compiler's note, an annex) stays the compilation's."""
    context = ChunkContext(doc_id="c", doc_title="某某银行贷后管理制度汇编", source_type="internal_rule")
    chunks = chunk_document(COMPILATION, context)
    first = next(c for c in chunks if "首次检查应在放款后15日内完成" in c.text)
    assert (first.doc_title, first.article) == ("某某银行贷后检查管理办法", "第二条")
    second = next(c for c in chunks if "黄色预警由支行行长认定" in c.text)
    assert (second.doc_title, second.article, second.section) == ("某某银行风险预警管理细则", "第二条", "")
    assert {c.doc_title for c in chunks if "编印说明" in c.text or "要素表" in c.text} == {"某某银行贷后管理制度汇编"}
    assert {c.doc_id for c in chunks} == {"c"}  # one file, one document to list, replace or delete


def test_rules_pasted_together_without_numbers_are_no_compilation():
    """A web page pasting two rules together (no document numbers, no 汇编 in its title) stays one page, cited by
    its title; a rule issued under its notice holds one rule."""
    pasted = re.sub(r"某银发〔2025〕\d+号\n", "", COMPILATION)
    page = chunk_document(pasted, ChunkContext(doc_id="p", doc_title="贷后例会制度", source_type="article"))
    assert {c.doc_title for c in page} == {"贷后例会制度"}
    numbered = chunk_document(COMPILATION, ChunkContext(doc_id="n", doc_title="贷后制度", source_type="internal_rule"))
    assert "风险预警管理细则" in {c.doc_title for c in numbered}  # each rule over its number: a compilation
    one = ("某某银行关于印发《贷后检查管理办法》的通知\n各支行：现印发给你们，请遵照执行。\n贷后检查管理办法\n"
           "第一条　为规范贷后检查，制定本办法。\n第二条　首次检查应在放款后15日内完成。\n")
    notice = chunk_document(one, ChunkContext(doc_id="o", doc_title="某某银行关于印发《贷后检查管理办法》的通知",
                                              source_type="internal_rule"))
    assert {c.doc_title for c in notice} == {"某某银行关于印发《贷后检查管理办法》的通知"}


def test_a_rule_title_run_into_its_document_number_is_a_line_of_its_own():
    from assistant.knowledge.structure import repair_run_together

    assert repair_run_together("临澄银行风险预警管理细则临银发〔2025〕23号") == "临澄银行风险预警管理细则\n临银发〔2025〕23号"
    assert repair_run_together("押品监控操作规程临银办发〔2025〕8号") == "押品监控操作规程\n临银办发〔2025〕8号"
    # the whole title, not the first ending inside it
    assert repair_run_together("临澄银行贷后管理办法实施细则临银发〔2025〕23号").split("\n")[0] == "临澄银行贷后管理办法实施细则"
    notice = "某行关于印发办法的通知临银发〔2025〕17号"  # a notice's title is no rule's
    assert repair_run_together(notice) == notice


def test_compilation_layouts_and_rule_titles():
    """Rules numbered 第1条, under a category heading, each named with the compilation's bank; a rule whose title went
    unread (a 第一条 twice under one rule) splits nothing; a regulator's compilation lends no bank name."""
    from assistant.knowledge.chunking import rule_title

    arabic = COMPILATION.replace("第一条", "第1条").replace("第二条", "第2条")
    chunks = chunk_document(arabic, ChunkContext(doc_id="a", doc_title="某某银行贷后管理制度汇编", source_type="internal_rule"))
    assert "某某银行风险预警管理细则" in {c.doc_title for c in chunks}
    titled = [c for c in chunks if c.doc_title != "某某银行贷后管理制度汇编"]
    assert titled and {c.book for c in titled} == {"某某银行贷后管理制度汇编"}  # the file's title, for filters
    unread = COMPILATION.replace("风险预警管理细则\n", "风险预警操作手册（2025年修订）\n")
    one = chunk_document(unread, ChunkContext(doc_id="u", doc_title="某某银行贷后管理制度汇编", source_type="internal_rule"))
    assert {c.doc_title for c in one} == {"某某银行贷后管理制度汇编"}
    assert rule_title("商业银行信贷法规汇编", "个人贷款管理办法") == "个人贷款管理办法"
    assert rule_title("临澄农村商业银行贷后管理制度汇编", "临澄农商行风险预警管理细则") == "临澄农商行风险预警管理细则"
    assert rule_title("临澄农商行制度汇编", "押品监控操作规程") == "临澄农商行押品监控操作规程"


def test_a_filter_by_a_compilations_title_keeps_its_rules():
    from assistant.knowledge.types import SearchFilters, chunk_allowed

    context = ChunkContext(doc_id="c", doc_title="某某银行贷后管理制度汇编", source_type="internal_rule")
    chunks = chunk_document(COMPILATION, context)
    by_book = [c for c in chunks if chunk_allowed(c, SearchFilters(doc_titles=("某某银行贷后管理制度汇编",)))]
    assert len(by_book) == len(chunks)
    by_rule = [c for c in chunks if chunk_allowed(c, SearchFilters(doc_titles=("风险预警管理细则",)))]
    assert by_rule and all(c.doc_title == "某某银行风险预警管理细则" for c in by_rule)


def test_a_compiled_rule_is_cited_and_curated_by_its_own_title():
    """A standard answer cites 《某某银行风险预警管理细则》第二条 as the chat does; the compilation's title with 第二条
    is two rules' clauses and is refused with both named."""
    from assistant.curation.clauses import current_clause, find_clause
    from assistant.knowledge.types import DocumentRecord

    chunks = chunk_document(COMPILATION, ChunkContext(doc_id="c", doc_title="某某银行贷后管理制度汇编",
                                                      source_type="internal_rule"))
    record = DocumentRecord("c", "某某银行贷后管理制度汇编", "internal_rule", "/x/汇编.docx", "h", len(chunks))

    class Index:
        def documents(self):
            return {"c": record}

        def chunk(self, chunk_id):
            return next((c for c in chunks if c.chunk_id == chunk_id), None)

    clause = find_clause(Index(), "某某银行风险预警管理细则", "第2条")
    assert "黄色预警由支行行长认定" in clause.text and "首次检查" not in clause.text
    assert clause.stored()["doc_title"] == "某某银行风险预警管理细则"
    assert current_clause(Index(), clause.stored()).text == clause.text
    with pytest.raises(UserError, match="风险预警管理细则"):
        find_clause(Index(), "某某银行贷后管理制度汇编", "第二条")


def test_small_sections_merged_into_one_chunk_keep_their_own_headings():
    """A Word file's headings live in the section path, not in the text: two small entries merged under their
    common heading must still say which is which (### CW-01 … / ### CW-02 …)."""
    body = "\n".join([
        "## 信号目录", "### CW-01 营业收入下滑", "信号等级：二级", "核实时限：10个工作日",
        "### CW-02 资产负债率超限", "信号等级：三级", "核实时限：15个工作日",
    ])
    chunks = chunk_document(body, ChunkContext(doc_id="doc", doc_title="某行预警信号目录", source_type="internal_rule"))
    assert len(chunks) == 1
    chunk = chunks[0]
    assert chunk.section == "信号目录"
    lines = chunk.text.splitlines()
    assert lines.index("CW-01 营业收入下滑") < lines.index("信号等级：二级") < lines.index("CW-02 资产负债率超限")
    assert lines.index("CW-02 资产负债率超限") < lines.index("信号等级：三级")
    # a heading the unit's first line already is, is not written twice
    prose = chunk_document("一、总则\n本办法适用于公司客户。\n二、职责\n客户经理负责检查。",
                           ChunkContext(doc_id="d", doc_title="某行办法", source_type="internal_rule"))
    assert all(c.text.count("二、职责") <= 1 for c in prose)
    nested = chunk_document("## 一、总则\n本办法适用于公司客户。\n## 二、职责\n### （一）客户经理\n负责检查。\n### （二）风险经理\n负责复核。",
                            ChunkContext(doc_id="d", doc_title="某行办法", source_type="internal_rule"))
    text = "\n".join(c.text for c in nested)
    assert text.count("二、职责") == 1 and text.index("二、职责") < text.index("（一）客户经理") < text.index("（二）风险经理")
    # a sentence opening with the heading's words (## 贷后管理 / 贷后管理阶段业务流程…) does not say the heading
    opening = chunk_document("## 贷后管理\n贷后管理阶段包括检查和回收。\n## 贷后检查\n首次检查应在规定期限内进行。",
                             ChunkContext(doc_id="d", doc_title="某行手册", source_type="internal_rule"))
    lines = "\n".join(c.text for c in opening).splitlines()
    assert lines.index("贷后管理") < lines.index("贷后管理阶段包括检查和回收。") < lines.index("贷后检查")
    marked = chunk_document("## 四、贷后检查：\n四、贷后检查：客户经理每季检查一次。\n## 五、档案\n档案由支行保管。",
                            ChunkContext(doc_id="d", doc_title="某行手册", source_type="internal_rule"))
    assert "\n".join(c.text for c in marked).count("四、贷后检查") == 1  # the line runs on after the heading's mark
