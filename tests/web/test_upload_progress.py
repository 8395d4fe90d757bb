"""A scanned PDF uploaded through the 文档库 page: the row counts the pages as OCR reads them, then turns green
with the page that could not be read named under it."""

from __future__ import annotations

import pytest

from tests.api.test_upload_progress import fail_second_page, two_page_scan
from tests.knowledge.test_formats import needs_ocr
from tests.web.conftest import login
from tests.web.test_workspace_pages import _centre_colour

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.slow]

# every text the row's status and the bar's aria-valuetext take, however fast they follow each other
RECORD_STATUS = """() => {
  window.__statuses = [];
  window.__valuetexts = [];
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "attributes") window.__valuetexts.push(r.target.getAttribute("aria-valuetext"));
      else if (r.target.closest?.(".upload-status")) r.addedNodes.forEach((n) => window.__statuses.push(n.textContent));
    }
  }).observe(document.querySelector(".upload-list"),
             { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuetext"] });
}"""


@needs_ocr
def test_a_scan_shows_its_pages_while_read_and_names_the_page_that_failed(new_page, tmp_path, monkeypatch):
    fail_second_page(monkeypatch)  # the server runs in this process
    scan = tmp_path / "押品巡查扫描件.pdf"
    scan.write_bytes(two_page_scan("示范银行押品巡查扫描规程"))
    page = new_page()
    login(page, "admin")
    page.click(".nav-link[data-route=documents]")
    page.wait_for_selector("table.data tbody tr")
    page.evaluate(RECORD_STATUS)
    page.set_input_files("#file-input", [str(scan)])
    row = page.wait_for_selector(".upload-item[data-name='押品巡查扫描件.pdf'][data-status=added]", timeout=120_000)
    try:
        statuses = page.evaluate("window.__statuses")
        reading = [text for text in statuses if text.startswith("识别扫描页")]
        assert reading and reading[0] == "识别扫描页 1/2" and reading[-1] == "识别扫描页 2/2", statuses
        assert "正在入库…" in statuses[statuses.index("识别扫描页 2/2"):]
        assert "识别扫描页 2/2" in page.evaluate("window.__valuetexts")
        assert row.query_selector(".upload-status").inner_text().endswith("已入库")
        assert row.query_selector(".detail.warning").inner_text() == \
            "押品巡查扫描件.pdf：第2页识别失败，已跳过，其余页已导入"
        bar = page.locator(".upload-item[data-name='押品巡查扫描件.pdf'] progress")
        assert _centre_colour(page, bar) == (0x2E, 0x7D, 0x32)  # --green: the rest of the file is kept
        assert bar.get_attribute("aria-valuetext") == "已入库；押品巡查扫描件.pdf：第2页识别失败，已跳过，其余页已导入"
    finally:
        doc = page.wait_for_selector("table.data tr:has(td:has-text('押品巡查扫描件.pdf'))")
        page.request.delete(page.base + f"/api/documents/{doc.get_attribute('data-doc-id')}",
                            headers={"X-Requested-With": "daihou-web"})  # leave the sample bank as it was
