# Two commands do all the set-up on a fresh machine:
#   make run   creates .venv, installs actorgraph with spaCy and its model, builds seeds/ into output/
#   make test  installs the test extras and runs pytest
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/actorgraph build seeds/ --out output/

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/bench_build.py

clean:
	rm -rf $(VENV) output/graph.*
