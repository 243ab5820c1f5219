"""The one way the window runs work off the GUI thread.

An `Op` is a piece of work plus what to do with its outcome: `on_success` with the result,
`on_failure` with the exception, `on_cancel` when it stopped on request, all called on the
GUI thread. The work gets an `OpContext`: `cancelled` to pass to the core (which raises
`Interrupted`, the one cancel exception), `report` for progress, which the GUI pulls every
100 ms (`on_progress` sees the newest report only). The work gets everything it needs up
front, as arguments of the callable: never a widget, never the window's attributes.

A `Runner` runs ops. `ThreadRunner` has one thread of its own (one per kind of work: a
slow disc never holds up a search); `InlineRunner` runs an op at once, in the caller,
which is what tests inject so that logic needs no waiting on threads. `LatestOnly` wraps
a runner for search-as-you-type: only the newest op's outcome is delivered.
"""

from __future__ import annotations

import logging
import queue
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from reader.indexing.progress import Interrupted

log = logging.getLogger(__name__)

T = TypeVar("T")
PROGRESS_POLL_MS = 100


class OpContext:
    """What the work of an op may use: its cancel flag and a progress report (thread-safe)."""

    def __init__(self, on_report: Callable[[], None] | None = None) -> None:
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._progress: Any = None
        self._on_report = on_report  # called after each report (the inline runner's way)

    def cancelled(self) -> bool:
        """Whether cancel was asked for; the core takes this as its cancel check."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def report(self, progress: Any) -> None:
        """Store the newest progress (pass a snapshot: it is read on another thread)."""
        with self._lock:
            self._progress = progress
        if self._on_report is not None:
            self._on_report()

    def take_progress(self) -> Any:
        """The progress reported since the last take, or None."""
        with self._lock:
            progress, self._progress = self._progress, None
        return progress


def _log_failure(exc: Exception) -> None:
    log.error("background work failed: %r", exc)


@dataclass
class Op(Generic[T]):
    """One piece of background work and what to do with its outcome (on the GUI thread).

    Attributes:
        work: runs off the GUI thread with the op's context; returns the result.
        on_success: gets the result.
        on_failure: gets the exception (the traceback is logged first). Default: log only.
        on_cancel: the work raised Interrupted (cancelled); default: nothing.
        on_progress: gets the newest progress reported, every 100 ms while it runs.
        name: what the work is, for the log.
    """

    work: Callable[[OpContext], T]
    on_success: Callable[[T], None]
    on_failure: Callable[[Exception], None] = _log_failure
    on_cancel: Callable[[], None] | None = None
    on_progress: Callable[[Any], None] | None = None
    name: str = "background work"


class Handle:
    """A running (or finished) op: cancel it, ask whether its outcome is delivered yet."""

    def __init__(
        self,
        context: OpContext,
        future: Future[Any] | None = None,
        deliver_now: Callable[[], None] | None = None,
    ) -> None:
        self.context = context
        self.future = future
        self._delivered = threading.Event()
        self._deliver_now = deliver_now

    def cancel(self) -> None:
        self.context.cancel()

    def running(self) -> bool:
        """True until the op's outcome has been delivered on the GUI thread."""
        return not self._delivered.is_set()

    def mark_delivered(self) -> None:
        """The runner delivered the outcome (called just before the op's callback)."""
        self._delivered.set()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the work is done, then deliver its outcome (at quit, and in tests
        that run real threads)."""
        if self.future is not None:
            try:
                self.future.exception(timeout)
            except TimeoutError:
                return
        if self._deliver_now is not None:
            self._deliver_now()


class Runner(Protocol):
    """Runs ops; see the module docstring."""

    def run(self, op: Op[T]) -> Handle: ...

    def shutdown(self) -> None: ...


def _outcome(op: Op[T], context: OpContext) -> tuple[str, Any]:
    """Run the work, catching what it raises: ("ok", result), ("cancelled", None) or
    ("failed", exception)."""
    try:
        return "ok", op.work(context)
    except Interrupted:
        return "cancelled", None
    except Exception as exc:  # the op decides what the user sees; the log gets it all
        log.error("%s failed:\n%s", op.name, traceback.format_exc())
        return "failed", exc


def _deliver(op: Op[T], context: OpContext, kind: str, payload: Any) -> None:
    progress = context.take_progress()
    if progress is not None and op.on_progress is not None:
        op.on_progress(progress)
    if kind == "ok":
        op.on_success(payload)
    elif kind == "cancelled":
        if op.on_cancel is not None:
            op.on_cancel()
    else:
        op.on_failure(payload)


class InlineRunner:
    """Runs each op at once, in the caller's thread, and delivers its outcome before
    run() returns. For tests: the window's logic, with no thread to wait for."""

    def run(self, op: Op[T]) -> Handle:
        on_progress = op.on_progress

        def report_now() -> None:
            # No timer pulls progress here: it is delivered as it is reported.
            if on_progress is not None:
                on_progress(context.take_progress())

        context = OpContext(report_now)
        handle = Handle(context)
        kind, payload = _outcome(op, context)
        handle.mark_delivered()
        _deliver(op, context, kind, payload)
        return handle

    def shutdown(self) -> None:
        pass


class ThreadRunner(QObject):
    """Runs ops one after another on a daemon thread of its own; outcomes come back on the
    GUI thread (a queued signal), progress is pulled every 100 ms.

    The thread is a daemon and shutdown() waits a bounded time: work stuck in a system
    call (a disc that does not answer) never keeps the window from closing.

    Signals:
        _finished(object): internal, crosses from the worker thread to the GUI thread.
    """

    _finished = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._queue: queue.SimpleQueue[tuple[Op[Any], Handle] | None] = queue.SimpleQueue()
        self._running: dict[Handle, Op[Any]] = {}
        self._closed = False
        # Always through the event loop, even when the work ended before run() returned:
        # an outcome is never delivered inside run() itself.
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setInterval(PROGRESS_POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while (item := self._queue.get()) is not None:
            op, handle = item
            # Work still waiting when the runner shut down is not started at all.
            outcome = ("cancelled", None) if self._closed else _outcome(op, handle.context)
            assert handle.future is not None
            handle.future.set_result(outcome)
            if not self._closed:
                self._finished.emit(handle)
            # Not kept while waiting for the next: the work's closures may hold an index
            # read from a disc, whose files would stay open (the disc could not be ejected).
            del item, op, handle

    def run(self, op: Op[T]) -> Handle:
        context = OpContext()
        future: Future[tuple[str, Any]] = Future()
        handle = Handle(context, future, deliver_now=lambda: self._finish(handle))
        self._running[handle] = op
        if op.on_progress is not None:
            self._timer.start()
        self._queue.put((op, handle))
        return handle

    def _poll(self) -> None:
        for handle, op in list(self._running.items()):
            progress = handle.context.take_progress()
            if progress is not None and op.on_progress is not None:
                op.on_progress(progress)
        if not any(op.on_progress for op in self._running.values()):
            self._timer.stop()

    def _on_finished(self, handle: object) -> None:
        if isinstance(handle, Handle):
            self._finish(handle)

    def _finish(self, handle: Handle) -> None:
        op = self._running.pop(handle, None)
        if op is None or handle.future is None or not handle.future.done():
            return  # delivered already (wait() and the signal both come here), or not done
        kind, payload = handle.future.result()
        handle.mark_delivered()
        _deliver(op, handle.context, kind, payload)

    def shutdown(self, wait: float = 5.0) -> None:
        """Cancel what runs and drop what waits; wait up to `wait` s for the work under way
        to stop. Nothing is delivered after."""
        self._closed = True
        for handle in self._running:
            handle.cancel()
        self._running.clear()
        self._timer.stop()
        self._queue.put(None)
        self._thread.join(wait)


class LatestOnly:
    """Delivers only the outcome of the newest op run through it; older ones are dropped,
    so results typed a keystroke ago never replace the newer ones."""

    def __init__(self, runner: Runner) -> None:
        self._runner = runner
        self._token = 0

    def run(self, op: Op[T]) -> Handle:
        self._token += 1
        token = self._token

        def current() -> bool:
            return token == self._token

        def success(result: T) -> None:
            if current():
                op.on_success(result)

        def failure(exc: Exception) -> None:
            if current():
                op.on_failure(exc)

        def cancelled() -> None:
            if current() and op.on_cancel is not None:
                op.on_cancel()

        return self._runner.run(Op(op.work, success, failure, cancelled, op.on_progress, op.name))

    def drop_pending(self) -> None:
        """Whatever is under way now is delivered to no one (the archive changed, the box
        was cleared)."""
        self._token += 1
