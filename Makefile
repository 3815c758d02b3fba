# Two commands do all the set-up on a fresh machine:
#   make run   creates .venv, installs actorgraph with spaCy and its model, builds seeds/ into output/
#   make test  installs the test extras (and, when npm is there, graphology from tests/js's
#              package-lock.json, the independent GraphML/GEXF reader) and runs pytest
# and `make lint` runs ruff check and ruff format --check over src, tests and bench (ruff comes
# with the test extras).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JS_DIR   := tests/js
JS_STAMP := $(JS_DIR)/node_modules/.installed
NPM      := $(shell command -v npm 2>/dev/null)

.PHONY: install run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/actorgraph build seeds/ --out output/

# npm ci installs exactly the locked versions; the stamp makes it run again only when the lock changes.
$(JS_STAMP): $(JS_DIR)/package-lock.json
	cd $(JS_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $(JS_STAMP)

test: $(STAMP) $(if $(NPM),$(JS_STAMP))
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: $(STAMP)
	$(BIN)/python bench/bench_build.py

clean:
	rm -rf $(VENV) $(JS_DIR)/node_modules output/graph.*
