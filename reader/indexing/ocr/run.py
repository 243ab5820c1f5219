"""The OCR run: read the queued pictures of text of the discs present, in the background.

Pages are read in worker processes at low priority (reader.indexing.workers with
read_page), one page per task. Each page read goes into the OCR cache at once, so a
cancel, a kill or a crash loses only the pages being read; the next run asks the queue,
which the cache answers. A file whose pages are all read is read again by the indexing
pipeline (reindex_files), which takes the OCR text from the cache into the index: the
first such files within seconds, then every REINDEX_SECONDS, and at the end.

The files wanted most come first: `wanted()` (the window: the document open, then the
current results) is asked between files.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.indexing.ocr.engine import engine_info
from reader.indexing.ocr.tessdata import find_tessdata, usable_languages
from reader.indexing.ocr.work import OcrSetup, OcrTask, PageRead, read_page
from reader.indexing.pipeline import reindex_files
from reader.indexing.progress import CancelCheck, DiscGone, Interrupted
from reader.indexing.workers import ExtractorPool, TaskResult
from reader.model import Kind
from reader.sentences import QT_TRANSLATE_NOOP
from reader.settings import Limits, Settings
from reader.sources.identity import identify
from reader.sources.volume import Volume
from reader.store import ocr_queue
from reader.store.archive import Archive
from reader.store.catalogue import READ_ERROR_PREFIXES
from reader.store.ocr_queue import OcrFile

log = logging.getLogger(__name__)
_CANCELLED = QT_TRANSLATE_NOOP("Core", "OCR cancelled; it goes on where it stopped next time")

REINDEX_SECONDS = 30.0
_FIRST_REINDEX_SECONDS = 5.0
PROGRESS_INTERVAL = 0.25
OCR_NICE = 10


class OcrUnavailable(Exception):
    """OCR cannot run here (no engine, no language data); the message says what to do."""


@dataclass(slots=True)
class OcrProgress:
    """Where an OCR run is, for the window and the terminal."""

    pages_done: int = 0  # read this run (failures included)
    pages_total: int = 0  # to read, of the discs present, when the run started
    pages_failed: int = 0
    files_done: int = 0
    files_total: int = 0
    pages_per_minute: float = 0.0
    eta_seconds: float | None = None
    current: str = ""  # the file of the page read last
    elapsed: float = 0.0
    paused: bool = False
    engine: str = ""


@dataclass(slots=True)
class OcrSummary:
    pages_read: int = 0
    pages_failed: int = 0
    files_done: int = 0
    files_indexed: int = 0
    seconds: float = 0.0
    engine: str = ""
    failures: list[tuple[str, int, str]] = field(default_factory=list)  # path, page, reason


def _never() -> bool:
    return False


def engine_for(settings: Settings) -> tuple[str, Path, tuple[str, ...]]:
    """(engine key, tessdata folder, languages) the settings give here.

    Raises:
        OcrUnavailable: with what to install or set.
    """
    folder = find_tessdata(settings.ocr.tessdata)
    if folder is None:
        raise OcrUnavailable(
            QT_TRANSLATE_NOOP(
                "Core",
                "no Tesseract language data found: install tesseract-ocr-eng (Debian/Ubuntu), "
                "or set ocr.tessdata in settings.toml to a folder of .traineddata files",
            )
        )
    languages = usable_languages(folder, settings.ocr.languages)
    if not languages:
        raise OcrUnavailable(
            QT_TRANSLATE_NOOP("Core", "no language data for {languages} in {folder}").format(
                languages="+".join(settings.ocr.languages), folder=folder
            )
        )
    key, problem = engine_info(folder, languages)
    if problem:
        raise OcrUnavailable(problem)
    return key, folder, languages


class _Run:
    def __init__(
        self,
        archive: Archive,
        volumes: Sequence[Volume],
        settings: Settings,
        progress: Callable[[OcrProgress], None] | None,
    ) -> None:
        self.archive = archive
        self.volumes = list(volumes)
        self.settings = settings
        self.on_progress = progress
        self.p = OcrProgress()
        self.summary = OcrSummary()
        self.started = time.monotonic()
        self.reading_started = 0.0
        self.last_emit = 0.0
        self.left: dict[int, set[int]] = {}  # file id -> pages still to read
        self.done_files: list[int] = []
        self.last_reindex = time.monotonic() - REINDEX_SECONDS + _FIRST_REINDEX_SECONDS

    def emit(self, force: bool = False) -> None:
        if self.on_progress is None:
            return
        now = time.monotonic()
        if not force and now - self.last_emit < PROGRESS_INTERVAL:
            return
        self.last_emit = now
        p = self.p
        p.elapsed = now - self.started
        spent = now - self.reading_started if self.reading_started else 0.0
        if p.pages_done and spent > 0:
            p.pages_per_minute = p.pages_done * 60.0 / spent
            p.eta_seconds = (p.pages_total - p.pages_done) * 60.0 / p.pages_per_minute
        self.on_progress(p)

    def tasks(self, files: list[OcrFile], wanted: Callable[[], Sequence[int]]) -> Iterator[OcrTask]:
        by_volume = {v.id: v for v in self.volumes}
        last: tuple[int, ...] = ()
        while files:
            first = tuple(wanted())
            if first and first != last:  # the document open, the results shown: theirs first
                rank = {file_id: n for n, file_id in enumerate(first)}
                files.sort(key=lambda f: rank.get(f.file_id, len(rank)))
            last = first
            f = files.pop(0)
            volume = by_volume[f.volume_id]
            for page in sorted(self.left.get(f.file_id, ())):
                yield OcrTask(
                    file_id=f.file_id,
                    spec=volume.spec,
                    path=f.path,
                    kind=Kind(f.kind),
                    size=f.size,
                    page=page,
                    content=f.content,
                )

    def take(self, result: TaskResult, key: str) -> None:
        task = result.task
        assert isinstance(task, OcrTask)
        cache = self.archive.ocr_cache()
        read: PageRead | None = result.prepared
        if read is not None:
            cache.put(task.content, task.page, read.engine, read.text, read.words,
                      read.confidence, read.seconds)  # fmt: skip
            self.summary.pages_read += 1
        else:
            reason = result.error or QT_TRANSLATE_NOOP("Core", "OCR failed on this page")
            # Filed with its reason, so the queue moves on; `archive-reader ocr --retry`
            # puts it back (after raising ocr.page_seconds, say).
            cache.put(task.content, task.page, key, "", (), 0.0, result.seconds, reason)
            self.summary.pages_failed += 1
            self.p.pages_failed += 1
            self.summary.failures.append((task.path, task.page, reason))
        self.p.pages_done += 1
        self.p.current = task.path
        left = self.left.get(task.file_id)
        if left is not None:
            left.discard(task.page)
            if not left:
                del self.left[task.file_id]
                self.done_files.append(task.file_id)
                self.p.files_done += 1
                self.summary.files_done += 1

    def reindex(self, cancel: CancelCheck, *, force: bool = False) -> None:
        """Put the text of the files OCR has finished into the index."""
        now = time.monotonic()
        if not self.done_files or (not force and now - self.last_reindex < REINDEX_SECONDS):
            return
        ids, self.done_files = self.done_files, []
        present = [v for v in self.volumes if v.exists()]
        reindex_files(self.archive, present, self.settings, ids, cancel=cancel)
        self.summary.files_indexed += len(ids)
        self.last_reindex = time.monotonic()


def _limits(settings: Settings) -> Limits:
    base = settings.limits
    return Limits(
        file_seconds=settings.ocr.page_seconds,
        worker_memory_mb=settings.ocr.memory_mb,
        worker_retire_mb=max(base.worker_retire_mb, 768),
        max_read_bytes=base.max_read_bytes,
        image_max_pixels=base.image_max_pixels,
    )


def retry_failed(archive: Archive, volumes: Sequence[Volume]) -> int:
    """Put the pages OCR gave up on (too slow, the engine failed) of these discs back on
    the queue, so that the next run reads them again. Returns how many."""
    for volume in volumes:
        identify(archive.catalogue, volume)
    forgotten = archive.ocr_cache().forget_failed(ocr_queue.contents(archive.catalogue))
    return ocr_queue.requeue(archive.catalogue, forgotten, [v.id for v in volumes])


def ocr_volumes(
    archive: Archive,
    volumes: Sequence[Volume],
    settings: Settings,
    *,
    progress: Callable[[OcrProgress], None] | None = None,
    cancel: CancelCheck | None = None,
    paused: Callable[[], bool] | None = None,
    wanted: Callable[[], Sequence[int]] | None = None,
) -> OcrSummary:
    """Read every queued page of `volumes` (the discs present), most wanted first.

    Raises:
        OcrUnavailable: no engine or language data (nothing was done).
        Interrupted: `cancel` returned True; what was read is kept (cache and index).
        DiscGone: a disc went away; the rest stays queued.
    """
    key, folder, languages = engine_for(settings)
    cancel = cancel or _never
    paused = paused or _never
    run = _Run(archive, volumes, settings, progress)
    run.p.engine = run.summary.engine = key
    for volume in volumes:
        identify(archive.catalogue, volume)
    files = list(ocr_queue.queued(archive.catalogue, [v.id for v in volumes]))
    # Pages read by a run that was killed before it put them in the index: not again.
    cache = archive.ocr_cache()
    run.left = {f.file_id: set(f.missing) - set(cache.pages(f.content)) for f in files}
    run.done_files = [i for i, left in run.left.items() if not left]
    run.left = {i: left for i, left in run.left.items() if left}
    files = [f for f in files if f.file_id in run.left]
    run.p.files_total = len(files)
    run.p.pages_total = sum(len(left) for left in run.left.values())
    run.emit(force=True)
    setup = OcrSetup(str(folder), languages)
    try:
        while run.left:
            if paused():
                _wait_paused(run, paused, cancel)
            remaining = [f for f in files if f.file_id in run.left]
            _read_some(run, remaining, setup, key, cancel, paused, wanted or tuple)
        run.reindex(cancel, force=True)
    except (Interrupted, DiscGone):
        run.reindex(_never, force=True)  # what was read is searchable, even cancelled
        raise
    run.summary.seconds = time.monotonic() - run.started
    run.p.current = ""
    run.emit(force=True)
    return run.summary


def _wait_paused(run: _Run, paused: Callable[[], bool], cancel: CancelCheck) -> None:
    run.p.paused = True
    run.emit(force=True)
    while paused():
        if cancel():
            raise Interrupted(_CANCELLED)
        time.sleep(0.1)
    run.p.paused = False
    run.emit(force=True)


def _read_some(  # noqa: PLR0917 - one stretch of the run, between pauses
    run: _Run,
    files: list[OcrFile],
    setup: OcrSetup,
    key: str,
    cancel: CancelCheck,
    paused: Callable[[], bool],
    wanted: Callable[[], Sequence[int]],
) -> None:
    """Read pages until all are read or the run is paused (the workers are then stopped;
    the pages they were reading are read again on resume)."""
    pool = ExtractorPool(
        run.settings.ocr.workers, _limits(run.settings), 1_000, setup,
        work=read_page, nice=OCR_NICE,
    )  # fmt: skip
    results = pool.run(run.tasks(files, wanted))
    run.reading_started = run.reading_started or time.monotonic()
    try:
        for result in results:
            if result is not None:
                error = result.error or ""
                if error.startswith((*READ_ERROR_PREFIXES, "OCR cannot run")):
                    _stop_on(run, result, error)
                run.take(result, key)
            run.emit()
            if cancel():
                raise Interrupted(_CANCELLED)
            if paused():
                return
            run.reindex(cancel)
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()  # stops and kills the workers


def _stop_on(run: _Run, result: TaskResult, error: str) -> None:
    """A page that could not be read for a reason of the disc or the engine, not the page."""
    volume = next((v for v in run.volumes if v.spec == result.task.spec), None)
    if volume is not None and not volume.exists():
        raise DiscGone(volume.label)
    if error.startswith("OCR cannot run"):
        raise OcrUnavailable(error.removeprefix("OCR cannot run: "))
