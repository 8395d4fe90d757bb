"""`assistant serve`: run the HTTP API and web page with uvicorn (several workers share one ASSISTANT_HOME)."""

from __future__ import annotations

import typer

APP_FACTORY = "api.app:create_served_app"


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址（对外提供服务时用 0.0.0.0）"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="监听端口"),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="工作进程数"),
    log_level: str = typer.Option("info", "--log-level", help="日志级别：debug/info/warning/error"),
) -> None:
    """启动 HTTP 接口与网页（OpenAPI 文档在 /docs）。"""
    import uvicorn

    from assistant.config import get_settings

    settings = get_settings()  # validate the configuration before any worker starts
    settings.ensure_dirs()
    typer.echo(f"贷后助手已启动：http://{host}:{port}/  （接口文档 /docs，数据目录 {settings.home}，"
               f"工作进程 {workers} 个）", err=True)
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, workers=workers,
                log_level=log_level, timeout_graceful_shutdown=10)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
