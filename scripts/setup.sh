#!/usr/bin/env bash
# Create .venv and install the project with pinned versions; --dev adds tests, torch (CPU) and sentence-transformers.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
PIP=(.venv/bin/python -m pip --disable-pip-version-check -q)
if [ "${1:-}" = "--dev" ]; then
    # torch first, from the CPU build: letting a resolver pick torch pulls a multi-GB CUDA build.
    "${PIP[@]}" install "torch==2.13.0"
    "${PIP[@]}" install -c constraints.txt -e ".[dev,st]"
    .venv/bin/assistant semantic build >/dev/null  # word semantics as arrays, once per installation
else
    "${PIP[@]}" install -c constraints.txt -e .
fi
echo "安装完成：$(.venv/bin/assistant --help >/dev/null && echo 'assistant 命令可用')"
