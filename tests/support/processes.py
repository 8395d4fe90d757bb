"""Killing a child process at a chosen point of its work (crash-safety tests)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def kill_when_marked(script: str, marker: Path, timeout_s: float = 30.0) -> None:
    """Run `script` (given the marker path as argv[1]) in a fresh interpreter and SIGKILL it as soon as it
    writes the marker: the point the script chose to be killed at."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", script, str(marker)], cwd=REPO, env=env)
    try:
        deadline = time.monotonic() + timeout_s
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert marker.exists(), "the child never reached the point to be killed at"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
