"""A terminal progress bar for indexing runs (one redrawn line on a TTY, sparse lines otherwise)."""

from __future__ import annotations

import shutil
import sys
import time
from typing import TYPE_CHECKING, TextIO

from reader.units import human_bytes, human_seconds

# RedrawnLine is all that `archive-reader ocr`'s parser module needs at each start; the
# indexing run's Progress (~5 ms of enums and dataclasses) is imported where a bar draws one.
if TYPE_CHECKING:
    from reader.indexing.progress import Progress


class RedrawnLine:
    """One line redrawn in place on a terminal; a line every few seconds to a log or a pipe
    (and the last one), not a flood."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._last_line = 0.0
        self._width = 0

    def show(self, line: str, *, last: bool = False) -> None:
        if self.tty:
            cols = shutil.get_terminal_size((100, 20)).columns
            text = line[: cols - 1]
            self.stream.write("\r" + text + " " * max(0, self._width - len(text)))
            self._width = len(text)
            if last:
                self.stream.write("\n")
                self._width = 0
            self.stream.flush()
        else:
            now = time.monotonic()
            if last or now - self._last_line >= 5.0:
                self._last_line = now
                self.stream.write(line + "\n")
                self.stream.flush()

    def end(self) -> None:
        """End the redrawn line of a run that stopped before its last (a message follows)."""
        if self.tty and self._width:
            self.stream.write("\n")
            self.stream.flush()
        self._width = 0


class ProgressBar(RedrawnLine):
    """Renders Progress snapshots; call it as the pipeline's progress callback."""

    def __call__(self, p: Progress) -> None:
        from reader.indexing.progress import Phase

        self.show(self.render(p), last=p.phase is Phase.DONE)

    @staticmethod
    def render(p: Progress) -> str:
        from reader.indexing.progress import Phase

        if p.phase is Phase.SCANNING:
            return f"Scanning {p.volume}: {p.scanned:,} files found  {p.current}"
        if p.phase is Phase.COPYING:
            frac = p.bytes_done / p.bytes_total if p.bytes_total else 0.0
            filled = int(frac * 24)
            return (
                f"[{'#' * filled}{'-' * (24 - filled)}] {frac * 100:5.1f}%  "
                f"copying the ready-made index of {p.volume}: {human_bytes(p.bytes_done)} of "
                f"{human_bytes(p.bytes_total)}  {human_bytes(p.bytes_per_second)}/s  "
                f"ETA {human_seconds(p.eta_seconds)}"
            )
        total = max(p.files_total, 1)
        frac = p.files_done / total if p.files_total else 1.0
        filled = int(frac * 24)
        bar = "#" * filled + "-" * (24 - filled)
        parts = [
            f"[{bar}] {frac * 100:5.1f}%",
            f"{p.files_done:,}/{p.files_total:,} files",
            f"{human_bytes(p.bytes_per_second)}/s",
            f"{p.files_per_second:,.0f} files/s",
            f"ETA {human_seconds(p.eta_seconds if p.phase is Phase.EXTRACTING else 0)}",
        ]
        if p.failed:
            parts.append(f"{p.failed} failed")
        if p.phase is Phase.EXTRACTING and p.current:
            parts.append(p.current)
        elif p.phase is Phase.FINISHING:
            parts.append("finishing the index...")
        return "  ".join(parts)
