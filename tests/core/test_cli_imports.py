"""What a command-line search loads: `archive-reader search` is started anew for every query
(issue 13), so it must not import what only other commands need (indexing, publishing,
the settings, the window, the extractors' libraries). Checked on the modules a real
subprocess has loaded when it exits, never on its time (which a busy machine changes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Run as `python -m reader ARGS`, then write the names in sys.modules to the first argument
# when the process exits (after main() has returned and sys.exit() was called).
PROBE = (
    "import atexit, json, runpy, sys\n"
    "out = sys.argv.pop(1)\n"
    "def dump():\n"
    "    with open(out, 'w', encoding='utf-8') as f:\n"
    "        json.dump(sorted(sys.modules), f)\n"
    "atexit.register(dump)\n"
    "runpy.run_module('reader', run_name='__main__', alter_sys=True)\n"
)

# Packages a search has no use for, each costing milliseconds (or seconds: Qt) to import.
NOT_FOR_SEARCH = (
    "reader.indexing",  # the pipeline, its workers and extractors, its progress records
    "reader.publish",
    "reader.gui",
    "reader.settings",  # a search reads no setting
    "reader.store.writer",
    "reader.library.store",  # only when the user has a library (none here)
    "PySide6",
    "shiboken6",
    "pymupdf",
    "fitz",
    "selectolax",
    "PIL",
    "pycdlib",
    "charset_normalizer",
    "sqlite_utils",  # the catalogue's migrations: opening one for reading needs none
    "rapidfuzz",  # did-you-mean: only a query that finds nothing
    "platformdirs",  # the folders come from --basedir
    "tomllib",
    "tomli_w",
    "multiprocessing",
    "concurrent",
)


def _loaded(home: Path, *args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    out = home / "modules.json"
    env = {k: v for k, v in os.environ.items() if k != "ARCHIVE_READER_BASEDIR"}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(out), "--basedir", str(home), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(out.read_text(encoding="utf-8"))), proc


def _offenders(modules: set[str]) -> list[str]:
    return sorted(
        m for m in modules if any(m == p or m.startswith(p + ".") for p in NOT_FOR_SEARCH)
    )


@pytest.fixture(scope="module")
def indexed_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A base dir whose default archive holds one small disc (indexed by the command)."""
    root = tmp_path_factory.mktemp("cli-imports")
    disc = root / "DISC_1"
    disc.mkdir()
    (disc / "minutes.txt").write_text("The matrix of nodes was approved by the committee.\n")
    (disc / "notes.html").write_text(
        "<html><head><title>Notes</title></head><body><p>A matrix of nodes, again.</p>"
        "</body></html>"
    )
    home = root / "home"
    env = {k: v for k, v in os.environ.items() if k != "ARCHIVE_READER_BASEDIR"}
    subprocess.run(
        [sys.executable, "-m", "reader", "--basedir", str(home), "index", "-q", str(disc)],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=True,
    )
    return home


def test_a_search_loads_nothing_that_only_other_commands_need(indexed_home: Path) -> None:
    modules, proc = _loaded(indexed_home, "search", '"matrix of nodes"', "--json")
    data = json.loads(proc.stdout)
    # The whole path of a search with hits ran: the index, snippets, the disc's presence.
    assert data["total"] == 2 and all(hit["present"] for hit in data["hits"])
    assert {"reader.search.engine", "reader.sources.registry", "tantivy"} <= modules
    assert _offenders(modules) == []


def test_a_search_that_finds_nothing_loads_only_did_you_mean_besides(indexed_home: Path) -> None:
    modules, proc = _loaded(indexed_home, "search", "comitee", "--json")
    data = json.loads(proc.stdout)
    assert data["total"] == 0 and data["did_you_mean"] == "committee"
    assert {m.split(".")[0] for m in _offenders(modules)} == {"rapidfuzz"}


def test_help_and_version_load_no_indexing_or_settings(indexed_home: Path) -> None:
    for args in (("--version",), ("search", "--help")):
        modules, _ = _loaded(indexed_home, *args)
        assert _offenders(modules) == [], args
