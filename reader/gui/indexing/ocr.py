"""Reading scans from the window: OCR in the background once indexing is done, shown in
the status bar (pages done and left, pages a minute, time left) with Pause and Stop.

The work runs on the indexing thread, so an indexing run asked for meanwhile waits for it
to stop (it is cancelled first: the two write one index). The pages OCR reads first are
those of the document open, then of the results shown (`want`).
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from reader.gui.background import Handle, Op, OpContext, Runner
from reader.gui.core_text import said
from reader.gui.session import Session
from reader.indexing.ocr.run import OcrProgress, OcrSummary, OcrUnavailable, engine_for, ocr_volumes
from reader.settings import Settings
from reader.sources.opener import from_spec
from reader.sources.volume import Volume, VolumeSpec
from reader.store import ocr_queue
from reader.store.archive import Archive
from reader.units import human_seconds

REFRESH_MS = 10_000  # while OCR runs, search catches up with the scans it has read
# After the window opens, an indexing run ends or a disc comes, OCR starts this much later
# (the window is busy showing what changed first); None: never by itself (the tests).
AUTO_START_MS: int | None = 3000


def _ocr_in_background(
    folder: Path,
    specs: Sequence[VolumeSpec],
    settings: Settings,
    paused: Callable[[], bool],
    wanted: Callable[[], Sequence[int]],
) -> Callable[[OpContext], OcrSummary]:
    def work(ctx: OpContext) -> OcrSummary:
        volumes: list[Volume] = []
        try:
            volumes = [from_spec(spec) for spec in specs]
            with Archive(folder, check_pages=False) as archive:
                return ocr_volumes(
                    archive,
                    volumes,
                    settings,
                    progress=lambda p: ctx.report(copy.copy(p)),
                    cancel=ctx.cancelled,
                    paused=paused,
                    wanted=wanted,
                )
        finally:
            for volume in volumes:
                volume.close()

    return work


class OcrStatus(QWidget):
    """The status bar's line for OCR: what it does, Pause/Resume and Stop."""

    pause_toggled = Signal(bool)
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.label.setAccessibleName(self.tr("Reading scans"))
        self.pause_button = QToolButton(self)
        self.pause_button.setText(self.tr("Pause"))
        self.pause_button.setCheckable(True)
        self.pause_button.setToolTip(
            self.tr("Pause reading scans (the computer is needed for else)")
        )
        self.pause_button.toggled.connect(self._toggled)
        self.stop_button = QToolButton(self)
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setToolTip(
            self.tr("Stop reading scans until the next start (what was read is kept)")
        )
        self.stop_button.clicked.connect(self.stop_requested)
        layout.addWidget(self.label)
        layout.addWidget(self.pause_button)
        layout.addWidget(self.stop_button)
        self.hide()

    def _toggled(self, on: bool) -> None:
        self.pause_button.setText(self.tr("Resume") if on else self.tr("Pause"))
        self.pause_toggled.emit(on)

    def start(self, pages: int) -> None:
        self.pause_button.setChecked(False)
        self.pause_button.setEnabled(True)
        self.stop_button.setEnabled(True)
        self.label.setText(self.tr("Reading scans: %Ln pages to read…", "", pages))
        self.show()

    def update_progress(self, p: OcrProgress) -> None:
        self.label.setText(progress_text(p))
        if p.current:
            tip = self.tr("OCR ({engine}) of the scanned pages, at low priority: now {file}")
        else:
            tip = self.tr("OCR ({engine}) of the scanned pages, at low priority")
        tip = tip.format(engine=p.engine, file=p.current)
        if p.pages_failed:
            tip += self.tr("; %Ln pages could not be read", "", p.pages_failed)
        self.label.setToolTip(tip)

    def show_end(self, text: str) -> None:
        self.pause_button.setEnabled(False)
        self.stop_button.setEnabled(False)
        self.label.setText(text)


def progress_text(p: OcrProgress) -> str:
    return _OcrTexts().progress(p)


class _OcrTexts(QObject):
    """This module's plural texts outside a widget (pyside6-lupdate finds plural forms in
    self.tr() only)."""

    def progress(self, p: OcrProgress) -> str:
        done = QLocale().toString(p.pages_done)
        if p.paused:
            text = self.tr("Reading scans paused: {done} of %Ln pages read", "", p.pages_total)
            return text.format(done=done)
        text = self.tr("Reading scans: {done} of %Ln pages", "", p.pages_total).format(done=done)
        if p.pages_per_minute:
            rate = QLocale().toString(float(p.pages_per_minute), "f", 0)
            text += self.tr(" · {rate} pages/min · {time} left").format(
                rate=rate, time=human_seconds(p.eta_seconds)
            )
        return text


class OcrController(QObject):
    """Starts, pauses and stops the background OCR of the session's archive.

    Signals:
        read_some(): scans read since are searchable now (every 10 s while it runs, and
            at the end).
        unavailable(str): OCR cannot run here, and why (said once per session).
    """

    read_some = Signal()
    unavailable = Signal(str)

    def __init__(
        self,
        session: Session,
        status: OcrStatus,
        runner: Runner,
        parent: QWidget,
        *,
        indexing: Callable[[], bool] = lambda: False,
    ) -> None:
        """`indexing`: whether an indexing run goes (OCR waits for it to end)."""
        super().__init__(parent)
        self._indexing = indexing
        self._session = session
        self._status = status
        self._runner = runner
        self._handle: Handle | None = None
        self._paused = threading.Event()
        self._wanted: tuple[int, ...] = ()
        self._stopped = False  # the user pressed Stop: not again until asked
        self._told_unavailable = False
        status.pause_toggled.connect(self.pause)
        status.stop_requested.connect(self.stop)
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.read_some)
        # Its own timer, stopped when the window closes: a start due after that would
        # read a catalogue that is closed by then.
        self._auto_start = QTimer(self, singleShot=True)
        self._auto_start.timeout.connect(self.maybe_start)
        session.archive_changed.connect(self.cancel)

    @property
    def busy(self) -> bool:
        return self._handle is not None and self._handle.running()

    @property
    def paused(self) -> bool:
        return self._paused.is_set()

    def want(self, file_ids: Sequence[int]) -> None:
        """Read these files first (the document open, then the results shown)."""
        self._wanted = tuple(file_ids)  # one assignment: read whole by the OCR thread

    def pending_pages(self, volumes: Sequence[Volume]) -> int:
        counts = ocr_queue.counts(self._session.archive.catalogue, [v.id for v in volumes])
        return counts.missing

    def schedule_start(self) -> None:
        """Start by itself soon, if there is anything to read (see AUTO_START_MS)."""
        if AUTO_START_MS is not None and not self.busy:
            self._auto_start.start(AUTO_START_MS)

    def maybe_start(self, *, asked: bool = False) -> bool:
        """Start reading the scans of the discs present, if there are any to read and OCR
        is on (or `asked`: the menu); False when nothing started."""
        settings = self._session.settings
        if self.busy or self._indexing():
            return False
        if not asked and (self._stopped or not settings.ocr.enabled):
            return False
        if self._session.problem:
            return False
        registry = self._session.discs
        volumes = [v for r in self._session.volumes() if (v := registry.get(r.id))]
        pages = self.pending_pages(volumes) if volumes else 0
        if not pages:
            if asked:
                self._status.show()
                self._status.show_end(self.tr("No scanned pages are waiting to be read."))
            return False
        try:
            engine_for(settings)
        except OcrUnavailable as exc:
            if asked or not self._told_unavailable:
                self._told_unavailable = True
                text = self.tr("%Ln scanned pages cannot be read: {reason}", "", pages)
                self.unavailable.emit(text.format(reason=said(exc)))
            return False
        self._stopped = False
        self._paused.clear()
        self._status.start(pages)
        work = _ocr_in_background(
            self._session.archive.folder,
            [v.spec for v in volumes],
            copy.deepcopy(settings),
            self._paused.is_set,
            lambda: self._wanted,
        )
        self._refresh.start()
        self._handle = self._runner.run(
            Op(
                work,
                self._on_finished,
                self._on_failed,
                self._on_cancelled,
                self._status.update_progress,
                name="OCR",
            )
        )
        return True

    def pause(self, on: bool) -> None:
        if on:
            self._paused.set()
        else:
            self._paused.clear()

    def stop(self) -> None:
        """The user's Stop: cancel, and start no more until asked (the menu)."""
        self._stopped = True
        self.cancel()

    def cancel(self) -> None:
        """Stop the run (an indexing run comes, the archive changes, the window closes)."""
        if self._handle is not None and self._handle.running():
            self._status.show_end(self.tr("Stopping the reading of scans…"))
            self._paused.clear()
            self._handle.cancel()

    def stop_and_wait(self, seconds: float) -> None:
        self._auto_start.stop()
        self._refresh.stop()
        if self._handle is not None and self._handle.running():
            self._handle.cancel()
            self._handle.wait(seconds)

    def _on_finished(self, summary: OcrSummary) -> None:
        self._refresh.stop()
        text = self.tr("Scans read: %Ln pages in {time}", "", summary.pages_read)
        text = text.format(time=human_seconds(summary.seconds))
        if summary.pages_failed:
            text += self.tr(", %Ln could not be read", "", summary.pages_failed)
        self._status.show_end(text)
        QTimer.singleShot(8000, self._hide_if_idle)
        self.read_some.emit()

    def _hide_if_idle(self) -> None:
        if not self.busy:
            self._status.hide()

    def _on_cancelled(self) -> None:
        self._refresh.stop()
        self._status.show_end(self.tr("Reading scans stopped: what was read is searchable"))
        QTimer.singleShot(8000, self._hide_if_idle)
        self.read_some.emit()

    def _on_failed(self, exc: Exception) -> None:
        self._refresh.stop()
        from reader.gui.indexing.controller import failure_message

        text = self.tr("Reading scans stopped: {reason}").format(reason=failure_message(exc))
        self._status.show_end(text)
        self.read_some.emit()
