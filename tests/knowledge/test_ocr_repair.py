"""OCR repairs on made-up OCR'd lines (list items' ends, dashes, look-alike characters), and the clean text of
the sample rule books and the regulations going through them unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.knowledge.ocr import page_text
from assistant.knowledge.ocr_repair import close_items, marker, repair_page, restore_dashes, swap_lookalikes
from evals.ocr.scans import book_lines, render_pages

pytestmark = pytest.mark.unit

RULE_BOOKS = Path(__file__).resolve().parents[2] / "corpus" / "knowledge"


def test_an_item_ending_in_a_colon_before_the_next_item_is_closed_with_a_semicolon():
    page = ["第五条　押品巡查按以下要求：",
            "（一）厂房每半年巡查一次，巡查结果记入",
            "《押品巡查台账》：",
            "（二）住宅每年巡查一次：",
            "（三）车辆每季度巡查一次。"]
    assert close_items(page) == [page[0], page[1], "《押品巡查台账》；", "（二）住宅每年巡查一次；", page[4]]


@pytest.mark.parametrize("first, second", [("一、", "二、"), ("1、", "2、"), ("3.", "4."), ("(1)", "(2)"),
                                           ("（九）", "（十）"), ("⑤", "⑥"), ("（十九）", "（二十）")])
def test_every_marker_style_has_its_next_marker(first, second):
    page = [f"{first}核实押品现状：", f"{second}核实保险到期日。"]
    assert close_items(page)[0] == f"{first}核实押品现状；"


def test_a_bracket_read_half_width_is_the_same_style():
    assert close_items(["（一）核实押品现状：", "(二)核实保险到期日。"])[0] == "（一）核实押品现状；"


@pytest.mark.parametrize("page", [
    ["（一）有下列情形的：", "1、抵押物被查封；"],  # an item that opens a list of its own
    ["（一）有下列情形的：", "（三）抵押物被查封；"],  # not the next item
    ["（一）有下列情形的：", "二、抵押物被查封；"],  # another style
    ["第八条　按以下顺序处理：", "（二）抵押物被查封；"],  # the paragraph is no item
    ["（一）抵押物价值下跌。", "客户经理应按以下要求：", "（二）补充担保。"],  # its paragraph starts at no marker
    ["（一）有下列情形的："],  # the page ends: the next line is not seen
])
def test_a_colon_that_may_introduce_a_list_is_kept(page):
    assert close_items(page) == page


def test_markers_are_read_with_their_style_and_number():
    assert marker("（十二）借款人") == ("paren cjk", 12) and marker("2、借款人") == ("listed arabic", 2)
    assert marker("1.5倍") is None and marker("一二、") is None and marker("借款人") is None


def test_a_numeral_read_for_a_dash_in_a_chain_of_steps_is_a_dash_again():
    assert restore_dashes("按“申请一调查一审批一发放”流程办理") == "按“申请—调查—审批—发放”流程办理"
    assert restore_dashes("实行受理一评估一登记流程") == "实行受理—评估—登记流程"


@pytest.mark.parametrize("line", ["统一标准，每一户逐一核对，一一对应，每季度检查一次", "审批一放款",
                                  "第一季度一次性还款", "其中一人可为风险经理"])
def test_the_numeral_one_is_kept_where_it_is_no_dash(line):
    assert restore_dashes(line) == line


def test_a_look_alike_character_is_swapped_where_it_makes_a_far_likelier_word():
    assert swap_lookalikes("预计末来三年现金流") == "预计未来三年现金流"
    assert swap_lookalikes("借款人己经归还本金") == "借款人已经归还本金"
    assert swap_lookalikes("客户经理负责曰常监测") == "客户经理负责日常监测"


@pytest.mark.parametrize("line", ["核查借款人自己的账户", "未按期还款的，列入关注类", "本办法由总行负责解释",
                                  "该笔贷款于今年到期", "押品价值写入台账"])
def test_words_that_are_right_are_left_alone(line):
    assert swap_lookalikes(line) == line


def test_every_engine_page_is_tidied_and_repaired():
    assert page_text(["（一）客户经理 每 月 核查：", "", "（二）风险经理每季度复核。"]) == \
        "（一）客户经理每月核查；\n（二）风险经理每季度复核。"


def _clean_texts(shared_corpus: Path) -> list[tuple[str, str]]:
    books = sorted(RULE_BOOKS.glob("*.md")) + sorted((shared_corpus / "regulations").glob("*.md"))
    assert len(books) >= 7
    return [(book.name, book.read_text(encoding="utf-8")) for book in books]


@pytest.mark.slow
def test_clean_text_goes_through_unchanged(shared_corpus):
    """No false repair on the sample rule books and the regulations: as their pages show them when printed and
    scanned, and with every paragraph on one line."""
    for name, markdown in _clean_texts(shared_corpus):
        lines = book_lines(markdown)
        for page in [*render_pages(lines), lines]:
            text = "\n".join(page)
            assert repair_page(text) == text, name
