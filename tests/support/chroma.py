"""A real Chroma server (`chroma run`, shipped with chromadb in .venv/bin) for tests and the load eval."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ChromaServer:
    proc: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)


def start_chroma(data: Path, port: int | None = None) -> ChromaServer:
    """`chroma run` over `data` on a free port (or the given one), once its heartbeat answers."""
    chroma = Path(sys.executable).with_name("chroma")
    assert chroma.exists() or shutil.which("chroma"), "the chroma CLI ships with chromadb in .venv/bin"
    port = port or free_port()
    proc = subprocess.Popen([str(chroma), "run", "--path", str(data), "--port", str(port), "--host", "127.0.0.1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = ChromaServer(proc, port)
    for _ in range(120):
        try:
            if httpx.get(f"{server.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.25)
    server.stop()
    raise RuntimeError("chroma server did not start")
