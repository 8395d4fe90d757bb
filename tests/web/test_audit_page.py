"""审计日志 in a real browser: the admin finds an officer's question and draft with their evidence, pages by
keyboard and exports CSV; an officer has no menu entry and gets a 403 page at the URL."""

from __future__ import annotations

import csv

import pytest

from tests.web.conftest import login, shoot

pytestmark = [pytest.mark.browser, pytest.mark.integration]

QUESTION = "关注类贷款多久进行一次现场检查？"
PAGE_SIZE = 25
CSRF = {"X-Requested-With": "daihou-web"}


def _older_entries(count: int) -> None:
    """Entries written straight to the log, so paging has two pages without spending the suite's request budget
    (cookie sessions share one per-IP rate limit)."""
    from assistant.db import session_scope
    from assistant.security import audit
    from assistant.security.scope import LOCAL_ADMIN

    with session_scope() as session:
        for i in range(count):
            audit.record(session, LOCAL_ADMIN, "search", f"现场检查{i}", {"chunks": []})


def _officer_leaves_a_trail(new_page):
    """wanglei: no audit menu, a 403 page at #/audit, then a draft and a question."""
    officer = new_page(768)
    login(officer, "wanglei")
    assert "审计日志" not in " ".join(officer.locator(".nav-link").all_inner_texts())
    officer.goto(officer.base + "/#/audit")
    forbidden = officer.wait_for_selector(".forbidden[role=alert]")
    assert "403" in forbidden.inner_text() and "仅对管理员开放" in forbidden.inner_text()
    assert officer.locator("#audit-table").count() == 0
    shoot(officer, "audit_forbidden")
    officer.goto(officer.base + "/#/drafts/B001")
    officer.wait_for_selector(".draft-doc .stmt")
    reply = officer.request.post(officer.base + "/api/chat", data={"message": QUESTION}, headers=CSRF)
    assert reply.ok, reply.text()
    assert officer.request.get(officer.base + "/api/audit").status == 403


def test_admin_reads_pages_and_exports_the_log_officer_is_refused(new_page, web_home, tmp_path):
    from playwright.sync_api import expect

    _older_entries(PAGE_SIZE)
    _officer_leaves_a_trail(new_page)
    page = new_page()
    login(page, "admin")
    page.click(".nav-link[data-route=audit]")
    page.wait_for_selector("#audit-table tbody tr[data-id]")
    assert page.locator("#audit-table tbody tr").count() == PAGE_SIZE
    first_ids = [int(i) for i in page.locator("#audit-table tbody tr").evaluate_all("r => r.map(x => x.dataset.id)")]
    page.focus("#audit-next")
    page.keyboard.press("Enter")
    page.wait_for_selector("#audit-page:has-text('第 2 页')")
    second_ids = [int(i) for i in page.locator("#audit-table tbody tr").evaluate_all("r => r.map(x => x.dataset.id)")]
    assert max(second_ids) < min(first_ids)                        # no row twice, although viewing is logged
    active = page.evaluate("document.activeElement.id")
    assert active in ("audit-next", "audit-prev")                    # focus stays in the pager
    if active == "audit-next":
        page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "audit-prev"
    page.keyboard.press("Enter")                                    # 上一页, by keyboard
    page.wait_for_selector("#audit-page:has-text('第 1 页')")

    page.fill("#audit-user", "wanglei")
    page.select_option("#audit-action", "draft")
    page.keyboard.press("Enter")                                    # submits the filter form
    expect(page.locator("#audit-table tbody tr:not([data-action=draft])")).to_have_count(0)
    draft = page.wait_for_selector("#audit-table tbody tr[data-action=draft]")
    text = draft.inner_text()
    assert "起草检查报告" in text and "借款人 B001" in text and "客户经理" in text and "使用记录" in text
    draft.query_selector("summary").click()
    facts = draft.query_selector(".audit-facts").inner_text()
    assert "B001" in facts and "输出哈希" in facts

    page.select_option("#audit-action", "question")
    page.click(".audit-filters button[type=submit]")
    question = page.wait_for_selector(f"#audit-table tbody tr[data-action=question]:has-text('{QUESTION}')")
    assert "制度问答" in question.inner_text() and "检索条文" in question.inner_text()
    question.query_selector("summary").focus()
    page.keyboard.press("Enter")                                    # details open by keyboard
    after = int(question.get_attribute("data-id")) + 1
    entry = page.request.get(page.base + "/api/audit", params={
        "action": "question", "username": "wanglei", "before_id": after, "limit": 1}).json()["entries"][0]
    facts = question.query_selector(".audit-facts").inner_text()
    assert entry["detail"]["chunks"] and all(c["chunk_id"] in facts for c in entry["detail"]["chunks"])
    assert entry["detail"]["output_sha256"] in facts and "拒答" in facts
    shoot(page, "audit")

    with page.expect_download() as info:
        page.click("#audit-export")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name == "audit_log.csv"
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["id", "at", "username", "role", "action", "target", "detail"]
    assert len(rows) >= 2 and all(r[2] == "wanglei" and r[4] == "question" for r in rows[1:])
    assert any(r[5] == QUESTION for r in rows[1:])

    page.click(".audit-filters button[type=reset]")
    page.wait_for_selector("#audit-table tbody tr[data-action=audit_export]")  # the export itself is logged
