"""One page read by OCR, in a worker process of the pool (reader.indexing.workers).

A task is one page, so the pool's time limit is a per-page limit and a crash or a kill
loses one page at most. The worker keeps the file it is reading open across the pages it
is given (the pool hands a worker consecutive tasks, which are a file's pages in order),
and one engine for its whole life.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.indexing.workers import Task
from reader.model import Kind
from reader.settings import Limits
from reader.sources.volume import Volume


@dataclass(frozen=True, slots=True)
class OcrTask(Task):
    """One page (1-based; a frame of an image file) of a file, to be read by OCR."""

    page: int = 0
    content: str = ""

    def __reduce__(self) -> tuple[type[OcrTask], tuple[object, ...]]:
        return (
            OcrTask,
            (self.file_id, self.spec, self.path, self.kind, self.size, self.page, self.content),
        )


@dataclass(frozen=True, slots=True)
class OcrSetup:
    """What every OCR worker needs, given to the pool once (its `prepare`)."""

    tessdata: str
    languages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PageRead:
    """What OCR made of one page: the reply of a task."""

    page: int
    text: str
    words: tuple[tuple[str, int, int, int, int], ...]
    confidence: float
    seconds: float
    engine: str
    retried: bool


def _quiet_native_stderr() -> None:
    """Leptonica (inside Tesseract) prints its complaints about odd page images straight
    to the process's stderr ("Error in boxClipToRectangle"), over the terminal's progress
    bar; what matters of a page comes back in the reply. This process only."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _lower_group_priority() -> None:
    """Make this worker's low priority (the pool's nice) count against other sessions too.

    With Linux's autogroups (sched_autogroup_enabled), CPU time is shared out first
    between sessions, equally, and a nice value only ranks the processes of one session:
    a worker of `archive-reader ocr` (its terminal's session) at nice 10 still took its
    full share from a search in the window beside another busy program (measured: the
    search process got 0.65 of a core instead of 0.97, its p95 1.7x). So the worker takes
    a session of its own, whose group is given the worker's nice. It dies with the
    process that forked it (the pool's fork server, which ends with the app), as it did
    when it shared its session with the app and was killed with it. This process only."""
    if not sys.platform.startswith("linux"):
        return
    nice = os.nice(0)
    try:
        with open("/proc/sys/kernel/sched_autogroup_enabled", encoding="ascii") as f:
            if nice <= 0 or f.read().strip() != "1":
                return
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
        os.setsid()
        with open("/proc/self/autogroup", "w", encoding="ascii") as f:
            f.write(str(nice))
    except OSError:  # no procfs, or a sandbox that forbids it: the nice value stays
        pass


class _State:
    """This worker's engine and the file it has open."""

    engine: Any = None
    opened: tuple[str, str] | None = None  # (volume location, path)
    data: bytes = b""
    doc: Any = None


def _open(task: OcrTask, volume: Volume, limits: Limits) -> None:
    from reader.indexing.ocr import pages

    where = (task.spec.location, task.path)
    if _State.opened == where:
        return
    if _State.doc is not None:
        _State.doc.close()
    _State.opened, _State.doc, _State.data = None, None, b""
    data = volume.read_bytes(task.path, limits.max_read_bytes)
    _State.doc = pages.open_pdf(data) if task.kind == Kind.PDF.value else None
    _State.data = data if _State.doc is None else b""
    _State.opened = where


def read_page(task: Task, volume: Volume, limits: Limits, setup: OcrSetup) -> tuple[str, Any]:
    """The pool's `work`: ("ok", (None, PageRead)) or ("error", reason)."""
    assert isinstance(task, OcrTask)
    # One thread per process: the pool runs several (Tesseract's OpenMP threads fought
    # over the cores and made the whole run slower).
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from reader.indexing.ocr import pages
    from reader.indexing.ocr.engine import Engine, EngineUnavailable

    try:
        if _State.engine is None:
            _quiet_native_stderr()
            _lower_group_priority()
            _State.engine = Engine(Path(setup.tessdata), setup.languages)
        _open(task, volume, limits)
        region = (0.0, 0.0, 1.0, 1.0)
        if _State.doc is not None:
            image, region = pages.pdf_page_pictures(_State.doc, task.page)
        else:
            image = pages.image_frame(_State.data, task.page)
        started = time.monotonic()
        result = _State.engine.read(image)
        del image
    except EngineUnavailable as exc:
        return ("error", f"OCR cannot run: {exc}")
    except MemoryError:
        return ("error", f"needs more than the {limits.worker_memory_mb} MB memory limit")
    except OSError as exc:
        _State.opened = None
        return ("error", f"read error: {exc.strerror or exc}")
    except Exception as exc:  # a page the renderer or the engine fails on: this page only
        return ("error", f"OCR failed on this page: {type(exc).__name__}: {exc}")
    # Boxes on the page, whatever part of it was read (a mixed page: its pictures only).
    words = tuple((w.text, *pages.on_page(w.box, region)) for w in result.words)
    return (
        "ok",
        (
            None,
            PageRead(
                page=task.page,
                text=result.text,
                words=words,
                confidence=result.confidence,
                seconds=result.seconds or time.monotonic() - started,
                engine=_State.engine.key,
                retried=result.retried,
            ),
        ),
    )
