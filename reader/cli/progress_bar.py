"""A terminal progress bar for indexing runs (one redrawn line on a TTY, sparse lines otherwise)."""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO

from reader.indexing.progress import Progress


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def human_seconds(s: float | None) -> str:
    if s is None:
        return "--:--"
    s = round(s)
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m:02d}:{sec:02d}"


class ProgressBar:
    """Renders Progress snapshots; call it as the pipeline's progress callback."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._last_line = 0.0
        self._width = 0

    def __call__(self, p: Progress) -> None:
        line = self.render(p)
        if self.tty:
            cols = shutil.get_terminal_size((100, 20)).columns
            text = line[: cols - 1]
            self.stream.write("\r" + text + " " * max(0, self._width - len(text)))
            self._width = len(text)
            if p.phase == "done":
                self.stream.write("\n")
            self.stream.flush()
        else:
            # Logs and pipes get a line every few seconds, not a flood.
            now = time.monotonic()
            if p.phase == "done" or now - self._last_line >= 5.0:
                self._last_line = now
                self.stream.write(line + "\n")
                self.stream.flush()

    @staticmethod
    def render(p: Progress) -> str:
        if p.phase == "scanning":
            return f"Scanning {p.volume}: {p.scanned:,} files found  {p.current}"
        total = max(p.files_total, 1)
        frac = p.files_done / total if p.files_total else 1.0
        filled = int(frac * 24)
        bar = "#" * filled + "-" * (24 - filled)
        parts = [
            f"[{bar}] {frac * 100:5.1f}%",
            f"{p.files_done:,}/{p.files_total:,} files",
            f"{human_bytes(p.bytes_per_second)}/s",
            f"{p.files_per_second:,.0f} files/s",
            f"ETA {human_seconds(p.eta_seconds if p.phase == 'extracting' else 0)}",
        ]
        if p.failed:
            parts.append(f"{p.failed} failed")
        if p.phase == "extracting" and p.current:
            parts.append(p.current)
        elif p.phase == "finishing":
            parts.append("finishing the index...")
        return "  ".join(parts)
