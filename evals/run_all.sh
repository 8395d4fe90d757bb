#!/usr/bin/env bash
# Every eval of the product, one table each (about 15 minutes on 2 cores). Figures go to evals/README.md.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export HF_HUB_OFFLINE=1 PYTHONPATH=.
run() { echo; echo "== $*"; "$@" || echo "!! failed: $*"; }
run $PY evals/retrieval/run.py
run $PY evals/answers/run.py
run $PY evals/chat/run.py
run $PY evals/chat/calibrate.py --curve-sets dev,frozen,newdocs
run $PY evals/borrower_chat/run.py
run $PY evals/curation/run.py
run $PY evals/speed_search.py --chunks 100000
run $PY evals/speed_api.py -n 80
run $PY evals/records_import_speed.py
run $PY evals/drafts/run.py
run $PY evals/meeting/run.py
run $PY evals/quiz/run.py
run $PY -m evals.injection.runner
run $PY evals/load_test.py --clients 50 --duration 60
run $PY evals/schemathesis_run.py --max-examples 50
run $PY evals/web_speed.py -n 8
