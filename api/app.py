"""FastAPI application factory: routers, error handlers, limits and the web page (uvicorn --factory)."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from api.deps import Services
from api.docs_ui import install_docs
from api.errors import install_error_handlers
from api.timing import TimingMiddleware
from api.limits import (
    IMPORT_PATH,
    MAX_JSON_BODY_BYTES,
    MULTIPART_OVERHEAD_BYTES,
    UPLOAD_PATH_PREFIX,
    BodySizeLimitMiddleware,
    RateLimitMiddleware,
    upload_body_limit,
)
from assistant import __version__
from assistant.config import Settings, get_settings

WEB_DIR = Path(__file__).parent / "web"
log = logging.getLogger("api")

DESCRIPTION = (
    "贷后助手的 HTTP 接口：制度检索、带引用的问答（支持 SSE 流式输出）、知识库文档管理，"
    "以及与 OpenAI chat-completions 兼容的 `/v1` 接口。所有错误均以 `{\"detail\": \"中文消息\"}` 返回。"
)

TAGS = [
    {"name": "系统", "description": "健康检查"},
    {"name": "检索", "description": "知识库检索"},
    {"name": "问答", "description": "带引用的制度问答与会话"},
    {"name": "文档", "description": "知识库文档的查看、上传、删除与重建索引"},
    {"name": "OpenAI 兼容", "description": "供现有聊天客户端（openai SDK、Open WebUI）接入"},
    {"name": "登录", "description": "网页登录（会话 Cookie）与当前用户"},
    {"name": "审计", "description": "审计日志的查看与导出（仅管理员）"},
    {"name": "标准问答", "description": "风险管理部门维护的标准答复与“有误”反馈队列"},
]


def create_app(settings: Settings | None = None, *, warm_up: bool = False) -> FastAPI:
    """A new app over `settings` (default: the environment). Nothing heavy is built until first use,
    unless `warm_up`: then the chat is loaded at startup, before the server accepts its first request."""
    from api.routers import (audit, auth, chat, chunks, conversations, documents, feedback, health,
                             openai_compat, search)

    settings = settings or get_settings()
    app = FastAPI(title="贷后助手 API", version=__version__, description=DESCRIPTION, openapi_tags=TAGS,
                  docs_url=None, redoc_url=None,  # /docs is served offline by install_docs
                  lifespan=_lifespan(settings, warm_up))
    app.state.settings = settings
    app.state.services = Services(settings)
    install_error_handlers(app)
    for module in (health, search, chunks, chat, conversations, feedback, documents, openai_compat, auth,
                   audit):
        app.include_router(module.router)
    from api.routers import borrowers  # 借款人记录
    app.include_router(borrowers.router)
    from api.routers import drafts  # 贷后检查报告 (drafting)
    app.include_router(drafts.router)
    from api.routers import meeting  # 贷后管理例会
    app.include_router(meeting.router)
    from api.routers import quiz  # 培训测验
    app.include_router(quiz.router)
    from api.routers import curation  # 标准问答 and the 有误 review queue
    app.include_router(curation.router)
    from api.routers import hit_test  # 检索测试
    app.include_router(hit_test.router)
    install_docs(app)
    _mount_web(app)
    app.add_middleware(BodySizeLimitMiddleware, limit_for_path=_body_limits(settings))
    app.add_middleware(RateLimitMiddleware, per_minute=settings.rate_limit_per_minute)
    app.add_middleware(TimingMiddleware, timings_file=settings.timings_file)  # outermost: times the rest too
    return app


def create_served_app() -> FastAPI:
    """The app `assistant serve` runs in each worker: warmed up before it listens."""
    return create_app(warm_up=True)


def _lifespan(settings: Settings, warm_up: bool):
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = max(1, settings.request_threads)
        if warm_up:
            await anyio.to_thread.run_sync(_warm_up, app)
        yield

    return lifespan


def _warm_up(app: FastAPI) -> None:
    """Load the index, jieba and the word tables now rather than inside the first fifty requests."""
    from api.deps import _build_chat

    try:
        app.state.services.get("chat", _build_chat).warm_up()
    except Exception as exc:  # an empty or broken knowledge base still serves (and says so per request)
        log.warning("warm-up skipped: %s", exc)


def _body_limits(settings: Settings):
    upload_limit = upload_body_limit(settings.max_upload_bytes)
    import_limit = settings.max_upload_bytes + MULTIPART_OVERHEAD_BYTES

    def limit_for_path(path: str) -> int:
        if path == IMPORT_PATH:
            return import_limit
        return upload_limit if path.startswith(UPLOAD_PATH_PREFIX) else MAX_JSON_BODY_BYTES

    return limit_for_path


def _mount_web(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def index_page() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html; charset=utf-8")
