"""/docs works offline: Swagger UI's script, stylesheet and icon come from the app itself, never a CDN."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.unit

_URL = re.compile(r"""(?:src|href|url)\s*[=:]\s*['"]([^'"]+)['"]""")


def test_docs_page_references_only_local_assets_and_they_load(client):
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "http://" not in page.text and "https://" not in page.text
    urls = set(_URL.findall(page.text))
    assets = {u for u in urls if u != "/openapi.json"}
    assert {"/static/swagger-ui/swagger-ui-bundle.js", "/static/swagger-ui/swagger-ui.css"} <= assets
    for url in assets:
        assert url.startswith("/static/"), url
        response = client.get(url)
        assert response.status_code == 200 and response.content, url
    assert "/openapi.json" in urls and client.get("/openapi.json").status_code == 200


def test_redoc_is_off_rather_than_fetching_a_cdn(client):
    assert client.get("/redoc").status_code == 404
    assert client.get("/static/app.css").status_code == 200  # the web page's own assets still served
