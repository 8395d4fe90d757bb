# 贷后助手: the two commands of the README.
#   make demo   install (embedded default, no model download) + load the sample + serve on :8000
#   make test   install everything the tests need (incl. chromium, postgresql) + run the whole suite

PY ?= python3
VENV := .venv

.PHONY: demo install install-dev system-deps test test-fast evals

demo: install
	$(VENV)/bin/assistant sample load
	@# the public regulations, when the shared corpus sits beside the checkout (read in place, never copied)
	@if [ -d ../shared/corpus/regulations ]; then $(VENV)/bin/assistant ingest ../shared/corpus/regulations; fi
	$(VENV)/bin/assistant serve --host 127.0.0.1 --port 8000

install:
	bash scripts/setup.sh

install-dev:
	bash scripts/setup.sh --dev

system-deps:
	bash scripts/system-deps.sh

test: install-dev system-deps
	$(VENV)/bin/pytest -m "" -q

test-fast: install-dev
	$(VENV)/bin/pytest -q -m "not slow and not browser and not postgres"

evals: install-dev
	bash evals/run_all.sh
