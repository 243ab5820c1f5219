"""Indexing: bring an archive's catalogue and index up to date with its discs.

One run is four steps, one after another, each over every disc of the run:

1. adopt: a disc that carries a ready-made index of its set gives the archive its
   catalogue rows and index (reader.indexing.adopt), so nothing of it is extracted;
2. identify: which disc of the archive each volume is (its archive.toml, its content
   fingerprint; reader.sources.identity), recorded with where it is now;
3. scan: the disc's files against the catalogue: new and changed ones become pending,
   those gone are removed (from the catalogue and the index);
4. extract and write: pending files are read in worker processes; one writer commits the
   index, then the catalogue, in batches.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from reader.indexing.adopt import Adoption, adopt_published
from reader.indexing.dates import resolve_date
from reader.indexing.prepare import (
    Prepared,
    prepare,
    text_fingerprint,
    with_ocr_text,
)
from reader.indexing.progress import (
    CancelCheck,
    DiscGone,
    Interrupted,
    NoteKind,
    Phase,
    Progress,
    ProgressCallback,
    RunNote,
    RunSummary,
    first_sight_text,
)
from reader.indexing.scan import scan
from reader.indexing.workers import (
    TEXT_BOUNDED_KINDS,
    ExtractorPool,
    Task,
    TaskResult,
    warm_up,
)
from reader.model import State
from reader.sentences import QT_TRANSLATE_NOOP
from reader.settings import Settings
from reader.sources.disc_info import DiscInfo, read_disc_info_safely
from reader.sources.identity import identify
from reader.sources.volume import Volume, VolumeError
from reader.store.archive import Archive
from reader.store.catalogue import READ_ERROR_PREFIXES, FileOutcome, PendingFile
from reader.store.documents import IndexDoc, name_title
from reader.store.writer import IndexWriter

log = logging.getLogger(__name__)

SCAN_BATCH = 1000
PROGRESS_INTERVAL = 0.1  # seconds between progress callbacks
# Catalogue meta key: "yes" from the first index write of a run until IndexWriter.finish()
# (which settles the banner blocks over the whole index) is done. A kill in between leaves
# it "yes", and the next run finishes the job even when no file is left to extract.
UNSETTLED = "index_unsettled"
_FIRST_COMMIT_SECONDS = 1.0
# Catalogue meta key + volume id: the disc's rows came from a ready-made index and its first
# scan has not completed yet (see _Run.identify).
_FIRST_SIGHT = "first_sight:"
# Text held for the index before it is handed over in one run (see _Batch.hand_over).
_BATCH_TEXT_CHARS = 16_000_000


def _never() -> bool:
    return False


@dataclass(slots=True)
class _Disc:
    """A volume of this run once identified.

    Attributes:
        info: its archive.toml, when it has a readable one.
        first_sight: its rows came from a ready-made index and this machine has not looked
            at the disc itself before: a file of the size the index says is that file (a
            burned disc has its own file times), so the scan compares sizes only.
    """

    volume: Volume
    info: DiscInfo | None
    first_sight: bool


class _Batch:
    """Documents and outcomes waiting for the next commit of the index, then the catalogue."""

    def __init__(self, run: _Run, writer: IndexWriter) -> None:
        self._run = run
        self._writer = writer
        self._docs: list[IndexDoc | str] = []  # a str is the key of a document to delete
        self._chars = 0
        self._outcomes: list[FileOutcome] = []
        self._last_flush = time.monotonic()
        # The first commit comes early, so that a window indexing a new disc can search it
        # within a second or so; later ones every batch_seconds.
        self._flush_after = min(_FIRST_COMMIT_SECONDS, run.settings.batch_seconds)

    def add(self, doc: IndexDoc | str, outcome: FileOutcome) -> None:
        self._docs.append(doc)
        self._outcomes.append(outcome)
        if not isinstance(doc, str):
            self._chars += len(doc.body)
            if self._chars > _BATCH_TEXT_CHARS:
                self.hand_over()  # bounds the memory a batch of big texts holds

    def due(self) -> bool:
        return (
            len(self._outcomes) >= self._run.settings.batch_files
            or time.monotonic() - self._last_flush >= self._flush_after
        )

    def hand_over(self) -> None:
        """Give the waiting documents to the index writer (not yet committed).

        In one run per batch, not one by one as they come: measured, trickling them in
        costs about 12% more CPU in all (the index's threads keep waking beside the
        workers), for the same work.
        """
        for item in self._docs:
            if isinstance(item, str):
                self._writer.delete(item)
            else:
                self._writer.add(item)
        self._docs.clear()
        self._chars = 0

    def flush(self) -> None:
        self.hand_over()
        if self._outcomes:
            # The index commit comes first: a row is 'indexed' only once its document is
            # durable. A crash in between leaves it pending; the rerun replaces it.
            self._writer.commit()
            self._run.catalogue.record_outcomes(self._outcomes)
        self._outcomes.clear()
        self._last_flush = time.monotonic()
        self._flush_after = self._run.settings.batch_seconds


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
        self.copy_started = 0.0
        self.scan_problems = 0
        self._last_emit = 0.0
        self.adoptions: dict[str, Adoption] = {}  # by volume location, adopted this run
        self.discs: list[_Disc] = []  # the run's volumes, once identified (step 2)
        # What each volume's root was when the run found it, by volume id (see gone()).
        self.roots: dict[str, tuple[int, int] | None] = {}
        self.started_at = time.time()  # the catalogue's clock (FileOutcome's indexed_at)

    def emit(self, force: bool = False) -> None:
        if self.on_progress is None:
            return
        now = time.monotonic()
        if not force and now - self._last_emit < PROGRESS_INTERVAL:
            return
        self._last_emit = now
        p = self.p
        p.elapsed = now - self.started
        if p.phase is Phase.COPYING and self.copy_started:
            spent = max(now - self.copy_started, 1e-6)
            p.bytes_per_second = p.bytes_done / spent
            left = p.bytes_total - p.bytes_done
            p.eta_seconds = left / p.bytes_per_second if p.bytes_per_second else None
        if p.phase is Phase.EXTRACTING and self.extract_started:
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
            raise Interrupted(
                QT_TRANSLATE_NOOP("Core", "indexing cancelled; run it again to resume")
            )

    def note(self, kind: NoteKind, disc: str, text: str) -> None:
        self.summary.notes.append(RunNote(kind, disc, text))

    def gone(self, volume: Volume) -> bool:
        """The volume's root is no longer what the run found: a folder or image moved or
        deleted, or a disc unmounted (its mount point, left behind, is another folder)."""
        return not volume.exists() or _root_id(volume) != self.roots.get(volume.id)

    # Step 1: a ready-made index on the disc

    def adopt(self, volume: Volume) -> None:
        p = self.p

        def on_bytes(done: int, total: int) -> None:
            if p.phase is not Phase.COPYING:
                p.phase, p.volume, self.copy_started = Phase.COPYING, volume.label, time.monotonic()
            p.bytes_done, p.bytes_total = done, total
            self.emit(force=done == total)

        try:
            adoption = adopt_published(
                self.archive,
                volume,
                on_bytes=on_bytes,
                cancel=self.cancel,
                in_place=not self.settings.copy_published_index,
            )
        except InterruptedError as exc:
            raise Interrupted(str(exc)) from exc
        p.bytes_done = p.bytes_total = 0
        p.bytes_per_second, p.eta_seconds = 0.0, None
        if adoption.adopted:
            # Told after the scan, which says how many of the disc's files differ from it.
            self.adoptions[volume.spec.location] = adoption
            self.summary.adopted += adoption.files
        elif adoption.reason:
            self.note(NoteKind.PUBLISHED_NOT_USED, volume.label, adoption.reason)

    # Step 2: which disc of the archive each volume is

    def identify(self, volume: Volume) -> _Disc:
        info, problem = read_disc_info_safely(volume)
        if problem:
            self.note(
                NoteKind.DISC_INFO_IGNORED,
                volume.label,
                QT_TRANSLATE_NOOP("Core", "{problem}; the file is ignored").format(problem=problem),
            )
        if info is not None:
            for warning in info.warnings:
                self.note(NoteKind.DISC_INFO_WARNING, volume.label, warning)
        before = {r.id: r for r in self.catalogue.volumes()}
        vid = identify(
            self.catalogue,
            volume,
            set_id=info.set_id if info else None,
            disc_no=info.disc if info else None,
        )
        known = before.get(vid)
        self.catalogue.upsert_volume(
            vid, volume.label, volume.fingerprint(), volume.spec.kind, volume.spec.location
        )
        if info is not None:
            self.catalogue.set_disc_info(
                vid,
                set_id=info.set_id,
                disc_no=info.disc,
                disc_count=info.disc_count,
                title=info.title,
            )
        # Until its first scan is complete: a run stopped in between (cancel, a kill) must
        # not compare times at the next run, or every file of a burned disc looks changed.
        first_sight = (known is not None and not known.location) or bool(
            self.catalogue.get_meta(_FIRST_SIGHT + vid)
        )
        if first_sight:
            self.catalogue.set_meta(_FIRST_SIGHT + vid, "yes")
        self.roots[vid] = _root_id(volume)
        return _Disc(volume, info, first_sight)

    # Step 3: scan

    def scan(self, disc: _Disc) -> None:
        volume, vid = disc.volume, disc.volume.id
        self.p.phase, self.p.volume = Phase.SCANNING, volume.label
        mark = self.catalogue.begin_scan(vid)
        batch = []
        try:
            for entry in scan(volume):
                batch.append(entry)
                if entry.problem:
                    self.scan_problems += 1
                self.p.current = entry.path
                if len(batch) >= SCAN_BATCH:
                    self.p.scanned += self.catalogue.record_scanned(
                        vid, mark, batch, sizes_only=disc.first_sight
                    )
                    batch.clear()
                    self.emit()
                    self.check_cancel()
        except (VolumeError, OSError) as exc:
            if self.gone(volume):
                raise DiscGone(volume.label) from exc
            raise
        self.p.scanned += self.catalogue.record_scanned(
            vid, mark, batch, sizes_only=disc.first_sight
        )
        self.summary.scanned = self.p.scanned
        # Only a complete scan may conclude that a file has gone from the disc, and a walk
        # of a mount point whose disc went away is complete and empty.
        if self.gone(volume):
            raise DiscGone(volume.label)
        gone = self.catalogue.remove_unmarked(vid, mark)
        if gone:
            self.catalogue.set_meta(UNSETTLED, "yes")
            with IndexWriter(self.archive.index(), banners=self.banners()) as writer:
                for path in gone:
                    writer.delete(_key(vid, path))
                writer.commit()
            self.summary.removed += len(gone)
        if disc.first_sight:
            self.catalogue.delete_meta(_FIRST_SIGHT + vid)  # a complete scan: times from now on
            self.tell_first_sight(disc, self.catalogue.count_pending(vid))
        self.emit(force=True)

    def tell_first_sight(self, disc: _Disc, changed: int) -> None:
        """What the user learns of a disc first seen through its set's ready-made index."""
        label = disc.volume.label
        adoption = self.adoptions.get(disc.volume.spec.location)
        if adoption is not None:
            used = (adoption.files, adoption.volumes)
            self.note(NoteKind.PUBLISHED_USED, label, first_sight_text(label, changed, used))
        elif changed:
            self.note(NoteKind.DISC_CHANGED, label, first_sight_text(label, changed, None))

    def banners(self) -> tuple[str, ...]:
        """Banner texts that the discs' archive.toml files name."""
        return tuple(dict.fromkeys(b for d in self.discs if d.info for b in d.info.banners))

    # Step 4: extract and write

    def extract_all(self, discs: Sequence[_Disc], only: frozenset[int] | None = None) -> None:
        """Read the discs' pending files (`only` these, when given) and write them."""
        work = [
            (d.volume, pf)
            for d in discs
            for pf in self.catalogue.pending(d.volume.id)
            if only is None or pf.id in only
        ]
        # Files neither read now nor known unreadable from the scan were already up to date.
        self.summary.unchanged = self.summary.scanned - len(work) - self.scan_problems
        p = self.p
        p.phase, p.files_total = Phase.EXTRACTING, len(work)
        p.bytes_total = sum(pf.size for _, pf in work)
        self.extract_started = time.monotonic()
        self.emit(force=True)
        if not work:
            if self.catalogue.get_meta(UNSETTLED) == "yes":
                self.settle()  # the last run died after its last batch, before finishing
            return
        too_big = [(v, pf) for v, pf in work if self._too_big(pf)]
        tasks = (
            Task(file_id=pf.id, spec=v.spec, path=pf.path, kind=pf.kind, size=pf.size)
            for v, pf in work
            if not self._too_big(pf)
        )
        by_file_id = {pf.id: (v, pf) for v, pf in work}
        self.catalogue.set_meta(UNSETTLED, "yes")
        writer = IndexWriter(self.archive.index(), banners=self.banners())
        batch = _Batch(self, writer)
        results: Iterator[TaskResult | None] = self._pool(discs).run(
            tasks, on_start=lambda t: setattr(p, "current", t.path)
        )
        try:
            for volume, pf in too_big:
                self.take(batch, volume, pf, None)
            for result in results:
                if result is not None:
                    volume, pf = by_file_id[result.task.file_id]
                    if _read_failed(result) and self.gone(volume):
                        raise DiscGone(volume.label)  # this file stays pending
                    self.take(batch, volume, pf, result)
                    self.summary.extracted += 1
                if batch.due():
                    batch.flush()
                self.emit()
                self.check_cancel()
            batch.flush()
            p.phase = Phase.FINISHING
            self.emit(force=True)
            writer.finish()
            self.catalogue.set_meta(UNSETTLED, "no")
        finally:
            close = getattr(results, "close", None)
            if close is not None:
                close()  # kills workers still busy when cancelled
            try:
                batch.flush()
            finally:
                writer.close()
        self.summary.skipped = p.skipped

    def _too_big(self, pf: PendingFile) -> bool:
        # A text page is read only up to its text bound, whatever its size.
        return pf.size > self.settings.limits.max_read_bytes and pf.kind not in TEXT_BOUNDED_KINDS

    def _pool(self, discs: Sequence[_Disc]) -> ExtractorPool:
        return ExtractorPool(
            self.settings.workers,
            self.settings.limits,
            self.settings.tasks_per_worker,
            prepare=prepare,
        )

    def take(
        self, batch: _Batch, volume: Volume, pf: PendingFile, result: TaskResult | None
    ) -> None:
        """One file's outcome into the batch and the counts."""
        doc, outcome = self._outcome(volume, pf, result)
        batch.add(doc, outcome)
        p = self.p
        p.files_done += 1
        p.bytes_done += pf.size
        self.summary.bytes += pf.size
        if outcome.state is State.FAILED:
            p.failed += 1
            p.recent_failures = [*p.recent_failures[-9:], (pf.path, outcome.error or "")]
        elif outcome.state is State.SKIPPED:
            p.skipped += 1
        else:
            self.summary.indexed += 1

    def settle(self) -> None:
        """Run the index's closing step (the banner set over all documents) on its own."""
        with IndexWriter(self.archive.index(), banners=self.banners()) as writer:
            writer.finish()
        self.catalogue.set_meta(UNSETTLED, "no")

    def _outcome(
        self, volume: Volume, pf: PendingFile, result: TaskResult | None
    ) -> tuple[IndexDoc | str, FileOutcome]:
        if result is None:
            mb = self.settings.limits.max_read_bytes // (1024 * 1024)
            date = resolve_date(pf.path, None, None)
            doc = _doc(volume, pf, _name_title(pf.path), "", date.year, date.date)
            return doc, FileOutcome(
                file_id=pf.id,
                state=State.SKIPPED,
                error=QT_TRANSLATE_NOOP(
                    "Core", "larger than {mb} MB: only its name is searchable"
                ).format(mb=mb),
                title=None,
                date=date.date,
                year=date.year,
                date_source=date.source,
            )
        if result.error is not None or result.extracted is None:
            return _key(volume.id, pf.path), FileOutcome(
                file_id=pf.id, state=State.FAILED, error=result.error
            )
        ex = result.extracted
        date = resolve_date(pf.path, ex.date, pf.mtime)
        prepared: Prepared = result.prepared
        title = ex.title.strip()
        text, dup = ex.text, prepared.dup
        blocks: tuple[tuple[int, int, int], ...] | None = prepared.blocks
        ocr = None
        if ex.ocr_pages:
            # Pictures of text: what OCR read of them before (the cache outlives the index),
            # and the pages it has still to read go on its queue.
            cached = self.archive.ocr_cache().pages(ex.content_key)
            wanted = set(ex.ocr_pages)
            read = {n: c.text for n, c in cached.items() if n in wanted and c.text}
            if read:
                text, blocks = with_ocr_text(ex.text, read), None
                dup = text_fingerprint(text)
            missing = tuple(n for n in ex.ocr_pages if n not in cached)
            ocr = (ex.content_key, ex.ocr_pages, missing)
        doc = _doc(
            volume,
            pf,
            title or _name_title(pf.path),
            text,
            date.year,
            date.date,
            scanned=ex.scanned,
            blocks=blocks,
            nav=ex.nav,
            dup=dup,
        )
        return doc, FileOutcome(
            file_id=pf.id,
            state=State.INDEXED,
            title=title or None,
            date=date.date,
            year=date.year,
            date_source=date.source,
            pages=ex.pages,
            encoding=ex.encoding,
            scanned=ex.scanned,
            ocr=ocr,
        )


def _key(volume_id: str, path: str) -> str:
    return f"{volume_id}:{path}"


def _root_id(volume: Volume) -> tuple[int, int] | None:
    try:
        st = os.stat(volume.spec.location)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _read_failed(result: TaskResult) -> bool:
    return result.error is not None and result.error.startswith(READ_ERROR_PREFIXES)


def _name_title(path: str) -> str:
    # reader.search.rows gives a document whose catalogue row has no title the same one.
    return name_title(path)


def _doc(  # noqa: PLR0917 - a private constructor helper
    volume: Volume,
    pf: PendingFile,
    title: str,
    body: str,
    year: int | None,
    date: str | None,
    *,
    scanned: bool = False,
    blocks: tuple[tuple[int, int, int], ...] | None = None,
    nav: str = "",
    dup: int = 0,
) -> IndexDoc:
    return IndexDoc(
        key=_key(volume.id, pf.path),
        volume_id=volume.id,
        volume_label=volume.label,
        path=pf.path,
        title=title,
        body=body,
        kind=pf.kind.value,
        year=year,
        date=date,
        scanned=scanned,
        size=pf.size,
        blocks=blocks,
        nav=nav,
        dup=dup,
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
    `use_published`, a disc's ready-made index is adopted first (reader.indexing.adopt).

    Raises:
        Interrupted: `cancel` returned True; the work done so far is kept.
        DiscGone: a disc went away; the work done so far is kept, the rest stays pending.
        ArchiveDamaged: the catalogue turned out damaged (the next opening rebuilds it).
        OSError: the disk that holds the archive is full (and other failures to write).
    """
    run = _Run(archive, settings, progress, cancel or _never)
    with archive.faults():
        try:
            _steps(run, volumes, retry_failed=retry_failed, use_published=use_published)
        except DiscGone as exc:
            for disc in run.discs:
                archive.catalogue.reset_read_errors(disc.volume.id, run.started_at)
            exc.done = run.p.files_done
            exc.left = sum(archive.catalogue.count_pending(d.volume.id) for d in run.discs)
            raise
        # Every failed file of these discs, whichever run found it (a broken link at the
        # scan, a damaged PDF before): the count `info` and the window give too.
        run.summary.failures = archive.catalogue.failed_files(d.volume.id for d in run.discs)
    run.summary.failed = len(run.summary.failures)
    run.p.phase = Phase.DONE
    run.summary.seconds = time.monotonic() - run.started
    run.emit(force=True)
    return run.summary


def reindex_files(
    archive: Archive,
    volumes: Sequence[Volume],
    settings: Settings,
    file_ids: Sequence[int],
    *,
    cancel: CancelCheck | None = None,
) -> RunSummary:
    """Read these files of `volumes` again, without scanning the discs: OCR has read their
    pictured pages, and the index takes the text (from the OCR cache) with the rest."""
    run = _Run(archive, settings, None, cancel or _never)
    with archive.faults():
        run.discs = [run.identify(volume) for volume in volumes]
        archive.catalogue.mark_pending(file_ids)
        # Only these: files left pending by a cancelled run wait for the user's next one.
        run.extract_all(run.discs, only=frozenset(file_ids))
    run.summary.seconds = time.monotonic() - run.started
    return run.summary


def _steps(
    run: _Run, volumes: Sequence[Volume], *, retry_failed: bool, use_published: bool
) -> None:
    warm_up()  # the extraction workers' server loads while the discs are scanned
    if use_published:
        for volume in volumes:
            run.adopt(volume)
            run.check_cancel()
    run.discs = [run.identify(volume) for volume in volumes]
    for disc in run.discs:
        run.scan(disc)
        run.check_cancel()
    if retry_failed:
        for disc in run.discs:
            run.catalogue.reset_failed(disc.volume.id)
    run.extract_all(run.discs)
