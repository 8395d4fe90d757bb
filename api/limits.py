"""Request limits: body size (413 before the body is read when possible) and a per-client rate limit (429)."""

from __future__ import annotations

import hashlib
import json
import time
from collections import deque
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_JSON_BODY_BYTES = 1024 * 1024  # chat and search bodies: a question is at most a few KB
MAX_FILES_PER_UPLOAD = 20
MULTIPART_OVERHEAD_BYTES = 1024 * 1024
UPLOAD_PATH_PREFIX = "/api/documents"
IMPORT_PATH = "/api/borrowers/import"  # one borrower file: max_upload_bytes plus form overhead
RATE_LIMIT_EXEMPT = ("/api/health", "/docs", "/redoc", "/openapi.json", "/static", "/favicon.ico")

BODY_TOO_LARGE_ZH = "请求内容过大（上限 {limit}），请缩短内容或分批上传。"
RATE_LIMITED_ZH = "请求过于频繁（每分钟最多 {limit} 次），请稍后再试。"


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} 字节"


def upload_body_limit(max_upload_bytes: int) -> int:
    """The largest multipart body accepted: every file at the per-file limit plus form overhead."""
    return max_upload_bytes * MAX_FILES_PER_UPLOAD + MULTIPART_OVERHEAD_BYTES


async def send_json(send: Send, status: int, payload: dict, headers: dict[str, str] | None = None) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    raw_headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw_headers += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


class BodySizeLimitMiddleware:
    """Refuses bodies over the limit for their path: by Content-Length up front, or while streaming in."""

    def __init__(self, app: ASGIApp, limit_for_path: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for_path = limit_for_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for_path(scope["path"])
        detail = BODY_TOO_LARGE_ZH.format(limit=human_size(limit))
        declared = Headers(scope=scope).get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            await send_json(send, 413, {"detail": detail})
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # FastAPI re-raises HTTPException from body parsing; the error handler answers 413
                    raise HTTPException(413, detail=detail)
            return message

        await self.app(scope, limited_receive, send)


class RateLimitMiddleware:
    """Sliding one-minute window per client (bearer token if sent, else IP address), per process."""

    def __init__(self, app: ASGIApp, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.per_minute = per_minute
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.per_minute <= 0 or scope["path"].startswith(RATE_LIMIT_EXEMPT):
            await self.app(scope, receive, send)
            return
        if not self._allow(self._client_key(scope)):
            detail = RATE_LIMITED_ZH.format(limit=self.per_minute)
            await send_json(send, 429, {"detail": detail}, {"Retry-After": "60"})
            return
        await self.app(scope, receive, send)

    def _allow(self, key: str) -> bool:
        now = self.clock()
        window = self._hits.setdefault(key, deque())
        while window and window[0] <= now - 60.0:
            window.popleft()
        if len(window) >= self.per_minute:
            return False
        window.append(now)
        if len(self._hits) > 10_000:
            self._forget_idle(now)
        return True

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, w in self._hits.items() if not w or w[-1] <= now - 60.0]:
            del self._hits[key]

    @staticmethod
    def _client_key(scope: Scope) -> str:
        auth = Headers(scope=scope).get("authorization")
        if auth:
            return "token:" + hashlib.sha256(auth.encode()).hexdigest()[:16]
        client = scope.get("client")
        return "ip:" + (client[0] if client else "unknown")
