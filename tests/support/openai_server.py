"""A real OpenAI-compatible HTTP server on 127.0.0.1 with scripted replies, for tests of LLM code paths.

Usage in a test module::

    from tests.support.openai_server import openai_server  # noqa: F401  (the fixture)

    def test_x(openai_server):
        openai_server.script(["第一条回复", "第二条回复"])
        ...  # point ASSISTANT_LLM_BASE_URL at openai_server.base_url
        assert openai_server.requests[0]["body"]["messages"][-1]["content"]

A scripted reply is a string or a `Reply(content, delay_s=0, status=200, chunk_chars=4)`.
Requests with `"stream": true` get SSE chunks in the OpenAI format ending with `data: [DONE]`.
When the script is exhausted the server answers `default_reply` (None → HTTP 500).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Reply:
    content: str = ""
    delay_s: float = 0.0  # wait before answering (simulates a slow model)
    status: int = 200  # non-200: an OpenAI-style error body is returned
    chunk_chars: int = 4  # characters per SSE delta when streaming


class OpenAIServer:
    """Scripted chat-completions server; `requests` records every call (path, headers, JSON body)."""

    def __init__(self, model: str = "test-model") -> None:
        self.model = model
        self.requests: list[dict] = []
        self.default_reply: str | Reply | None = None
        self._replies: list[Reply] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> "OpenAIServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def script(self, replies: list[str | Reply]) -> None:
        """Replace the queue of replies; each request takes the next one."""
        with self._lock:
            self._replies = [r if isinstance(r, Reply) else Reply(r) for r in replies]
            self.requests.clear()

    def next_reply(self) -> Reply | None:
        with self._lock:
            if self._replies:
                return self._replies.pop(0)
        default = self.default_reply
        return Reply(default) if isinstance(default, str) else default

    def record(self, path: str, headers: dict, body: dict) -> None:
        with self._lock:
            self.requests.append({"path": path, "headers": headers, "body": body})

    @property
    def last_messages(self) -> list[dict]:
        return self.requests[-1]["body"].get("messages", []) if self.requests else []


def _completion(model: str, content: str) -> dict:
    return {
        "id": f"chatcmpl-test-{int(time.time() * 1000)}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                     "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": max(1, len(content)), "total_tokens": 2},
    }


def _chunk(model: str, delta: dict, finish: str | None) -> bytes:
    payload = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()),
               "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()


def _handler_for(server: OpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args) -> None:  # keep pytest output clean
            pass

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._json(200, {"object": "list", "data": [{"id": server.model, "object": "model"}]})
            else:
                self._json(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            server.record(self.path, dict(self.headers), body)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._json(404, {"error": {"message": "not found"}})
                return
            reply = server.next_reply()
            if reply is None:
                self._json(500, {"error": {"message": "no scripted reply left", "type": "server_error"}})
                return
            if reply.delay_s:
                time.sleep(reply.delay_s)
            if reply.status != 200:
                self._json(reply.status, {"error": {"message": reply.content or "error", "type": "server_error"}})
            elif body.get("stream"):
                self._stream(reply)
            else:
                self._json(200, _completion(body.get("model") or server.model, reply.content))

        def _json(self, status: int, payload: dict) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, reply: Reply) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            model = server.model
            self.wfile.write(_chunk(model, {"role": "assistant", "content": ""}, None))
            text, step = reply.content, max(1, reply.chunk_chars)
            for start in range(0, len(text), step):
                self.wfile.write(_chunk(model, {"content": text[start:start + step]}, None))
                self.wfile.flush()
            self.wfile.write(_chunk(model, {}, "stop"))
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
            self.close_connection = True

    return Handler


def free_port() -> int:
    """A port nothing listens on (for 'server down' tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def openai_server():
    """A started OpenAIServer, stopped after the test."""
    server = OpenAIServer().start()
    yield server
    server.stop()
