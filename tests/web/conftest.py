"""Browser fixtures: the sample bank served on 127.0.0.1 once per session, Debian's chromium, a page per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import KEEP_ENV, REPO_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO_ROOT / "screenshots"
WIDTHS = (1280, 768)


@pytest.fixture(scope="session")
def web_home(tmp_path_factory) -> Iterator[Path]:
    """A data directory with the shipped sample bank (knowledge, 32 borrowers, demo users)."""
    from assistant.config import reset_settings
    from assistant.db import dispose_engines
    from assistant.sample import load_sample_bank

    home = tmp_path_factory.mktemp("web") / "home"
    with pytest.MonkeyPatch.context() as patch:
        for key in list(os.environ):
            if key.startswith("ASSISTANT_") and key not in KEEP_ENV:
                patch.delenv(key)
        patch.setenv("ASSISTANT_HOME", str(home))
        # every browser test shares one client IP; the rate limiter has its own tests (tests/api, tests/security)
        patch.setenv("ASSISTANT_RATE_LIMIT_PER_MINUTE", "0")
        reset_settings()
        dispose_engines()
        load_sample_bank()
        yield home
        reset_settings()
        dispose_engines()


@pytest.fixture(scope="session")
def base_url(web_home) -> Iterator[str]:
    from api.app import create_app
    from tests.api.live_server import live_server

    with live_server(create_app()) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian chromium missing at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, base_url):
    """new_page(width=1280) -> a page in a fresh context (own cookies); closed after the test."""
    contexts = []

    def make(width: int = 1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True,
                                      locale="zh-CN")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.base = base_url
        return page

    yield make
    for context in contexts:
        context.close()


def login(page, username: str) -> None:
    page.goto(page.base + "/")
    page.fill("#username", username)
    page.fill("#password", f"{username}-demo")
    page.click("button[type=submit]")
    page.wait_for_selector(".nav-link")


def shoot(page, name: str) -> None:
    """Save the screen at every width in WIDTHS (the page is resized and restored)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    size = page.viewport_size
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(150)
        page.screenshot(path=str(SCREENSHOTS / f"{name}_{width}.png"))
    page.set_viewport_size(size)
