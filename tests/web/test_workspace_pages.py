"""Documents, borrowers, drafting, meeting and quiz screens driven end to end in a real browser."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest

from tests.web.conftest import login, shoot

pytestmark = [pytest.mark.browser, pytest.mark.integration]

WANGLEI_BORROWERS = {"B001", "B002", "B005", "B016", "B022", "B031"}
RULE_TEXT = "# 示范银行押品巡查办法\n\n## 第一章 总则\n\n第一条 客户经理每半年至少巡查一次押品现状，并留存影像。\n"


def _is_docx(path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return "word/document.xml" in archive.namelist() and archive.testzip() is None


def _centre_colour(page, locator) -> tuple[int, int, int]:
    """The rendered colour at the middle of an element: a 1×1 screenshot, whose PNG scanline is the pixel itself
    whatever the row filter (no left or upper neighbours)."""
    box = locator.bounding_box()
    png = page.screenshot(clip={"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2,
                                "width": 1, "height": 1})
    pos, idat = 8, b""
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        idat += png[pos + 8:pos + 8 + length] if kind == b"IDAT" else b""
        pos += 12 + length
    return tuple(zlib.decompress(idat)[1:4])


def test_admin_uploads_a_document_and_sees_errors_per_file(new_page, tmp_path):
    good, bad = tmp_path / "押品巡查办法.md", tmp_path / "病毒.exe"
    good.write_text(RULE_TEXT, encoding="utf-8")
    bad.write_bytes(b"MZ\x00\x00")
    page = new_page()
    login(page, "admin")
    page.click(".nav-link[data-route=documents]")
    page.wait_for_selector("table.data tbody tr")
    page.set_input_files("#file-input", [str(good), str(bad)])
    page.wait_for_selector(".upload-item[data-name='押品巡查办法.md'][data-status=added]")
    failed = page.wait_for_selector(".upload-item[data-name='病毒.exe'][data-status=error]")
    assert "不受支持" in failed.inner_text() and "上传失败" in failed.inner_text()
    page.wait_for_selector("table.data td:has-text('示范银行押品巡查办法')")
    assert page.locator("progress").first.get_attribute("value") == "1"
    bars = {name: page.locator(f".upload-item[data-name='{name}'] progress") for name in ("押品巡查办法.md", "病毒.exe")}
    assert _centre_colour(page, bars["病毒.exe"]) == (0xB3, 0x26, 0x1E)          # --red, not the in-progress blue
    assert _centre_colour(page, bars["押品巡查办法.md"]) == (0x2E, 0x7D, 0x32)    # --green
    assert bars["病毒.exe"].get_attribute("aria-valuetext").startswith("上传失败：")
    assert "病毒.exe：上传失败" in page.inner_text("#upload-announcer")
    shoot(page, "documents")


def test_officer_sees_only_own_borrowers_sorted_and_detail(new_page):
    page = new_page()
    login(page, "wanglei")
    page.click(".nav-link[data-route=borrowers]")
    page.wait_for_selector("#borrower-table tbody tr[data-id]")
    ids = set(page.locator("#borrower-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.id)"))
    assert ids == WANGLEI_BORROWERS
    page.click(".sort-btn[data-key=overdue_days]")
    page.click(".sort-btn[data-key=overdue_days]")  # descending: the 280-day overdue borrower first
    assert page.locator("#borrower-table tbody tr").first.get_attribute("data-id") == "B005"
    page.fill("#borrower-search", "鑫源")
    assert page.locator("#borrower-table tbody tr[data-id]").count() == 1
    shoot(page, "borrowers")
    page.click("#borrower-table tbody tr[data-id=B002] a")
    page.wait_for_selector("figure.chart svg polyline")
    text = page.inner_text("main")
    assert "营业收入下降" in text and "L00201" in text and "销售回款" in text
    shoot(page, "borrower_detail")
    page.goto(page.base + "/#/borrowers/B007")  # 城西支行: not his
    page.wait_for_selector(".error-box")


def test_draft_report_shows_provenance_and_downloads_docx(new_page, tmp_path):
    page = new_page()
    login(page, "wanglei")
    page.goto(page.base + "/#/drafts/B002")
    page.wait_for_selector(".draft-doc .stmt")
    page.locator(".stmt:has-text('授信额度')").first.hover()
    page.wait_for_selector("#provenance .prov-item:has-text('credit_limit')")
    section = page.locator(".draft-section").first
    last_sentence = section.locator(".stmt").last.inner_text()
    section.click()
    page.keyboard.press("Control+End")
    page.keyboard.type("（已电话核实）")
    page.wait_for_selector(".edited-flag:has-text('已修改')")
    shoot(page, "draft")
    with page.expect_download() as info:
        page.click("#download-docx")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.suffix == ".docx" and _is_docx(target) and "修改稿" in target.name
    from docx import Document

    texts = [p.text for p in Document(str(target)).paragraphs]
    edited = last_sentence + "（已电话核实）"                      # the user's edit, not the system draft
    assert edited in texts and texts.index("一、基本情况") < texts.index(edited) < texts.index("二、授信及用信情况")


def test_meeting_flow_selection_overview_decision_and_minutes(new_page, tmp_path):
    page = new_page()
    login(page, "head_chengdong")
    page.click(".nav-link[data-route=meeting]")
    page.fill("#meeting-date", "2026-11-24")
    page.click("form.toolbar button[type=submit]")
    page.wait_for_selector(".meeting-row[data-borrower]")
    page.wait_for_selector("#risk-overview svg rect")
    overview = page.inner_text("#risk-overview")
    assert "贷款余额按五级分类" in overview and "风险信号按类型" in overview and "现场检查超期" in overview
    picture = page.request.get(page.base + "/api/meetings/picture?branch=城东支行&date=2026-11-24").json()
    assert picture["statements"][0] in overview                      # the minutes' risk-manager figures
    bars = page.locator("#risk-overview figure.chart:has-text('五级分类') rect").count()
    assert bars == 5 and page.locator("#risk-overview figure.chart:has-text('风险信号') rect").count() == len(
        picture["signals"])
    page.locator("#risk-overview").scroll_into_view_if_needed()
    shoot(page, "meeting_overview")
    row = page.locator(".meeting-row[data-borrower=B005]")
    row.locator("summary").click()
    row.locator("select").select_option("采取法律措施")
    row.locator("button:has-text('记录决议')").click()
    row.locator(".status-ok:has-text('决议已记录')").wait_for()
    shoot(page, "meeting")
    with page.expect_download() as info:
        page.click("#download-minutes")
    minutes = tmp_path / info.value.suggested_filename
    info.value.save_as(minutes)
    assert _is_docx(minutes)
    with page.expect_download() as info:
        page.click("#download-forms")
    forms = tmp_path / "forms.zip"
    info.value.save_as(forms)
    assert zipfile.is_zipfile(forms) or _is_docx(forms)


def test_quiz_built_taken_and_graded(new_page):
    trainer = new_page()
    login(trainer, "trainer")
    trainer.click(".nav-link[data-route=quiz]")
    trainer.fill("#quiz-count", "3")
    trainer.click("form.card.stack button[type=submit]")
    trainer.wait_for_selector(".quiz-item[data-status=pending]")
    shoot(trainer, "quiz_review")
    trainer.click("#approve-all")
    trainer.wait_for_selector(".quiz-item[data-status=approved]")
    trainer.click("#open-session")
    code = trainer.wait_for_selector("#session-code").inner_text()
    trainee = new_page(768)
    login(trainee, "wanglei")
    trainee.goto(trainee.base + f"/#/quiz/take/{code}")
    trainee.wait_for_selector("fieldset.quiz-item")
    for fieldset in trainee.locator("fieldset.quiz-item").all():
        choice = fieldset.locator("input[type=radio], input[type=checkbox]")
        if choice.count():
            choice.first.check()
        else:
            fieldset.locator("input").fill("五")
    shoot(trainee, "quiz_take")
    trainee.click("#submit-answers")
    score = trainee.wait_for_selector("#quiz-score")
    assert "/ 3" in score.inner_text()
    assert trainee.locator(".quiz-item[data-correct]").count() == 3
    assert "解析" in trainee.inner_text("main")
    shoot(trainee, "quiz_result")
    trainer.click("button:has-text('刷新成绩')")
    trainer.wait_for_selector("td:has-text('wanglei')")
    assert "正确率" in trainer.inner_text("main")
    shoot(trainer, "quiz_results")
    trainer.evaluate("localStorage.clear()")                        # the list comes from the server
    trainer.click("a:has-text('← 培训测验')")
    row = trainer.wait_for_selector(f"#quiz-sessions tr[data-session='{code}']")
    assert "进行中" in row.inner_text() and row.query_selector_all("td")[3].inner_text() == "1"
    shoot(trainer, "quiz_sessions")
    trainee.goto(trainee.base + "/#/quiz")
    mine = trainee.wait_for_selector(f"#quiz-sessions tr[data-session='{code}']")
    assert "/ 3" in mine.inner_text()
