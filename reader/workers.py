"""Extraction in worker processes: per-file time limit, memory cap, crash isolation, recycling."""

from __future__ import annotations

import logging
import multiprocessing as mp
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from reader.extract import PRELOAD
from reader.model import Extracted, ExtractError, Kind
from reader.settings import Limits
from reader.volume import Volume, VolumeSpec, from_spec

log = logging.getLogger(__name__)

# Kinds whose extractor needs only the first bytes (to sniff the type), not the whole file.
_HEAD_ONLY_BYTES = {Kind.OTHER: 64 * 1024}


@dataclass(frozen=True, slots=True)
class Task:
    """One file to extract."""

    file_id: int
    spec: VolumeSpec
    path: str
    kind: Kind
    size: int


@dataclass(frozen=True, slots=True)
class TaskResult:
    """The outcome of one task: either `extracted` or a human-readable `error`."""

    task: Task
    extracted: Extracted | None
    error: str | None
    seconds: float


def _context() -> Any:
    # forkserver: workers fork from a clean single-threaded server, never from the main
    # process (which runs tantivy's and maybe Qt's threads; forking those is unsafe).
    # (macOS has forkserver too, but its system libraries are not fork-safe: spawn there.)
    if sys.platform.startswith("linux") and "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        # Import the format libraries once in the server, not in every recycled worker.
        ctx.set_forkserver_preload(["reader.volume", "reader.extract", *PRELOAD])
        return ctx
    return mp.get_context("spawn")


def _limit_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the time limit still bounds a runaway file
        return
    cap = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _worker_main(conn: Connection, limits: Limits) -> None:
    """Loop of one worker process: receive a Task, send back ("ok", Extracted) or ("error", str)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides about Ctrl+C
    _limit_memory(limits.worker_memory_mb)
    from reader.extract import extract

    # Say when ready, so start-up time never counts against the first file's time limit.
    conn.send(("ready", None))
    volume: Volume | None = None
    while True:
        try:
            task: Task | None = conn.recv()
        except (EOFError, OSError):
            break
        if task is None:
            break
        reply: tuple[str, Any]
        try:
            if volume is None or volume.spec != task.spec:
                if volume is not None:
                    volume.close()
                volume = from_spec(task.spec)
            limit = min(
                _HEAD_ONLY_BYTES.get(task.kind, limits.max_read_bytes), limits.max_read_bytes
            )
            data = volume.read_bytes(task.path, limit)
            reply = ("ok", extract(task.kind, task.path, data, limits))
        except ExtractError as exc:
            reply = ("error", str(exc) or "the file cannot be read")
        except MemoryError:
            reply = ("error", f"needs more than the {limits.worker_memory_mb} MB memory limit")
        except OSError as exc:
            reply = ("error", f"read error: {exc.strerror or exc}")
        except Exception as exc:  # any other bug or library failure: this file only
            reply = ("error", f"unexpected {type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            break
        del reply


class _Slot:
    """One worker process and the task it is busy with."""

    def __init__(self, ctx: Any, limits: Limits) -> None:
        parent, child = ctx.Pipe(duplex=True)
        self.conn: Connection = parent
        self.process: BaseProcess = ctx.Process(
            target=_worker_main, args=(child, limits), daemon=True, name="archive-reader-extract"
        )
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.ready = False
        self.started = 0.0
        self.done = 0

    def give(self, task: Task) -> None:
        self.task = task
        self.started = time.monotonic()
        self.conn.send(task)

    def stop(self, *, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _death_reason(process: BaseProcess) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the extractor crashed on this file ({name})"
    return f"the extractor stopped on this file (exit code {code})"


class ExtractorPool:
    """A pool of worker processes that extract files one at a time each.

    Unlike concurrent.futures, a worker that hangs past the time limit is killed and replaced,
    and a worker that crashes fails only the file it was reading.
    """

    def __init__(self, workers: int, limits: Limits, tasks_per_worker: int = 500) -> None:
        self.limits = limits
        self.workers = max(1, workers)
        self.tasks_per_worker = max(1, tasks_per_worker)
        self._ctx = _context()
        self._slots: list[_Slot] = []
        self._start_failures = 0

    def __enter__(self) -> ExtractorPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self, *, kill: bool = False) -> None:
        for slot in self._slots:
            slot.stop(kill=kill or slot.task is not None)
        self._slots.clear()

    def run(
        self, tasks: Iterator[Task], on_start: Callable[[Task], None] | None = None
    ) -> Iterator[TaskResult | None]:
        """Extract every task; yields each result as it comes, and None about every 100 ms.

        The None ticks let the caller report progress and honour a cancel while a slow file
        is being read. Closing the generator early stops and kills the workers.
        """
        limit = self.limits.file_seconds
        exhausted = False
        try:
            while True:
                # Keep every slot busy; start workers lazily so tiny runs start one process.
                while not exhausted:
                    idle = next((s for s in self._slots if s.ready and s.task is None), None)
                    if idle is None:
                        if len(self._slots) < self.workers:
                            self._slots.append(_Slot(self._ctx, self.limits))
                        break
                    task = next(tasks, None)
                    if task is None:
                        exhausted = True
                        break
                    if on_start is not None:
                        on_start(task)
                    idle.give(task)
                waiting = [s for s in self._slots if s.task is not None or not s.ready]
                if exhausted and not any(s.task is not None for s in waiting):
                    return
                now = time.monotonic()
                busy = [s for s in waiting if s.task is not None]
                nearest = min((s.started + limit for s in busy), default=now + 0.1)
                ready = wait([s.conn for s in waiting], timeout=max(0.0, min(0.1, nearest - now)))
                for slot in waiting:
                    result = None
                    if slot.conn in ready and not slot.ready:
                        self._handshake(slot)
                    elif slot.conn in ready:
                        result = self._receive(slot)
                    elif slot.task is not None and time.monotonic() - slot.started > limit:
                        result = self._fail(slot, f"took longer than the {limit:g} s limit")
                    if result is not None:
                        yield result
                if not ready:
                    yield None
        finally:
            self.close(kill=True)

    def _handshake(self, slot: _Slot) -> None:
        try:
            slot.conn.recv()
            slot.ready = True
        except (EOFError, OSError):
            # A worker that dies while starting (no memory?) is replaced on the next round,
            # but a pool whose workers cannot start at all must say so, not spin.
            self._start_failures += 1
            log.warning("an extraction worker failed to start (%s)", slot.process.exitcode)
            self._replace(slot, kill=True)
            if self._start_failures > 3 * self.workers:
                raise RuntimeError(
                    "extraction processes cannot start (exit code "
                    f"{slot.process.exitcode}); check the memory limit in settings"
                ) from None
            return
        self._start_failures = 0

    def _receive(self, slot: _Slot) -> TaskResult:
        task = slot.task
        assert task is not None
        try:
            status, payload = slot.conn.recv()
        except (EOFError, OSError):
            slot.process.join(timeout=5)
            return self._fail(slot, _death_reason(slot.process))
        seconds = time.monotonic() - slot.started
        slot.task = None
        slot.done += 1
        if slot.done >= self.tasks_per_worker:
            self._replace(slot, kill=False)
        if status == "ok":
            return TaskResult(task=task, extracted=payload, error=None, seconds=seconds)
        return TaskResult(task=task, extracted=None, error=str(payload), seconds=seconds)

    def _fail(self, slot: _Slot, reason: str) -> TaskResult:
        task = slot.task
        assert task is not None
        seconds = time.monotonic() - slot.started
        self._replace(slot, kill=True)
        return TaskResult(task=task, extracted=None, error=reason, seconds=seconds)

    def _replace(self, slot: _Slot, *, kill: bool) -> None:
        slot.task = None
        slot.stop(kill=kill)
        self._slots.remove(slot)


def worker_pids(pool: ExtractorPool) -> list[int]:
    """The live workers' process ids (tests kill one to prove isolation)."""
    return [
        s.process.pid for s in pool._slots if s.process.pid is not None and s.process.is_alive()
    ]


__all__ = ["ExtractorPool", "Task", "TaskResult"]
