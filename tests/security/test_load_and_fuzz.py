"""Slow end-to-end targets: load (concurrent clients, no 5xx, no cross-branch leak) and schemathesis."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.integration]


def test_load_without_5xx_or_cross_branch_leaks():
    """A shortened run of evals/load_test.py (the full target: --clients 50 --duration 60)."""
    result = subprocess.run([sys.executable, str(ROOT / "evals" / "load_test.py"), "--clients", "20",
                             "--duration", "15"], capture_output=True, text=True, timeout=280)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5xx: 0   cross-branch leaks: 0" in result.stdout


def test_sigkill_under_load_loses_no_acknowledged_row():
    """Every answer and search a client received has its conversation, turn and audit rows after a SIGKILL
    of the server mid-load (the group-committing writer answers only after the commit)."""
    result = subprocess.run([sys.executable, str(ROOT / "evals" / "load_test.py"), "--clients", "20",
                             "--duration", "14", "--kill-after", "9"], capture_output=True, text=True, timeout=280)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    line = next(line for line in result.stdout.splitlines() if line.startswith("after SIGKILL"))
    assert "missing conversation 0, missing turn 0, missing audit 0" in line and "(missing 0)" in line
    acknowledged = int(line.split("after SIGKILL: ")[1].split(" ")[0])
    assert acknowledged > 20  # the kill came mid-load, not before it


def test_schemathesis_finds_no_5xx():
    result = subprocess.run([sys.executable, str(ROOT / "evals" / "schemathesis_run.py"), "--max-examples",
                             "15", "--checks", "not_a_server_error"], capture_output=True, text=True,
                            timeout=280)
    assert result.returncode == 0, result.stdout[-4000:]


def test_schemathesis_finds_no_5xx_and_no_schema_violation():
    """422 bodies ({"detail": "中文", "errors": [...]}) are published in the schema (api/errors.py)."""
    result = subprocess.run([sys.executable, str(ROOT / "evals" / "schemathesis_run.py"), "--max-examples",
                             "15"], capture_output=True, text=True, timeout=280)
    assert result.returncode == 0, result.stdout[-4000:]
