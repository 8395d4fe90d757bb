"""schemathesis against the OpenAPI schema of a real `assistant serve` (sample bank, admin token).

Checks: no 5xx (not_a_server_error), responses match their documented schema
(response_schema_conformance) and content type (content_type_conformance).

Usage: .venv/bin/python evals/schemathesis_run.py [--max-examples 50] [--as admin]
Exit status: schemathesis's (0 = no failure).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from evals.speed_api import start_server  # noqa: E402

SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")
ASSISTANT = str(Path(sys.executable).parent / "assistant")
CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance"


def prepare(home: str, user: str) -> tuple[dict, str]:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")},
           "ASSISTANT_HOME": home, "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0"}
    subprocess.run([ASSISTANT, "sample", "load"], env=env, check=True, capture_output=True)
    token = subprocess.run([ASSISTANT, "users", "token", user], env=env, check=True, capture_output=True,
                           text=True).stdout.strip()
    return env, token


def run(base: str, token: str, max_examples: int, report_dir: str | None, checks: str = CHECKS) -> int:
    command = [SCHEMATHESIS, "run", f"{base}/openapi.json", "--checks", checks,
               "--max-examples", str(max_examples), "-H", f"Authorization: Bearer {token}",
               "-H", "X-Requested-With: schemathesis", "--request-timeout", "60",
               "--suppress-health-check", "all", "--seed", "4"]
    if report_dir:
        command += ["--report", "junit", "--report-dir", report_dir]
    return subprocess.run(command, cwd=ROOT).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-examples", type=int, default=50)
    parser.add_argument("--as", dest="user", default="admin", help="demo user whose token is sent")
    parser.add_argument("--report-dir", default=None)
    parser.add_argument("--checks", default=CHECKS, help="schemathesis checks, comma-separated")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="schemathesis-") as home:
        env, token = prepare(home, args.user)
        proc, base = start_server(env, workers=1)
        try:
            return run(base, token, args.max_examples, args.report_dir, args.checks)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)


if __name__ == "__main__":
    sys.exit(main())
