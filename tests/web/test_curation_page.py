"""标准问答 in a real browser: an officer marks an answer 有误, the risk manager sees it in the queue, a save
citing a clause that does not exist is refused with the reason, the corrected one is saved, and the officer's
next question gets it marked 标准答复; a second 有误 is dismissed; the answer is retired at the end."""

from __future__ import annotations

import pytest

from tests.web.conftest import login, shoot

pytestmark = [pytest.mark.browser, pytest.mark.integration]

QUESTION = "个人经营贷款的正常类客户现场检查怎么安排？"
ANSWER = "法人客户和个人经营贷款客户分为正常类、关注类的，每季度至少进行一次现场检查。[1]"


def _ask(page, question: str):
    page.fill("#question", question)
    page.keyboard.press("Enter")
    return page.locator(".msg.assistant").last


def _mark_wrong(page, card, comment: str) -> None:
    card.locator(".msg-actions button:has-text('有误')").click()
    card.locator("form.why textarea").fill(comment)
    card.locator("form.why button[type=submit]").click()
    card.locator(".feedback-status:has-text('有误')").wait_for()


def test_feedback_queue_to_standard_answer_served_in_chat(new_page):
    officer = new_page()
    login(officer, "wanglei")
    officer.wait_for_selector("#question")
    card = _ask(officer, QUESTION)
    officer.wait_for_selector(".msg.assistant[data-state]:not([data-state=streaming])")
    _mark_wrong(officer, card, "应写明每季度一次")
    second = _ask(officer, "押品重估的频率怎么定？")
    officer.wait_for_function("document.querySelectorAll('.msg.assistant:not([data-state=streaming])').length >= 2")
    _mark_wrong(officer, second, "")

    risk = new_page()
    login(risk, "risk")
    risk.click(".nav-link[data-route=curation]")
    item = risk.locator(f".queue-item:has-text('{QUESTION}')").first
    item.wait_for()
    assert "应写明每季度一次" in item.inner_text()
    item.locator("button:has-text('转为标准问答')").click()
    form = risk.locator("#curation-editor")
    form.wait_for()
    assert risk.input_value("#sa-question") == QUESTION
    risk.fill("#sa-answer", ANSWER)
    rows = form.locator(".ref-row")
    for n in range(rows.count() - 1, 0, -1):  # keep one reference row
        rows.nth(n).locator("button").click()
    rows.first.locator("[name=document]").fill("示范银行贷后管理实施细则")
    rows.first.locator("[name=article]").fill("第九十九条")
    risk.click("#save-standard")
    error = risk.locator("#curation-error")
    error.filter(has_text="没有第九十九条").wait_for()
    assert "标准答复未保存" in error.inner_text()
    rows.first.locator("[name=article]").fill("第十三条")
    risk.click("#save-standard")
    row = risk.locator(f"tr[data-status=active]:has-text('{QUESTION}')")
    row.wait_for()
    assert "第十三条" in row.inner_text()
    risk.wait_for_function(f"!document.querySelector('#feedback-queue').innerText.includes('{QUESTION}')")
    shoot(risk, "curation")

    served = _ask(officer, QUESTION)
    officer.locator(".msg.assistant").last.locator(".badge.standard").wait_for()
    assert ANSWER.replace("[1]", "") in served.inner_text().replace("\n", "")
    assert "第十三条" in served.locator(".sources").inner_text()

    pending = risk.locator(".queue-item:has-text('押品重估的频率怎么定')").first
    pending.locator("button:has-text('驳回')").click()
    risk.click("dialog .danger")
    risk.wait_for_function("!document.querySelector('#feedback-queue').innerText.includes('押品重估的频率怎么定')")
    row.locator("button:has-text('停用')").click()
    risk.click("dialog .danger")
    risk.locator(f"tr:has-text('{QUESTION}')").wait_for(state="detached")

    officer_page = new_page()
    login(officer_page, "wanglei")
    assert "标准问答" not in " ".join(officer_page.locator(".nav-link").all_inner_texts())
