"""检索测试 and the chunk preview in a real browser: the risk manager tests a question, sees the verdict with
its reason and the ranked chunks with their matched words marked, and opens a chunk in its document; an
off-topic question shows the refusal and what was missing; an officer is told the screen is not theirs;
the admin's document catalog opens the same preview."""

from __future__ import annotations

import pytest

from tests.web.conftest import login, shoot

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def _test(page, question: str) -> None:
    page.fill("#hit-question", "")
    page.fill("#hit-question", question)
    page.click("form button[type=submit]")
    page.wait_for_function(f"document.querySelector('#hit-result h2')?.closest('section')?.innerText.length > 0 "
                           f"&& !document.querySelector('#hit-result .loading')")


def test_risk_tests_a_question_and_opens_a_chunk_in_its_document(new_page):
    page = new_page()
    login(page, "risk")
    page.click(".nav-link[data-route=hittest]")
    page.wait_for_selector("#hit-question")
    _test(page, "关注类贷款多久现场检查一次？")
    assert page.inner_text(".badge.verdict") == "回答"
    assert "置信度" in page.inner_text(".hit-decision h2")
    rows = page.locator(".hit-table tbody tr")
    assert rows.count() >= 3
    assert page.locator(".hit-table tbody tr").first.locator("mark").count() > 0  # matched words marked
    cited = page.locator(".hit-table tr:has-text('已引用')").first
    chunk_id = cited.get_attribute("data-chunk-id")
    shoot(page, "hit_test")
    cited.locator("a.hit-link").click()
    current = page.locator(".chunk-item[aria-current]")
    current.wait_for()
    assert current.get_attribute("data-chunk-id") == chunk_id
    assert page.locator(".chunk-item").count() > 5 and "分块" in page.inner_text(".page-head")
    shoot(page, "chunk_preview")

    page.go_back()
    page.wait_for_selector("#hit-question")
    _test(page, "员工食堂的午餐补贴标准是多少？")
    assert page.inner_text(".badge.verdict") == "拒答"
    assert page.inner_text(".hit-reason").strip()
    assert "知识库中的制度没有涉及" in page.inner_text(".hit-answer")

    _test(page, "关注类贷款多久现场检查一次？午餐补贴呢？")
    assert page.inner_text(".badge.verdict") == "回答"
    assert "没有依据的：“午餐补贴呢？”" in page.inner_text(".hit-decision")
    assert "检索到的条文没有回答这一问" in page.inner_text(".hit-answer")


def test_officer_has_no_hit_test_and_admin_catalog_opens_the_preview(new_page):
    officer = new_page()
    login(officer, "wanglei")
    officer.wait_for_selector(".nav-link")
    assert officer.locator(".nav-link[data-route=hittest]").count() == 0
    officer.goto(officer.url.split("#")[0] + "#/hittest")
    officer.locator(".forbidden").wait_for()
    assert "403" in officer.inner_text(".forbidden")

    admin = new_page()
    login(admin, "admin")
    admin.click(".nav-link[data-route=documents]")
    link = admin.locator("a.doc-link").first
    link.wait_for()
    title = link.inner_text()
    link.click()
    admin.locator(".chunk-item").first.wait_for()
    assert title in admin.inner_text(".page-head h1")
    assert admin.locator(".nav-link[data-route=doc]").count() == 0  # reached by links, not in the menu
