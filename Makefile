# Two commands set everything up: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARGS   ?=

.PHONY: run test test-floor lint bench bundle smoke-test fuzz soak system-deps demo screenshots clean \
  translations qm

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Stamps re-install only when pyproject.toml or the pins change. Every install takes the
# versions the tests passed with (packaging/constraints.txt; see docs/packaging.md).
CONSTRAINTS := packaging/constraints.txt

$(VENV)/.run-installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[gui,ocr]' -c $(CONSTRAINTS)
	touch $@

$(VENV)/.test-installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]' -c $(CONSTRAINTS)
	touch $@

$(VENV)/.bench-installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[bench]' -c $(CONSTRAINTS)
	touch $@

$(VENV)/.bundle-installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[bundle]' -c $(CONSTRAINTS)
	touch $@

# The lowest versions pyproject.toml allows, in a venv of their own: the core dependencies
# at their floors (packaging/constraints-floor.txt), everything else at its usual pin.
FLOOR_VENV        := build/venv-floor
FLOOR_CONSTRAINTS := packaging/constraints-floor.txt
FLOOR_TESTS       := tests/core/test_extract.py tests/core/test_zip_names.py \
  tests/core/test_search.py tests/core/test_fulltext.py tests/core/test_search_archive.py \
  tests/core/test_volume.py tests/core/test_library.py tests/core/test_hostile_inputs.py \
  tests/core/test_cli.py tests/gui/test_html_viewer.py

$(FLOOR_VENV)/.installed: pyproject.toml $(CONSTRAINTS) $(FLOOR_CONSTRAINTS)
	rm -rf $(FLOOR_VENV)
	$(PYTHON) -m venv $(FLOOR_VENV)
	grep -v -i -E "^($$(sed -n 's/==.*//p' $(FLOOR_CONSTRAINTS) | paste -sd'|' -))==" \
	  $(CONSTRAINTS) >$(FLOOR_VENV)/constraints-others.txt
	$(FLOOR_VENV)/bin/python -m pip install -q --only-binary=:all: -e '.[test]' \
	  -c $(FLOOR_CONSTRAINTS) -c $(FLOOR_VENV)/constraints-others.txt
	touch $@

system-deps:
	@bash packaging/linux/system-deps.sh

# The window's translations (docs/translations.md): resources/translations/*.ts are the
# sources, kept in git; the .qm files the window loads are built from them into
# reader/gui/translations/ (not in git) by run, test and bundle, so a clean clone has them.
TS_FILES := $(wildcard resources/translations/*.ts)
QM_FILES := $(patsubst resources/translations/%.ts,reader/gui/translations/%.qm,$(TS_FILES))

# With each .qm, the table the window says the core's sentences from (reader/gui/core_text.py).
reader/gui/translations/%.qm: resources/translations/%.ts packaging/core_sentences.py
	@mkdir -p $(@D)
	$(BIN)/python packaging/core_sentences.py $< $(@D)/core_sentences_$(patsubst archive_reader_%,%,$*).json
	$(BIN)/pyside6-lrelease -silent $< -qm $@

qm: $(VENV)/.run-installed $(QM_FILES)

# After changing texts in reader/gui: new strings go into the .ts (translations kept,
# vanished strings dropped); translate them there, then the .qm files are rebuilt.
# English's catalogue holds only the plural forms ("1 document", "2 documents").
LUPDATE := $(BIN)/pyside6-lupdate -extensions py -no-obsolete -locations none reader
translations: $(VENV)/.run-installed
	$(LUPDATE) -ts $(filter-out %_en.ts,$(TS_FILES))
	$(LUPDATE) -pluralonly -ts resources/translations/archive_reader_en.ts
	$(BIN)/python packaging/ts_style.py $(TS_FILES)
	$(MAKE) --no-print-directory qm

# With no ARGS this opens the window (which offers the bundled sample archive).
run: $(VENV)/.run-installed system-deps $(QM_FILES)
	$(BIN)/archive-reader $(ARGS)

# The main job in a terminal, no window needed: index a generated archive and search it.
demo: $(VENV)/.test-installed
	rm -rf .demo
	$(BIN)/python -m tests.archive_factory --files 300 --out .demo/archive
	$(BIN)/archive-reader --basedir .demo/home index .demo/archive
	$(BIN)/archive-reader --basedir .demo/home info
	$(BIN)/archive-reader --basedir .demo/home search 'surveillance'

lint: $(VENV)/.test-installed
	$(BIN)/ruff check reader tests packaging/freeze_constraints.py packaging/ts_style.py
	$(BIN)/ruff format --check reader tests packaging/freeze_constraints.py packaging/ts_style.py
	$(BIN)/mypy

test: $(VENV)/.test-installed system-deps lint $(QM_FILES)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider tests/core tests/gui

# The floors are versions that were tested: the tests that exercise the core libraries, run
# against their lowest allowed versions (about 1.5 minutes with a warm pip cache; CI runs it).
test-floor: $(FLOOR_VENV)/.installed system-deps
	$(FLOOR_VENV)/bin/python -m pip check
	QT_QPA_PLATFORM=offscreen $(FLOOR_VENV)/bin/python -m pytest -q -p no:cacheprovider $(FLOOR_TESTS)

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
bundle: $(VENV)/.bundle-installed system-deps $(QM_FILES)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
	  --workpath build/pyinstaller packaging/pyinstaller/archive-reader.spec
	@du -sh dist/archive-reader

smoke-test:
	bash packaging/smoke-test.sh

screenshots: $(VENV)/.test-installed system-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.gui.screenshots

clean:
	rm -rf .demo .mypy_cache .ruff_cache build dist *.egg-info
