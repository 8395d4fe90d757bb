"""Page progress of a scan: whoever set `page_progress` is told before the first page and after each page,
a failed page included; the CLI's reporter draws one tqdm bar per scan of two pages or more."""

from __future__ import annotations

import io

import pytest

from assistant.knowledge import scanned

pytestmark = pytest.mark.unit


def blank_scan(pages: int) -> bytes:
    """An image-only PDF of blank pages (the fake engine below does not look at them)."""
    from PIL import Image

    images = [Image.new("L", (160, 220), 255) for _ in range(pages)]
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:])
    return buffer.getvalue()


class SecondPageFails:
    """An engine reading every page as the same article, except the second, which it cannot read."""

    name = "fake"

    def __init__(self) -> None:
        self.calls = 0

    def read(self, image) -> str:
        self.calls += 1
        if self.calls == 2:
            raise RuntimeError("unreadable")
        return "第一条　押品管理岗每半年巡查一次抵押物现状。"


def test_each_page_is_reported_and_a_failed_page_too(monkeypatch):
    monkeypatch.setattr(scanned, "engine_for", lambda choice: SecondPageFails())
    told: list[tuple[str, int, int]] = []
    token = scanned.page_progress.set(lambda name, done, total: told.append((name, done, total)))
    try:
        result = scanned.read_pages("规程.pdf", blank_scan(3), [0, 1, 2])
    finally:
        scanned.page_progress.reset(token)
    assert told == [("规程.pdf", 0, 3), ("规程.pdf", 1, 3), ("规程.pdf", 2, 3), ("规程.pdf", 3, 3)]
    assert sorted(result.texts) == [0, 2] and result.failed == {1: "RuntimeError"}


def test_the_cli_bar_shows_scans_of_two_pages_or_more(capsys):
    terminal = scanned.TerminalPages()
    for done in range(3):
        terminal("两页.pdf", done, 2)
    for done in range(2):
        terminal("一页.pdf", done, 1)
    shown = capsys.readouterr().err
    assert "识别扫描页 两页.pdf" in shown and "0/2" in shown
    assert shown.rstrip("\r").split("\r")[-1].strip() == ""  # the bar is cleared once the scan is read
    assert "一页.pdf" not in shown
