"""One window per base dir: real `python -m reader gui` processes, offscreen.

A first start is the window; a second start of the same base dir hands its paths to it and
exits; what the first one then does (index the folder) is read back with `archive-reader
info --json`, as a user would see it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.gui.instance import address
from reader.paths import BASEDIR_ENV, app_dirs
from tests.archive_factory import html_bytes

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="the test sends POSIX signals to the first window"
)

READY = "window ready"


def _env(runtime: Path) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(runtime)}
    env.pop(BASEDIR_ENV, None)  # each command says --basedir
    return env


def reader_command(base: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "reader", "--basedir", str(base), *args]


class Windows:
    """The window processes a test started; all stopped at its end.

    They keep their sockets in a runtime dir of the test's own (the windows are killed, so
    their socket files stay): short, as a socket's path must be, unlike `tmp_path`.
    """

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.runtime = Path(tempfile.mkdtemp(prefix="ar-"))
        self.env = _env(self.runtime)
        self.started: list[tuple[subprocess.Popen[bytes], Path]] = []

    def start(self, base: Path, *paths: str, cwd: Path | None = None) -> subprocess.Popen[bytes]:
        """`archive-reader --basedir BASE gui PATHS...`, left running."""
        err = self.tmp_path / f"window-{len(self.started)}.err"
        with err.open("wb") as stderr:
            proc = subprocess.Popen(
                reader_command(base, "gui", *paths),
                env=self.env,
                cwd=cwd or self.tmp_path,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        self.started.append((proc, err))
        return proc

    def wait_ready(self, base: Path, proc: subprocess.Popen[bytes], times: int = 1) -> None:
        """Until the window of `base` says in its log that its event loop runs (for the
        `times`th time: a log holds every start of its base dir)."""
        log_file = base / "log" / "archive-reader.log"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            text = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
            if text.count(READY) >= times:
                return
            if proc.poll() is not None:
                break
            time.sleep(0.1)
        pytest.fail(f"the window did not come up (exit {proc.poll()}):\n{self.stderr(proc)}")

    def stderr(self, proc: subprocess.Popen[bytes]) -> str:
        err = next(e for p, e in self.started if p is proc)
        return err.read_text(encoding="utf-8", errors="replace")

    def stop_all(self) -> None:
        for proc, _err in self.started:
            if proc.poll() is None:
                proc.terminate()
        for proc, _err in self.started:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(15)
        shutil.rmtree(self.runtime, ignore_errors=True)

    def second_start(self, base: Path, *args: str, cwd: Path) -> tuple[int, float]:
        """Run a second start to its end; its exit status and how long it took."""
        began = time.monotonic()
        try:
            done = subprocess.run(
                reader_command(base, "gui", *args), env=self.env, cwd=cwd, timeout=20, check=False
            )
        except subprocess.TimeoutExpired:
            pytest.fail("the second start did not exit: it opened a window of its own")
        return done.returncode, time.monotonic() - began

    def info(self, base: Path) -> dict[str, Any]:
        """What `archive-reader info --json` says of the default archive of `base`."""
        out = subprocess.run(
            reader_command(base, "info", "--json"),
            env=self.env,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
        result: dict[str, Any] = json.loads(out)
        return result

    def wait_for_disc(self, base: Path, label: str, timeout: float = 60) -> dict[str, Any]:
        """The disc `label` once the archive of `base` has it, with its files indexed."""
        deadline = time.monotonic() + timeout
        seen: dict[str, Any] = {}
        while time.monotonic() < deadline:
            if Path(base / "data" / "archives" / "default" / "catalogue.sqlite").exists():
                seen = self.info(base)
                discs = [v for v in seen["volumes"] if v["label"] == label]
                if discs and seen["by_state"]["indexed"] >= discs[0]["files"] > 0:
                    disc: dict[str, Any] = discs[0]
                    return disc
            time.sleep(0.5)
        pytest.fail(f"the window did not index {label}: {seen}")


@pytest.fixture
def windows(tmp_path: Path) -> Iterator[Windows]:
    started = Windows(tmp_path)
    yield started
    started.stop_all()


def make_disc(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "letter.htm").write_bytes(html_bytes("A letter", ["the handed over letter"]))
    return folder


def test_a_second_start_hands_its_folder_to_the_running_window_and_exits(
    tmp_path: Path, windows: Windows
) -> None:
    base = tmp_path / "base"
    work = tmp_path / "work"
    disc = make_disc(work / "LETTERS_1")
    first = windows.start(base)
    windows.wait_ready(base, first)

    # A path relative to the second start's own working directory.
    status, took = windows.second_start(base, "LETTERS_1", cwd=work)

    assert status == 0
    assert took < 5
    assert first.poll() is None  # the first window runs on...
    opened = windows.wait_for_disc(base, "LETTERS_1")  # ...and indexed the folder it was handed
    assert opened["location"] == str(disc)


def test_a_second_start_without_paths_exits_and_leaves_the_archive_as_it_is(
    tmp_path: Path, windows: Windows
) -> None:
    base = tmp_path / "base"
    first = windows.start(base)
    windows.wait_ready(base, first)

    status, took = windows.second_start(base, cwd=tmp_path)

    assert (status, first.poll()) == (0, None)
    assert took < 5
    log_text = (base / "log" / "archive-reader.log").read_text(encoding="utf-8")
    assert log_text.count(READY) == 1  # no second window came up


def test_a_socket_left_by_a_killed_window_does_not_stop_the_next_start(
    tmp_path: Path, windows: Windows, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path / "base"
    killed = windows.start(base)
    windows.wait_ready(base, killed)
    killed.send_signal(signal.SIGKILL)
    killed.wait(15)
    monkeypatch.setenv(BASEDIR_ENV, str(base))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(windows.runtime))
    assert os.path.exists(address(app_dirs()))  # what it left behind

    first = windows.start(base)
    windows.wait_ready(base, first, times=2)  # a window again, not a hand-over to the dead
    disc = make_disc(tmp_path / "NOTES_1")
    status, _took = windows.second_start(base, str(disc), cwd=tmp_path)

    assert status == 0
    assert windows.wait_for_disc(base, "NOTES_1")["location"] == str(disc)


def test_two_base_dirs_are_two_windows(tmp_path: Path, windows: Windows) -> None:
    one, other = tmp_path / "one", tmp_path / "other"
    first_one = windows.start(one)
    first_other = windows.start(other)
    windows.wait_ready(one, first_one)
    windows.wait_ready(other, first_other)  # not handed over to the window of `one`
    disc = make_disc(tmp_path / "OTHER_1")

    status, _took = windows.second_start(other, str(disc), cwd=tmp_path)

    assert status == 0
    assert windows.wait_for_disc(other, "OTHER_1")["location"] == str(disc)
    assert windows.info(one)["volumes"] == []


def test_a_second_start_opens_its_own_window_when_the_running_one_does_not_answer(
    tmp_path: Path, windows: Windows
) -> None:
    base = tmp_path / "base"
    hung = windows.start(base)
    windows.wait_ready(base, hung)
    hung.send_signal(signal.SIGSTOP)  # a window whose event loop is stuck
    try:
        began = time.monotonic()
        second = windows.start(base)
        windows.wait_ready(base, second, times=2)
        took = time.monotonic() - began
    finally:
        hung.send_signal(signal.SIGCONT)

    assert second.poll() is None
    assert 2 <= took < 30  # it waited for an answer first
    log_text = (base / "log" / "archive-reader.log").read_text(encoding="utf-8")
    assert "the running window did not answer: this start opens its own" in log_text
