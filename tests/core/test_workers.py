"""The extraction pool: a crashed or hung worker fails only its own file."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

from reader.indexing.workers import ExtractorPool, Task, TaskResult
from reader.model import Kind
from reader.settings import Limits
from reader.sources.opener import open_volume
from tests.archive_factory import pdf_bytes


def _tasks(root: Path) -> list[Task]:
    with open_volume(root) as volume:
        spec = volume.spec
    return [
        Task(file_id=i, spec=spec, path=p.name, kind=Kind.PDF, size=p.stat().st_size)
        for i, p in enumerate(sorted(root.iterdir()))
    ]


def _pdf_folder(root: Path, n: int, pages: int) -> Path:
    root.mkdir()
    for i in range(n):
        text = [f"document {i} page {p} " + "lorem ipsum dolor " * 80 for p in range(pages)]
        (root / f"doc{i:03}.pdf").write_bytes(pdf_bytes(text))
    return root


def busy_worker_pids(pool: ExtractorPool) -> list[int]:
    """Process ids of the workers reading a file now (the test kills one)."""
    return [
        s.process.pid
        for s in pool._slots
        if s.queue and s.process.pid is not None and s.process.is_alive()
    ]


def test_killed_worker_fails_only_the_file_it_was_reading(tmp_path: Path) -> None:
    tasks = _tasks(_pdf_folder(tmp_path / "disc", n=30, pages=60))
    pool = ExtractorPool(workers=2, limits=Limits())
    results: list[TaskResult] = []
    killed = False
    for result in pool.run(iter(tasks)):
        if result is not None:
            results.append(result)
        if results and not killed and busy_worker_pids(pool):
            # The other files queued on that worker must go to another worker, not fail.
            os.kill(busy_worker_pids(pool)[0], signal.SIGKILL)
            killed = True
    assert sorted(r.task.file_id for r in results) == [t.file_id for t in tasks]
    failed = [r for r in results if r.error]
    assert len(failed) == 1
    assert "crashed" in (failed[0].error or "") and "SIGKILL" in (failed[0].error or "")
    assert all(r.extracted is not None for r in results if not r.error)


def test_every_task_comes_back_once_across_recycled_workers(tmp_path: Path) -> None:
    tasks = _tasks(_pdf_folder(tmp_path / "disc", n=25, pages=1))
    pool = ExtractorPool(workers=2, limits=Limits(), tasks_per_worker=3)
    results = [r for r in pool.run(iter(tasks)) if r is not None]
    assert sorted(r.task.file_id for r in results) == [t.file_id for t in tasks]
    assert all(r.error is None for r in results)


def test_workers_last_for_many_files_unless_their_memory_grew(tmp_path: Path) -> None:
    tasks = _tasks(_pdf_folder(tmp_path / "disc", n=40, pages=1))

    def run(limits: Limits) -> tuple[list[int], int]:
        pool = ExtractorPool(workers=2, limits=limits)
        done = [r.task.file_id for r in pool.run(iter(tasks)) if r is not None and not r.error]
        return sorted(done), pool.workers_started

    # Normal files: the two workers read everything, no restarts.
    done, started = run(Limits())
    assert done == [t.file_id for t in tasks]
    assert started == 2
    # Every worker over its memory mark after its first file: each finishes the files it
    # holds and is replaced; no file is lost or read twice.
    done, started = run(Limits(worker_retire_mb=1))
    assert done == [t.file_id for t in tasks]
    assert started > 2


def test_messages_between_processes_keep_every_field() -> None:
    # Extracted, Prepared, Task and VolumeSpec pickle from positional arguments (cheaper
    # than the generic dataclass state); a field added later must be added there too.
    import dataclasses
    import pickle

    from reader.indexing.prepare import Prepared
    from reader.model import Extracted
    from reader.sources.volume import VolumeSpec

    spec = VolumeSpec("iso", "/media/disc.iso")
    samples: list[Any] = [
        Extracted("T", "body", "2001-02-03", 3, "cp1252", True, {"author": "X"}),
        Prepared(blocks=((0, 40, 123),)),
        Task(file_id=7, spec=spec, path="2001/a.pdf", kind=Kind.PDF, size=99),
        spec,
    ]
    for obj in samples:
        _, args = obj.__reduce__()
        assert len(args) == len(dataclasses.fields(obj)), type(obj).__name__
        assert pickle.loads(pickle.dumps(obj)) == obj
