"""`assistant serve` as a child process for crash tests: start on a free port, wait for health, SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from tests.api.live_server import free_port
from tests.conftest import KEEP_ENV

ROOT = Path(__file__).resolve().parents[2]
ASSISTANT = str(Path(sys.executable).parent / "assistant")
START_TIMEOUT_S = 60


def server_env(home: Path) -> dict:
    """The test run's environment without its ASSISTANT_* settings, except the pinned date, over `home`;
    the server's temp files go to `temp_dir(home)`, where a test can watch a request being worked on."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_") or k in KEEP_ENV}
    temp_dir(home).mkdir(parents=True, exist_ok=True)
    return {**env, "ASSISTANT_HOME": str(home), "ASSISTANT_RATE_LIMIT_PER_MINUTE": "100000",
            "TMPDIR": str(temp_dir(home))}


def temp_dir(home: Path) -> Path:
    return home.parent / f"{home.name}-tmp"


class Server:
    """One `assistant serve` (single worker) over `home`; always stop it with `kill()` in a finally."""

    def __init__(self, home: Path, log: Path) -> None:
        self.home = home
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self._log = log.open("ab")
        self.proc = subprocess.Popen(
            [ASSISTANT, "serve", "--port", str(self.port), "--log-level", "warning"], env=server_env(home),
            cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        self._wait_healthy()

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"服务进程退出（{self.proc.returncode}）：{self.log_tail()}")
            try:
                if httpx.get(self.base + "/api/health", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.kill()
        raise AssertionError(f"服务在 {START_TIMEOUT_S} 秒内没有就绪：{self.log_tail()}")

    def log_tail(self) -> str:
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-3000:]

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group (uvicorn and anything it started); idempotent."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait(30)
        self._log.close()

    def get(self, path: str, **params) -> httpx.Response:
        return httpx.get(self.base + path, params=params, timeout=60)

    def post_files(self, path: str, files: list[tuple[str, bytes]], timeout: float = 300) -> httpx.Response:
        parts = [("files" if path.startswith("/api/documents") else "file", (name, data)) for name, data in files]
        return httpx.post(self.base + path, files=parts, timeout=timeout)



class Upload(threading.Thread):
    """An upload sent from a thread, so the test can kill the server while the request is in flight."""

    def __init__(self, server: Server, path: str, files: list[tuple[str, bytes]]) -> None:
        super().__init__(daemon=True)
        self.server, self.path, self.files = server, path, files
        self.started_at = 0.0
        self.status: int | str | None = None

    def run(self) -> None:
        self.started_at = time.monotonic()
        try:
            self.status = self.server.post_files(self.path, self.files).status_code
        except httpx.TransportError as exc:
            self.status = type(exc).__name__
