# Two commands set everything up: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARGS   ?=

.PHONY: run test lint bench fuzz system-deps demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Stamps re-install only when pyproject.toml changes.
$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[gui]'
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

$(VENV)/.bench-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[bench]'
	touch $@

system-deps:
	@bash packaging/linux/system-deps.sh

run: $(VENV)/.run-installed system-deps
ifeq ($(strip $(ARGS)),)
	@$(MAKE) --no-print-directory demo
else
	$(BIN)/archive-reader $(ARGS)
endif

# Until the window lands: index a small generated archive and search it, in the terminal.
demo: $(VENV)/.run-installed
	$(BIN)/python -m tests.archive_factory --files 300 --out .demo/archive
	$(BIN)/archive-reader --basedir .demo/home index .demo/archive
	$(BIN)/archive-reader --basedir .demo/home info
	$(BIN)/archive-reader --basedir .demo/home search 'surveillance'

lint: $(VENV)/.test-installed
	$(BIN)/ruff check reader tests
	$(BIN)/ruff format --check reader tests
	$(BIN)/mypy

test: $(VENV)/.test-installed system-deps lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider tests/core tests/gui

bench: $(VENV)/.bench-installed system-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.benchmarks

clean:
	rm -rf .demo .mypy_cache .ruff_cache build *.egg-info
