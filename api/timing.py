"""Per-request stage timings: the `Server-Timing` header, and a JSON line per request for load evals."""

from __future__ import annotations

import json
import os
import threading
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant import timing

TIMED_PREFIXES = ("/api/", "/v1/")


class _Sink:
    """Appends one line per request to a file shared by every worker (O_APPEND: lines never interleave)."""

    def __init__(self, path: str) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self._lock = threading.Lock()

    def write(self, record: dict) -> None:
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            os.write(self._fd, line)


class TimingMiddleware:
    """Times each API request from its arrival to its last body byte, with the stages inside it."""

    def __init__(self, app: ASGIApp, timings_file: str | None = None) -> None:
        self.app = app
        self.sink = _Sink(timings_file) if timings_file else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(TIMED_PREFIXES):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        stages = timing.begin()  # copied into the worker threads with the request's context
        status = 0

        async def timed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                header = ", ".join(f"{name};dur={seconds * 1000:.1f}" for name, seconds in stages.items())
                if header:
                    message = {**message, "headers": [*message.get("headers", []),
                                                      (b"server-timing", header.encode("latin-1"))]}
            await send(message)

        try:
            await self.app(scope, receive, timed_send)
        finally:
            if self.sink is not None:
                self.sink.write({"path": scope["path"], "method": scope["method"], "status": status,
                                 "total_ms": round((time.perf_counter() - started) * 1000, 2),
                                 **{f"{k}_ms": round(v * 1000, 2) for k, v in stages.items()}})
