"""Indexing from the window: one run at a time in the background, shown in the progress panel."""

from __future__ import annotations

import copy
import errno
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from reader.gui.background import Handle, Op, OpContext, Runner
from reader.gui.core_text import said
from reader.gui.indexing.progress_panel import ProgressPanel
from reader.gui.language import translate
from reader.gui.session import Session
from reader.indexing.pipeline import index_volumes
from reader.indexing.progress import DiscGone, Phase, Progress, RunSummary
from reader.settings import Settings
from reader.sources.opener import from_spec
from reader.sources.volume import Volume, VolumeError, VolumeSpec
from reader.store.archive import Archive, ArchiveDamaged
from reader.store.index_errors import IndexLockedError

REFRESH_MS = 2000  # while indexing, search and status catch up with what is indexed
HIDE_AFTER_MS = 4000  # a run without failures: its report goes after this
HOVER_RETRY_MS = 1000  # ... or, the pointer being over the results, once it has left


def _index_in_background(
    folder: Path, specs: Sequence[VolumeSpec], settings: Settings, retry_failed: bool
) -> Callable[[OpContext], RunSummary]:
    """The work of a run, off the GUI thread: its own connection to the archive (the one
    writer) and its own handles on the discs, from plain data only."""

    def work(ctx: OpContext) -> RunSummary:
        volumes: list[Volume] = []
        try:
            volumes = [from_spec(spec) for spec in specs]
            with Archive(folder) as archive:
                return index_volumes(
                    archive,
                    volumes,
                    settings,
                    # Each report a copy: the pipeline goes on changing its own.
                    progress=lambda p: ctx.report(replace(p, recent_failures=[*p.recent_failures])),
                    cancel=ctx.cancelled,
                    retry_failed=retry_failed,
                )
        finally:
            for volume in volumes:
                volume.close()

    return work


def failure_message(exc: Exception) -> str:
    """Why a run stopped, for the user: the core's reason in the window's language, and
    what to do."""
    reason = said(exc) or type(exc).__name__
    if isinstance(exc, IndexLockedError):
        return translate(
            "Indexing", "{reason}. Wait for it to finish, or stop it, then open the disc again."
        ).format(reason=_capital(reason))
    if isinstance(exc, VolumeError):
        return translate(
            "Indexing", "{reason}. Insert the disc and open it again to go on where it stopped."
        ).format(reason=_capital(reason))
    if isinstance(exc, DiscGone):
        return translate("Indexing", "{reason}.").format(reason=_capital(reason))
    if isinstance(exc, ArchiveDamaged):
        return translate(
            "Indexing",
            "{problem}. Open the discs again to rebuild it; your bookmarks and notes are kept.",
        ).format(problem=_capital(said(exc.problem)))
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        if exc.filename:
            text = translate(
                "Indexing",
                "There is no room left to write to {folder}. Free some space, then open the "
                "disc again to go on: what was indexed so far is kept.",
            )
            return text.format(folder=exc.filename)
        return translate(
            "Indexing",
            "There is no room left to write to the archive's folder. Free some space, then "
            "open the disc again to go on: what was indexed so far is kept.",
        )
    return reason


def _capital(text: str) -> str:
    """A reason the core words as a clause ("the disc ... went away"), as a sentence."""
    return text[:1].upper() + text[1:]


class IndexingController(QObject):
    """Starts, follows and cancels indexing runs; the panel shows them.

    Signals:
        started(): a run began.
        progressed(object): a Progress snapshot, at most every 100 ms.
        indexed_some(): some files are searchable now (every 2 s while it runs).
        finished(object): the run completed: its RunSummary.
        cancelled(): the run stopped on request (a rerun resumes it).
        failed(str): the run could not go on; why, for the user.
        ended(): the run is over, however it ended.
    """

    started = Signal()
    progressed = Signal(object)
    indexed_some = Signal()
    finished = Signal(object)
    cancelled = Signal()
    failed = Signal(str)
    ended = Signal()

    def __init__(
        self, session: Session, panel: ProgressPanel, runner: Runner, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._panel = panel
        self._runner = runner
        self._parent = parent
        self._handle: Handle | None = None
        panel.cancel_requested.connect(self.cancel)
        panel.retry_requested.connect(self.retry_failed)
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.indexed_some)

    @property
    def busy(self) -> bool:
        return self._handle is not None and self._handle.running()

    def start(self, volumes: Sequence[Volume], *, retry_failed: bool = False) -> bool:
        """Index `volumes` into the session's archive; False when a run is already going."""
        if self.busy:
            QMessageBox.information(
                self._parent, self.tr("Indexing"), self.tr("Indexing is already running.")
            )
            return False
        self._panel.start(", ".join(v.label for v in volumes))
        work = _index_in_background(
            self._session.archive.folder,
            [v.spec for v in volumes],
            copy.deepcopy(self._session.settings),
            retry_failed,
        )
        self._refresh.start()
        self.started.emit()
        self._handle = self._runner.run(
            Op(
                work,
                self._on_finished,
                self._on_failed,
                self._on_cancelled,
                self._on_progress,
                name="indexing",
            )
        )
        return True

    def cancel(self) -> None:
        if self._handle is not None and self._handle.running():
            self._panel.cancel_button.setEnabled(False)
            self._panel.details.setText(self.tr("Stopping…"))
            self._handle.cancel()

    def stop_and_wait(self, seconds: float) -> None:
        """At quit: cancel a run and give it time to keep what it did."""
        self._refresh.stop()
        if self._handle is not None and self._handle.running():
            self._handle.cancel()
            self._handle.wait(seconds)

    def retry_failed(self) -> None:
        registry = self._session.discs
        volumes = [v for r in self._session.volumes() if (v := registry.get(r.id))]
        if volumes:
            self.start(volumes, retry_failed=True)

    def _on_progress(self, p: Progress) -> None:
        self._panel.update_progress(p)
        self.progressed.emit(p)
        if p.phase is Phase.DONE:
            self._refresh.stop()

    def _end(self) -> None:
        self._refresh.stop()
        self.ended.emit()

    def _on_finished(self, summary: RunSummary) -> None:
        self._panel.show_summary(summary)
        self._end()
        self.finished.emit(summary)
        if not summary.failures:
            QTimer.singleShot(HIDE_AFTER_MS, self._hide_report_if_idle)

    def _hide_report_if_idle(self) -> None:
        if self.busy or self._panel.isHidden():
            return
        # Hiding it moves what is below it up: not while the pointer is over that, where a
        # click would land on something else than the user aimed at.
        below = self._panel.parentWidget()
        if below is not None and below.underMouse():
            QTimer.singleShot(HOVER_RETRY_MS, self._hide_report_if_idle)
            return
        self._panel.hide()

    def _on_cancelled(self) -> None:
        self._panel.show_stopped(self.tr("Indexing cancelled: open the disc again to resume."))
        self._end()
        self.cancelled.emit()

    def _on_failed(self, exc: Exception) -> None:
        message = failure_message(exc)
        self._panel.show_stopped(self.tr("Indexing stopped: {reason}").format(reason=message))
        self._end()
        self.failed.emit(message)
