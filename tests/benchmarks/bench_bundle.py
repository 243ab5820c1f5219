"""The desktop bundle: its size on disk and the frozen window's start-up time."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "archive-reader"
SIZE_TARGET_MB = 250
START_TARGET_S = 1.5


@dataclass
class BundleFigures:
    megabytes: float
    files: int
    shown_seconds: list[float]  # launch -> "window shown" printed, per run
    exit_seconds: list[float]  # launch -> process gone, per run

    def lines(self) -> list[str]:
        shown = statistics.median(self.shown_seconds)
        runs = ", ".join(f"{s:.2f}" for s in self.shown_seconds)
        return [
            f"bundle size               {self.megabytes:.0f} MB in {self.files:,} files "
            f"(target < {SIZE_TARGET_MB} MB)",
            f"frozen window shown       {shown:.2f} s median of {runs} "
            f"(target < {START_TARGET_S} s)",
            f"frozen start to exit      {statistics.median(self.exit_seconds):.2f} s median",
        ]


def _size(folder: Path) -> tuple[float, int]:
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            files += 1
    return total / 1e6, files


def _start_once(home: Path) -> tuple[float, float]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ARCHIVE_READER_QUIT_AFTER_MS": "0",
        "ARCHIVE_READER_BASEDIR": str(home),
    }
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(BUNDLE / "archive-reader-gui")],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    shown = None
    for line in proc.stdout:
        if line.startswith("window shown:") and shown is None:
            shown = time.perf_counter() - started
    if proc.wait(timeout=60) != 0 or shown is None:
        raise RuntimeError(f"the frozen window did not start and quit cleanly ({proc.returncode})")
    return shown, time.perf_counter() - started


def bench_bundle(work: Path, runs: int = 3) -> BundleFigures:
    """Build the bundle when dist/ has none (make bundle), then measure it."""
    if not (BUNDLE / "archive-reader-gui").exists():
        started = time.perf_counter()
        subprocess.run(["make", "--no-print-directory", "bundle"], cwd=ROOT, check=True)
        print(f"built the bundle in {time.perf_counter() - started:.0f} s", flush=True)
    megabytes, files = _size(BUNDLE)
    home = (work / "bundle-home").resolve()
    _start_once(home)  # warm-up: the first run creates the settings and fills the page cache
    timings = [_start_once(home) for _ in range(runs)]
    return BundleFigures(
        megabytes=megabytes,
        files=files,
        shown_seconds=[shown for shown, _ in timings],
        exit_seconds=[done for _, done in timings],
    )


if __name__ == "__main__":
    for line in bench_bundle(Path(".bench")).lines():
        print(line)
