"""OCR workers run at low priority against every other program, not only their own session.

Real parts: the app's worker pool (fork server, read_page) reading a generated scan with the
real Tesseract; the worker process is looked at through /proc while it is alive.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.indexing.ocr.run import OCR_NICE, _limits
from reader.indexing.ocr.tessdata import find_tessdata
from reader.indexing.ocr.work import OcrSetup, OcrTask, read_page
from reader.indexing.workers import ExtractorPool
from reader.model import Kind
from reader.settings import Settings
from reader.sources.opener import open_volume

pytest.importorskip("tesserocr")
scans = pytest.importorskip("tests.scans")

AUTOGROUP = Path("/proc/sys/kernel/sched_autogroup_enabled")
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux")
    or not AUTOGROUP.exists()
    or AUTOGROUP.read_text().strip() != "1"
    or find_tessdata() is None,
    reason="Linux with scheduler autogroups and Tesseract language data only",
)


def test_a_worker_has_a_session_of_its_own_whose_group_has_the_workers_nice(
    tmp_path: Path,
) -> None:
    (tmp_path / "page.png").write_bytes(scans.scan_png(["A memorandum of the harbour office"]))
    # Ours may be empty: a process in a cgroup's task group has no autogroup to show.
    ours = Path("/proc/self/autogroup").read_text()
    setup = OcrSetup(str(find_tessdata()), ("eng",))
    pool = ExtractorPool(1, _limits(Settings()), 10, setup, work=read_page, nice=OCR_NICE)
    with open_volume(tmp_path) as volume:
        task = OcrTask(1, volume.spec, "page.png", Kind.IMAGE, 1, 1, "x")
        results = pool.run(iter([task]))
        try:
            result = next(r for r in results if r is not None)
            assert result.error is None and "harbour" in result.prepared.text
            pid = pool._slots[0].process.pid  # the worker that read it, still alive
            assert pid is not None
            assert os.getpriority(os.PRIO_PROCESS, pid) == OCR_NICE
            assert os.getsid(pid) == pid != os.getsid(0)
            group = Path(f"/proc/{pid}/autogroup").read_text().split()
            assert group[-2:] == ["nice", str(OCR_NICE)], group
            assert Path("/proc/self/autogroup").read_text() == ours  # ours untouched
        finally:
            close = getattr(results, "close", None)
            if close is not None:
                close()  # stops the worker


def test_workers_die_with_the_ocr_command_killed_by_its_process_group(tmp_path: Path) -> None:
    """Out of the command's session, a worker still goes when the command is killed."""
    root = tmp_path / "disc"
    root.mkdir()
    pages = [[f"Page {n} of the harbour report, telegram archive"] for n in range(40)]
    (root / "long-scan.pdf").write_bytes(scans.scan_pdf(pages, quality="poor"))
    base = tmp_path / "home"
    app = [sys.executable, "-m", "reader", "--basedir", str(base)]
    subprocess.run([*app, "index", "-q", str(root)], check=True, capture_output=True)
    run = subprocess.Popen(
        [*app, "ocr", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while time.monotonic() < deadline and not workers:
            workers = [p for p in _descendants(run.pid) if os.getsid(p) == p]
            time.sleep(0.05)
        assert workers, "no OCR worker in a session of its own"
    finally:
        os.killpg(run.pid, signal.SIGKILL)  # the command and its fork server
        run.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.05)
    assert not any(_alive(p) for p in workers)


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            continue
        found += [int(c) for c in children]
        todo += [int(c) for c in children]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
