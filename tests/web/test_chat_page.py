"""Login, role-aware navigation and the chat screen in a real browser: streamed cited answers, clause panel,
no-basis state, feedback."""

from __future__ import annotations

import pytest

from tests.web.conftest import login, shoot

pytestmark = [pytest.mark.browser, pytest.mark.integration]

# Every streamed delta re-renders the answer card, which announces the text length it now shows.
# Counting these (not DOM mutations, which the browser batches per network read) shows the page
# renders the answer piece by piece as the SSE events arrive.
COUNT_STREAMED_RENDERS = """() => {
  window.__progress = [];
  document.querySelector('.thread-messages').addEventListener('answer-progress', (e) => {
    if (e.target.dataset.state === 'streaming') window.__progress.push(e.detail);
  });
}"""


def test_login_rejects_bad_password_and_nav_follows_role(new_page):
    page = new_page()
    page.goto(page.base + "/")
    shoot(page, "login")
    page.fill("#username", "wanglei")
    page.fill("#password", "wrong-password")
    page.click("button[type=submit]")
    page.wait_for_selector("#login-error:has-text('用户名或密码错误')")
    login(page, "wanglei")
    labels = page.locator(".nav-link").all_inner_texts()
    assert "借款人" in " ".join(labels) and "文档库" not in " ".join(labels)
    assert "客户经理" in page.inner_text("#userbox")
    docs_link = page.locator("#userbox a[href='/docs']")
    assert docs_link.inner_text() == "接口文档"
    assert page.request.get(page.base + "/docs").ok
    admin = new_page()
    login(admin, "admin")
    assert "文档库" in " ".join(admin.locator(".nav-link").all_inner_texts())
    trainer = new_page()
    login(trainer, "trainer")
    assert "借款人" not in " ".join(trainer.locator(".nav-link").all_inner_texts())


def test_streamed_cited_answer_opens_clause_and_takes_feedback(new_page, web_home):
    from assistant.answering.feedback import feedback_rows
    from assistant.db import session_scope

    page = new_page()
    login(page, "wanglei")
    page.wait_for_selector("#question")
    page.evaluate(COUNT_STREAMED_RENDERS)
    page.fill("#question", "关注类贷款多久进行一次现场检查？")
    page.keyboard.press("Enter")
    answer = page.wait_for_selector(".msg.assistant[data-state=answered]")
    progress = page.evaluate("window.__progress")
    assert len(set(progress)) >= 3 and progress == sorted(progress), "the answer should appear piece by piece"
    assert "每季度" in answer.inner_text()
    chips = page.locator(".sources .cite-chip")
    assert chips.count() >= 1 and "第十三条" in chips.first.inner_text()
    shoot(page, "chat")
    chips.first.click()
    page.wait_for_selector("#drawer mark")
    drawer = page.inner_text("#drawer")
    assert "示范银行贷后管理实施细则" in drawer and "第十三条" in drawer
    assert "每季度至少进行一次现场检查" in " ".join(page.locator("#drawer mark").all_inner_texts())
    shoot(page, "citation")
    page.keyboard.press("Escape")
    assert page.locator("#drawer").is_hidden()
    page.click(".msg-actions button:has-text('有用')")
    page.wait_for_selector(".feedback-status:has-text('有用')")
    with session_scope() as session:
        rows = [r for r in feedback_rows(session) if r["username"] == "wanglei"]
    assert rows and rows[-1]["rating"] == "useful" and rows[-1]["chunk_ids"]
    page.reload()  # the conversation is listed and reopens with its citations
    page.wait_for_selector(".msg.assistant[data-state=answered] .cite-chip")
    assert page.locator(".conv-link[aria-current]").count() == 1


def test_refusal_shows_no_basis_state(new_page):
    page = new_page(768)
    login(page, "head_chengdong")
    page.fill("#question", "今天股市行情如何？")
    page.click("form.composer button[type=submit]")
    card = page.wait_for_selector(".msg.assistant[data-state=refused]")
    assert "未找到依据" in card.inner_text()
    assert card.query_selector(".cite-chip") is None
    shoot(page, "chat_no_basis")


def test_officer_asks_about_own_borrower_and_the_record_chip_opens_the_borrower(new_page):
    page = new_page()
    login(page, "lina")
    page.wait_for_selector("#question")
    page.fill("#question", "金穗农业现在逾期多少天了，该怎么处理？")
    page.keyboard.press("Enter")
    answer = page.wait_for_selector(".msg.assistant[data-state=answered]")
    text = answer.inner_text()
    assert "贷款L00401" in text and "记录：贷款台账" in text and "第三十八条" in text
    records = page.locator(".sources .record-chip")
    assert records.count() >= 1 and "L00401" in records.first.inner_text()
    assert page.locator(".sources .cite-chip").count() >= 1  # the rules keep their clause chips
    shoot(page, "chat-borrower")
    # a follow-up keeps the borrower
    page.fill("#question", "那它的押品呢？")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.msg.assistant[data-state=answered]').length == 2")
    assert "C00401" in page.locator(".msg.assistant").nth(1).inner_text()
    page.reload()  # the conversation reopens with its record chips
    page.wait_for_selector(".msg.assistant[data-state=answered] .record-chip")
    records = page.locator(".sources .record-chip")
    records.first.click()
    page.wait_for_url("**#/borrowers/B004")
    page.wait_for_selector("text=金穗农业科技有限公司")
    # another officer's borrower: no chip, nothing about it
    other = new_page()
    login(other, "wanglei")
    other.wait_for_selector("#question")
    other.fill("#question", "金穗农业科技有限公司现在逾期多少天了？")
    other.keyboard.press("Enter")
    reply = other.wait_for_selector(".msg.assistant[data-state=refused]")
    assert "没有找到" in reply.inner_text() and "95" not in reply.inner_text()
    assert other.locator(".record-chip").count() == 0
