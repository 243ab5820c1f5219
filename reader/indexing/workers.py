"""Extraction in worker processes: per-file time limit, memory cap, crash isolation, recycling."""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from reader.indexing.extract import PRELOAD
from reader.model import Extracted, ExtractError, Kind
from reader.sentences import QT_TRANSLATE_NOOP
from reader.settings import Limits
from reader.sources.opener import from_spec
from reader.sources.volume import Volume, VolumeError, VolumeSpec

log = logging.getLogger(__name__)

# Kinds whose extractor needs only the first bytes (to sniff the type), not the whole file.
_HEAD_ONLY_BYTES = {Kind.OTHER: 64 * 1024}
# Kinds whose text is cut at Limits.max_text_chars anyway: bytes past what can decode to
# that many characters are never read, so a 1 GB one-line text file costs 32 MB, not 1 GB.
TEXT_BOUNDED_KINDS = frozenset({Kind.TXT, Kind.HTML})
# = reader.indexing.extract.text.BYTES_PER_CHAR (not imported: keeps this module light)
_BYTES_PER_CHAR = 4
# Tasks sent to a worker in one message, and how few it may hold before it gets more:
# a worker always has its next files at hand while the main process is busy writing
# (an index commit stalls it for 50-100 ms, in which a worker reads dozens of small files).
_CHUNK = 16
_LOW_WATER = 12

# Runs in the worker after a successful extraction; returns what the main process needs
# besides the Extracted (work moved off the single writer). Must be a module-level function.
Prepare = Callable[["Task", Extracted], Any]
# What a worker does with one task: (task, its volume, the limits, the pool's `prepare`) ->
# ("ok", (Extracted | None, anything)) or ("error", reason). Module-level, picklable.
Work = Callable[["Task", Volume, Limits, Any], tuple[str, Any]]


@dataclass(frozen=True, slots=True)
class Task:
    """One file to extract."""

    file_id: int
    spec: VolumeSpec
    path: str
    kind: Kind
    size: int

    def __reduce__(self) -> tuple[type[Task], tuple[object, ...]]:
        # Sent to a worker per file: see Extracted.__reduce__.
        return (Task, (self.file_id, self.spec, self.path, self.kind, self.size))


@dataclass(frozen=True, slots=True)
class TaskResult:
    """The outcome of one task: either `extracted` (and `prepared`) or a readable `error`."""

    task: Task
    extracted: Extracted | None
    error: str | None
    seconds: float
    prepared: Any = None


def _context() -> Any:
    # forkserver: workers fork from a clean single-threaded server, never from the main
    # process (which runs tantivy's and maybe Qt's threads; forking those is unsafe).
    # (macOS has forkserver too, but its system libraries are not fork-safe: spawn there.)
    if sys.platform.startswith("linux") and "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        # Import the format libraries once in the server, not in every recycled worker.
        ctx.set_forkserver_preload(["reader.sources.opener", "reader.indexing.extract", *PRELOAD])
        return ctx
    return mp.get_context("spawn")


def warm_up() -> None:
    """Start the fork server now, if workers come from one.

    It imports the format libraries (about 0.3 s of CPU) in its own process, so started
    before the scan it is ready when the first worker is wanted instead of after.
    """
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()  # returns at once: the server loads in the background


def _limit_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the time limit still bounds a runaway file
        return
    cap = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def read_limit(kind: Kind, limits: Limits) -> int:
    """How many bytes from the start of a file of `kind` its extractor can use."""
    if kind in TEXT_BOUNDED_KINDS:
        # One byte more than bound() keeps, so the extractor sees the file was cut.
        return max(limits.max_text_chars, 1) * _BYTES_PER_CHAR + 1
    return min(_HEAD_ONLY_BYTES.get(kind, limits.max_read_bytes), limits.max_read_bytes)


def _extract_one(
    task: Task, volume: Volume, limits: Limits, prepare: Prepare | None
) -> tuple[str, Any]:
    from reader.indexing.extract import extract

    try:
        data = volume.read_bytes(task.path, read_limit(task.kind, limits))
        extracted = extract(task.kind, task.path, data, limits)
        del data
        return ("ok", (extracted, prepare(task, extracted) if prepare else None))
    except ExtractError as exc:
        return ("error", str(exc) or QT_TRANSLATE_NOOP("Core", "the file cannot be read"))
    except MemoryError:
        return (
            "error",
            QT_TRANSLATE_NOOP("Core", "needs more than the {mb} MB memory limit").format(
                mb=limits.worker_memory_mb
            ),
        )
    except OSError as exc:
        return (
            "error",
            QT_TRANSLATE_NOOP("Core", "read error: {reason}").format(reason=exc.strerror or exc),
        )
    except VolumeError as exc:  # e.g. the file became a link out of the archive after the scan
        return ("error", QT_TRANSLATE_NOOP("Core", "read error: {reason}").format(reason=exc))
    except Exception as exc:  # any other bug or library failure: this file only
        return (
            "error",
            QT_TRANSLATE_NOOP("Core", "unexpected {error}: {reason}").format(
                error=type(exc).__name__, reason=exc
            ),
        )


def _peak_memory_mb() -> float:
    try:
        import resource
    except ImportError:  # Windows: never retires for memory, only by count
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes / KiB


def _worker_main(
    conn: Connection, limits: Limits, prepare: Any, work: Work | None, nice: int
) -> None:
    """Loop of one worker: receive lists of Tasks, send back one reply per task, in order.

    A reply is (status, payload, retire): ``retire`` asks the pool for no more tasks once
    this process's peak memory passed Limits.worker_retire_mb (a big file, or a library
    that leaks), so that the memory goes back to the system with the process.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides about Ctrl+C
    _limit_memory(limits.worker_memory_mb)
    if nice and hasattr(os, "nice"):
        os.nice(nice)  # background work (OCR) gives way to the window and everything else
    do = work or _extract_one
    # Say when ready, so start-up time never counts against the first file's time limit.
    conn.send(("ready", None))
    volume: Volume | None = None
    while True:
        try:
            tasks: list[Task] | None = conn.recv()
        except (EOFError, OSError):
            break
        if tasks is None:
            break
        for task in tasks:
            try:
                if volume is None or volume.spec != task.spec:
                    if volume is not None:
                        volume.close()
                    volume = from_spec(task.spec)
                status, payload = do(task, volume, limits, prepare)
            except Exception as exc:  # the volume itself cannot be opened
                status, payload = (
                    "error",
                    QT_TRANSLATE_NOOP("Core", "the disc cannot be read: {reason}").format(
                        reason=exc
                    ),
                )
            reply = (status, payload, _peak_memory_mb() > limits.worker_retire_mb)
            try:
                conn.send(reply)
            except (BrokenPipeError, OSError):
                return
            del reply


class _Slot:
    """One worker process and the tasks sent to it, oldest (the one it is reading) first."""

    def __init__(
        self, ctx: Any, limits: Limits, prepare: Any, work: Work | None, nice: int
    ) -> None:
        parent, child = ctx.Pipe(duplex=True)
        self.conn: Connection = parent
        self.process: BaseProcess = ctx.Process(
            target=_worker_main,
            args=(child, limits, prepare, work, nice),
            daemon=True,
            name="archive-reader-extract" if work is None else "archive-reader-work",
        )
        self.process.start()
        child.close()
        self.queue: deque[Task] = deque()
        self.ready = False
        self.retiring = False  # it asked for no more tasks (see _worker_main)
        self.started = 0.0  # when the head of the queue started
        self.done = 0

    def give(self, tasks: list[Task]) -> None:
        if not self.queue:
            self.started = time.monotonic()
        self.queue.extend(tasks)
        self.conn.send(tasks)

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
        return QT_TRANSLATE_NOOP("Core", "the extractor crashed on this file ({signal})").format(
            signal=name
        )
    return QT_TRANSLATE_NOOP(
        "Core", "the extractor stopped on this file (exit code {code})"
    ).format(code=code)


class ExtractorPool:
    """A pool of worker processes that extract files, each in order, several queued.

    Unlike concurrent.futures, a worker that hangs past the time limit is killed and replaced,
    and a worker that crashes fails only the file it was reading; the files queued behind it
    go to another worker.
    """

    def __init__(
        self,
        workers: int,
        limits: Limits,
        tasks_per_worker: int = 500,
        prepare: Any = None,
        *,
        work: Work | None = None,
        nice: int = 0,
    ) -> None:
        """`work` replaces extraction (the default) by another job per task, given
        `prepare` as its last argument; `nice` lowers the workers' CPU priority."""
        self.limits = limits
        self.work = work
        self.nice = nice
        self.workers = max(1, workers)
        self.tasks_per_worker = max(1, tasks_per_worker)
        self.prepare = prepare
        self._ctx = _context()
        self._slots: list[_Slot] = []
        self._retry: deque[Task] = deque()
        self.workers_started = 0  # processes started so far, replacements included
        self._start_failures = 0

    def __enter__(self) -> ExtractorPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self, *, kill: bool = False) -> None:
        for slot in self._slots:
            slot.stop(kill=kill or bool(slot.queue))
        self._slots.clear()

    def _take(self, tasks: Iterator[Task], n: int) -> list[Task]:
        out: list[Task] = []
        while self._retry and len(out) < n:
            out.append(self._retry.popleft())
        while len(out) < n:
            task = next(tasks, None)
            if task is None:
                break
            out.append(task)
        return out

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
                if not exhausted or self._retry:
                    exhausted = self._feed(tasks, on_start) and not self._retry
                waiting = [s for s in self._slots if s.queue or not s.ready]
                if exhausted and not self._retry and not any(s.queue for s in waiting):
                    return
                now = time.monotonic()
                busy = [s for s in waiting if s.queue]
                nearest = min((s.started + limit for s in busy), default=now + 0.1)
                ready = wait([s.conn for s in waiting], timeout=max(0.0, min(0.1, nearest - now)))
                for slot in waiting:
                    if slot.conn in ready and not slot.ready:
                        self._handshake(slot)
                        continue
                    # Drain every reply already there, not just one per round.
                    while slot.conn in ready and slot.queue:
                        yield self._receive(slot)
                        if slot not in self._slots or not slot.conn.poll():
                            break
                    overdue = time.monotonic() - slot.started > limit
                    if slot in self._slots and slot.queue and overdue:
                        yield self._fail(
                            slot,
                            QT_TRANSLATE_NOOP(
                                "Core", "took longer than the {limit:g} s limit"
                            ).format(limit=limit),
                        )
                if not ready:
                    yield None
        finally:
            self.close(kill=True)

    def _feed(self, tasks: Iterator[Task], on_start: Callable[[Task], None] | None) -> bool:
        """Top up every ready worker; start workers lazily. Returns True once tasks ran out."""
        if len(self._slots) < self.workers:
            self._slots.append(_Slot(self._ctx, self.limits, self.prepare, self.work, self.nice))
            self.workers_started += 1
        for slot in self._slots:
            if not slot.ready or slot.retiring or len(slot.queue) > _LOW_WATER:
                continue
            room = min(_CHUNK, self.tasks_per_worker - slot.done - len(slot.queue))
            batch = self._take(tasks, room) if room > 0 else []
            if batch:
                if on_start is not None:
                    on_start(batch[0])
                slot.give(batch)
            elif room > 0:
                return True
        return False

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
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "extraction processes cannot start (exit code {code});"
                        " the log has the reason",
                    ).format(code=slot.process.exitcode)
                ) from None
            return
        self._start_failures = 0

    def _receive(self, slot: _Slot) -> TaskResult:
        task = slot.queue[0]
        try:
            status, payload, retire = slot.conn.recv()
        except (EOFError, OSError):
            slot.process.join(timeout=5)
            return self._fail(slot, _death_reason(slot.process))
        now = time.monotonic()
        seconds = now - slot.started
        slot.queue.popleft()
        slot.started = now
        slot.done += 1
        slot.retiring = slot.retiring or retire
        if (slot.retiring or slot.done >= self.tasks_per_worker) and not slot.queue:
            self._replace(slot, kill=False)  # recycled: a fresh process for the next files
        if status == "ok":
            extracted, prepared = payload
            return TaskResult(task, extracted, None, seconds, prepared)
        return TaskResult(task, None, str(payload), seconds)

    def _fail(self, slot: _Slot, reason: str) -> TaskResult:
        task = slot.queue.popleft()
        seconds = time.monotonic() - slot.started
        # The files queued behind the bad one were not read: another worker takes them.
        self._retry.extend(slot.queue)
        slot.queue.clear()
        self._replace(slot, kill=True)
        return TaskResult(task, None, reason, seconds)

    def _replace(self, slot: _Slot, *, kill: bool) -> None:
        slot.stop(kill=kill)
        self._slots.remove(slot)
