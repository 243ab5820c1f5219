"""Indexing throughput: the whole pipeline vs bare extraction of the same files, same cores."""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from multiprocessing import forkserver
from pathlib import Path

import psutil

from reader.indexing.extract import extract
from reader.indexing.pipeline import index_volumes
from reader.indexing.scan import scan
from reader.settings import Limits, Settings
from reader.sources.opener import from_spec, open_volume
from reader.sources.volume import VolumeSpec
from reader.store.archive import Archive
from reader.store.banners import blocks
from reader.store.fulltext import FulltextIndex
from reader.store.writer import IndexWriter
from tests.archive_factory import _make_body, _render_para, pdf_bytes


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


class CPU:
    """CPU seconds of this process (all its threads) and of the extraction workers.

    Workers are children of multiprocessing's fork server (one per main process, shared by
    the pipeline and the bare run), so their time is read from its counters once reaped.
    """

    def __init__(self) -> None:
        self.main = 0.0
        self.workers = 0.0

    @staticmethod
    def _now() -> tuple[float, float]:
        me = psutil.Process().cpu_times()
        workers = 0.0
        pid = forkserver._forkserver._forkserver_pid  # type: ignore[attr-defined]
        if pid is not None:
            time.sleep(0.2)  # let the server reap workers that just stopped
            t = psutil.Process(pid).cpu_times()
            workers = t.user + t.system + t.children_user + t.children_system
        return me.user + me.system, workers

    def __enter__(self) -> CPU:
        self._start = self._now()
        return self

    def __exit__(self, *exc: object) -> None:
        main, workers = self._now()
        self.main, self.workers = main - self._start[0], workers - self._start[1]

    @property
    def total(self) -> float:
        return self.main + self.workers


@dataclass
class IndexFigures:
    files: int
    megabytes: float
    workers: int
    pipeline_seconds: float
    pipeline_cpu: CPU
    bare_seconds: float
    bare_cpu: CPU
    index_seconds: float
    index_cpu: CPU
    peak_mb: float
    peak_main_mb: float
    failed: int

    def lines(self) -> list[str]:
        overhead = self.pipeline_cpu.total - self.bare_cpu.total - self.index_cpu.total
        # Extraction and indexing fully overlapped, with nothing else, on every core.
        floor = (self.bare_cpu.total + self.index_cpu.total) / self.workers
        return [
            f"files                     {self.files:,} ({self.megabytes:.0f} MB)",
            f"pipeline wall time        {self.pipeline_seconds:.1f} s "
            f"({self.files / self.pipeline_seconds:,.0f} files/s, "
            f"{self.megabytes / self.pipeline_seconds:.1f} MB/s)",
            f"bare extraction           {self.bare_seconds:.1f} s "
            f"({self.files / self.bare_seconds:,.0f} files/s)",
            f"pipeline / bare           {self.pipeline_seconds / self.bare_seconds:.2f}x "
            "(target <= 1.5x)",
            f"index alone               {self.index_seconds:.1f} s (the same documents into "
            "an empty index, banners and all)",
            f"CPU seconds               pipeline {self.pipeline_cpu.total:.1f} "
            f"(workers {self.pipeline_cpu.workers:.1f}, writer {self.pipeline_cpu.main:.1f}) "
            f"= bare extraction {self.bare_cpu.total:.1f} + index alone "
            f"{self.index_cpu.total:.1f} + pipeline's own {overhead:.1f}",
            f"floor on {self.workers} cores         {floor:.1f} s = "
            f"{floor / self.bare_seconds:.2f}x bare (extraction + index, no overhead)",
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


def bare_extraction(root: Path, workers: int) -> tuple[float, CPU]:
    """Read and extract every file with a plain process pool: the floor for the pipeline."""
    with open_volume(root) as volume:
        items = [(volume.spec, e.path, e.kind) for e in scan(volume) if not e.problem]
    ctx = mp.get_context("forkserver")
    with CPU() as cpu:
        started = time.perf_counter()
        with ctx.Pool(workers) as pool:
            for _ in pool.imap_unordered(_bare_one, items, chunksize=32):
                pass
        seconds = time.perf_counter() - started
    return seconds, cpu


def index_alone(index_dir: Path, work: Path, batch: int) -> tuple[float, CPU]:
    """The pipeline's documents written again into an empty index by the same writer.

    Runs in a child process: holding every text at once would leave this process's memory
    high for the benchmarks that measure it next.
    """
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        seconds, cpu_seconds = pool.apply(_index_alone, (index_dir, work, batch))
    cpu = CPU()
    cpu.main = cpu_seconds
    return seconds, cpu


def _index_alone(index_dir: Path, work: Path, batch: int) -> tuple[float, float]:
    # Blocks are computed before the clock starts, as the pipeline's workers hand them over.
    source = FulltextIndex.open(index_dir, create=False)
    docs = [replace(d.doc, blocks=tuple(blocks(d.doc.body))) for d in source.searcher().all_docs()]
    folder = work / "index-alone"
    shutil.rmtree(folder, ignore_errors=True)
    index = FulltextIndex.open(folder)
    me = psutil.Process()
    cpu0 = sum(me.cpu_times()[:2])  # user + system, all threads (tantivy's too)
    started = time.perf_counter()
    with IndexWriter(index) as writer:
        for i, doc in enumerate(docs, 1):
            writer.add(doc)
            if i % batch == 0:
                writer.commit()
        writer.finish()
    seconds = time.perf_counter() - started
    cpu = sum(me.cpu_times()[:2]) - cpu0
    shutil.rmtree(folder, ignore_errors=True)
    return seconds, cpu


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
    with (
        PeakRSS() as rss,
        Archive(archive_dir) as archive,
        open_volume(root) as volume,
        CPU() as pipeline_cpu,
    ):
        started = time.perf_counter()
        summary = index_volumes(archive, [volume], settings)
        pipeline = time.perf_counter() - started
    bare, bare_cpu = bare_extraction(root, workers)
    # Same batch size as the pipeline's commits (every 5 s there, about 8,000 files here).
    alone, alone_cpu = index_alone(archive_dir / "index", work, batch=8000)
    return IndexFigures(
        files=summary.scanned,
        megabytes=sum(_tree_bytes(root)) / 1e6,
        workers=workers,
        pipeline_seconds=pipeline,
        pipeline_cpu=pipeline_cpu,
        bare_seconds=bare,
        bare_cpu=bare_cpu,
        index_seconds=alone,
        index_cpu=alone_cpu,
        peak_mb=rss.peak / 1e6,
        peak_main_mb=rss.peak_main / 1e6,
        failed=summary.failed,
    )


def build_pdf_archive(root: Path, files: int = 800, seed: int = 5) -> Path:
    """Released-document PDFs only, 5-40 text pages each: an archive where extraction
    dominates, like the PDF-heavy real discs (the main generated archive is mostly small
    HTML pages, 2 KB of text each). Built once; deterministic."""
    stamp = root.parent / "complete"
    if stamp.exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    rng = random.Random(seed)
    for i in range(files):
        folder = root / str(1996 + i % 20)
        folder.mkdir(parents=True, exist_ok=True)
        pages = [
            "\n".join(_render_para(p) for p in _make_body(rng, 6, (40, 90)))
            for _ in range(rng.randint(5, 40))
        ]
        (folder / f"release-{i:05d}.pdf").write_bytes(pdf_bytes(pages, title=f"Release {i}"))
    stamp.write_text("ok")
    return root
