"""Indexing: scan volumes, extract files in worker processes, write catalogue and index."""

from __future__ import annotations

import logging
import posixpath
import time
from collections.abc import Iterator, Sequence

from reader.indexing.adopt import adopt_published
from reader.indexing.dates import resolve_date
from reader.indexing.prepare import Prepared, prepare, prepare_with
from reader.indexing.progress import (
    CancelCheck,
    Interrupted,
    Progress,
    ProgressCallback,
    RunSummary,
)
from reader.indexing.scan import scan
from reader.indexing.workers import TEXT_BOUNDED_KINDS, ExtractorPool, Task, TaskResult, warm_up
from reader.model import State
from reader.settings import Settings
from reader.sources.disc_info import DiscInfo, read_disc_info_safely
from reader.sources.identity import identify
from reader.sources.volume import Volume
from reader.store.archive import Archive
from reader.store.banners import Block
from reader.store.catalogue import FileOutcome, PendingFile
from reader.store.documents import IndexDoc
from reader.store.fulltext import IndexWriter

log = logging.getLogger(__name__)

SCAN_BATCH = 1000
PROGRESS_INTERVAL = 0.1  # seconds between progress callbacks
# Catalogue meta key: "yes" from the first index write of a run until IndexWriter.finish()
# (which settles the banner blocks over the whole index) is done. A kill in between leaves
# it "yes", and the next run finishes the job even when no file is left to extract.
UNSETTLED = "index_unsettled"


def _never() -> bool:
    return False


class _Run:
    """State of one indexing run; one writer owns the catalogue and the index."""

    def __init__(
        self,
        archive: Archive,
        settings: Settings,
        progress: ProgressCallback | None,
        cancel: CancelCheck,
    ) -> None:
        self.archive = archive
        self.catalogue = archive.catalogue
        self.settings = settings
        self.on_progress = progress
        self.cancel = cancel
        self.p = Progress()
        self.summary = RunSummary()
        self.started = time.monotonic()
        self.extract_started = 0.0
        self.scan_problems = 0
        self._last_emit = 0.0
        self.disc_infos: dict[str, DiscInfo] = {}  # by volume location

    def emit(self, force: bool = False) -> None:
        if self.on_progress is None:
            return
        now = time.monotonic()
        if not force and now - self._last_emit < PROGRESS_INTERVAL:
            return
        self._last_emit = now
        p = self.p
        p.elapsed = now - self.started
        if p.phase == "extracting" and self.extract_started:
            spent = max(now - self.extract_started, 1e-6)
            p.files_per_second = p.files_done / spent
            p.bytes_per_second = p.bytes_done / spent
            if p.bytes_done and p.bytes_total:
                p.eta_seconds = (p.bytes_total - p.bytes_done) / max(p.bytes_per_second, 1e-9)
            elif p.files_done:
                p.eta_seconds = (p.files_total - p.files_done) / max(p.files_per_second, 1e-9)
        self.on_progress(p)

    def check_cancel(self) -> None:
        if self.cancel():
            raise Interrupted("indexing cancelled; run it again to resume")

    # Phase 0: a ready-made index on the disc

    def adopt_published(self, volume: Volume) -> None:
        def on_bytes(done: int, total: int) -> None:
            self.p.phase, self.p.volume = "copying", volume.label
            self.p.bytes_done, self.p.bytes_total = done, total
            self.emit()

        try:
            adoption = adopt_published(self.archive, volume, on_bytes=on_bytes, cancel=self.cancel)
        except InterruptedError as exc:
            raise Interrupted(str(exc)) from exc
        if adoption.message:
            self.summary.notes.append(adoption.message)
        if adoption.adopted:
            self.summary.adopted += adoption.files
        self.p.bytes_done = self.p.bytes_total = 0

    # Phase 1: scan

    def scan_volume(self, volume: Volume) -> None:
        info, problem = read_disc_info_safely(volume)
        before = {r.id: r for r in self.catalogue.volumes()}
        vid = identify(
            self.catalogue,
            volume,
            set_id=info.set_id if info else None,
            disc_no=info.disc if info else None,
        )
        known = before.get(vid)
        if known is not None and not known.location and known.fingerprint != volume.fingerprint():
            # A disc known only from a published index, changed since it was made: a file
            # of the size the index says is the same file (a burned disc has its own times).
            _kept, changed = self.catalogue.rebase_mtimes(vid, scan(volume))
            self.summary.notes.append(
                f"{volume.label} differs from the ready-made index of its set in "
                f"{changed:,} file{'s' if changed != 1 else ''}; indexing what changed"
            )
        self.catalogue.upsert_volume(
            vid, volume.label, volume.fingerprint(), volume.spec.kind, volume.spec.location
        )
        if problem:
            self.summary.notes.append(f"{problem}; the file is ignored")
        if info is not None:
            self.disc_infos[volume.spec.location] = info
            self.summary.notes.extend(info.warnings)
            self.catalogue.set_disc_info(
                vid,
                set_id=info.set_id,
                disc_no=info.disc,
                disc_count=info.disc_count,
                title=info.title,
            )
        self.p.phase, self.p.volume = "scanning", volume.label
        mark = self.catalogue.begin_scan(vid)
        batch = []
        for entry in scan(volume):
            batch.append(entry)
            if entry.problem:
                self.scan_problems += 1
            self.p.current = entry.path
            if len(batch) >= SCAN_BATCH:
                self.p.scanned += self.catalogue.record_scanned(vid, mark, batch)
                batch.clear()
                self.emit()
                self.check_cancel()
        self.p.scanned += self.catalogue.record_scanned(vid, mark, batch)
        self.summary.scanned = self.p.scanned
        # Only a complete scan may conclude that a file has gone from the disc.
        gone = self.catalogue.remove_unmarked(vid, mark)
        if gone:
            self.catalogue.set_meta(UNSETTLED, "yes")
            writer = self.archive.index().writer(banners=self.banners())
            try:
                for path in gone:
                    writer.delete(_key(vid, path))
                writer.commit()
            finally:
                writer.close()
            self.summary.removed += len(gone)
        self.emit(force=True)

    def banners(self) -> tuple[str, ...]:
        """Banner texts that the discs' archive.toml files name."""
        return tuple(dict.fromkeys(b for i in self.disc_infos.values() for b in i.banners))

    # Phase 2: extract and write

    def extract_all(self, volumes: Sequence[Volume]) -> None:
        work: list[tuple[Volume, PendingFile]] = []
        for volume in volumes:
            work.extend((volume, pf) for pf in self.catalogue.pending(volume.id))
        # Files neither read now nor known unreadable from the scan were already up to date.
        self.summary.unchanged = self.summary.scanned - len(work) - self.scan_problems
        p = self.p
        p.phase, p.files_total, p.bytes_total = (
            "extracting",
            len(work),
            sum(w[1].size for w in work),
        )
        self.extract_started = time.monotonic()
        self.emit(force=True)
        if not work:
            if self.catalogue.get_meta(UNSETTLED) == "yes":
                self.settle()  # the last run died after its last batch, before finishing
            return
        by_file_id = {pf.id: (v, pf) for v, pf in work}
        labels = {v.id: v.label for v in volumes}
        max_bytes = self.settings.limits.max_read_bytes

        def too_big(pf: PendingFile) -> bool:
            # A text page is read only up to its text bound, whatever its size.
            return pf.size > max_bytes and pf.kind not in TEXT_BOUNDED_KINDS

        skipped = [(v, pf) for v, pf in work if too_big(pf)]
        tasks = (
            Task(file_id=pf.id, spec=v.spec, path=pf.path, kind=pf.kind, size=pf.size)
            for v, pf in work
            if not too_big(pf)
        )

        self.catalogue.set_meta(UNSETTLED, "yes")
        writer = self.archive.index().writer(banners=self.banners())
        batch_docs: list[IndexDoc | str] = []
        batch_chars = 0
        batch_outcomes: list[FileOutcome] = []
        last_flush = time.monotonic()
        # The first commit comes early, so that a window indexing a new disc can search it
        # within a second or so; later ones every batch_seconds.
        flush_after = min(_FIRST_COMMIT_SECONDS, self.settings.batch_seconds)

        def hand_over() -> None:
            # Documents go to the index in one run per batch, not one by one as they come:
            # measured, trickling them in costs about 12% more CPU in all (the index's
            # threads keep waking beside the workers), for the same work.
            nonlocal batch_chars
            for item in batch_docs:
                if isinstance(item, str):
                    writer.delete(item)
                else:
                    writer.add(item)
            batch_docs.clear()
            batch_chars = 0

        def flush() -> None:
            nonlocal last_flush, flush_after
            hand_over()
            if batch_outcomes:
                # The index commit comes first: a row is 'indexed' only once its document
                # is durable. A crash in between leaves it pending; the rerun replaces it.
                writer.commit()
                self.catalogue.record_outcomes(batch_outcomes)
            batch_outcomes.clear()
            last_flush = time.monotonic()
            flush_after = self.settings.batch_seconds

        def take(volume: Volume, pf: PendingFile, result: TaskResult | None) -> None:
            nonlocal batch_chars
            doc, outcome = self._outcome(volume, labels[volume.id], pf, result)
            batch_docs.append(doc)
            batch_outcomes.append(outcome)
            if not isinstance(doc, str):
                batch_chars += len(doc.body)
                if batch_chars > _BATCH_TEXT_CHARS:
                    hand_over()  # bounds the memory a batch of big texts holds
            p.files_done += 1
            p.bytes_done += pf.size
            self.summary.bytes += pf.size
            if outcome.state is State.FAILED:
                p.failed += 1
                failure = (pf.path, outcome.error or "")
                self.summary.failures.append(failure)
                p.recent_failures = [*p.recent_failures[-9:], failure]
            elif outcome.state is State.SKIPPED:
                p.skipped += 1
            else:
                self.summary.indexed += 1

        pool = ExtractorPool(
            self.settings.workers,
            self.settings.limits,
            self.settings.tasks_per_worker,
            prepare=prepare_with(
                {loc: urls for loc, info in self.disc_infos.items() if (urls := info.site_urls())}
            )
            or prepare,
        )
        results: Iterator[TaskResult | None] = pool.run(
            tasks, on_start=lambda t: setattr(p, "current", t.path)
        )
        try:
            for v, pf in skipped:
                take(v, pf, None)
            for result in results:
                if result is not None:
                    take(*by_file_id[result.task.file_id], result)
                    self.summary.extracted += 1
                now = time.monotonic()
                if (
                    len(batch_outcomes) >= self.settings.batch_files
                    or now - last_flush >= flush_after
                ):
                    flush()
                self.emit()
                self.check_cancel()
            flush()
            p.phase = "finishing"
            self.emit(force=True)
            writer.finish()
            self.catalogue.set_meta(UNSETTLED, "no")
        finally:
            close = getattr(results, "close", None)
            if close is not None:
                close()  # kills workers still busy when cancelled
            try:
                flush()
            finally:
                writer.close()
        self.summary.failed = p.failed
        self.summary.skipped = p.skipped

    def settle(self) -> None:
        """Run the index's closing step (the banner set over all documents) on its own."""
        writer = self.archive.index().writer(banners=self.banners())
        try:
            writer.finish()
        finally:
            writer.close()
        self.catalogue.set_meta(UNSETTLED, "no")

    def _outcome(
        self, volume: Volume, label: str, pf: PendingFile, result: TaskResult | None
    ) -> tuple[IndexDoc | str, FileOutcome]:
        key = _key(volume.id, pf.path)
        if result is None:
            mb = self.settings.limits.max_read_bytes // (1024 * 1024)
            reason = f"larger than {mb} MB: only its name is searchable"
            date = resolve_date(pf.path, None, None)
            doc = _doc(volume.id, label, pf, _name_title(pf.path), "", date.year, date.date)
            outcome = FileOutcome(
                file_id=pf.id,
                state=State.SKIPPED,
                error=reason,
                title=None,
                date=date.date,
                year=date.year,
                date_source=date.source,
            )
            return doc, outcome
        if result.error is not None or result.extracted is None:
            return key, FileOutcome(file_id=pf.id, state=State.FAILED, error=result.error)
        ex = result.extracted
        date = resolve_date(pf.path, ex.date, pf.mtime)
        prepared: Prepared = result.prepared
        links = prepared.links
        title = ex.title.strip()
        doc = _doc(
            volume.id,
            label,
            pf,
            title or _name_title(pf.path),
            ex.text,
            date.year,
            date.date,
            scanned=ex.scanned,
            blocks=prepared.blocks,
        )
        outcome = FileOutcome(
            file_id=pf.id,
            state=State.INDEXED,
            title=title or None,
            date=date.date,
            year=date.year,
            date_source=date.source,
            pages=ex.pages,
            encoding=ex.encoding,
            scanned=ex.scanned,
            links=links,
        )
        return doc, outcome


_FIRST_COMMIT_SECONDS = 1.0
# Text held for the index before it is handed over in one run (see hand_over above).
_BATCH_TEXT_CHARS = 16_000_000


def _key(volume_id: str, path: str) -> str:
    return f"{volume_id}:{path}"


def _name_title(path: str) -> str:
    """A stand-in title from a file name: 'nsa-spying-13-0318.htm' -> 'nsa spying 13 0318'."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return " ".join(stem.replace("_", " ").replace("-", " ").split()) or posixpath.basename(path)


def _doc(  # noqa: PLR0917 - a private constructor helper
    vid: str,
    label: str,
    pf: PendingFile,
    title: str,
    body: str,
    year: int | None,
    date: str | None,
    *,
    scanned: bool = False,
    blocks: tuple[Block, ...] | None = None,
) -> IndexDoc:
    return IndexDoc(
        key=_key(vid, pf.path),
        volume_id=vid,
        volume_label=label,
        path=pf.path,
        title=title,
        body=body,
        kind=pf.kind.value,
        year=year,
        date=date,
        scanned=scanned,
        size=pf.size,
        blocks=blocks,
    )


def index_volumes(
    archive: Archive,
    volumes: Sequence[Volume],
    settings: Settings,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    retry_failed: bool = False,
    use_published: bool = True,
) -> RunSummary:
    """Bring the archive's catalogue and index up to date with `volumes`.

    Safe to interrupt at any point (cancel, kill -9, power cut): rerunning resumes, with no
    duplicates and no missed files. Unchanged files are not read again. With
    `use_published`, a disc's ready-made index is adopted first (see reader.indexing.adopt).

    Raises:
        Interrupted: `cancel` returned True; the work done so far is kept.
    """
    run = _Run(archive, settings, progress, cancel or _never)
    warm_up()  # the extraction workers' server loads while the discs are scanned
    if use_published:
        # A disc carrying a ready-made index (see reader.indexing.adopt) needs no extraction:
        # its catalogue and index are adopted, and the scan below only checks for changes.
        for volume in volumes:
            run.adopt_published(volume)
            run.check_cancel()
    for volume in volumes:
        run.scan_volume(volume)
        run.check_cancel()
    if retry_failed:
        for volume in volumes:
            archive.catalogue.reset_failed(volume.id)
    run.extract_all(volumes)
    run.p.phase = "done"
    run.summary.seconds = time.monotonic() - run.started
    run.emit(force=True)
    return run.summary


__all__ = ["IndexWriter", "Interrupted", "Progress", "RunSummary", "index_volumes"]
