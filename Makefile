# Two commands set everything up: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARGS   ?=

.PHONY: run test lint bench fuzz system-deps demo screenshots clean

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

# With no ARGS this opens the window (which offers the bundled sample archive).
run: $(VENV)/.run-installed system-deps
	$(BIN)/archive-reader $(ARGS)

# The main job in a terminal, no window needed: index a generated archive and search it.
demo: $(VENV)/.test-installed
	rm -rf .demo
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

screenshots: $(VENV)/.test-installed system-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.gui.screenshots

clean:
	rm -rf .demo .mypy_cache .ruff_cache build *.egg-info
