"""Crash safety: kill -9 of the indexer (CLI or window) at random points, then resume.

The real `python -m reader index` runs in its own process group, and the whole group (the
main process, the forkserver and every extraction worker) gets SIGKILL at a time drawn from
a seeded RNG; after the kills a plain rerun must leave exactly what an uninterrupted run
leaves: the same counts per state, the same index keys, the same index digest (a hash of
every document's key, title and text), and a catalogue that passes PRAGMA integrity_check.

`make test` runs 20 kills (about 10 s); `make soak` runs 100 per seed over 5 seeds.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from reader.store.archive import Archive
from tests.archive_factory import build_archive

KILLS = int(os.environ.get("CRASH_KILLS", "20"))
SEED = int(os.environ.get("CRASH_SEED", "20260"))
FILES = 150
# Small batches and two workers, so that kills land between commits and inside batches.
SETTINGS_TOML = "batch_files = 7\nbatch_seconds = 0.5\nworkers = 2\n"


@dataclass(frozen=True)
class Reference:
    root: Path
    base: Path
    seconds: float

    @property
    def archive_dir(self) -> Path:
        return self.base / "data" / "archives" / "default"


def _prepare_base(base: Path) -> Path:
    (base / "config").mkdir(parents=True)
    (base / "config" / "settings.toml").write_text(SETTINGS_TOML)
    return base


def _start(args: list[str], base: Path, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "reader", *args],
        env={**os.environ, "ARCHIVE_READER_BASEDIR": str(base), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the workers are killed with it
    )


def _group(pgid: int) -> list[psutil.Process]:
    alive = []
    for proc in psutil.process_iter(["status"]):
        try:
            if os.getpgid(proc.pid) == pgid and proc.info["status"] != psutil.STATUS_ZOMBIE:
                alive.append(proc)
        except (ProcessLookupError, psutil.Error):
            continue
    return alive


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL to the indexer and all its workers at once, like a power cut."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while _group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _group(proc.pid), "a process of the killed indexer survived"


def _finish(root: Path, base: Path) -> None:
    proc = _start(["index", "-q", str(root)], base)
    assert proc.wait(timeout=240) == 0


def _indexed(base: Path) -> int:
    db = base / "data" / "archives" / "default" / "catalogue.sqlite"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            row = conn.execute("SELECT count(*) FROM files WHERE state='indexed'").fetchone()
            return int(row[0])
    except sqlite3.Error:
        return 0


def assert_same_as_reference(base: Path, reference: Reference) -> None:
    with (
        Archive(reference.archive_dir) as whole,
        Archive(base / "data" / "archives" / "default") as resumed,
    ):
        assert resumed.catalogue.integrity_ok()
        assert resumed.catalogue.counts_by_state() == whole.catalogue.counts_by_state()
        assert resumed.index().keys() == whole.index().keys()
        assert resumed.index().digest() == whole.index().digest()
        assert resumed.index().doc_count() == whole.index().doc_count()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    work = tmp_path_factory.mktemp("crash")
    root = work / "CRASH_1"
    build_archive(root, files=FILES, seed=21)
    base = _prepare_base(work / "whole")
    started = time.monotonic()
    _finish(root, base)
    return Reference(root, base, time.monotonic() - started)


@pytest.mark.slow
def test_kill_9_at_random_points_then_resume_matches_an_uninterrupted_run(
    reference: Reference, tmp_path: Path
) -> None:
    base = _prepare_base(tmp_path / "killed")
    rng = random.Random(SEED)
    mid_run = 0
    for n in range(KILLS):
        before = _indexed(base)
        proc = _start(["index", "-q", str(reference.root)], base)
        if n % 2:
            # Anywhere from start-up (imports, scan) to the end of a whole run...
            delay = rng.uniform(0.1, max(1.0, reference.seconds))
        else:
            # ... or a moment after the first batch of this run is in (mid-extraction).
            deadline = time.monotonic() + 60
            while _indexed(base) == before and proc.poll() is None:
                assert time.monotonic() < deadline
                time.sleep(0.01)
            delay = rng.uniform(0.0, 0.3)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
        after = _indexed(base)
        mid_run += int(after > before and after < _indexed(reference.base))
    with Archive(base / "data" / "archives" / "default") as archive:
        assert archive.catalogue.integrity_ok()
    _finish(reference.root, base)
    assert_same_as_reference(base, reference)
    assert mid_run >= 1, "no kill landed in the middle of extraction"


@pytest.mark.slow
def test_kill_9_of_the_window_while_indexing_then_cli_resume_matches(
    reference: Reference, tmp_path: Path
) -> None:
    base = _prepare_base(tmp_path / "gui")
    proc = _start(["gui", str(reference.root)], base, QT_QPA_PLATFORM="offscreen")
    deadline = time.monotonic() + 120
    target = _indexed(reference.base) // 3
    while _indexed(base) < target and time.monotonic() < deadline:
        assert proc.poll() is None, "the window exited before it was killed"
        time.sleep(0.05)
    _kill_group(proc)
    assert 0 < _indexed(base) < _indexed(reference.base), "the kill missed the run"
    _finish(reference.root, base)
    assert_same_as_reference(base, reference)


# Runs the real pipeline and kills itself (SIGKILL, no clean-up) when the progress
# callback first reports `phase`: a crash at one exact point of the run.
_KILL_AT_PHASE = """
import os, signal, sys
from reader import settings as settings_mod
from reader.store.archive import Archive
from reader.indexing.pipeline import index_volumes
from reader.sources.opener import open_volume

def progress(p):
    if p.phase == sys.argv[2] and p.files_done:
        os.killpg(os.getpgid(0), signal.SIGKILL)

with Archive.named("default") as archive, open_volume(sys.argv[1]) as volume:
    index_volumes(archive, [volume], settings_mod.load(), progress=progress)
"""


@pytest.mark.slow
def test_kill_after_the_last_batch_before_the_index_is_settled_then_resume_matches(
    reference: Reference, tmp_path: Path
) -> None:
    # Every file is recorded, but the run's closing step (settling which repeated blocks
    # are banners, index-wide) has not run: the rerun has nothing to extract, and must
    # still finish that step.
    base = _prepare_base(tmp_path / "finishing")
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILL_AT_PHASE, str(reference.root), "finishing"],
        env={**os.environ, "ARCHIVE_READER_BASEDIR": str(base)},
        start_new_session=True,
    )
    assert proc.wait(timeout=240) == -signal.SIGKILL
    _kill_group(proc)
    with Archive(base / "data" / "archives" / "default") as archive:
        assert archive.catalogue.counts_by_state()["pending"] == 0
    _finish(reference.root, base)
    assert_same_as_reference(base, reference)
