"""The window's side of a PDF worker process (pdf_render.py): jobs in, results back through
the event loop, and a time limit past which the worker is killed and replaced."""

from __future__ import annotations

import contextlib
import heapq
import itertools
import logging
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from reader.gui.viewers import pdf_render

log = logging.getLogger(__name__)

#: A page that takes longer than this to draw (or to read its words) is given up.
TIME_LIMIT_S = 5.0
#: Address-space cap of a worker (Linux): a 6x A4 page peaks at about 210 MB. Past it MuPDF
#: fails the page ("damaged") instead of taking the machine's memory.
MEMORY_MB = 1024
#: A worker that has not read the document this long after it was started (or sent the
#: document) is given up: its jobs fail.
START_LIMIT_S = 20.0
#: Workers that could not start, one after the other, before the jobs fail at once (until
#: the next document).
START_TRIES = 3
#: Why a job failed (PdfWorker.failed): codes for the viewer, never shown as they are.
SLOW = "slow"
ERROR = "error"
# Windows has no socket notifier for a pipe: replies are polled for at this interval there.
_POLL_MS = 10 if sys.platform == "win32" else 50


class Job(NamedTuple):
    """One thing asked of a worker; handed back with its result."""

    kind: str  # "draw", "words" or "text"
    page: int  # 0-based
    scale: float = 0.0  # device pixels per point, for "draw"
    tag: str = ""  # who asked: "page" or "thumb" for a drawing


def _start_process(process: Any, child: Connection) -> None:
    # In a thread: the first start waits until the fork server has loaded (about 0.5 s).
    try:
        process.start()
    except Exception:  # its end of the pipe closes: the window sees a worker that died
        log.exception("PDF worker could not start")
    finally:
        child.close()


def _send_document(conn: Connection, data: bytes) -> None:
    # In a thread: a 500 MB PDF takes the pipe more than half a second. Nothing else is
    # written to the pipe until the worker says it has read it ("opened").
    with contextlib.suppress(OSError):  # the worker died: the window sees its pipe close
        conn.send(("open",))
        conn.send_bytes(data)


class PdfWorker(QObject):
    """One worker process with its own copy of one document, and the jobs asked of it.

    Jobs wait in a queue (by priority, then in order; the same job twice is one) and up to
    `in_flight` of them are with the worker at a time. The window never blocks on it: the
    replies are read when the pipe has data, except in `wait`, which a caller uses to wait
    a bounded time for something it needs at once.

    Args:
        name: for logs and the process name.
        time_limit: seconds a job may take; then the worker is killed, the job fails as
            "slow", and a new worker takes the rest.
        in_flight: jobs sent ahead, so the worker need not wait for the window between them.

    Signals:
        done(object, object): a Job and its result: (width, height, stride, samples) for
            "draw", the word tuples for "words", a str for "text".
        failed(object, str): a Job and why it has none: "slow" or "error".
    """

    done = Signal(object, object)
    failed = Signal(object, str)

    def __init__(
        self,
        name: str,
        *,
        time_limit: float = TIME_LIMIT_S,
        in_flight: int = 1,
        memory_mb: int = MEMORY_MB,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.time_limit = time_limit
        self._in_flight = max(1, in_flight)
        self._memory_mb = memory_mb
        self._data: bytes | None = None
        self._heap: list[tuple[int, int, Job]] = []  # (priority, order, job); stale entries
        self._queued: dict[Job, int] = {}  # ...are those whose priority is not this one
        self._order = itertools.count()
        self._sent: deque[Job] = deque()
        self._since = 0.0  # when the oldest job sent became the one the worker is on
        self._process: Any = None
        self._conn: Connection | None = None
        self._starter: threading.Thread | None = None
        self._sender: threading.Thread | None = None
        # One notifier for every process this object starts: it is moved to the new pipe,
        # never deleted (a reply handled in its signal may end the process).
        self._notifier: QSocketNotifier | None = None
        if sys.platform != "win32":
            self._notifier = QSocketNotifier(QSocketNotifier.Type.Read, self)
            self._notifier.setEnabled(False)
            self._notifier.activated.connect(self._drain)
        self._ready = False  # the process is up
        self._opened = False  # ...and has read the document
        self._started_at = 0.0  # when it was started, or sent the document
        self._start_failures = 0
        self.pid: int | None = None  # of the worker, once it is up
        self._timer = QTimer(self)
        self._timer.setInterval(_POLL_MS)
        self._timer.timeout.connect(self._tick)

    # --- what the viewer calls -----------------------------------------------------------

    @property
    def idle(self) -> bool:
        """Nothing queued and nothing with the worker."""
        return not self._queued and not self._sent

    @property
    def ready(self) -> bool:
        """The worker is up and has the document: a job sent now starts at once."""
        return self._ready and self._opened

    def open(self, data: bytes | None) -> None:
        """Work on the document `data` from now on (None: on none). What was asked about the
        one before is dropped; a worker still busy with it is replaced, not waited for."""
        self._heap.clear()
        self._queued.clear()
        if self._sent or self._sender is not None:
            self._sent.clear()
            self._shutdown(kill=True)
        self._data = data
        self._start_failures = 0
        if data is not None:
            self._start()
            if self._ready:
                self._send_document()

    def submit(self, job: Job, priority: int = 1) -> None:
        """Ask for `job` (a lower `priority` goes first); one already asked for is not
        asked again, but may move up the queue."""
        if self._data is None or job in self._sent:
            return
        if self._start_failures >= START_TRIES:
            self.failed.emit(job, ERROR)
            return
        known = self._queued.get(job)
        if known is not None and known <= priority:
            return
        self._queued[job] = priority
        heapq.heappush(self._heap, (priority, next(self._order), job))
        self._start()
        self._send_more()

    def wait(self, until: Callable[[], bool], seconds: float) -> bool:
        """Handle replies for up to `seconds` until `until()` holds; whether it does.

        The one place the window waits for the worker: for what a key press or the opening
        of a document needs at once, and never longer than the caller's bound."""
        deadline = time.monotonic() + seconds
        while not until():
            left = deadline - time.monotonic()
            conn = self._conn
            if left <= 0 or conn is None:
                return until()
            try:
                has_data = conn.poll(min(left, 0.05))
            except (OSError, ValueError):
                has_data = True  # _drain sees the closed pipe
            if has_data:
                self._drain()
            else:
                self._tick()
        return True

    def stop(self) -> None:
        """End the worker (killed if busy) and forget the document."""
        busy = bool(self._sent) or self._sender is not None
        self._heap.clear()
        self._queued.clear()
        self._sent.clear()
        self._data = None
        self._shutdown(kill=busy)

    # --- the process ---------------------------------------------------------------------

    def _start(self) -> None:
        if self._process is not None:
            return
        ctx = pdf_render.context()
        parent, child = ctx.Pipe(duplex=True)
        self._process = ctx.Process(
            target=pdf_render.serve,
            args=(child, self._memory_mb),
            daemon=True,
            name=f"archive-reader-pdf-{self.name}",
        )
        self._conn = parent
        self._ready = self._opened = False
        self._started_at = time.monotonic()
        self._starter = threading.Thread(
            target=_start_process, args=(self._process, child), daemon=True
        )
        self._starter.start()
        if self._notifier is not None:
            self._notifier.setSocket(parent.fileno())
            self._notifier.setEnabled(True)
        self._timer.start()

    def _shutdown(self, *, kill: bool) -> None:
        if self._starter is not None:
            self._starter.join()  # milliseconds, or until the fork server has loaded
            self._starter = None
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        process, conn = self._process, self._conn
        self._process = self._conn = None
        self._ready = self._opened = False
        self.pid = None
        self._timer.stop()
        if process is not None and process.pid is not None:
            if not kill and conn is not None:
                with contextlib.suppress(OSError):
                    conn.send(None)
                process.join(timeout=0.5)
            if process.is_alive():
                process.kill()
            process.join(timeout=5)  # reaped: no zombie left behind
        if self._sender is not None:
            self._sender.join()  # its worker is gone: the write fails at once
            self._sender = None
        if conn is not None:
            conn.close()

    def _send_document(self) -> None:
        if self._conn is None or self._data is None:
            return
        self._opened = False
        self._started_at = time.monotonic()
        self._sender = threading.Thread(
            target=_send_document, args=(self._conn, self._data), daemon=True
        )
        self._sender.start()
        self._timer.start()

    def _next(self) -> Job | None:
        while self._heap:
            priority, _, job = heapq.heappop(self._heap)
            if self._queued.get(job) == priority:
                del self._queued[job]
                return job
        return None

    def _send_more(self) -> None:
        while self.ready and self._conn is not None and len(self._sent) < self._in_flight:
            job = self._next()
            if job is None:
                return
            if not self._sent:
                self._since = time.monotonic()
            self._sent.append(job)
            try:
                self._conn.send((job.kind, job.page, job.scale))
            except OSError:
                self._died()
                return
            if not self._timer.isActive():
                self._timer.start()

    # --- replies and faults --------------------------------------------------------------

    def _drain(self, *_: object) -> None:
        conn = self._conn
        while conn is not None and conn is self._conn:
            try:
                if not conn.poll():
                    return
                message = conn.recv()
                if message[0] == "pixels":
                    width, height, stride = message[1]
                    samples = conn.recv_bytes()  # they follow at once
                    if stride < width * 3 or len(samples) < stride * height:
                        message = ("error", "the pixels are not the size they should be")
                    else:
                        message = ("ok", (width, height, stride, samples))
            except (EOFError, OSError, ValueError):
                self._died()
                return
            self._handle(message)

    def _handle(self, message: tuple[str, Any]) -> None:
        status, payload = message
        if status == "ready":
            self._ready = True
            self._start_failures = 0
            self.pid = int(payload)
            self._send_document()
            return
        if status == "opened":
            if self._sender is not None:
                self._sender.join()  # it is done: the worker has read it all
                self._sender = None
            self._opened = True
            self._send_more()
            return
        if not self._sent:
            return
        job = self._sent.popleft()
        self._since = time.monotonic()
        self._send_more()  # the worker goes on while the window takes this one
        if status == "ok":
            self.done.emit(job, payload)
        else:
            log.warning("PDF page %d: %s failed (%s)", job.page + 1, job.kind, payload)
            self.failed.emit(job, ERROR)

    def _tick(self) -> None:
        if sys.platform == "win32":
            self._drain()
        if self._process is None:
            self._timer.stop()
            return
        now = time.monotonic()
        if not self.ready:
            if now - self._started_at > START_LIMIT_S:
                log.warning("PDF worker did not start in %g s", START_LIMIT_S)
                self._died()
        elif self._sent and now - self._since > self.time_limit:
            self._overdue()
        elif not self._sent:
            self._timer.stop()  # nothing to watch (or, on Windows, to poll for) until a job

    def _overdue(self) -> None:
        job = self._sent.popleft()
        log.warning(
            "PDF page %d: %s took over %g s; worker stopped",
            job.page + 1,
            job.kind,
            self.time_limit,
        )
        self._restart_without(job)
        self.failed.emit(job, SLOW)

    def _died(self) -> None:
        if not self.ready:  # it could not even start (or open the document): all fail
            self._start_failures += 1
            jobs = [*self._sent, *sorted(self._queued, key=self._queued.__getitem__)]
            self._heap.clear()
            self._queued.clear()
            self._sent.clear()
            self._shutdown(kill=True)
            for job in jobs:
                self.failed.emit(job, ERROR)
            return
        if not self._sent:
            self._restart_without(None)
            return
        job = self._sent.popleft()
        log.warning("PDF page %d: the worker died on %s", job.page + 1, job.kind)
        self._restart_without(job)
        self.failed.emit(job, ERROR)

    def _restart_without(self, job: Job | None) -> None:
        """A new worker for the jobs that were sent after `job`, then the queue."""
        rest = list(self._sent)
        self._sent.clear()
        self._shutdown(kill=True)
        for other in rest:
            self._queued[other] = 0
            heapq.heappush(self._heap, (0, next(self._order), other))
        if self._queued and self._data is not None:
            self._start()
