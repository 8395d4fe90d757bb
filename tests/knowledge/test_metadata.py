"""A rule book's version note in its title: how questions name that version, and the book without it."""

from __future__ import annotations

import pytest

from assistant.knowledge.metadata import base_title, names_version
from assistant.knowledge.retriever import title_aliases

OLD = "示范银行贷后管理实施细则（2022年版）"


@pytest.mark.parametrize("question", [
    "2022版细则里，销售资金归行率最低要求是多少？",
    "翻老账：22版细则那会儿，正常类多久检查一次？",
    "按《示范银行贷后管理实施细则（2022年版）》，例会多久开一次？",
    "２０２２年版细则的归行率是多少",  # full-width digits
    "2022年修订的细则怎么规定的",
    "细则（22版）对销售归行率下限是咋定的",  # the kind before the year
    "旧版本的细则怎么规定",  # the old one: a superseded book
    "上一版细则里正常类多久检查一次",
    "之前那版细则里例会由谁主持",  # 之前那版: the old one
    "照22版那时候的规定，押品多久重估",  # words for the rules that name no kind of book
    "旧版制度下正常类多久查一次",
    "那时候按旧细则，押品多久重估",  # 旧 before the kind of book
])
def test_a_question_names_the_version_by_title_or_by_year_and_kind(question):
    assert names_version(question, OLD)


@pytest.mark.parametrize("question", [
    "细则里归行率最低多少？",  # the book in force
    "2022年贷款逾期了怎么办？",  # a year, no version
    "2022版办法里怎么说？",  # another kind of book
    "32022版细则",  # no year at all
    "按细则，2022版的借款合同要重签吗？",  # the year is of a contract, not of the book
    "细则里说2022版的合同要重签吗",  # the year is of another noun
    "以上版本细则都适用吗",  # 上版本 of 以上版本
    "新细则怎么规定",
    "老版的办法里怎么说",  # the old one of another kind of book
    "原版的合同文件要留档吗",  # the old one of a contract
    "新旧细则衔接期间怎么办",  # both versions, not the old one
    "依旧细则规定执行吗",  # 依旧: still
    "2022版的合同有什么规定？",  # 规定 further on speaks of the contract
    "之前那版合同规定的利率是多少",
    "旧版办法规定押品多久重估",
])
def test_a_year_alone_or_another_kind_of_book_names_no_version(question):
    assert not names_version(question, OLD)


def test_a_title_without_a_version_note_is_named_only_whole():
    assert base_title("个人贷款管理办法") == "个人贷款管理办法"
    assert not names_version("2024版的办法怎么说", "个人贷款管理办法")
    assert names_version("2020版押品管理细则", "示范银行押品管理细则（2020版）")


def test_a_versioned_title_is_also_named_as_the_book_without_its_note():
    aliases = title_aliases(OLD)
    assert OLD in aliases and "示范银行贷后管理实施细则" in aliases and "贷后管理实施细则" in aliases
    assert not any(a.endswith("）") and a != OLD for a in aliases)  # no pieces of the note (2年版）)


def test_an_old_title_that_begins_the_new_one_is_not_named_by_the_new_one():
    """Old 示范银行贷后管理实施细则, new …（2025年版）: the new full title does not name the old book."""
    old, new = "示范银行贷后管理实施细则", "示范银行贷后管理实施细则（2025年版）"
    assert not names_version(f"按《{new}》，例会多久开一次？", old)
    assert names_version(f"按《{old}》，例会多久开一次？", old)


def test_the_named_versions_and_their_successors():
    from assistant.knowledge.metadata import named_versions

    documents = [("old", OLD, True), ("new", "示范银行贷后管理实施细则", False), ("guide", "示范银行预警指引", False)]
    assert named_versions("2022版细则里归行率最低多少？", documents) == ({"old"}, {"new"})
    assert named_versions("细则里归行率最低多少？", documents) == (set(), set())
    # a version said by its year alone names the one book with an old version of that year
    assert named_versions("22版的预警信号分几级？", documents) == ({"old"}, {"new"})
    assert named_versions("2021版的预警信号分几级？", documents) == (set(), set())  # no old version of that year
    assert named_versions("现行细则从哪天施行？22版是不是就不用了？", documents) == (set(), set())  # today's too
    two = documents + [("old2", "示范银行预警指引（2022年版）", True)]
    assert named_versions("22版的预警信号分几级？", two) == (set(), set())  # two books: the year names neither


def test_a_question_comparing_versions_searches_both():
    from assistant.knowledge.metadata import named_versions

    documents = [("old", OLD, True), ("new", "示范银行贷后管理实施细则", False)]
    assert named_versions("22版细则里押品几年重估一次", documents) == ({"old"}, {"new"})  # not its successor
    for question in ("新旧版细则有啥区别", "新版和旧版细则有什么区别", "22版细则和现行的比改了啥",
                     "次级类多久现场检查一次？和22版比有变化吗？"):
        assert named_versions(question, documents) == ({"old"}, set()), question
    # a difference inside the old book compares no versions
    assert named_versions("22版细则里关注类和次级类有什么区别", documents) == ({"old"}, {"new"})
    assert named_versions("22版细则现行有效吗", documents) == ({"old"}, {"new"})
    assert named_versions("22版细则里次级类和关注类相比有什么不同", documents) == ({"old"}, {"new"})
    assert not names_version("线上版本的细则怎么用", OLD)


def test_a_red_head_cover_gives_the_title_below_the_issuing_body_and_its_number():
    """红头文件: the issuing body's name, its 文号 and the date come before the title on the cover."""
    from assistant.knowledge.metadata import infer_title

    cover = ("鹤岭县农村信用合作联社\n鹤农信联发〔2024〕118号\n鹤岭农信联社普惠贷款贷后管理问答手册\n"
             "联社风险管理部 联合编印\n印发日期：2024年11月26日\n第一部分 适用范围\n问1：本手册适用于哪些贷款？")
    assert infer_title(cover, "scan_0001.docx") == "鹤岭农信联社普惠贷款贷后管理问答手册"
    assert infer_title("某某农村商业银行股份有限公司\n《某某农商银行贷后管理工作手册（试行）》\n一、总则", "x.pdf") == \
        "某某农商银行贷后管理工作手册（试行）"
    # a first line that is itself a title, or a note with no title-like line, keeps its first line
    assert infer_title("示范银行贷后管理实施细则\n第一章 总则\n第一条 为规范…制定本办法。", "x.md") == "示范银行贷后管理实施细则"
    assert infer_title("孙丽华个人消费贷款催收走访记录（2026年11月21日）\n依据《示范银行贷后管理实施细则》第三十条处理。",
                       "x.md") == "孙丽华个人消费贷款催收走访记录（2026年11月21日）"


def test_a_rule_book_below_its_banks_name_on_a_cover_is_titled_with_the_bank():
    """某某银行股份有限公司 / 公司客户贷后管理操作规程 on a cover: the bank's book, named as banks name them (the legal
    form dropped), so it is taken for that bank's own book. A title naming an institution, or a department's line
    above it, stays as set."""
    from assistant.knowledge.metadata import infer_title, names_institution_book

    title = infer_title("瀚海银行股份有限公司\n\n公司客户贷后管理操作规程\n文件编号：HH/CZ-01\n1 总则", "x.docx")
    assert title == "瀚海银行公司客户贷后管理操作规程" and names_institution_book(title)
    assert infer_title("某某县农村信用合作联社\n贷后管理问答手册（2026年版）\n前言", "x.pdf") == \
        "某某县农村信用合作联社贷后管理问答手册（2026年版）"
    assert infer_title("某某农村商业银行股份有限公司\n某某农商银行贷后管理工作手册\n一、总则", "x.pdf") == "某某农商银行贷后管理工作手册"
    assert infer_title("某某银行信贷管理部\n某行发〔2024〕3号\n贷后检查操作要点\n一、总则", "x.pdf") == "贷后检查操作要点"
    assert infer_title("某某银行文件\n某行发〔2024〕3号\n商业银行贷后管理办法\n一、总则", "x.pdf") == "商业银行贷后管理办法"
    # found in review: only the line right above the title names its bank; 本行… and a short name stay as set
    assert infer_title("瀚海银行股份有限公司\n瀚海银行上海分行\n公司客户贷后管理操作规程\n1 总则", "x.pdf") == "公司客户贷后管理操作规程"
    assert infer_title("瀚海银行股份有限公司\n授信管理部\n公司客户贷后管理操作规程\n1 总则", "x.pdf") == "公司客户贷后管理操作规程"
    assert infer_title("瀚海银行股份有限公司\n本行公司客户贷后管理操作规程\n1 总则", "x.pdf") == "本行公司客户贷后管理操作规程"
    assert infer_title("瀚海银行股份有限公司\n瀚银公司客户贷后管理操作规程\n1 总则", "x.pdf") == "瀚银公司客户贷后管理操作规程"


def test_a_notice_issuing_rules_is_titled_by_its_own_title_line_even_wrapped():
    """…关于印发《…细则》的通知 below a red head is the document's title; a PDF may wrap it over two lines."""
    from assistant.knowledge.metadata import infer_title

    title = "某某农村商业银行关于印发《公司客户贷后检查实施细则》的通知"
    assert infer_title(f"某某农村商业银行文件\n某农商发〔2024〕38号\n{title}\n各支行：", "x.docx") == title
    assert infer_title(f"某某农村商业银行文件\n{title[:20]}\n{title[20:]}\n各支行：", "x.pdf") == title
    assert infer_title("关于加强贷后管理工作的通知\n各支行：\n1. 押品管理规定", "x.docx") == "关于加强贷后管理工作的通知"
    # no 文号 above it, or the 文号 below it: the red head is still no part of the title
    assert infer_title(f"某某农村商业银行文件\n{title}\n各支行：", "x.docx") == title
    assert infer_title(f"某某农村商业银行文件\n{title}\n某农商发〔2024〕3号\n各支行：", "x.docx") == title
    unbracketed = "某某农村商业银行关于印发公司客户贷后检查实施细则的通知"  # wrapped, no 《》
    assert infer_title(f"某某农村商业银行文件\n{unbracketed[:22]}\n{unbracketed[22:]}\n各支行：", "x.pdf") == unbracketed
    from assistant.knowledge.metadata import cover_title
    assert cover_title("某某农村商业银行文件\n根据总行关于调整贷后检查频率的决定\n各支行：") == ""  # a sentence
    # a notice title opening with 关于 (no issuer before it), as a Word heading or wrapped by a PDF
    own = "关于印发《某某农村商业银行不良贷款清收处置实施细则》的通知"
    assert infer_title(f"某某农村商业银行文件\n某农商发〔2026〕41号\n# {own}\n主送：各支行", "x.docx") == own
    assert infer_title(f"某某农村商业银行文件\n某农商发〔2026〕41号\n{own[:-3]}\n的通知\n主送：各支行", "x.pdf") == own


def test_a_table_of_contents_is_dropped_and_what_a_pdf_glued_to_it_stays():
    from assistant.knowledge.metadata import clean_body

    docx = "印发说明\n目　　录\n附件1　贷后检查细则\t5\n一、总体要求\t5\n二、职责分工\t6\n# 附件1　贷后检查细则"
    assert clean_body(docx) == "印发说明\n# 附件1　贷后检查细则"
    pdf = ("办公室2024年9月13日印发目 录附件1贷后检查细则..........5\n一、总体要求.............5\n"
           "二、档案管理 ..........................24附件1贷后检查细则\n一、总体要求")
    assert clean_body(pdf) == "办公室2024年9月13日印发\n附件1贷后检查细则\n一、总体要求"
    prose = "押品包括房产、设备……等，详见附件。\n说明……"  # an ellipsis in a sentence is no leader
    assert clean_body(prose) == prose
    for kept in ("资产负债率..........20分", "检查频率：正常类........12个月，关注类........6个月",  # figures, not pages
                 "回款金额\t120",  # a tab before a figure outside a table of contents
                 "检查发现存货积压、回款放缓、销售下滑…………", "客户经理（签字）..........  日期..........",  # blanks
                 "请按档案目录顺序整理，缺页处用……………标注"):
        assert clean_body(kept) == kept, kept
    assert clean_body("目录\n附件1：贷后检查细则..........5\n五、贷后档案目录管理..........12\n正文") == "正文"


def test_a_cover_title_wrapped_by_its_large_type_is_read_whole():
    """某某村镇银行股份有限公司 / 某某村镇银行个人经营性贷款贷后管理 / 作业指引: the title's tail on the next line completes
    it; a short line (a department) is no first half of the title under it."""
    from assistant.knowledge.metadata import infer_title

    body = "某某村镇银行股份有限公司\n某某村镇银行个人经营性贷款贷后管理\n作业指引\n2025年6月\n一、总则"
    assert infer_title(body, "x.pdf") == "某某村镇银行个人经营性贷款贷后管理作业指引"
    for body_line in ("风险管理部", "某某银行授信审批中心", "某某农村商业银行公司业务管理委员会办公室", "某某银行风险管理委员会审议通过"):
        body = f"某某村镇银行股份有限公司\n{body_line}\n贷后管理办法\n第一章　总则"
        assert infer_title(body, "x.pdf") == "贷后管理办法", body_line  # a body's name above the title: the title as set


def test_a_line_citing_a_rule_book_is_no_cover_title():
    from assistant.knowledge.metadata import cover_title

    assert cover_title("某某公司贷后检查记录\n依据《示范银行贷后管理实施细则》\n一、检查情况") == ""
    assert cover_title("依据：示范银行贷后管理实施细则\n检查情况如下") == ""


@pytest.mark.parametrize("body", [
    "金穗农业科技有限公司贷后检查记录\n检查依据\n示范银行贷后管理实施细则\n一、检查情况",  # a note citing a book
    "贷后管理操作流程\n（一）贷后检查要点",  # an article's list item
    "关于加强贷后管理工作的通知\n各支行：\n1. 押品管理规定",
    "作者：张三\n## 贷后检查要点",
])
def test_a_document_with_no_cover_keeps_its_first_line_as_title(body):
    """Only a red-head cover (the issuing body alone on the first line, or a 文号 among the opening lines) puts the
    title further down."""
    from assistant.knowledge.metadata import infer_title

    assert infer_title(body, "x.docx") == body.split("\n")[0]


def test_a_wrapped_pdf_title_ending_in_a_whole_ending_is_joined():
    from assistant.knowledge.loaders import rejoin_title

    assert rejoin_title("鹤岭农信联社普惠贷款贷后管理问答\n手册\n第一部分").split("\n")[0] == "鹤岭农信联社普惠贷款贷后管理问答手册"


@pytest.mark.parametrize("kind", ["办法", "规程", "标准", "手册", "指南", "准则"])
def test_the_day_a_book_takes_effect_is_read_from_its_last_article_whatever_its_kind(kind):
    from assistant.knowledge.metadata import infer_version

    body = "\n".join(["# 某行信贷档案管理操作" + kind] + [f"第{n}条 正文。" for n in "一二三四五六七八九十"]
                     + [f"第十一条 本{kind}自2024年9月1日起施行。"])
    assert infer_version(body)["effective_date"] == "2024-09-01"
