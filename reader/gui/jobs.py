"""Background work for the window: indexing runs and searches, off the GUI thread.

Workers get all their inputs up front and never touch a widget; results come back as
signals (queued to the GUI thread). Progress is pulled on a 100 ms timer, as in Anki.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from reader.indexing.pipeline import index_volumes
from reader.indexing.progress import Interrupted, Progress, RunSummary
from reader.settings import Settings
from reader.sources.volume import Volume
from reader.store.archive import Archive

log = logging.getLogger(__name__)


class IndexJob(QObject):
    """One indexing run in a background thread.

    Signals:
        progress_changed(Progress): a snapshot, at most every 100 ms.
        finished(RunSummary): the run completed.
        cancelled(): the run stopped on request; rerunning resumes it.
        failed(str): the run could not go on (message for the user).
    """

    progress_changed = Signal(object)
    finished = Signal(object)
    cancelled = Signal()
    failed = Signal(str)

    def __init__(
        self,
        archive_folder: Any,
        volumes: Sequence[Volume],
        settings: Settings,
        parent: QObject | None = None,
        *,
        retry_failed: bool = False,
    ) -> None:
        super().__init__(parent)
        self._folder = archive_folder
        self._volumes = list(volumes)
        self._settings = settings
        self._retry_failed = retry_failed
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._latest: Progress | None = None
        self._outcome: tuple[str, Any] | None = None
        self._started = False
        self._outcome_sent = False
        self._thread = threading.Thread(target=self._run, name="index-job", daemon=True)
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        self._started = True
        self._thread.start()
        self._timer.start()

    def cancel(self) -> None:
        self._cancel.set()

    def is_running(self) -> bool:
        """True from start() until its outcome signal has been delivered."""
        return self._started and not self._outcome_sent

    def wait(self, timeout: float | None = None) -> None:
        """Block until the thread ends (used at quit and in tests), then deliver signals."""
        self._thread.join(timeout)
        self._poll()

    def _on_progress(self, p: Progress) -> None:
        snapshot = replace(p, recent_failures=list(p.recent_failures))
        with self._lock:
            self._latest = snapshot

    def _run(self) -> None:
        outcome: tuple[str, Any]
        try:
            # The job's own connection: one writer for catalogue and index, off the GUI thread.
            with Archive(self._folder) as archive:
                summary = index_volumes(
                    archive,
                    self._volumes,
                    self._settings,
                    progress=self._on_progress,
                    cancel=self._cancel.is_set,
                    retry_failed=self._retry_failed,
                )
            outcome = ("finished", summary)
        except Interrupted:
            outcome = ("cancelled", None)
        except Exception as exc:  # shown to the user; the traceback goes to the log
            log.error("indexing failed:\n%s", traceback.format_exc())
            outcome = ("failed", str(exc) or type(exc).__name__)
        with self._lock:
            self._outcome = outcome

    def _poll(self) -> None:
        with self._lock:
            latest, self._latest = self._latest, None
            outcome = self._outcome
        if latest is not None:
            self.progress_changed.emit(latest)
        if outcome is not None and not self._outcome_sent:
            self._timer.stop()
            self._outcome_sent = True
            kind, payload = outcome
            if kind == "finished":
                summary: RunSummary = payload
                self.finished.emit(summary)
            elif kind == "cancelled":
                self.cancelled.emit()
            else:
                self.failed.emit(str(payload))


class LatestOnly(QObject):
    """Runs calls on one background thread and delivers only the newest request's result.

    Typing fires a request per keystroke (after a short debounce); an older result that
    arrives after a newer request was made is dropped, so results never flicker backwards.

    Signals:
        result_ready(int, object): (token, result) of the newest request.
        error(int, str): the newest request raised.
    """

    result_ready = Signal(int, object)
    error = Signal(int, str)
    _delivered = Signal(int, object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search")
        self._token = 0
        self._delivered.connect(self._deliver)

    @property
    def token(self) -> int:
        return self._token

    def submit(self, fn: Callable[[], Any]) -> int:
        self._token += 1
        token = self._token

        def done(fut: Future[Any]) -> None:
            exc = fut.exception()
            if exc is not None:
                log.error("background call failed: %r", exc)
                self._delivered.emit(token, None, str(exc) or type(exc).__name__)
            else:
                self._delivered.emit(token, fut.result(), "")

        self._pool.submit(fn).add_done_callback(done)
        return token

    def _deliver(self, token: int, result: object, error: str) -> None:
        if token != self._token:
            return  # stale: a newer request is on its way
        if error:
            self.error.emit(token, error)
        else:
            self.result_ready.emit(token, result)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
