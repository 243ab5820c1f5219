"""Indexing throughput: the whole pipeline vs bare extraction of the same files, same cores."""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil

from reader.archive import Archive
from reader.extract import extract
from reader.pipeline import index_volumes
from reader.scan import scan
from reader.settings import Limits, Settings
from reader.volume import VolumeSpec, from_spec, open_volume


class PeakRSS:
    """Samples the summed RSS of this process and its children (the workers) every 50 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self.peak_main = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            try:
                main = me.memory_info().rss
                total = main + sum(
                    c.memory_info().rss for c in me.children(recursive=True) if c.is_running()
                )
            except psutil.Error:
                continue
            self.peak = max(self.peak, total)
            self.peak_main = max(self.peak_main, main)
            self._stop.wait(0.05)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class IndexFigures:
    files: int
    megabytes: float
    pipeline_seconds: float
    bare_seconds: float
    peak_mb: float
    peak_main_mb: float
    failed: int

    def lines(self) -> list[str]:
        return [
            f"files                     {self.files:,} ({self.megabytes:.0f} MB)",
            f"pipeline wall time        {self.pipeline_seconds:.1f} s "
            f"({self.files / self.pipeline_seconds:,.0f} files/s, "
            f"{self.megabytes / self.pipeline_seconds:.1f} MB/s)",
            f"bare extraction           {self.bare_seconds:.1f} s "
            f"({self.files / self.bare_seconds:,.0f} files/s)",
            f"pipeline / bare           {self.pipeline_seconds / self.bare_seconds:.2f}x "
            "(target <= 1.5x)",
            f"peak RSS (all processes)  {self.peak_mb:.0f} MB (target < 1024 MB); "
            f"main process {self.peak_main_mb:.0f} MB",
            f"failed files              {self.failed}",
        ]


_limits = Limits()
_volume_cache: dict[VolumeSpec, object] = {}


def _bare_one(item: tuple[VolumeSpec, str, str]) -> int:
    spec, path, kind = item
    volume = _volume_cache.get(spec)
    if volume is None:
        volume = _volume_cache[spec] = from_spec(spec)
    try:
        data = volume.read_bytes(path, _limits.max_read_bytes)  # type: ignore[attr-defined]
        return len(extract(kind, path, data, _limits).text)  # type: ignore[arg-type]
    except Exception:
        return 0


def bare_extraction(root: Path, workers: int) -> float:
    """Read and extract every file with a plain process pool: the floor for the pipeline."""
    with open_volume(root) as volume:
        items = [(volume.spec, e.path, e.kind) for e in scan(volume) if not e.problem]
    ctx = mp.get_context("forkserver")
    started = time.perf_counter()
    with ctx.Pool(workers) as pool:
        for _ in pool.imap_unordered(_bare_one, items, chunksize=32):
            pass
    return time.perf_counter() - started


def _tree_bytes(root: Path) -> Iterator[int]:
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            p = Path(dirpath) / name
            if not p.is_symlink():
                yield p.stat().st_size


def bench_index(root: Path, work: Path, workers: int = 2) -> IndexFigures:
    archive_dir = work / "bench-archive"
    shutil.rmtree(archive_dir, ignore_errors=True)
    settings = Settings(workers=workers)
    with PeakRSS() as rss, Archive(archive_dir) as archive, open_volume(root) as volume:
        started = time.perf_counter()
        summary = index_volumes(archive, [volume], settings)
        pipeline = time.perf_counter() - started
    bare = bare_extraction(root, workers)
    return IndexFigures(
        files=summary.scanned,
        megabytes=sum(_tree_bytes(root)) / 1e6,
        pipeline_seconds=pipeline,
        bare_seconds=bare,
        peak_mb=rss.peak / 1e6,
        peak_main_mb=rss.peak_main / 1e6,
        failed=summary.failed,
    )
