"""OpenAPI docs served offline: Swagger UI from the swagger-ui-bundle package's files, no CDN."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_URL = "/docs"
ASSETS_URL = "/static/swagger-ui"  # mounted before the web page's /static, so it wins


def install_docs(app: FastAPI) -> None:
    """GET /docs renders Swagger UI with its script, stylesheet and icon from ASSETS_URL.

    ReDoc is not installed: no offline copy of its bundle is packaged, so the app is created with
    redoc_url=None rather than serve a page that fetches it from a CDN.
    """
    from swagger_ui_bundle import swagger_ui_path

    app.mount(ASSETS_URL, StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")

    @app.get(DOCS_URL, include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} · 接口文档",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from swagger.io
        )
