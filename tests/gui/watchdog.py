"""How long the GUI thread stays away from its event loop, measured while it happens."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QTimer


class GuiWatchdog:
    """The longest stretch the GUI thread spent away from its event loop.

    A 20 ms timer on the GUI thread stamps the time; a thread wakes up often and keeps the
    largest distance between now and the last stamp, so a freeze is measured while it lasts
    (a freeze that never ends is left to faulthandler's dump_traceback_later).
    """

    def __init__(self) -> None:
        self.stamp = time.monotonic()
        self.longest = 0.0
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._tick)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _tick(self) -> None:
        self.stamp = time.monotonic()

    def _watch(self) -> None:
        while not self._stop.wait(0.005):
            self.longest = max(self.longest, time.monotonic() - self.stamp)

    def restart(self) -> None:
        """Measure afresh from now (one watchdog, many files)."""
        self.stamp = time.monotonic()
        self.longest = 0.0

    def __enter__(self) -> GuiWatchdog:
        self.stamp = time.monotonic()
        self._timer.start()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._timer.stop()
