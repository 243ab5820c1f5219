# Two commands set everything up: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARGS   ?=

.PHONY: run test lint bench bundle smoke-test fuzz soak system-deps demo screenshots clean

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

$(VENV)/.bundle-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[bundle]'
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

# Hypothesis fuzzing of every extractor, links.resolve and search.parse, bounded in time.
FUZZ_SECONDS ?= 60
fuzz: $(VENV)/.test-installed
	FUZZ_SECONDS=$(FUZZ_SECONDS) $(BIN)/python -m pytest -q -p no:cacheprovider tests/fuzz

# Crash safety at length: many more kill -9s of the indexer, over several seeds.
CRASH_KILLS ?= 100
soak: $(VENV)/.test-installed system-deps
	for seed in 1 2 3 4 5; do \
	  CRASH_KILLS=$(CRASH_KILLS) CRASH_SEED=$$seed QT_QPA_PLATFORM=offscreen \
	  $(BIN)/python -m pytest -q -p no:cacheprovider tests/core/test_crash_safety.py || exit 1; \
	done

# The one-folder desktop bundle (GUI and CLI executables, Qt, resources, licences) in
# dist/archive-reader/; see docs/packaging.md. `make smoke-test` builds it and checks it works.
bundle: $(VENV)/.bundle-installed system-deps
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
	  --workpath build/pyinstaller packaging/pyinstaller/archive-reader.spec
	@du -sh dist/archive-reader

smoke-test:
	bash packaging/smoke-test.sh

screenshots: $(VENV)/.test-installed system-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.gui.screenshots

clean:
	rm -rf .demo .mypy_cache .ruff_cache build dist *.egg-info
