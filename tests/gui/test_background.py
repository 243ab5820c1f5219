"""The one way of running background work: ops, the thread and inline runners, latest-only."""

from __future__ import annotations

import threading
import time
from typing import Any

from pytestqt.qtbot import QtBot

from reader.gui.background import InlineRunner, LatestOnly, Op, OpContext, ThreadRunner
from reader.indexing.progress import Interrupted


class Outcome:
    """What an op delivered, and on which thread."""

    def __init__(self) -> None:
        self.results: list[Any] = []
        self.failures: list[Exception] = []
        self.cancelled = 0
        self.progress: list[Any] = []
        self.threads: set[str] = set()

    def op(self, work: Any) -> Op[Any]:
        def note(kind: str) -> Any:
            def record(value: Any = None) -> None:
                self.threads.add(threading.current_thread().name)
                if kind == "ok":
                    self.results.append(value)
                elif kind == "failed":
                    self.failures.append(value)
                elif kind == "progress":
                    self.progress.append(value)
                else:
                    self.cancelled += 1

            return record

        return Op(work, note("ok"), note("failed"), note("cancelled"), note("progress"))


def test_inline_runner_delivers_before_run_returns() -> None:
    out = Outcome()

    def work(ctx: OpContext) -> int:
        ctx.report("half")
        return 42

    handle = InlineRunner().run(out.op(work))
    assert out.results == [42] and out.progress == ["half"]
    assert not handle.running()


def test_a_failure_and_a_cancel_reach_their_own_callbacks() -> None:
    out = Outcome()

    def fails(_ctx: OpContext) -> None:
        raise ValueError("the disc went away")

    def cancelled(_ctx: OpContext) -> None:
        raise Interrupted("stopped")

    runner = InlineRunner()
    runner.run(out.op(fails))
    runner.run(out.op(cancelled))
    assert [str(e) for e in out.failures] == ["the disc went away"]
    assert out.cancelled == 1 and out.results == []


def test_thread_runner_works_off_the_gui_thread_and_answers_on_it(qtbot: QtBot) -> None:
    runner = ThreadRunner("work")
    out = Outcome()
    seen: list[str] = []

    def work(ctx: OpContext) -> str:
        seen.append(threading.current_thread().name)
        for i in range(3):
            ctx.report(i)
            time.sleep(0.15)  # longer than the 100 ms progress poll
        return "done"

    handle = runner.run(out.op(work))
    qtbot.waitUntil(lambda: out.results == ["done"], timeout=5000)
    assert not handle.running()
    assert seen[0].startswith("work")
    assert out.threads == {threading.main_thread().name}
    assert out.progress and out.progress == sorted(out.progress)  # the newest, in order
    runner.shutdown()


def test_cancel_reaches_the_work_as_its_cancel_check(qtbot: QtBot) -> None:
    runner = ThreadRunner("work")
    out = Outcome()
    started = threading.Event()

    def work(ctx: OpContext) -> None:
        started.set()
        while not ctx.cancelled():
            time.sleep(0.01)
        raise Interrupted("cancelled")

    handle = runner.run(out.op(work))
    assert started.wait(5)
    handle.cancel()
    qtbot.waitUntil(lambda: out.cancelled == 1, timeout=5000)
    assert out.results == [] and out.failures == []
    runner.shutdown()


def test_latest_only_delivers_the_newest_op_alone(qtbot: QtBot) -> None:
    runner = ThreadRunner("search")
    latest = LatestOnly(runner)
    out = Outcome()
    for n in range(5):  # typed faster than the results come back
        latest.run(out.op(lambda _ctx, n=n: n))
    qtbot.waitUntil(lambda: out.results == [4], timeout=5000)

    def slow(_ctx: OpContext) -> str:
        time.sleep(0.1)
        return "dropped"

    latest.run(out.op(slow))
    latest.drop_pending()  # e.g. the archive changed meanwhile
    qtbot.wait(300)
    assert out.results == [4]
    runner.shutdown()


def test_shutdown_waits_a_bounded_time_for_work_that_does_not_stop(qtbot: QtBot) -> None:
    runner = ThreadRunner("stuck")
    out = Outcome()
    started = threading.Event()

    def stuck(_ctx: OpContext) -> None:
        started.set()
        time.sleep(3)  # a disc that does not answer: no cancel check for a while

    runner.run(out.op(stuck))
    runner.run(out.op(lambda _ctx: "never started"))
    assert started.wait(5)
    t0 = time.monotonic()
    runner.shutdown(wait=0.3)
    assert time.monotonic() - t0 < 1.5  # the window closes; the thread is a daemon
    qtbot.wait(200)
    assert out.results == [] and out.failures == []  # nothing delivered after shutdown
